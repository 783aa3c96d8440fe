"""Render time and size of every scene at low and medium quality, and our GIF
against Manim's own ``--format gif`` for the same scene, in one run.

Quality of a GIF is its PSNR against the lossless frames it was made from
(Manim's at its preset rate, ours at the scene's GIF rate), sampled at each GIF
frame's start time and resized to the GIF's size.
Targets: our GIF at least 5× smaller and at least 20 dB better.

    .venv/bin/python bench/scenes.py [--scene NAME] [--qualities low medium]
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
import time
from pathlib import Path

import imageio.v3 as iio
import numpy as np
from PIL import Image

from gdmedia.scene_kit.kit import render as render_scene_module
from gdmedia.workflow.jobs.traces import measured
from gdmedia.workflow.jobs.runner import import_script  # noqa: E402
from gdmedia.workflow.settings.config import load_config, simulation_spec
from gdmedia.base.options import SceneOptions
from gdsim.simulate import simulate

ROOT = Path(__file__).resolve().parents[1]
SIZE_TARGET, PSNR_TARGET = 5.0, 20.0


def traces_for(config: dict, medium: dict):
    trace = simulate(simulation_spec(config["simulations"][medium["simulation"]]))
    if medium.get("compare_with"):
        trace = (trace, simulate(simulation_spec(config["simulations"][medium["compare_with"]])))
    return trace


def manim_gif(scene_class, trace, options: SceneOptions, media: Path, fps: int | None = None):
    """Manim's own GIF of the scene, and the lossless frames it was made from (at ``fps``, or the preset's)."""
    from manim import config, tempconfig

    frames = []
    settings = {"media_dir": str(media), "disable_caching": True, "write_to_movie": True, "format": "gif",
                "preview": False, "progress_bar": "none", "verbosity": "WARNING"}
    with tempconfig(settings):
        config.quality = {"low": "low_quality", "medium": "medium_quality", "high": "high_quality"}[options.quality]
        if fps is not None:
            config.frame_rate = fps
        scene = scene_class(trace=trace, options=options, found=measured(trace))
        writer = scene.renderer.file_writer
        original = writer.write_frame

        def keep(pixels, *, repeat=1):
            frames.extend([np.array(pixels[..., :3])] * repeat)
            original(pixels, repeat=repeat)

        writer.write_frame = keep
        scene.render()
        rate = float(config.frame_rate)
    gif = next(p for p in media.rglob("*.gif") if "partial" not in str(p))
    return gif, frames, rate


def psnr(gif: Path, reference: list[np.ndarray], rate: float) -> float:
    """Mean-squared error over every GIF frame against the lossless frame shown at that time."""
    with Image.open(gif) as image:
        delays = []
        for i in range(image.n_frames):
            image.seek(i)
            delays.append(image.info.get("duration", 0))
    frames = iio.imread(gif, index=None, mode="RGB")
    starts = np.concatenate([[0], np.cumsum(delays)[:-1]]) / 1000
    errors = []
    for frame, start in zip(frames, starts):
        # ffmpeg's fps filter shows the source frame nearest each output time, ties rounding up.
        source = reference[min(int(np.floor(start * rate + 0.5)), len(reference) - 1)]
        if source.shape != frame.shape:
            source = np.asarray(Image.fromarray(source).resize(frame.shape[1::-1], Image.LANCZOS))
        errors.append(np.mean((frame.astype(float) - source.astype(float)) ** 2))
    return float(10 * np.log10(255**2 / max(np.mean(errors), 1e-12)))


def measure(config: dict, names: list[str], qualities: list[str]) -> tuple[list, list]:
    """(timing: name, quality, s, MP4 bytes, GIF bytes; versus: name, ours bytes, Manim's bytes, ours dB, Manim's dB).

    The comparison with Manim's --format gif is at low quality, rendered here if ``qualities`` lacks it.
    """
    timing, versus = [], []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for name in names:
            medium = config["media"][name]
            module = import_script(ROOT / "scenes" / f"{medium['scene']}.py")
            trace = traces_for(config, medium)
            for quality in dict.fromkeys([*qualities, "low"]):
                options = SceneOptions.from_mapping({**medium, "quality": quality})
                out = tmp / f"{name}-{quality}.mp4"
                start = time.perf_counter()
                render_scene_module(module, trace, out, options=options, found=measured(trace))
                seconds = time.perf_counter() - start
                if quality in qualities:
                    timing.append((name, quality, seconds, out.stat().st_size, out.with_suffix(".gif").stat().st_size))
            options = SceneOptions.from_mapping({**medium, "quality": "low"})
            ours = tmp / f"{name}-low.gif"
            scene_class = module.__dict__[_class_name(module)]
            # Manim's GIF as `manim --format gif` makes it (the preset's rate), judged against its own frames;
            # ours against the lossless frames it was made from: scenes render at their GIF's rate
            # (scene_render), so those are Manim's frames at that rate.  Each GIF against its own source.
            theirs, reference, rate = manim_gif(scene_class, trace, options, tmp / f"manim-{name}")
            _, own_reference, own_rate = manim_gif(scene_class, trace, options, tmp / f"frames-{name}", options.fps)
            versus.append((name, ours.stat().st_size, theirs.stat().st_size,
                           psnr(ours, own_reference, own_rate), psnr(theirs, reference, rate)))
    return timing, versus


def meets(ours: int, theirs: int, ours_db: float, theirs_db: float) -> bool:
    return theirs / ours >= SIZE_TARGET and ours_db - theirs_db >= PSNR_TARGET


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scene", action="append", help="medium name (repeatable); default: every scene")
    parser.add_argument("--qualities", nargs="+", default=["low", "medium"])
    args = parser.parse_args()
    config = load_config()
    names = args.scene or [n for n, m in config["media"].items() if "scene" in m]
    timing, versus = measure(config, names, args.qualities)

    print(f"# Scene benchmark — {platform.node()}, {platform.machine()}, Python {platform.python_version()}")
    print(f"{'scene':<22}{'quality':>8}{'render s':>10}{'MP4 KiB':>9}{'GIF KiB':>9}")
    for name, quality, seconds, mp4, gif in timing:
        print(f"{name:<22}{quality:>8}{seconds:>10.1f}{mp4 / 1024:>9.0f}{gif / 1024:>9.0f}")
    print()
    print(f"{'scene (low)':<22}{'ours KiB':>9}{'manim KiB':>10}{'smaller×':>9}{'ours dB':>9}{'manim dB':>9}{'gain dB':>8}  targets")
    ok = True
    for name, ours, theirs, ours_db, theirs_db in versus:
        smaller, gain = theirs / ours, ours_db - theirs_db
        met = meets(ours, theirs, ours_db, theirs_db)
        ok &= met
        print(f"{name:<22}{ours / 1024:>9.0f}{theirs / 1024:>10.0f}{smaller:>9.1f}{ours_db:>9.1f}{theirs_db:>9.1f}"
              f"{gain:>8.1f}  {'met' if met else 'MISSED'}")
    print(f"targets: ≥ {SIZE_TARGET:g}× smaller and ≥ {PSNR_TARGET:g} dB better than Manim's --format gif")
    return 0 if ok else 1


def _class_name(module) -> str:
    from manim import Scene

    return next(name for name, value in vars(module).items()
                if isinstance(value, type) and issubclass(value, Scene) and value.__module__ == module.__name__)


if __name__ == "__main__":
    sys.exit(main())
