"""Rendering a scene small and fast for a test, and reading its three files back."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import av
import numpy as np
from PIL import Image

from conftest import load_script
from gdmedia.config import simulation_spec
from gdmedia.options import SceneOptions
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
    scene = module.render(trace, out, options=options)
    return out, scene


def check_outputs(mp4: Path, scene, options: SceneOptions) -> None:
    """The MP4 decodes fully as h264/yuv420p for the scene's length; GIF and poster are right."""
    with av.open(str(mp4)) as container:
        stream = container.streams.video[0]
        assert stream.codec_context.name == "h264"
        assert stream.codec_context.pix_fmt == "yuv420p"
        frames = sum(1 for _ in container.decode(stream))
        rate = float(stream.average_rate)
    duration = frames / rate
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
