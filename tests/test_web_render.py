"""Renditions rendered through the workflow, small: a figure's MP4 and WebM show exactly the frames of
its GIF for as long; @2x is drawn at twice the pixels; .dark on the dark background; a scene's dark
render and WebM; a figure variant's poster is its GIF's last frame; asking for one variant leaves the
others' files alone."""

import numpy as np
import pytest
import yaml
from PIL import Image

from conftest import copy_project, snakemake
from gdmedia.base import style
from gdmedia.web.video import gif_frames, repeats, video_frames

pytestmark = pytest.mark.slow

TARGETS = ["output/lr_gd.gif", "output/lr_gd.mp4", "output/lr_gd.webm", "output/lr_gd@2x.gif",
           "output/lr_gd.dark.gif", "output/lr_gd.dark.mp4", "output/final_fit.dark@2x.png",
           "output/final_fit@2x.svg", "output/regression_fit.dark.webm"]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("web-render"))
    config = yaml.safe_load((project / "config.yaml").read_text())
    config["media"]["lr_gd"].update(frames=12, fps=20, hold_s=3.0)
    config["media"]["regression_fit"].update(quality="low", seconds=1.0, hold_s=0.5, frames=4)
    (project / "config.yaml").write_text(yaml.safe_dump(config, allow_unicode=True))
    snakemake(project, "--cores", "1", *TARGETS)
    return project


def _rgb(hex_colour):
    return np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)])


# GIF frames come back from Pillow's palette mapping within a few levels of the style's colours
# (the light background decodes as #FCFCFC), so colours are compared within 4 levels.
def _commonest(pixels):
    """The colour most pixels have: the background."""
    colours, counts = np.unique(pixels.reshape(-1, 3), axis=0, return_counts=True)
    return colours[counts.argmax()].astype(int)


def _mse(a, b):
    return ((a.astype(float) - b.astype(float)) ** 2).mean()


@pytest.mark.parametrize("video", ["lr_gd.mp4", "lr_gd.webm", "lr_gd.dark.mp4"])
def test_a_figures_video_shows_the_frames_of_its_gif_for_their_delays(project, video):
    gif = project / "output" / (video.rsplit(".", 1)[0] + ".gif")
    frames, delays = gif_frames(gif)
    counts = repeats(delays, 20)
    expected = [i for i, count in enumerate(counts) for _ in range(count)]
    decoded = video_frames(project / "output" / video)
    assert len(decoded) == len(expected)  # the holds too: 1.5 s first, hold_s last
    assert len(decoded) / 20 == pytest.approx(sum(delays) / 1000, abs=0.05)
    for shown, index in zip(decoded, expected):
        errors = [_mse(shown, frame) for frame in frames]
        assert errors[index] <= min(errors)  # no GIF frame is closer than the one it should be
        assert 10 * np.log10(255 ** 2 / errors[index]) > 32  # and it is that frame, up to the codec's loss


def test_the_mp4_is_h264_yuv420p_with_the_index_up_front(project):
    import subprocess

    path = project / "output" / "lr_gd.mp4"
    probe = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                            "stream=codec_name,pix_fmt", "-of", "csv=p=0", str(path)],
                           capture_output=True, text=True, check=True).stdout.strip()
    assert probe == "h264,yuv420p"
    head = path.read_bytes()[:4096]
    assert head.find(b"moov") < head.find(b"mdat") or b"mdat" not in head  # +faststart: moov before mdat
    webm = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name",
                           "-of", "csv=p=0", str(project / "output" / "lr_gd.webm")],
                          capture_output=True, text=True, check=True).stdout.strip()
    assert webm == "vp9"


def test_at_2x_is_drawn_at_twice_the_pixels_not_scaled(project):
    small, _ = gif_frames(project / "output" / "lr_gd.gif")
    large, _ = gif_frames(project / "output" / "lr_gd@2x.gif")
    assert large[0].shape[:2] == (2 * small[0].shape[0], 2 * small[0].shape[1])
    assert len(large) == len(small)
    # Drawn natively: the 2× picture has detail a pixel-doubled 1× one has not.
    doubled = small[-1].repeat(2, axis=0).repeat(2, axis=1)
    assert _mse(large[-1], doubled) > 20
    with Image.open(project / "output" / "final_fit.dark@2x.png") as still:
        assert still.size == (1500, 900)
    assert b"<svg" in (project / "output" / "final_fit@2x.svg").read_bytes()[:500]


def test_dark_is_drawn_on_the_dark_background(project):
    frames, _ = gif_frames(project / "output" / "lr_gd.dark.gif")
    assert np.abs(_commonest(frames[-1]) - _rgb(style.DARK_BACKGROUND)).max() <= 4
    light, _ = gif_frames(project / "output" / "lr_gd.gif")
    assert np.abs(_commonest(light[-1]) - _rgb(style.ROLE["background"])).max() <= 4
    # Mostly dark, as a page in the dark scheme.
    assert frames[-1].mean() < 80 < light[-1].mean()
    with Image.open(project / "output" / "final_fit.dark@2x.png") as still:
        assert np.asarray(still.convert("RGB")).mean() < 80


def test_a_scene_renders_dark_and_its_webm_from_that_render(project):
    with Image.open(project / "output" / "regression_fit.dark.png") as poster:
        pixels = np.asarray(poster.convert("RGB"))
    assert np.abs(_commonest(pixels) - _rgb(style.DARK_BACKGROUND)).max() <= 4
    webm = video_frames(project / "output" / "regression_fit.dark.webm")
    mp4 = video_frames(project / "output" / "regression_fit.dark.mp4")
    assert len(webm) == len(mp4) and webm.shape[1:] == mp4.shape[1:]
    assert not (project / "output" / "regression_fit.mp4").exists()  # the light scene was never asked for


def test_asking_for_one_variant_rebuilds_no_other(project):
    made = {p.name: p.stat().st_mtime_ns for p in (project / "output").glob("lr_gd*")}
    result = snakemake(project, "--cores", "1", "output/lr_gd.dark@2x.png")
    after = {p.name: p.stat().st_mtime_ns for p in (project / "output").glob("lr_gd*")}
    assert {name: after[name] for name in made} == made, result.stdout
    # The variant's one job writes its GIF with its poster; no other variant's file is touched.
    assert set(after) - set(made) == {"lr_gd.dark@2x.png", "lr_gd.dark@2x.gif"}


def test_a_variants_poster_is_the_last_frame_of_its_gif(project):
    frames, _ = gif_frames(project / "output" / "lr_gd.dark.gif")
    with Image.open(project / "output" / "lr_gd.dark.png") as poster:
        pixels = np.asarray(poster.convert("RGB"))
    assert pixels.shape == frames[-1].shape
    errors = [_mse(pixels, frame) for frame in frames]
    assert errors[-1] == min(errors) and 10 * np.log10(255 ** 2 / max(errors[-1], 1e-9)) > 35  # up to the palette
