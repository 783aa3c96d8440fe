"""Which tool builds a folder's site, and what the site is given; fast (no build: tests/test_docs_sites.py builds)."""

import json

import pytest
import yaml

from gdmedia.notes import site


def folder(tmp_path, files):
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    return tmp_path


@pytest.mark.parametrize(
    "files, engine",
    [
        ({"a.md": "# A\n\n![x](x.png)\n", "b.ipynb": "{}"}, "mkdocs"),
        ({"a.md": "# A\n\n```python\nprint(1)\n```\n"}, "mkdocs"),
        ({"a.md": "# A\n", "w/b.rst": "B\n=\n"}, "sphinx"),
        ({"a.md": "# A\n\n```{figure} x.png\n```\n"}, "sphinx"),
        ({"a.md": "# A\n\n:::{note}\nHi\n:::\n"}, "sphinx"),
        ({"a.md": "# A\n", "_toc.yml": "root: a\n"}, "sphinx"),
        ({"a.qmd": "```{python}\nprint(1)\n```\n"}, "mkdocs"),  # Quarto's cell syntax is not MyST
        ({"a.tex": "\\documentclass{article}\n"}, "mkdocs"),
    ],
    ids=["markdown-notebook", "plain-fence", "rst", "myst-figure", "myst-colon", "jupyter-book", "quarto", "latex"],
)
def test_the_engine_follows_the_formats(tmp_path, files, engine):
    assert site.engine(folder(tmp_path, files)) == engine


def test_only_whole_latex_documents_are_compiled_and_quarto_is_named(tmp_path):
    root = folder(tmp_path, {"paper.tex": "% notes\n\\documentclass[11pt]{article}\n", "ch1.tex": "\\section{One}\n",
                             "commented.tex": "% \\documentclass{article}\n", "w/fit.qmd": "# Q\n", "a.md": "# A\n"})
    assert [p.name for p in site.latex_documents(root)] == ["paper.tex"]
    assert [p.relative_to(root).as_posix() for p in site.unrendered(root)] == ["w/fit.qmd"]


def test_a_markdown_note_and_a_notebook_of_one_name_are_named_as_one_page(tmp_path):
    root = folder(tmp_path, {"w/fit.md": "# A\n", "w/fit.ipynb": json.dumps({"nbformat": 4, "cells": []}),
                             "w/other.ipynb": "{}"})
    assert site.clashes(root) == ["w/fit.ipynb and w/fit.md would both be the page w/fit.html: the Markdown one is "
                                  "shown; rename one"]


def test_another_folders_mkdocs_settings_keep_the_site_and_add_notebooks(tmp_path):
    from gdmedia.workflow.settings.config import ROOT

    path = site.mkdocs_settings(ROOT, tmp_path / "notes", tmp_path / "site", tmp_path / "out" / "mkdocs.yml")
    settings = yaml.safe_load(path.read_text())
    assert "nav" not in settings
    assert settings["docs_dir"] == str(tmp_path / "notes") and settings["site_dir"] == str(tmp_path / "site")
    plugins = {next(iter(p)) if isinstance(p, dict) else p: p for p in settings["plugins"]}
    assert plugins["mkdocs-jupyter"]["mkdocs-jupyter"]["execute"] is False  # a notebook is never run
    assert plugins["mkdocs-jupyter"]["mkdocs-jupyter"]["cache_dir"].startswith(str(ROOT / "output"))
    assert "macros" not in plugins  # no template engine reads a note (gdmedia.notes.placeholders)
    assert all(hook.startswith(str(ROOT)) for hook in settings["hooks"])


def test_sphinx_gets_a_copy_with_our_settings_and_never_the_authors_conf(tmp_path):
    root = folder(tmp_path / "notes", {"conf.py": "import os; os.system('echo pwned')\n", "w/a.rst": "A\n=\n",
                                       ".git/x.rst": "hidden\n", "media/fit.png": "png"})
    source = tmp_path / "work" / "source"
    site.copy_sources(root, source)
    assert not (source / "conf.py").exists() and not (source / ".git").exists()
    assert ".. toctree::" in (source / "index.rst").read_text()  # no index: one listing every note
    site_dir = tmp_path / "site"
    (site_dir / "w").mkdir(parents=True)
    (site_dir / "w" / "a.html").write_text("built")
    site.copy_other_files(root, site_dir)
    assert (site_dir / "media" / "fit.png").read_text() == "png"
    assert not (site_dir / "conf.py").exists() and not (site_dir / "w" / "a.rst").exists()
    conf = site.SPHINX_CONF.format(project="notes", static="/s", checkout="/the/checkout")
    namespace = {}
    exec(compile(conf, "conf.py", "exec"), namespace)
    assert namespace["extensions"] == ["myst_nb", "gdmedia.notes.sphinx_facts"] and namespace["nb_execution_mode"] == "off"
    assert namespace["gdmedia_root"] == "/the/checkout"  # the notes quote this checkout's traces
    assert namespace["mathjax_path"] == "mathjax/tex-svg.js"
