"""One scene as several jobs (gdmedia.scene_kit.segments): plan, segments, join give a one-process render's files."""

from __future__ import annotations

import numpy as np
import pytest

from gdmedia.scene_kit.kit import render as render_scene_module
from gdmedia.workflow.jobs.traces import measured
from conftest import load_script
from gdmedia.scene_kit import segments
from gdmedia.web.video import video_frames
from scenecheck import short_options, short_trace


def test_cut_balances_drawn_frames_with_the_replayed_prefix():
    drawn = [10] * 20
    bounds = segments.cut(drawn, 2, replay=0.0)
    assert bounds == [0, 10, 20]
    # A later range replays what comes before it without drawing, so it gets fewer animations.
    later = segments.cut(drawn, 2, replay=0.5)
    assert later[0] == 0 and later[-1] == 20 and later[1] > 10
    costs = [sum(drawn[a:b]) + 0.5 * sum(drawn[:a]) for a, b in zip(later, later[1:])]
    assert max(costs) <= 0.5 * 0.5 * 200 + 100 + 10  # within one animation of the best split


def test_cut_allows_more_segments_than_animations():
    assert segments.cut([5, 5], 4, replay=0.3)[-1] == 2
    bounds = segments.cut([5, 5], 4, replay=0.3)
    assert len(bounds) == 5 and bounds == sorted(bounds)


def decoded(mp4) -> np.ndarray:
    """Every frame, a held picture repeated for its hold (it is stored once)."""
    return video_frames(mp4)


def run_segmented(module, trace, options, tmp_path, n: int):
    """The n segment jobs (one after another, in this process) and the join, as the rules run them."""
    parts = []
    for index in range(n):
        chunks, meta = tmp_path / f"{index}", tmp_path / f"{index}.npz"
        job = lambda cls, tr, opts, i=index, f=chunks, m=meta: segments.segment(cls, tr, opts, i, n, f, m)  # noqa: E731
        with segments.as_part(job):
            render_scene_module(module, trace, chunks, options=options, found=measured(trace))
        parts.append((chunks, meta))
    out = tmp_path / "joined" / "scene.mp4"
    out.parent.mkdir()
    stream = segments.join(parts, out, options)
    bounds = [np.load(meta)["bounds"][0] for _, meta in parts] + [np.load(parts[-1][1])["bounds"][1]]
    return out, bounds, stream


def encoders_run(calls) -> list[list[str]]:
    """The commands among ``calls`` that encode pictures (h264, a GIF palette), not copy them."""
    encoding = ("libx264", "paletteuse", "palettegen", "rawvideo")
    return [command for command in calls if any(word in arg for arg in command for word in encoding)]


@pytest.mark.slow
@pytest.mark.parametrize("medium,n", [("blindfolded_valley", 3), ("multi_modal_descent", 2)])
def test_segments_join_into_the_one_process_render(config, tmp_path, monkeypatch, medium, n):
    """The frames (and the bytes) of MP4, GIF, poster and storyboard equal a one-process render's;
    the join encodes nothing (it copies the chunks' packets and merges their GIF frames)."""
    import subprocess

    from gifcheck import read_gif

    from gdmedia.base import chunks

    monkeypatch.setattr(chunks, "CHUNK_S", 1.0)  # a short clip in enough chunks for n segments
    block = config["media"][medium]
    module = load_script(f"scenes/{block['scene']}.py")
    options = short_options(config, medium, seconds=1.5, hold_s=0.5)
    trace = short_trace(config, block["simulation"], max_steps=30)
    if block.get("compare_with"):
        trace = (trace, short_trace(config, block["compare_with"], max_steps=30))
    whole = tmp_path / "whole" / "scene.mp4"
    whole.parent.mkdir()
    scene = render_scene_module(module, trace, whole, options=options, found=measured(trace))
    calls = []
    real_popen, real_join = subprocess.Popen, segments.join

    def recording_join(*args, **kwargs):
        """The join, every child process it starts recorded (subprocess.run starts them through Popen)."""
        def popen(command, *a, **k):
            calls.append([str(arg) for arg in command])
            return real_popen(command, *a, **k)

        with monkeypatch.context() as patch:
            patch.setattr(subprocess, "Popen", popen)
            return real_join(*args, **kwargs)

    monkeypatch.setattr(segments, "join", recording_join)
    joined, bounds, stream = run_segmented(module, trace, options, tmp_path, n)
    assert len(set(bounds)) == n + 1, f"every segment draws something: {bounds}"
    assert any("-c" in command and "copy" in command for command in calls) and not encoders_run(calls), calls
    one, many = decoded(whole), decoded(joined)
    assert one.shape == many.shape and len(one) > 20
    assert np.array_equal(one, many)
    gif_one, delays_one, _ = read_gif(whole.with_suffix(".gif"))
    gif_many, delays_many, _ = read_gif(joined.with_suffix(".gif"))
    assert np.array_equal(gif_one, gif_many) and delays_one == delays_many
    assert sum(delays_one) == pytest.approx(1000 * len(one) / options.fps, abs=10)  # every frame, as long
    assert stream.changed == scene.frame_changes
    for suffix in (".mp4", ".gif", ".png"):
        assert whole.with_suffix(suffix).read_bytes() == joined.with_suffix(suffix).read_bytes(), suffix
    story = "scene.storyboard.png"
    assert (whole.parent / story).read_bytes() == (joined.parent / story).read_bytes()
