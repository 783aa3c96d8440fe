import shutil

import numpy as np
import pytest

from gdmedia import scene_render
from gdmedia.options import SceneOptions
from gdmedia.scene_render import FrameStream, require_tools
from gifcheck import read_gif


def test_missing_latex_says_what_to_install(monkeypatch):
    real = shutil.which
    monkeypatch.setattr(scene_render.shutil, "which", lambda tool: None if tool == "latex" else real(tool))
    with pytest.raises(RuntimeError, match="latex not found.*apt-get install texlive"):
        require_tools()


def test_frame_stream_writes_mp4_and_resampled_gif(tmp_path):
    import av

    out = tmp_path / "clip.gif"
    stream = FrameStream(tmp_path / "clip.mp4", out, (320, 180), source_fps=30, width_px=160, fps=10)
    for i in range(30):
        frame = np.full((180, 320, 4), 255, np.uint8)
        frame[40:80, 10 * i : 10 * i + 20, :3] = (0, 114, 178)
        stream.write(frame, repeat=1)
    stream.finish()
    frames, delays, loop = read_gif(out)
    assert frames.shape[1:3] == (90, 160) and loop == 0
    assert sum(delays) == pytest.approx(1000, abs=100)
    assert not list(tmp_path.glob("*.part"))
    with av.open(str(tmp_path / "clip.mp4")) as video:
        stream = video.streams.video[0]
        assert (stream.codec_context.name, stream.codec_context.pix_fmt) == ("h264", "yuv420p")
        assert sum(1 for _ in video.decode(stream)) == 30


def test_options_take_only_scene_fields(config):
    options = SceneOptions.from_mapping(config["media"]["regression_fit"])
    assert options.quality in scene_render.QUALITY and options.width_px == 750


def test_nice_step_is_round_and_gives_about_the_asked_ticks():
    from gdmedia.scene_kit import nice_step

    assert nice_step(10) == 2 and nice_step(331) == 100 and nice_step(4.0) == 1 and nice_step(12.5, 4) == 5
