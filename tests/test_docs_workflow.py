"""Notes through Snakemake: a placed path as a target, removal of copies no note embeds, another folder's site."""

import json
import shutil
from pathlib import Path

import pytest

from conftest import snakemake

pytestmark = pytest.mark.slow


@pytest.fixture
def project(built, tmp_path):
    """The built project, outputs and metadata included, with times kept."""
    return Path(shutil.copytree(built, tmp_path / "copy", symlinks=True))


def test_a_placed_path_is_a_target(project):
    placed = project / "docs" / "media" / "lr_gd.gif"
    placed.unlink()
    snakemake(project, "--cores", "1", "docs/media/lr_gd.gif")
    assert placed.read_bytes() == (project / "output" / "lr_gd.gif").read_bytes()


def test_a_removed_reference_takes_its_copy_and_nothing_else(project, tmp_path):
    notes = tmp_path / "notes"
    (notes / "img").mkdir(parents=True)
    (notes / "img" / "diagram.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    note = notes / "week1.md"
    note.write_text("![d](img/diagram.svg)\n![a](media/lr_gd.gif)\n![b](media/final_fit.png)\n")
    snakemake(project, "--cores", "1", "docs", "--config", f"docs={notes}")
    assert sorted(json.loads((notes / ".gdmedia-placed.json").read_text())["placed"]) == [
        "media/final_fit.png", "media/lr_gd.gif"]
    note.write_text("![d](img/diagram.svg)\n![a](media/lr_gd.gif)\n")
    snakemake(project, "--cores", "1", "docs", "--config", f"docs={notes}")
    assert sorted(p.relative_to(notes).as_posix() for p in notes.rglob("*")) == [
        ".gdmedia-placed.json", "img", "img/diagram.svg", "media", "media/lr_gd.gif", "week1.md"]


def test_a_reference_over_the_authors_file_is_refused_before_any_job(project, tmp_path):
    notes = tmp_path / "notes"
    (notes / "media").mkdir(parents=True)
    (notes / "media" / "lr_gd.gif").write_bytes(b"GIF89a drawn by the author")
    (notes / "week1.md").write_text("![a](media/lr_gd.gif)\n")
    result = snakemake(project, "--cores", "1", "docs", "--config", f"docs={notes}", check=False)
    assert result.returncode != 0
    assert "week1.md:1: 'media/lr_gd.gif' would overwrite media/lr_gd.gif" in result.stdout + result.stderr
    assert (notes / "media" / "lr_gd.gif").read_bytes() == b"GIF89a drawn by the author"


def test_another_folder_gets_its_own_site_with_its_media(project, tmp_path):
    notes = tmp_path / "course"
    (notes / "week1").mkdir(parents=True)
    (notes / "index.md").write_text("# Course\n\nThe loss $L = \\tfrac12 (y - \\hat y)^2$.\n\n[Week 1](week1/fit.md)\n")
    (notes / "week1" / "fit.md").write_text("# Fit\n\n![fit](../media/lr_gd.gif)\n")
    (notes / "week1" / "fit.ipynb").write_text(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "markdown", "metadata": {}, "source": "![s](../media/final_fit.png)"}]}))
    snakemake(project, "--cores", "1", "site", "--config", f"docs={notes}")
    site = project / "output" / "site"
    assert (site / "week1" / "fit.html").exists() and (site / "index.html").exists()
    assert (site / "media" / "lr_gd.gif").read_bytes() == (project / "output" / "lr_gd.gif").read_bytes()
    assert (notes / "media" / "final_fit.png").exists()  # the notebook's medium is placed too
    assert not (site / "gradient-descent.html").exists()  # the project's own notes are not in it


def test_the_gallery_is_written_outside_the_notes(project):
    snakemake(project, "--cores", "1", "output/gallery.md")
    assert (project / "output" / "gallery.md").read_text().startswith("# Gallery")
    assert not (project / "docs" / "gallery.md").exists()


def test_placing_another_folder_leaves_the_projects_docs_up_to_date(project, tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text("![a](lr_gd.gif)\n")
    snakemake(project, "--cores", "1", "docs", "--config", f"docs={notes}")
    assert "Nothing to be done" in snakemake(project, "-n").stdout + snakemake(project, "-n").stderr
