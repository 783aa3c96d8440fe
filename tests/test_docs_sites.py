"""A course in each format, built whole by `snakemake site --config docs=PATH`: each built page shows its medium.

"Shows" means: the page's <img>/<video>/<source> src, resolved against the page
as a browser resolves it, is a file in the site with the very bytes of the
medium the pipeline built (LaTeX: the graphic TeX's log says it included).
"""

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from conftest import copy_project, small, snakemake

pytestmark = pytest.mark.slow

FINAL_FIT = "final_fit.png"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A copy of the project at low quality; its traces are simulated by the first site built."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    (project / "config.yaml").write_text(yaml.safe_dump(small((project / "config.yaml").read_text())))
    return project


class Media(HTMLParser):
    def __init__(self):
        super().__init__()
        self.sources = []

    def handle_starttag(self, tag, attrs):
        if tag in ("img", "video", "source"):
            self.sources += [value for name, value in attrs if name == "src" and value]


def shown(site: Path, page: str) -> list[Path]:
    """The files a page's <img>/<video>/<source> elements load, resolved as a browser resolves them."""
    reader = Media()
    reader.feed((site / page).read_text(encoding="utf-8"))
    files = []
    for src in reader.sources:
        url = urlsplit(src)
        if url.scheme or url.netloc:
            continue
        files.append(((site / page).parent / unquote(url.path)).resolve())
    return files


def build(project: Path, course: Path) -> tuple[Path, str]:
    snakemake(project, "--cores", "2", "site", "--config", f"docs={course}")
    return project / "output" / "site", (project / "output" / "logs" / "docs" / "site.log").read_text()


def assert_shows_the_medium(project: Path, site: Path, page: str, medium: str = FINAL_FIT) -> None:
    files = shown(site, page)
    assert files, f"{page} shows no medium"
    assert all(f.is_file() and f.is_relative_to(site.resolve()) for f in files), files
    built = (project / "output" / medium).read_bytes()
    assert any(f.read_bytes() == built for f in files), f"{page} does not show {medium}"


def write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def notebook(*markdown: str) -> str:
    cells = [{"cell_type": "markdown", "id": f"m{i}", "metadata": {}, "source": text} for i, text in enumerate(markdown)]
    cells.append({"cell_type": "code", "id": "c", "metadata": {}, "source": "print('![no](code.png)')", "outputs": [],
                  "execution_count": None})
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells})


def test_markdown_and_notebooks_are_built_by_mkdocs(project, tmp_path):
    course = write(tmp_path / "course", {
        "index.md": "# Course\n\n[Week 1](week1/fit.md)\n",
        "week1/fit.md": "# Fit\n\n![fit](../media/final_fit.png)\n",
        "week1/explore.ipynb": notebook("# Explore\n\n![the fit](../media/final_fit.png)"),
    })
    site, log = build(project, course)
    assert_shows_the_medium(project, site, "week1/fit.html")
    assert_shows_the_medium(project, site, "week1/explore.html")  # the notebook is a page of its own


def test_rst_is_built_by_sphinx_with_its_raw_html_media(project, tmp_path):
    course = write(tmp_path / "course", {
        "index.rst": "Course\n======\n\n.. toctree::\n\n   week1/fit\n",
        "week1/fit.rst": "Week 1\n======\n\n.. figure:: ../media/final_fit.png\n\n   The fit.\n\n"
                         ".. raw:: html\n\n   <img src=\"../media/lr_gd.gif\" alt=\"steps\">\n",
        "conf.py": "raise SystemExit('the author conf.py must not run')\n",
    })
    site, log = build(project, course)
    assert_shows_the_medium(project, site, "week1/fit.html")
    assert_shows_the_medium(project, site, "week1/fit.html", "lr_gd.gif")  # raw HTML: copied beside the page
    assert (site / "index.html").is_file() and "Course" in (site / "index.html").read_text()


def test_myst_and_its_notebooks_are_built_by_sphinx_with_maths_from_the_site(project, tmp_path):
    course = write(tmp_path / "course", {
        "week1/fit.md": "# Week 1\n\nThe loss $L = (y - \\hat y)^2$.\n\n```{figure} ../media/final_fit.png\n:alt: fit\n\n"
                        "The fit.\n```\n",
        "week1/explore.ipynb": notebook("# Explore\n\n:::{image} ../media/final_fit.png\n:::"),
    })
    site, log = build(project, course)
    assert_shows_the_medium(project, site, "week1/fit.html")
    assert_shows_the_medium(project, site, "week1/explore.html")
    page = (site / "week1" / "fit.html").read_text()
    assert re.search(r'<script[^>]+src="\.\./_static/mathjax/tex-svg\.js', page)  # no CDN
    assert (site / "_static" / "mathjax" / "tex-svg.js").stat().st_size > 100_000
    assert "week1/fit" in (site / "index.html").read_text()  # a folder without an index gets one listing its notes


