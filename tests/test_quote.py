"""Notes quote facts: the docs site's ``fact`` macro and its strict failure."""

import json
import logging
import re
import shutil

import pytest

from conftest import ROOT
from gdmedia.notes.quote import FactError, quote

FACTS = {"steps_to_tolerance": 62, "critical_step": 0.91678, "outcome": "zig-zags",
         "least_squares_theta": [1.04, 1.98], "counts": {"minimum-0": 4}}


def _project(tmp_path, note: str):
    sims = tmp_path / "output" / "sims"
    (sims / "sweep").mkdir(parents=True)
    (sims / "run.json").write_text(json.dumps({"facts": FACTS}))
    (sims / "sweep" / "a.json").write_text(json.dumps({"facts": {"steps_to_tolerance": 30}}))
    (sims / "sweep" / "b.json").write_text(json.dumps({"facts": {"steps_to_tolerance": 12}}))
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(note)
    shutil.copytree(ROOT / "src" / "gdmedia", tmp_path / "src" / "gdmedia")
    (tmp_path / "scripts").mkdir()
    shutil.copy2(ROOT / "scripts" / "site_hooks.py", tmp_path / "scripts")  # the site's hooks (MathJax, gallery)
    settings = (ROOT / "mkdocs.yml").read_text().split("\nnav:")[0]  # the project's plugins, no nav
    (tmp_path / "mkdocs.yml").write_text(settings + "\n")
    return tmp_path


def test_quote_formats_each_quantity_its_one_way(tmp_path):
    root = _project(tmp_path, "")
    assert quote(root, "run", "critical_step") == "0.92"
    assert quote(root, "run", "steps_to_tolerance") == "62"
    assert quote(root, "run", "least_squares_theta.1") == "1.98"
    assert quote(root, "run", "counts.minimum-0") == "4"
    assert quote(root, "sweep", "fastest") == "b"  # a sweep's name gives its ranking
    assert quote(root, "sweep", "steps.a") == "30"


@pytest.mark.parametrize("trace, key, says", [
    ("run", "critical", "no fact 'critical'"),
    ("nothing", "critical_step", "no trace 'nothing'"),
    ("run", "least_squares_theta.5", "0…1"),
])
def test_a_placeholder_naming_no_fact_is_refused_with_what_exists(tmp_path, trace, key, says):
    with pytest.raises(FactError, match=says):
        quote(_project(tmp_path, ""), trace, key)


def _build(root):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    build(load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"), strict=True))


def test_the_site_shows_the_value(tmp_path, monkeypatch):
    root = _project(tmp_path, "# T\n\nIt arrives in {{ fact(\"run\", \"steps_to_tolerance\") }} steps.\n")
    monkeypatch.chdir(root)
    _build(root)
    assert "It arrives in 62 steps." in (root / "site" / "index.html").read_text()


def test_the_strict_build_fails_naming_note_and_line(tmp_path, monkeypatch, caplog):
    root = _project(tmp_path, "# T\n\nfine {{ fact(\"run\", \"outcome\") }}\n\nbad {{ fact(\"run\", \"nope\") }}\n")
    monkeypatch.chdir(root)
    with caplog.at_level(logging.WARNING), pytest.raises(SystemExit):
        _build(root)
    assert "index.md:5: fact('run', 'nope'): no fact 'nope'" in caplog.text


def test_an_image_says_the_alt_text_its_medium_has_in_the_config(tmp_path, monkeypatch):
    import html

    from gdmedia.workflow.settings.config import load_config

    root = _project(tmp_path, '# T\n\n![{{ alt("lr_gd") }}](lr_gd.gif)\n')
    shutil.copy2(ROOT / "config.yaml", root / "config.yaml")
    (root / "docs" / "lr_gd.gif").write_bytes(b"GIF89a")
    monkeypatch.chdir(root)
    _build(root)
    page = (root / "site" / "index.html").read_text()
    said = load_config(ROOT / "config.yaml")["media"]["lr_gd"]["alt"]
    assert f'alt="{html.escape(said, quote=True)}"' in page or f'alt="{said}"' in page


def test_the_gallery_gives_every_medium_its_alt_text(tmp_path, config):
    import html

    from conftest import load_script

    page = tmp_path / "gallery.md"
    load_script("scripts/gallery.py").write_gallery(config["media"], page)
    text = page.read_text()
    for name, medium in config["media"].items():
        label = "aria-label" if "scene" in medium else "alt"
        assert f'{label}="{html.escape(medium["alt"], quote=True)}"' in text, name


def test_a_sweep_member_whose_name_holds_a_dot_is_quoted_by_its_name(tmp_path):
    root = _project(tmp_path, "")
    (root / "output" / "sims" / "sweep" / "lr-0.5.json").write_text(json.dumps({"facts": {"steps_to_tolerance": 7}}))
    assert quote(root, "sweep", "steps.lr-0.5") == "7"  # the member lr-0.5, not a key 'lr-0' then '5'
    assert quote(root, "sweep", "steps.a") == "30"
    with pytest.raises(FactError, match=re.escape("(at 'lr-0'; there: ['a', 'b', 'lr-0.5'])")):
        quote(root, "sweep", "steps.lr-0.6")
