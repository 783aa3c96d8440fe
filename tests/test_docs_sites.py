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
    from gdmedia.notes.quote import quote

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


# --- Facts in every format; one reading of a note -----------------------------------------------------

def _requested(site: Path, page: str) -> set[Path]:
    """Every local file a built page asks for (src, srcset, poster), resolved as a browser resolves it."""
    from gdmedia.notes.pages import local_file, requests

    files = (local_file(site, site / page, url) for url in requests((site / page).read_text(encoding="utf-8")))
    return {f for f in files if f is not None}


def test_a_latex_note_quotes_facts_and_one_naming_no_fact_fails_naming_it(project, tmp_path):
    course = write(tmp_path / "course", {
        "week1/paper.tex": "\\documentclass{article}\n\\input{gdmedia-facts}\n\\begin{document}\n"
                           "Descent arrives in \\fact{linreg}{steps_to_tolerance} steps.\n"
                           "\\typeout{QUOTED=\\fact{linreg}{steps_to_tolerance}|\\fact{lr_regimes}{fastest}|}\n"
                           "\\end{document}\n",
    })
    site, log = build(project, course)
    assert (site / "week1" / "paper.pdf").read_bytes().startswith(b"%PDF")
    tex_log = (project / "output" / "docs" / "site-work" / "latex" / "week1" / "paper" / "paper.log").read_text()
    steps, fastest = _quoted(project, "linreg", "steps_to_tolerance"), _quoted(project, "lr_regimes", "fastest")
    assert f"QUOTED={steps}|{fastest}|" in tex_log
    facts = project / "output" / "docs" / "facts" / "gdmedia-facts.tex"
    assert str(facts) in tex_log.replace("\n", "")  # the facts rule's file, found on TEXINPUTS
    assert sorted(p.name for p in (course / "week1").iterdir()) == ["paper.tex"]  # nothing written beside the note

    paper = course / "week1" / "paper.tex"
    paper.write_text(paper.read_text().replace("\\end{document}", "And \\fact{linreg}{stepz}.\n\\end{document}"))
    result = snakemake(project, "--cores", "2", "site", "--config", f"docs={course}", check=False)
    said = result.stdout + result.stderr + (project / "output" / "logs" / "docs" / "site.log").read_text()
    assert result.returncode != 0
    assert ("week1/paper.tex: pdflatex failed (exit 1): week1/paper.tex:6: Package gdmedia-facts Error: "
            "no fact `stepz' of the trace `linreg'") in said


def test_a_quarto_note_quotes_facts_through_the_folders_variables(project, tmp_path):
    from gdmedia.notes.fact_files import quarto_var

    theirs = "# the course's own\nversion: 1.2\n"
    course = write(tmp_path / "course", {
        "index.md": "# Course\n",
        "_variables.yml": theirs,
        "week1/fit.qmd": "---\ntitle: Fit\n---\n\n![fit](../media/final_fit.png){width=80%}\n\n"
                         "Descent arrives in {{< var fact.linreg.steps_to_tolerance >}} steps; at η = 0.85 in "
                         "{{< var fact.lr_regimes.lr-0_85.steps_to_tolerance >}}, the fastest "
                         "{{< var fact.lr_regimes.fastest >}}; θ₁ = {{< var fact.linreg.least_squares_theta_1 >}}.\n",
    })
    site, log = build(project, course)
    text = (course / "_variables.yml").read_text()
    assert text.startswith(theirs) and f"Quarto: the facts are in {course / '_variables.yml'}" in log
    variables = yaml.safe_load(text)
    assert variables["version"] == 1.2
    for name, trace, key in [("fact.linreg.steps_to_tolerance", "linreg", "steps_to_tolerance"),
                             ("fact.lr_regimes.lr-0_85.steps_to_tolerance", "lr_regimes/lr-0.85", "steps_to_tolerance"),
                             ("fact.lr_regimes.fastest", "lr_regimes", "fastest"),
                             ("fact.linreg.least_squares_theta_1", "linreg", "least_squares_theta.1")]:
        assert re.sub(r"\\(.)", r"\1", quarto_var(variables, name)) == _quoted(project, trace, key), name

    (course / "week1" / "fit.qmd").write_text("# Fit\n\n{{< var fact.linreg.steps >}}\n")
    result = snakemake(project, "--cores", "2", "site", "--config", f"docs={course}", check=False)
    said = result.stdout + result.stderr + (project / "output" / "logs" / "docs" / "site.log").read_text()
    assert result.returncode != 0 and "week1/fit.qmd:3: {{< var fact.linreg.steps >}} names no fact" in said