def test_latex_is_compiled_to_a_pdf_that_includes_the_medium(project, tmp_path):
    course = write(tmp_path / "course", {
        "week1/paper.tex": "\\documentclass{article}\n\\usepackage{graphicx}\n\\graphicspath{{../media/}}\n"
                           "\\begin{document}\nThe fit:\n\\includegraphics[width=0.5\\linewidth]{final_fit.png}\n"
                           "% \\includegraphics{commented_out.png}\n\\end{document}\n",
        "week1/chapter.tex": "\\section{Only input by another document}\n",
    })
    site, log = build(project, course)
    pdf = site / "week1" / "paper.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    assert not (site / "week1" / "chapter.pdf").exists()
    tex_log = (project / "output" / "docs" / "site-work" / "latex" / "week1" / "paper" / "paper.log").read_text()
    assert re.search(r"<\.\./media/+final_fit\.png, id=\d+", tex_log)  # TeX included the placed medium
    assert (course / "media" / FINAL_FIT).read_bytes() == (project / "output" / FINAL_FIT).read_bytes()
    assert not list((course / "week1").glob("*.aux"))  # TeX wrote nothing into the notes


def test_quarto_notes_get_their_media_and_the_command_that_renders_them(project, tmp_path):
    course = write(tmp_path / "course", {
        "index.md": "# Course\n",
        "week1/fit.qmd": "---\ntitle: Fit\n---\n\n![fit](../media/final_fit.png){width=80%}\n",
    })
    site, log = build(project, course)
    assert (course / "media" / FINAL_FIT).read_bytes() == (project / "output" / FINAL_FIT).read_bytes()
    assert "week1/fit.qmd has its media placed but is not rendered here" in log
    assert f"quarto render {course}" in log


def test_sphinx_never_reads_a_file_a_note_names_nor_runs_the_authors_conf(tmp_path):
    from gdmedia.notes import site

    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-LINE,42\n")
    notes = write(tmp_path / "notes", {
        "index.rst": f"Title\n=====\n\n.. include:: ../secret.txt\n\n.. literalinclude:: {secret}\n\n"
                     f".. csv-table::\n   :file: {secret}\n\n.. raw:: html\n\n   <p>raw html stays</p>\n",
        "conf.py": f"open({str(tmp_path / 'ran')!r}, 'w').write('conf.py ran')\n",
    })
    site.build_sphinx(notes, tmp_path / "site", tmp_path / "work", site.mathjax_file())
    page = (tmp_path / "site" / "index.html").read_text()
    assert "SECRET-LINE" not in page and "raw html stays" in page
    assert not (tmp_path / "ran").exists()


# --- A real course's notes: braces in maths and code are the author's, only our placeholders are read ---

ADADELTA = (  # maths and code as a course chapter writes them; braces that a template engine would take
    "# Adadelta\n:label:`sec_adadelta`\n\n"
    "$$\\begin{aligned}\n\\mathbf{g}_t' & = \\frac{\\sqrt{\\Delta\\mathbf{x}_{t-1} + \\epsilon}}"
    "{\\sqrt{{\\mathbf{s}_t + \\epsilon}}} \\odot \\mathbf{g}_t\n\\end{aligned}$$\n\n"
    "$$\\newcommand{\\R}[1]{\\mathbb{R}^{#1}} \\mathbf{x} \\in \\R{2}$$\n\n"
    "As in :numref:`sec_gd`, we are 100% sure {% raw %} is prose here, and {# so is this #}.\n\n"
    "```python\ntemplate = '{{ x }}'  # a Jinja template, shown\n```\n\n"
    "Inline `{{ x }}` and `{{ fact(\"linreg\", \"steps_to_tolerance\") }}` stay as written.\n\n"
    "Our descent arrives in {{ fact(\"linreg\", \"steps_to_tolerance\") }} steps.\n\n"
    "![descent](../media/lr_gd.gif)\n"
)
GD = ("# Gradient Descent\n:label:`sec_gd`\n\n"
      "![The contour the course drew itself.](../img/contour.svg)\n:label:`fig_contour`\n\n"
      "See :numref:`fig_contour`: the minimiser of $f(x) = x^2$ is $x^* = 0$.\n\n"
      "![the fit](../media/final_fit.png)\n")
CONTOUR = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><circle r="4" cx="5" cy="5"/></svg>\n'


def _text(page: str) -> str:
    """What a reader sees of a page: tags dropped (highlighting splits code into spans), entities decoded."""
    import html

    return html.unescape(re.sub(r"<[^>]+>", "", page))


def _quoted(project, trace, key):
    from gdmedia.quote import quote

    return quote(project, trace, key)


def _dom_after_scripts(site: Path, page: str) -> str:
    """The page's DOM once its scripts (MathJax) have run, in headless Chromium served from localhost."""
    import functools
    import http.server
    import subprocess
    import threading

    from test_site_browser import FLAGS

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/{page}"
        result = subprocess.run(["chromium", *FLAGS, "--virtual-time-budget=15000", "--dump-dom", url],
                                capture_output=True, text=True, timeout=120)
    finally:
        server.shutdown()
    return result.stdout


