"""The manifest of placed copies: a removed reference takes its copy with it; the author's files are never touched."""

import json
import os

import pytest

from conftest import load_script
from gdmedia.notes import DocsError, scan
from gdmedia.notes.manifest import NAME, load, refuse_overwrites, settle

place = load_script("scripts/place.py").place
settle_folder = load_script("scripts/manifest.py").settle_folder
PRODUCES = {"lr_gd": {"gif", "png"}, "final_fit": {"png", "svg"}}


@pytest.fixture
def course(tmp_path):
    """A notes folder, the media built in output/, and a helper that places what the notes embed."""
    root, output = tmp_path / "notes", tmp_path / "output"
    root.mkdir()
    output.mkdir()
    (output / "lr_gd.gif").write_bytes(b"GIF89a lr_gd")
    (output / "final_fit.png").write_bytes(b"\x89PNG final_fit")

    def build():
        embeds = scan(root, PRODUCES)
        refuse_overwrites(root, embeds, lambda e: output / f"{e.medium}.{e.extension}")
        keep = {}
        for e in embeds:
            place(output / f"{e.medium}.{e.extension}", e.target)
            keep[e.target.relative_to(root).as_posix()] = str(output / f"{e.medium}.{e.extension}")
        return settle_folder(str(root), keep, str(tmp_path / "placed.json"))

    return root, build


def test_the_manifest_lists_what_was_placed(course):
    root, build = course
    (root / "a.md").write_text("![x](media/lr_gd.gif)\n![y](media/final_fit.png)\n")
    build()
    assert sorted(load(root)) == ["media/final_fit.png", "media/lr_gd.gif"]
    assert json.loads((root / NAME).read_text())["placed"]["media/lr_gd.gif"]["size"] == len(b"GIF89a lr_gd")


def test_a_removed_reference_takes_its_copy_with_it(course):
    root, build = course
    (root / "a.md").write_text("![x](media/lr_gd.gif)\n![y](figs/final_fit.png)\n")
    build()
    (root / "a.md").write_text("![x](media/lr_gd.gif)\n")
    result = build()
    assert result["removed"] == ["figs/final_fit.png"]
    assert not (root / "figs").exists()  # the folder the copy alone made goes too
    assert (root / "media/lr_gd.gif").exists() and sorted(load(root)) == ["media/lr_gd.gif"]


def test_a_copy_the_author_changed_is_left_when_its_reference_goes(course):
    root, build = course
    (root / "a.md").write_text("![x](media/lr_gd.gif)\n")
    build()
    (root / "media/lr_gd.gif").write_bytes(b"the author's own edit")
    (root / "a.md").write_text("no images now\n")
    result = build()
    assert result["left"] == ["media/lr_gd.gif"] and result["removed"] == []
    assert (root / "media/lr_gd.gif").read_bytes() == b"the author's own edit"
    assert load(root) == {}


def test_a_reference_that_would_overwrite_the_authors_file_is_refused_naming_it(course):
    root, build = course
    (root / "media").mkdir()
    (root / "media/lr_gd.gif").write_bytes(b"a GIF the author drew")
    (root / "a.md").write_text("# A\n![x](media/lr_gd.gif)\n")
    with pytest.raises(DocsError, match="a.md:2: 'media/lr_gd.gif' would overwrite media/lr_gd.gif, a file the "
                                        "pipeline did not place"):
        build()
    assert (root / "media/lr_gd.gif").read_bytes() == b"a GIF the author drew"


def test_a_copy_with_the_mediums_own_bytes_is_adopted(course):
    root, build = course
    (root / "media").mkdir()
    (root / "media/lr_gd.gif").write_bytes(b"GIF89a lr_gd")  # placed before there was a manifest
    (root / "a.md").write_text("![x](media/lr_gd.gif)\n")
    build()
    assert sorted(load(root)) == ["media/lr_gd.gif"]


def test_a_placed_copy_touched_but_unchanged_is_still_the_pipelines(course):
    root, build = course
    (root / "a.md").write_text("![x](media/lr_gd.gif)\n")
    build()
    os.utime(root / "media/lr_gd.gif", ns=(1, 1))
    (root / "a.md").write_text("none\n")
    assert build()["removed"] == ["media/lr_gd.gif"]


def test_files_the_pipeline_never_placed_are_never_removed(course):
    root, build = course
    (root / "img").mkdir()
    (root / "img/diagram.svg").write_text("<svg/>")
    (root / "a.md").write_text("![d](img/diagram.svg)\n![x](media/lr_gd.gif)\n")
    build()
    (root / "a.md").write_text("nothing\n")
    build()
    assert (root / "img/diagram.svg").read_text() == "<svg/>" and (root / "a.md").exists()


def test_a_damaged_manifest_is_refused_by_name(course):
    root, _ = course
    (root / NAME).write_text("{not json")
    with pytest.raises(DocsError, match=f"{NAME}: not a manifest this pipeline wrote"):
        settle(root, {})