def test_a_notebook_on_a_mkdocs_site_quotes_facts_in_its_markdown_cells(project, tmp_path):
    course = write(tmp_path / "course", {
        "index.md": "# Course\n\nIt takes {{ fact(\"linreg\", \"steps_to_tolerance\") }} steps.\n",
        "week1/explore.ipynb": notebook("# Explore\n\nIt takes {{ fact(\"linreg\", \"steps_to_tolerance\") }} steps, "
                                        "written `{{ fact(\"linreg\", \"steps_to_tolerance\") }}`.\n\n"
                                        "![fit](../media/final_fit.png)"),
    })
    original = (course / "week1" / "explore.ipynb").read_text()
    site, log = build(project, course)
    page = _text((site / "week1" / "explore.html").read_text(encoding="utf-8"))
    steps = _quoted(project, "linreg", "steps_to_tolerance")
    assert f"It takes {steps} steps, written {{{{ fact(\"linreg\", \"steps_to_tolerance\") }}}}." in page
    assert "print('![no](code.png)')" in page  # the code cell as saved
    assert_shows_the_medium(project, site, "week1/explore.html")
    assert (course / "week1" / "explore.ipynb").read_text() == original  # the author's notebook untouched

    (course / "week1" / "explore.ipynb").write_text(notebook("# Explore\n\n{{ fact(\"linreg\", \"nope\") }}"))
    result = snakemake(project, "--cores", "2", "site", "--config", f"docs={course}", check=False)
    said = result.stdout + result.stderr + (project / "output" / "logs" / "docs" / "site.log").read_text()
    assert result.returncode != 0 and "week1/explore.ipynb (cell 1):3: fact('linreg', 'nope')" in said


ONE_READING = {  # a course in each format built here, each embedding what its renderer shows
    "mkdocs": {"index.md": "# Course\n",
               "week1/fit.md": "# Fit\n\n![fit](../my media/final_fit.png)\n\n"
                               "<img src=\"../media/lr_gd.gif\" alt=\"steps\">\n"},
    "sphinx-rst": {"week1/fit.rst": "Fit\n===\n\n.. figure:: ../media/final_fit.png\n\n   The fit.\n\n"
                                    ".. raw:: html\n\n   <img src=\"../my%20media/lr_gd.gif\">\n"},
    "myst": {"week1/fit.md": "# Fit\n\n```{figure} ../media/final_fit.png\n:alt: fit\n```\n\n"
                             "![steps](../media/lr_gd.gif)\n"},
}


@pytest.mark.parametrize("files", ONE_READING.values(), ids=ONE_READING.keys())
def test_what_each_built_page_asks_for_is_what_was_placed(project, tmp_path, files):
    course = write(tmp_path / "course", files)
    site, log = build(project, course)
    placed = set(json.loads((course / ".gdmedia-placed.json").read_text())["placed"])
    asked = _requested(site, "week1/fit.html")
    assert asked and all(f.is_file() and f.is_relative_to(site.resolve()) for f in asked), asked
    built = {(project / "output" / medium).read_bytes() for medium in (FINAL_FIT, "lr_gd.gif")}
    assert {f.read_bytes() for f in asked} == built  # each medium asked for is the built one, and nothing else
    assert len(placed) == 2 and all((course / p).is_file() for p in placed)


MISREAD = {  # an embed its renderer shows and the notes reader reads otherwise, or not at all
    "mkdocs-wrapped": ({"index.md": "# Course\n",
                        "week1/fit.md": "# Fit\n\nA path broken over two lines, as an editor wraps it:\n"
                                        "![fit](../media/\nlr_gd.gif)\n"},
                       "week1/fit.md:4: the page week1/fit.html shows '../media/\\nlr_gd.gif', and the site has no such "
                       "file: it names the medium lr_gd.gif, but nothing was placed there",
                       "write it on one line, as CommonMark reads it: ![…](../media/lr_gd.gif)"),
    "myst-space": ({"week1/fit.md": "# Fit\n\n```{figure} ../media/final_fit.png\n```\n\n"
                                    "![steps](<../my media/lr_gd.gif>)\n"},
                   "week1/fit.md:6: the page week1/fit.html shows 'my%20media/lr_gd.gif', and the site has no such "
                   "file: it names the medium lr_gd.gif",
                   "Sphinx reads no path with a space (nor a %20 for one)"),
}


@pytest.mark.parametrize("files, says, how", MISREAD.values(), ids=MISREAD.keys())
def test_an_embed_read_otherwise_fails_the_site_naming_note_medium_and_how_to_write_it(project, tmp_path, files,
                                                                                        says, how):
    course = write(tmp_path / "course", files)
    result = snakemake(project, "--cores", "2", "site", "--config", f"docs={course}", check=False)
    said = result.stdout + result.stderr + (project / "output" / "logs" / "docs" / "site.log").read_text()
    assert result.returncode != 0
    assert says in said and how in said


def test_every_bad_fact_of_a_sphinx_course_is_told_at_once_naming_the_authors_notes(project, tmp_path):
    course = write(tmp_path / "course", {
        "index.rst": "Course\n======\n\n.. toctree::\n\n   notes/a\n   notes/b\n",
        "notes/a.md": "# A\n\nFine {fact}`linreg critical_step`.\n\nBad {fact}`linreg nosuch`.\n",
        "notes/b.rst": "B\n=\n\nAlso bad :fact:`linreg`.\n\nAnd {{ fact(\"linreg\") }}.\n",
    })
    result = snakemake(project, "--cores", "2", "site", "--config", f"docs={course}", check=False)
    log = (project / "output" / "logs" / "docs" / "site.log").read_text()
    assert result.returncode != 0
    assert "notes/a.md:5: fact role `linreg nosuch`" in log  # a MyST role, a reST role and a placeholder:
    assert "notes/b.rst:4: fact role `linreg`" in log  # every one told, in one run
    assert "notes/b.rst:6:" in log and "1 argument" in log
    assert "Traceback" not in log and "sphinx-doc/sphinx/issues" not in log  # the author's error, not a crash
    assert "site-work" not in log  # the notes as the author has them, not the build's copy
