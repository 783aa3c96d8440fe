"""Web renditions: NAME[.dark][@2x].EXT read by one parser, for the notes and the rules (rules/web.smk)."""

import re

import numpy as np

import pytest

from conftest import copy_project, snakemake
from gdmedia.web import renditions
from gdmedia.notes import DocsError, scan, unused
from gdmedia.web.renditions import Rendition, parse

PRODUCTS = {"lr_gd": {"gif", "png"}, "final_fit": {"png", "svg"}, "regression_fit": {"mp4", "gif", "png"}}


@pytest.mark.parametrize("name, expected", [
    ("lr_gd.gif", Rendition("lr_gd", "gif")),
    ("lr_gd.mp4", Rendition("lr_gd", "mp4")),
    ("lr_gd.webm", Rendition("lr_gd", "webm")),
    ("lr_gd.png", Rendition("lr_gd", "png")),
    ("lr_gd@2x.gif", Rendition("lr_gd", "gif", scale=2)),
    ("lr_gd.dark.gif", Rendition("lr_gd", "gif", dark=True)),
    ("lr_gd.dark@2x.webm", Rendition("lr_gd", "webm", dark=True, scale=2)),
    ("final_fit.dark@2x.svg", Rendition("final_fit", "svg", dark=True, scale=2)),
    ("regression_fit.dark.webm", Rendition("regression_fit", "webm", dark=True)),
])
def test_a_name_says_medium_variant_and_format(name, expected):
    found = parse(name, PRODUCTS)
    assert found == expected
    assert found.filename == name  # and writes back to the same name


@pytest.mark.parametrize("name", [
    "lr_gd@2x.dark.gif",  # the suffixes compose in one order only
    "lr_gd.svg",  # an animation has no SVG
    "final_fit.gif", "final_fit.mp4",  # a still has no motion
    "lr_gd.dark.dark.gif", "lr_gd@3x.gif", "lr_gd.light.gif", "lr_gd.GIF",
    "other.gif", "lr_gd", ".dark.gif", "lr_gd.storyboard.png", "../lr_gd.gif", "lr_gd.gif.exe",
])
def test_other_names_name_no_rendition(name):
    assert parse(name, PRODUCTS) is None


def test_a_rendition_stem_gives_back_its_medium():
    assert [renditions.medium_of(s) for s in ("lr_gd", "lr_gd.dark", "lr_gd@2x", "lr_gd.dark@2x")] == ["lr_gd"] * 4


def test_stem_patterns_match_exactly_the_named_media_and_variants():
    only_variants = re.compile(renditions.stem_pattern(["lr_gd", "lr_gd_x"], renditions.VARIANTS[1:]))
    assert all(only_variants.fullmatch(s) for s in ("lr_gd.dark", "lr_gd@2x", "lr_gd.dark@2x", "lr_gd_x@2x"))
    assert not any(only_variants.fullmatch(s) for s in ("lr_gd", "lr_gd@2x.dark", "other.dark", "lr_gd.dark.x"))
    every = re.compile(renditions.stem_pattern(["lr_gd"]))
    assert every.fullmatch("lr_gd") and every.fullmatch("lr_gd.dark@2x")
    assert renditions.stem_pattern([]) == "(?!)"


def test_at_2x_doubles_pixels_and_dpi_so_the_layout_is_the_same():
    options = {"width_px": 750, "height_px": 420, "dpi": 100, "fps": 20}
    doubled = renditions.figure_options(options, Rendition("lr_gd", "gif", scale=2))
    assert doubled == {"width_px": 1500, "height_px": 840, "dpi": 200, "fps": 20}
    assert doubled["width_px"] / doubled["dpi"] == options["width_px"] / options["dpi"]  # the same inches
    assert renditions.figure_options(options, Rendition("lr_gd", "gif", dark=True)) == options


def test_a_scene_at_2x_renders_at_the_preset_twice_as_wide():
    options = {"width_px": 750, "quality": "medium"}
    assert renditions.scene_options(options, Rendition("s", "mp4", scale=2)) == {"width_px": 1500,
                                                                                  "quality": "production"}


# The notes reader asks the same parser.
def _note(tmp_path, text):
    (tmp_path / "a.md").write_text(text)
    return scan(tmp_path, PRODUCTS)


def test_a_note_may_embed_any_rendition(tmp_path):
    embeds = _note(tmp_path, "![x](m/lr_gd.dark@2x.gif)\n\n<video src=\"m/lr_gd.webm\"></video>\n\n"
                             "![y](m/final_fit.dark.svg#only-dark)\n")
    assert [(e.medium, e.extension, e.target.name) for e in embeds] == [
        ("lr_gd.dark@2x", "gif", "lr_gd.dark@2x.gif"), ("lr_gd", "webm", "lr_gd.webm"),
        ("final_fit.dark", "svg", "final_fit.dark.svg")]
    assert unused(embeds, sorted(PRODUCTS)) == ["regression_fit"]  # a variant counts as using its medium


@pytest.mark.parametrize("reference", ["m/final_fit.mp4", "m/lr_gd@2x.dark.gif", "m/lr_gd.svg"])
def test_a_rendition_that_cannot_be_made_is_refused_saying_what_can(tmp_path, reference):
    with pytest.raises(DocsError, match=r"a.md:1: .* names no medium .*NAME\[\.dark\]\[@2x\]\.EXT"):
        _note(tmp_path, f"![x]({reference})\n")


