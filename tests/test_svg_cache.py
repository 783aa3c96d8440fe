"""The SVG cache the scene renders share: seeded by copy, published whole, absent outside a Snakemake workdir."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from gdmedia.speed import svg_cache


def folders(root):
    return {kind: root / kind for kind in svg_cache.KINDS}


def test_no_cache_without_a_snakemake_folder(tmp_path):
    assert svg_cache.cache_root(tmp_path) is None
    assert not (tmp_path / ".snakemake").exists()


def test_cache_folder_is_beside_snakemakes_state_and_named_by_the_tools(tmp_path):
    (tmp_path / ".snakemake").mkdir()
    root = svg_cache.cache_root(tmp_path)
    assert root.is_dir() and root.parent == tmp_path / svg_cache.CACHE_DIR
    assert root.name == svg_cache.tools_stamp()


def test_a_renders_svgs_reach_the_next_render_as_copies(tmp_path):
    cache = tmp_path / "cache"
    first = folders(tmp_path / "first")
    first["tex_dir"].mkdir(parents=True)
    (first["tex_dir"] / "abc.svg").write_text("<svg>formula</svg>")
    (first["tex_dir"] / "abc.tex").write_text("not an svg")
    assert svg_cache.publish(cache, first, seeded=set()) == 1
    assert sorted(p.name for p in (cache / "tex_dir").iterdir()) == ["abc.svg"]  # no part file left behind

    second = folders(tmp_path / "second")
    assert svg_cache.seed(cache, second) == {"tex_dir/abc.svg"}
    copied = second["tex_dir"] / "abc.svg"
    assert copied.read_text() == "<svg>formula</svg>"
    copied.write_text("rewritten in place")  # Manim rewrites a Text's SVG: the cache must not change
    assert (cache / "tex_dir" / "abc.svg").read_text() == "<svg>formula</svg>"
    assert os.stat(copied).st_ino != os.stat(cache / "tex_dir" / "abc.svg").st_ino
    assert svg_cache.publish(cache, second, seeded={"tex_dir/abc.svg"}) == 0  # what came from it is not re-sent


def test_an_entry_already_there_is_kept(tmp_path):
    cache = tmp_path / "cache"
    (cache / "text_dir").mkdir(parents=True)
    (cache / "text_dir" / "h.svg").write_text("first")
    render = folders(tmp_path / "render")
    render["text_dir"].mkdir(parents=True)
    (render["text_dir"] / "h.svg").write_text("second")
    assert svg_cache.publish(cache, render, seeded=set()) == 0
    assert (cache / "text_dir" / "h.svg").read_text() == "first"


def test_new_tools_remove_the_svgs_the_old_ones_made(tmp_path):
    (tmp_path / ".snakemake").mkdir()
    old = tmp_path / svg_cache.CACHE_DIR / "0ld700l5tamp" / "tex_dir"
    old.mkdir(parents=True)
    (old / "a.svg").write_text("made by other tools")
    root = svg_cache.cache_root(tmp_path)
    assert [p.name for p in (tmp_path / svg_cache.CACHE_DIR).iterdir()] == [root.name]


def test_the_cache_keeps_its_newest_svgs_and_a_render_beside_it_may_drop_one(tmp_path, monkeypatch):
    monkeypatch.setattr(svg_cache, "KEEP", 3)
    cache = tmp_path / "cache"
    (cache / "tex_dir").mkdir(parents=True)
    for age, name in enumerate(["old", "older", "oldest"]):  # written 1, 2 and 3 hours ago
        (cache / "tex_dir" / f"{name}.svg").write_text(name)
        os.utime(cache / "tex_dir" / f"{name}.svg", ns=(0, (1_700_000_000 - 3600 * (age + 1)) * 10**9))
    render = folders(tmp_path / "render")
    render["tex_dir"].mkdir(parents=True)
    for name in ("new1", "new2"):
        (render["tex_dir"] / f"{name}.svg").write_text(name)
    assert svg_cache.publish(cache, render, seeded=set()) == 2
    assert sorted(p.stem for p in (cache / "tex_dir").glob("*.svg")) == ["new1", "new2", "old"]

    # A render seeding while another prunes: the file it listed is gone when it copies; it goes without.
    real_copy = shutil.copyfile

    def racing(source, target):
        if Path(source).stem == "old":
            Path(source).unlink()
        return real_copy(source, target)

    monkeypatch.setattr(svg_cache.shutil, "copyfile", racing)
    assert svg_cache.seed(cache, folders(tmp_path / "next")) == {"tex_dir/new1.svg", "tex_dir/new2.svg"}


def test_no_cache_means_nothing_seeded_or_published(tmp_path):
    render = folders(tmp_path)
    render["tex_dir"].mkdir()
    (render["tex_dir"] / "a.svg").write_text("x")
    assert svg_cache.seed(None, render) == set()
    assert svg_cache.publish(None, render, set()) == 0


@pytest.mark.slow
def test_a_render_from_the_cache_is_the_same_bytes_as_one_that_made_it(config, tmp_path, monkeypatch):
    """Cold (every formula compiled, every word laid out) and warm (all from the cache): the same files."""
    from scenecheck import render_small, short_options, short_trace

    monkeypatch.chdir(tmp_path)
    (tmp_path / ".snakemake").mkdir()
    block = config["media"]["regression_fit"]
    options = short_options(config, "regression_fit", seconds=1.0, hold_s=0.5)
    trace = short_trace(config, block["simulation"], max_steps=20)
    cold, warm = tmp_path / "cold", tmp_path / "warm"
    cold.mkdir(), warm.mkdir()
    render_small(block["scene"], trace, cold, options)
    cache = svg_cache.cache_root(tmp_path)
    made = {kind: sorted(p.name for p in (cache / kind).glob("*.svg")) for kind in svg_cache.KINDS}
    assert made["tex_dir"] and made["text_dir"]  # formulas and words both went into the cache
    render_small(block["scene"], trace, warm, options)
    assert {kind: sorted(p.name for p in (cache / kind).glob("*.svg")) for kind in svg_cache.KINDS} == made
    for suffix in (".mp4", ".gif", ".png", ".storyboard.png"):
        name = f"regression_fit{suffix}"
        assert (cold / name).read_bytes() == (warm / name).read_bytes(), name
