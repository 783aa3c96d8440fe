"""What each job asks a scheduler for, estimated from its config, and the check that a machine can hold it.

Calibrated with ``/usr/bin/time -v`` peaks (bench/resources.py re-measures them;
bench/RESULTS.md has the scene peaks of a full build):

- simulate: a recorded row keeps θ, L and ∇L of every start (5 floats), stacked
  once at the end (×2), plus about 800 B of Python objects per row.  Measured:
  200,001 rows × 1 start 210 MB; 50,001 × 200 starts 876 MB; 20,001 × 1,000
  starts 1,638 MB; a small run 50 MB.  Time: about 0.25 ms per step plus
  2.5 µs per start per step plus 10 ns per sample per step (2 shared cores).
- animated figure: every frame is kept as a palette image (1 B/pixel) until the
  GIF is written, with the canvas and its blit backgrounds on top.  Measured:
  120 frames × 750×420 px 171 MB, ×4 frames 343 MB, ×4 pixels 385 MB; about
  20 ms per frame plus 130 ns per pixel per frame.
- scene: Manim streams frames to ffmpeg, but paletteuse holds every GIF frame
  (rgb24) until palettegen has seen the clip.  Measured at medium quality:
  500–730 MiB for 8–16 s clips; about 90 ns per pixel per frame after a
  minute of LaTeX and start-up.

Estimates are peaks with a margin (``MARGIN``); a retry asks for ``attempt``
times as much.  The ``machine`` block of the config says the most one job may
have; a run with a job above it is refused before any job starts.
"""

from __future__ import annotations

import math
from typing import NamedTuple

MARGIN = 1.5
# Floors: what the smallest job of each kind needs (interpreter, numpy, matplotlib or Manim, LaTeX).
FLOOR_MB = {"simulate": 300, "figure": 500, "still": 500, "scene": 1500}
FLOOR_MIN = {"simulate": 5, "figure": 10, "still": 10, "scene": 30}

# Manim's quality presets: pixels per frame and frames per second.
QUALITY_PIXELS = {"low": (854 * 480, 15), "medium": (1280 * 720, 30), "high": (1920 * 1080, 60)}


class Estimate(NamedTuple):
    """A job's first-attempt request, and the sizes it follows from, in words."""

    mem_mb: int
    runtime_min: int
    basis: str


def _request(kind: str, mem_bytes: float, seconds: float, basis: str) -> Estimate:
    mem = max(FLOOR_MB[kind], math.ceil(MARGIN * mem_bytes / 1e6))
    runtime = max(FLOOR_MIN[kind], math.ceil(3 * seconds / 60))  # 3×: a shared or slower node
    return Estimate(mem, runtime, basis)


def simulation(sim: dict) -> Estimate:
    """One completed simulation member: rows × starts for memory, steps × starts for time."""
    stop, start = sim["stop"], sim["start"]
    starts = len(start["points"]) if start["points"] is not None else start["count"]
    if "regression" in sim or "curve" in sim:
        starts = 1
    samples = sim["regression"]["data"]["n"] if "regression" in sim else 0
    rows = stop["max_steps"] // stop["record_every"] + 2
    mem = 50e6 + rows * (800 + 2 * 5 * 8 * starts) + 80 * samples
    seconds = stop["max_steps"] * (2.5e-4 + 2.5e-6 * starts + 1e-8 * samples)
    return _request("simulate", mem, seconds,
                    f"{rows:,} recorded rows × {starts:,} starts, {stop['max_steps']:,} steps")


def figure(medium: dict, still: bool = False) -> Estimate:
    """An animated figure (frames × pixels) or a still (one frame)."""
    pixels = medium["width_px"] * medium["height_px"]
    frames = 1 if still else medium["frames"]
    mem = 110e6 + 2 * frames * pixels + 40 * pixels
    seconds = frames * (0.02 + 130e-9 * pixels)
    basis = f"{medium['width_px']}×{medium['height_px']} px" + ("" if still else f" × {frames:,} frames")
    return _request("still" if still else "figure", mem, seconds, basis)


def scene(medium: dict) -> Estimate:
    """A Manim scene: frames × pixels at its quality, plus the GIF frames ffmpeg holds."""
    pixels, rate = QUALITY_PIXELS[medium["quality"]]
    # Scenes run up to about 1.5× their main animation (a second pass, title cards) plus the hold.
    clip_s = 1.5 * medium["seconds"] + medium["hold_s"]
    frames = math.ceil(clip_s * rate)
    gif_pixels = medium["width_px"] * round(medium["width_px"] * 9 / 16)
    gif_frames = math.ceil(clip_s * medium["fps"])
    mem = 450e6 + frames * pixels + 3 * gif_frames * gif_pixels
    seconds = 60 + 90e-9 * frames * pixels
    return _request("scene", mem, seconds,
                    f"{frames:,} frames × {pixels:,} px at {medium['quality']} quality, "
                    f"{gif_frames:,} GIF frames {medium['width_px']} px wide")


def refusal(where: str, estimate: Estimate, limits: dict) -> str | None:
    """Why a machine with ``limits`` cannot run the job, naming the estimate; None if it can."""
    if estimate.mem_mb > limits["mem_mb"]:
        source = limits.get("mem_from", "machine.mem_mb")
        return (f"{where}: needs about {estimate.mem_mb:,} MB ({estimate.basis}), more than {source} = "
                f"{limits['mem_mb']:,} MB that one job may have; make it smaller, or raise {source} "
                "where your profile's machines are bigger")
    if estimate.runtime_min > limits["runtime_min"]:
        return (f"{where}: needs about {estimate.runtime_min:,} minutes ({estimate.basis}), more than "
                f"machine.runtime_min = {limits['runtime_min']:,} that one job may run; make it smaller, or raise "
                "machine.runtime_min")
    return None