# Which rule makes which name: one dry run of the real workflow, in a copy of the project.
TARGETS = {
    "output/lr_gd.gif": "figure",
    "output/lr_gd.dark.gif": "figure_variant",
    "output/lr_gd@2x.png": "figure_variant",
    "output/lr_gd.dark@2x.gif": "figure_variant",
    "output/lr_gd.mp4": "figure_video",
    "output/lr_gd.dark.webm": "figure_video",
    "output/final_fit.dark@2x.svg": "still_variant",
    "output/regression_fit.dark.mp4": "scene_variant",
    "output/regression_fit@2x.webm": "scene_webm",
}


def _jobs(project, *targets):
    """(rule, outputs) of each job a dry run plans for ``targets``."""
    out = snakemake(project, "-n", "--cores", "1", *targets).stdout
    return [(m[1], m[2].split(", ")) for m in re.finditer(r"^rule (\w+):\n(?:    .*\n)*?    output: (.*)$", out, re.M)]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("web"))


def test_each_name_is_made_by_one_rule(project):
    made_by = {path: rule for rule, outputs in _jobs(project, *TARGETS) for path in outputs}
    assert {t: made_by.get(t) for t in TARGETS} == TARGETS


# An animated figure's variant is one job writing its GIF and its poster (the last frame) from one
# drawing, as rule figure writes lr_gd.gif and lr_gd.png: asking for either plans that job and no other
# variant's (not the light GIF, not @2x).
@pytest.mark.parametrize("target", ["output/lr_gd.dark.gif", "output/lr_gd.dark.png"])
def test_a_variant_is_its_own_job_and_builds_no_other(project, target):
    jobs = _jobs(project, target)
    assert [rule for rule, _ in jobs if rule != "simulate"] == ["figure_variant"]
    assert jobs[-1][1] == ["output/lr_gd.dark.gif", "output/lr_gd.dark.png"]


def test_a_stills_variant_is_one_job_per_file(project):
    jobs = _jobs(project, "output/final_fit.dark.png")
    assert [(rule, outputs) for rule, outputs in jobs if rule != "simulate"] == [
        ("still_variant", ["output/final_fit.dark.png"])]  # not its SVG


def test_a_figure_video_reads_the_gif_of_its_own_rendition(project):
    jobs = dict((rule, outputs) for rule, outputs in _jobs(project, "output/lr_gd.dark@2x.mp4"))
    assert jobs["figure_variant"] == ["output/lr_gd.dark@2x.gif", "output/lr_gd.dark@2x.png"] and "figure" not in jobs


@pytest.mark.parametrize("target", ["output/lr_gd@2x.dark.gif", "output/final_fit.mp4"])
def test_names_outside_the_scheme_have_no_rule(project, target):
    result = snakemake(project, "-n", "--cores", "1", target, check=False)
    assert result.returncode != 0 and "MissingRuleException" in result.stdout + result.stderr


# A figure's video is encoded from exactly the frames of its GIF: with a lossless encoder the
# decoded video equals the GIF's frames, each repeated for its delay.
def _tiny_gif(path):
    from PIL import Image

    rng = np.random.default_rng(0)
    frames = [rng.integers(0, 255, (24, 32, 3), dtype=np.uint8) for _ in range(3)]
    images = [Image.fromarray(f).quantize(64) for f in frames]
    images[0].save(path, save_all=True, append_images=images[1:], duration=[200, 100, 500], loop=0)
    return path


def test_the_video_holds_each_gif_frame_for_its_delay():
    from gdmedia.web.video import repeats

    assert repeats([1550, 50, 50, 3050], 20) == [31, 1, 1, 61]
    assert repeats([0, 30], 10) == [1, 1]  # a frame is never dropped


def test_a_lossless_encoding_gives_back_the_gif_frames_exactly(tmp_path, monkeypatch):
    from gdmedia.web import video

    gif = _tiny_gif(tmp_path / "tiny.gif")
    monkeypatch.setitem(video.CODECS, "mp4", ["-c:v", "libx264rgb", "-qp", "0", "-pix_fmt", "rgb24", "-f", "mp4"])
    video.gif_to_video(gif, tmp_path / "tiny.mp4", fps=10)
    frames, delays = video.gif_frames(gif)
    expected = np.stack([f for f, n in zip(frames, video.repeats(delays, 10)) for _ in range(n)])
    decoded = video.video_frames(tmp_path / "tiny.mp4")
    assert decoded.shape == expected.shape == (8, 24, 32, 3)
    assert np.array_equal(decoded, expected)
    assert not list(tmp_path.glob("*.part*"))  # nothing left half-written


def test_a_failed_encoding_leaves_no_file(tmp_path, monkeypatch):
    from gdmedia.web import video

    gif = _tiny_gif(tmp_path / "tiny.gif")
    monkeypatch.setitem(video.CODECS, "mp4", ["-c:v", "no-such-encoder", "-f", "mp4"])
    with pytest.raises(RuntimeError, match="ffmpeg failed"):
        video.gif_to_video(gif, tmp_path / "tiny.mp4", fps=10)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tiny.gif"]