def test_a_course_chapter_with_braces_in_its_maths_builds_with_our_media_and_facts(project, tmp_path):
    """d2l's layout: chapters in a folder, the course's images in a sibling img/, maths-heavy pages,
    the course tool's labels and cross-references (shown as text here); our media and a quoted fact."""
    course = write(tmp_path / "course", {
        "chapter_optimization/index.md": "# Optimization\n\n[Gradient descent](gd.md), [Adadelta](adadelta.md)\n",
        "chapter_optimization/gd.md": GD,
        "chapter_optimization/adadelta.md": ADADELTA,
        "img/contour.svg": CONTOUR,
    })
    site, log = build(project, course)
    page = (site / "chapter_optimization" / "adadelta.html").read_text(encoding="utf-8")
    steps = _quoted(project, "linreg", "steps_to_tolerance")
    assert f"Our descent arrives in {steps} steps." in page
    assert "\\sqrt{{\\mathbf{s}_t + \\epsilon}}" in page  # the maths reached MathJax unchanged
    assert "\\newcommand{\\R}[1]{\\mathbb{R}^{#1}}" in page
    assert "{% raw %} is prose here, and {# so is this #}" in page
    shown_text = _text(page)
    assert "template = '{{ x }}'" in shown_text and 'Inline {{ x }} and {{ fact("linreg", "steps_to_tolerance") }} stay' \
        in shown_text  # code as written
    assert ":numref:" in page and "sec_gd" in page  # the course tool's cross-reference, as text
    assert_shows_the_medium(project, site, "chapter_optimization/adadelta.html", "lr_gd.gif")
    assert_shows_the_medium(project, site, "chapter_optimization/gd.html")
    assert (site / "img" / "contour.svg").read_text() == CONTOUR  # the course's own image, untouched
    assert (course / "img" / "contour.svg").read_text() == CONTOUR
    dom = _dom_after_scripts(site, "chapter_optimization/adadelta.html")
    assert dom.count("<mjx-container") >= 2, "MathJax typeset nothing"
    assert not re.search(r'<[^>]*data-mml-node="merror"', dom), "MathJax could not typeset the maths"


def test_a_bad_placeholder_fails_the_site_naming_note_and_line(project, tmp_path):
    course = write(tmp_path / "course", {
        "index.md": "# Course\n",
        "week1/fit.md": "---\ntitle: Fit\n---\n# Fit\n\n$$\\sqrt{{x}}$$\n\nIt took {{ fact(\"linreg\") }} steps.\n"
                        "Or {{ fact(\"linreg\", \"no_such_fact\") }}.\n",
    })
    result = snakemake(project, "--cores", "2", "site", "--config", f"docs={course}", check=False)
    said = result.stdout + result.stderr + (project / "output" / "logs" / "docs" / "site.log").read_text()
    assert result.returncode != 0
    assert "week1/fit.md:8:" in said and "1 argument" in said  # the note's own line, front matter counted
    assert "week1/fit.md:9: fact('linreg', 'no_such_fact')" in said  # every error of the note, at once


def test_sphinx_notes_quote_facts_by_placeholder_and_by_role_and_keep_their_braces(project, tmp_path):
    course = write(tmp_path / "course", {
        "index.rst": "Course\n======\n\n.. toctree::\n\n   fit\n   slope\n",
        "fit.rst": "Fit\n===\n\nIt takes :fact:`linreg steps_to_tolerance` steps, "
                   "{{ fact(\"linreg\", \"steps_to_tolerance\") }} by placeholder.\n\n"
                   ".. math::\n\n   \\sqrt{{x}} + \\newcommand{\\R}[1]{#1}\\R{1}\n\n"
                   ".. code-block:: jinja\n\n   {{ fact(\"linreg\", \"steps_to_tolerance\") }} {% for x in y %}\n",
        "slope.md": "# Slope\n\n```{figure} media/final_fit.png\n:alt: fit\n\nThe fit.\n```\n\n"
                    "Critical step {fact}`linreg critical_step`, also {{ fact(\"linreg\", \"critical_step\") }}; "
                    "$\\sqrt{{y}}$ and `{{ z }}`.\n",
    })
    site, log = build(project, course)
    fit = (site / "fit.html").read_text(encoding="utf-8")
    steps = _quoted(project, "linreg", "steps_to_tolerance")
    assert f"It takes {steps} steps, {steps} by placeholder." in fit
    assert "\\sqrt{{x}}" in fit and '{{ fact("linreg", "steps_to_tolerance") }} {% for x in y %}' in _text(fit)
    slope = (site / "slope.html").read_text(encoding="utf-8")
    critical = _quoted(project, "linreg", "critical_step")
    assert f"Critical step {critical}, also {critical};" in slope
    assert "\\sqrt{{y}}" in slope and "{{ z }}" in _text(slope)
    assert "fact(&quot;" not in slope and "fact(“" not in slope and "fact(“" not in fit  # nothing published literally
    assert_shows_the_medium(project, site, "slope.html")
