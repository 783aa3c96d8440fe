"""Rendering a scene small and fast for a test, and reading its three files back."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

from gdmedia.scene_kit.kit import render as render_scene_module
from gdmedia.workflow.jobs.traces import measured
from conftest import load_script
from gdmedia.workflow.settings.config import simulation_spec
from gdmedia.web.video import timed_frames
from gdmedia.base.options import SceneOptions
from gdsim.simulate import simulate
from gifcheck import read_gif


def short_options(config: dict, medium: str, **changes) -> SceneOptions:
    """The medium's options at low quality with a short main animation."""
    block = {**config["media"][medium], "quality": "low", "seconds": 2.0, "hold_s": 0.5, **changes}
    return SceneOptions.from_mapping(block)


def short_trace(config: dict, name: str, max_steps: int = 60):
    spec = simulation_spec(config["simulations"][name])
    return simulate(dataclasses.replace(spec, stop=dataclasses.replace(spec.stop, max_steps=max_steps)))


def render_small(script: str, trace, tmp: Path, options: SceneOptions):
    module = load_script(f"scenes/{script}.py")
    out = tmp / f"{script}.mp4"
    scene = render_scene_module(module, trace, out, options=options, found=measured(trace))
    return out, scene


def check_outputs(mp4: Path, scene, options: SceneOptions) -> None:
    """The MP4 decodes fully as h264/yuv420p for the scene's length; GIF and poster are right."""
    with av.open(str(mp4)) as container:
        stream = container.streams.video[0]
        assert stream.codec_context.name == "h264"
        assert stream.codec_context.pix_fmt == "yuv420p"
        track_s = float(stream.duration * stream.time_base)  # what a browser plays
    frames, rate = timed_frames(mp4, lambda frame: None)  # a held picture is stored once, timed for its hold
    duration = len(frames) / rate
    assert track_s == pytest.approx(duration, abs=0.5 / rate), "the track ends where the clip's last frame does"
    expected = scene.renderer.time
    assert abs(duration - expected) <= 0.1 * expected
    assert expected >= options.seconds + options.hold_s
    gif_frames, delays, loop = read_gif(mp4.with_suffix(".gif"))
    assert loop == 0
    assert gif_frames.shape[2] == options.width_px
    assert abs(sum(delays) / 1000 - expected) <= 0.1 * expected
    assert not np.array_equal(gif_frames[0], gif_frames[-1])
    with Image.open(mp4.with_suffix(".png")) as poster:
        assert poster.format == "PNG"
        assert poster.size == (stream.codec_context.width, stream.codec_context.height)


SCENE_MEDIA = ["regression_fit", "multi_modal_descent", "blindfolded_valley", "gradient_derivation"]
_FULL: dict[str, tuple] = {}


def full_trace(config: dict, medium: str):
    """The medium's own trace(s), as the pipeline simulates them."""
    block = config["media"][medium]
    trace = simulate(simulation_spec(config["simulations"][block["simulation"]]))
    if block.get("compare_with"):
        trace = (trace, simulate(simulation_spec(config["simulations"][block["compare_with"]])))
    return trace


def render_full(config: dict, medium: str, root: Path):
    """(mp4 path, scene, options): the medium as configured (its timings, holds, fps, width), at low quality.

    Rendered once per test session and shared by every test that reads a whole scene.
    """
    if medium not in _FULL:
        options = SceneOptions.from_mapping({**config["media"][medium], "quality": "low"})
        out = root / medium
        out.mkdir(parents=True, exist_ok=True)
        mp4, scene = render_small(config["media"][medium]["scene"], full_trace(config, medium), out, options)
        _FULL[medium] = (mp4, scene, options)
    return _FULL[medium]


def static_runs(changed: list[bool]) -> list[int]:
    """Lengths, in frames, of the runs of frames identical to the one before (a run starts at a change)."""
    starts = [i for i, c in enumerate(changed) if c] + [len(changed)]
    return [b - a for a, b in zip(starts[:-1], starts[1:])]


def decode_mp4(mp4: Path) -> tuple[np.ndarray, float]:
    """Every frame of the MP4 (small grey copies: enough to see change) and its frame rate."""
    frames, rate = timed_frames(mp4, lambda frame: frame.to_ndarray(format="gray")[::4, ::4])
    return np.array(frames), float(rate)
