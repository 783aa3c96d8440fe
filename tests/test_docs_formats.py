"""One reader per note format, on the format's own parser: each construct that embeds, and each that must not."""

import json
from pathlib import Path

import pytest

from gdmedia.notes.formats import read

NOTE = Path("/notes/course/note")


def found(suffix: str, text: str, note: Path = NOTE):
    return [(f.line, f.path, f.kind) for f in read(suffix, text, note.with_suffix(suffix))]


# --- Markdown (CommonMark, footnotes, MyST, Quarto) ---------------------------------------------

@pytest.mark.parametrize(
    "text, expected",
    [
        ("![a](a.gif)", [(1, "a.gif", "markdown image")]),
        ('![a](a.gif "title") and ![b](<b c.png>)', [(1, "a.gif", "markdown image"), (1, "b c.png", "markdown image")]),
        ("text\n![r][ref]\n\n[ref]: r.gif", [(2, "r.gif", "markdown image")]),
        ("![r]\n\n[r]: <my r.gif> 'title'", [(1, "my r.gif", "markdown image")]),
        ("Note[^1].\n\n[^1]: see ![f](f.png)", [(3, "f.png", "markdown image")]),
        ("| a |\n|---|\n| ![t](t.gif) |", [(3, "t.gif", "markdown image")]),
        ('<img src="i.gif" srcset="i1.png 1x, i2.png 2x">', [(1, "i.gif", "<img src>"), (1, "i1.png", "<img srcset>"),
                                                              (1, "i2.png", "<img srcset>")]),
        ('<picture>\n  <source srcset="p.png 750w">\n  <img src="p.gif">\n</picture>',
         [(2, "p.png", "<source srcset>"), (3, "p.gif", "<img src>")]),
        ("<video controls src='v.mp4' poster='v.png'></video>", [(1, "v.mp4", "<video src>"), (1, "v.png", "<video poster>")]),
        ('<video controls>\n<source src="s.mp4" type="video/mp4">\n</video>', [(2, "s.mp4", "<source src>")]),
        ('inline <img src="in.gif"> html', [(1, "in.gif", "<img src>")]),
        ('<img src="h.gif">\n![m](m.gif)\n<video src="v.mp4"></video>',
         [(1, "h.gif", "<img src>"), (2, "m.gif", "markdown image"), (3, "v.mp4", "<video src>")]),
        ('<img srcset="data:image/png;base64,iVBO 1x,s.png 2x,t.png, u.png">',
         [(1, None, "<img srcset>"), (1, "s.png", "<img srcset>"), (1, "t.png", "<img srcset>"), (1, "u.png", "<img srcset>")]),
    ],
    ids=["inline", "title-and-angle", "reference-style", "shortcut-reference", "footnote", "table", "img-srcset",
         "picture-source-srcset", "video-src-poster", "source-src", "inline-html", "image-in-html-block", "srcset-data-url"],
)
def test_markdown_embeds(text, expected):
    assert found(".md", text + "\n") == expected


@pytest.mark.parametrize(
    "text",
    [
        "```\n![code](fenced.gif)\n```",
        "~~~markdown\n<img src='tilde.gif'>\n~~~",
        "    ![indented](code.gif)",
        "Write `![alt](inline.gif)` to embed.",
        "<!-- ![hidden](comment.gif) -->",
        "<!--\n<img src='comment.gif'>\n-->",
        "text <!-- <img src='inline-comment.gif'> --> text",
        "\\![escaped](escaped.gif)",
        "[a link, not an image](page.gif)",
        "---\nimage: front-matter.gif\n---\n# Title",
        "```{code-cell} python\n![in code](cell.gif)\n```",
        "<script>document.write('<img src=\"script.gif\">')</script>",
        "[unused]: unused.gif",
    ],
    ids=["fenced", "tilde-fenced", "indented", "inline-code", "html-comment", "multiline-comment", "inline-comment",
         "escaped", "link", "front-matter", "myst-code-cell", "script", "unused-definition"],
)
def test_markdown_non_embeds(text):
    assert found(".md", text + "\n") == []


def test_myst_figure_and_image_directives():
    text = "# T\n\n```{figure} ../img/fig.gif\n:alt: a\n\nCaption\n```\n\n:::{image} colon.png\n:width: 50%\n:::\n"
    assert found(".md", text) == [(3, "../img/fig.gif", "{figure} directive"), (9, "colon.png", "{image} directive")]


def test_myst_admonition_content_is_markdown():
    assert found(".md", ":::{note}\nSee ![n](note.gif)\n:::\n") == [(2, "note.gif", "markdown image")]


def test_quarto_images_with_attributes_divs_and_video_shortcode():
    text = ("---\ntitle: Q\n---\n\n![fit](lr.gif){width=80% fig-align=center}\n\n"
            "::: {#fig-pair layout-ncol=2}\n![a](a.png){#fig-a}\n:::\n\n{{< video ../media/v.mp4 title=\"x\" >}}\n"
            "\n```{python}\n#| label: fig-code\nprint('![no](code.gif)')\n```\n\n`{{< video no.mp4 >}}`\n")
    assert found(".qmd", text) == [(5, "lr.gif", "markdown image"), (8, "a.png", "markdown image"),
                                   (11, "../media/v.mp4", "quarto video")]


# --- Jupyter ------------------------------------------------------------------------------------

def test_jupyter_markdown_cells_only():
    book = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "source": "# ![no](code.gif)\nprint('<img src=\"no.gif\">')", "metadata": {},
         "outputs": [{"output_type": "display_data", "data": {"text/html": "<img src='out.gif'>"}, "metadata": {}}],
         "execution_count": None},
        {"cell_type": "raw", "source": "![raw](raw.gif)", "metadata": {}},
        {"cell_type": "markdown", "metadata": {}, "source": ["# Fit\n", "\n", "![fit](../media/lr.gif)\n", "![own](attachment:pic.png)"],
         "attachments": {"pic.png": {"image/png": "iVBORw0KGgo="}}},
    ]}
    result = read(".ipynb", json.dumps(book), NOTE.with_suffix(".ipynb"))
    assert [(f.cell, f.line, f.path) for f in result] == [(3, 3, "../media/lr.gif"), (3, 4, None)]


def test_a_damaged_notebook_is_refused_by_name():
    from gdmedia.notes import DocsError

    with pytest.raises(DocsError, match="not a Jupyter notebook"):
        read(".ipynb", '{"cells": [', NOTE.with_suffix(".ipynb"))


# --- reStructuredText ---------------------------------------------------------------------------

def test_rst_image_figure_substitution_and_raw_html():
    text = ("Title\n=====\n\n.. image:: img/a.png\n   :width: 50%\n\n.. figure:: ../media/lr.gif\n\n   Caption\n\n"
            ".. |sub| image:: sub.png\n\n.. raw:: html\n\n   <video src=\"v.mp4\" poster=\"v%20p.png\"></video>\n")
    assert found(".rst", text) == [(4, "img/a.png", "image directive"), (7, "../media/lr.gif", "figure directive"),
                                   (11, "sub.png", "image directive"), (15, "v.mp4", "<video src>"),
                                   (15, "v p.png", "<video poster>")]


@pytest.mark.parametrize(
    "text",
    [
        "..\n   .. image:: commented.png\n",
        ".. this is a comment .. image:: c.png\n",
        "Example::\n\n   .. image:: literal.png\n",
        ".. code-block:: rst\n\n   .. image:: code.png\n",
        ".. raw:: latex\n\n   \\includegraphics{latex.png}\n",
        ".. include:: /etc/passwd\n",
        "``.. image:: inline-literal.png``\n",
    ],
    ids=["comment", "one-line-comment", "literal-block", "code-block", "raw-latex", "include-never-read", "inline-literal"],
)
def test_rst_non_embeds(text):
    assert found(".rst", text) == []


# --- LaTeX --------------------------------------------------------------------------------------

def test_latex_includegraphics_with_options_and_graphicspath():
    text = ("\\documentclass{article}\n\\usepackage{graphicx}\n\\graphicspath{{figs/}{../media/}}\n"
            "100\\% sure: \\includegraphics[width=0.5\\linewidth]{lr.png}\n"
            "\\includegraphics*[trim={1 2 3 4}, clip]{\n  final.png}\n")
    assert found(".tex", text) == [(4, "figs/lr.png", "\\includegraphics"), (5, "figs/final.png", "\\includegraphics")]


def test_latex_takes_the_first_folder_that_holds_the_file(tmp_path):
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "own.png").write_bytes(b"png")
    text = "\\graphicspath{{figs/}{media/}}\n\\includegraphics{own.png}\n\\includegraphics{new.png}\n"
    assert found(".tex", text, tmp_path / "note") == [(2, "media/own.png", "\\includegraphics"),
                                                       (3, "figs/new.png", "\\includegraphics")]


@pytest.mark.parametrize(
    "text",
    [
        "% \\includegraphics{commented.png}\n",
        "text % and \\includegraphics{trailing.png}\n",
        "\\begin{verbatim}\n\\includegraphics{verbatim.png}\n\\end{verbatim}\n",
        "\\begin{lstlisting}\n\\includegraphics{listing.png}\n\\end{lstlisting}\n",
        "\\verb|\\includegraphics{verb.png}|\n",
        "\\begin{comment}\n\\includegraphics{comment.png}\n\\end{comment}\n",
    ],
    ids=["comment-line", "trailing-comment", "verbatim", "lstlisting", "verb", "comment-environment"],
)
def test_latex_non_embeds(text):
    assert found(".tex", text) == []


def test_a_bare_latex_name_takes_the_png(tmp_path):
    from gdmedia.notes import scan

    (tmp_path / "paper.tex").write_text("\\includegraphics[width=\\textwidth]{figures/lr_gd}\n")
    [embed] = scan(tmp_path, {"lr_gd": {"gif", "png"}})
    assert (embed.extension, embed.target) == ("png", tmp_path / "figures" / "lr_gd.png")


# --- Only what could embed is parsed, and the shortcuts agree with the full parse ----------------

RST_NOTES = [
    "Title\n=====\n\n.. image:: img/a.png\n   :width: 50%\n\n.. figure:: ../media/lr.gif\n\n   *Caption* with `a link <x.html>`_\n",
    ".. |sub| image:: sub.png\n\nText |sub| and ``.. image:: literal.png`` and :emphasis:`x`.\n",
    "..\n   .. image:: commented.png\n\nExample::\n\n   .. image:: literal.png\n\n.. code-block:: rst\n\n   .. figure:: code.png\n",
    ".. raw:: html\n\n   <video src=\"v.mp4\" poster=\"v%20p.png\"></video>\n\n.. raw:: latex\n\n   \\includegraphics{l.png}\n",
    ".. IMAGE:: upper.png\n\n.. Figure :: spaced.png\n\n.. |S| Image:: s.png\n",
    "* a list\n\n  .. image:: in-list.png\n\n+-----+\n| .. image:: in-table.png |\n+-----+\n",
]


@pytest.mark.parametrize("text", RST_NOTES, ids=["directives", "substitution", "comment-literal-code", "raw",
                                                 "case-and-spaces", "list-and-table"])
def test_rst_without_inline_markup_finds_what_the_full_parse_finds(text):
    from gdmedia.notes import rst

    note = NOTE.with_suffix(".rst")
    assert list(rst.embeds(text, note)) == list(rst.embeds(text, note, full=True))


def test_rst_directive_names_are_read_in_any_case_and_spacing():
    assert found(".rst", RST_NOTES[4]) == [(1, "upper.png", "image directive"), (3, "spaced.png", "figure directive"),
                                           (5, "s.png", "image directive")]


def test_rst_a_role_derived_from_raw_html_embeds_on_its_line():
    text = ".. role:: raw-html(raw)\n   :format: html\n\nSee :raw-html:`<img src=\"r.png\">` here.\n"
    assert found(".rst", text) == [(4, "r.png", "<img src>")]


@pytest.mark.parametrize(
    "suffix, text",
    [
        (".md", "# Prose\n\nA [link](page.gif), *emphasis*, `code`, 3 > 2 and {note}.\n"),
        (".qmd", "---\ntitle: Q\n---\n\n::: {.callout-note}\nNo media here.\n:::\n"),
        (".rst", "Title\n=====\n\nA `link <a.gif>`_ and a note::\n\n   code\n\n.. note:: no media\n"),
        (".tex", "\\section{No media}\n\\input{other}\n"),
    ],
    ids=["markdown", "quarto", "rst", "latex"],
)
def test_a_note_with_no_mark_that_could_embed_is_not_parsed(suffix, text, monkeypatch):
    from gdmedia.notes import markdown, rst

    def refuse(*args, **kwargs):
        raise AssertionError("parsed")

    monkeypatch.setattr(markdown, "embeds", refuse)
    monkeypatch.setattr(rst, "new_document", refuse, raising=False)
    monkeypatch.setattr(rst, "_parser", refuse)
    assert found(suffix, text) == []


def test_a_notebook_cell_with_no_mark_that_could_embed_is_not_parsed(monkeypatch):
    from gdmedia.notes import markdown

    parsed = []
    real = markdown.embeds
    monkeypatch.setattr(markdown, "embeds", lambda text, *a: parsed.append(text) or real(text, *a))
    book = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "markdown", "metadata": {}, "source": "Only prose."},
        {"cell_type": "markdown", "metadata": {}, "source": "![fit](lr.gif)"}]}
    assert [(f.cell, f.path) for f in read(".ipynb", json.dumps(book), NOTE.with_suffix(".ipynb"))] == [(2, "lr.gif")]
    assert parsed == ["![fit](lr.gif)"]


def test_an_nbformat_3_notebook_is_read_and_an_older_one_refused():
    from gdmedia.notes import DocsError

    book = {"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": [{"cells": [
        {"cell_type": "code", "input": "![no](code.gif)", "outputs": []},
        {"cell_type": "markdown", "source": ["Fit\n", "![fit](lr.gif)"]}]}]}
    assert [(f.cell, f.line, f.path) for f in read(".ipynb", json.dumps(book), NOTE)] == [(2, 2, "lr.gif")]
    with pytest.raises(DocsError, match="nbformat 2 is not read"):
        read(".ipynb", json.dumps({"nbformat": 2, "worksheets": []}), NOTE)
    with pytest.raises(DocsError, match="cell 1: its source is neither text nor a list of lines"):
        read(".ipynb", json.dumps({"nbformat": 4, "cells": [{"cell_type": "markdown", "source": 3}]}), NOTE)


def test_rst_a_role_one_note_defines_is_not_known_to_the_next(tmp_path):
    from gdmedia.notes import scan

    (tmp_path / "a.rst").write_text(".. role:: raw-html(raw)\n   :format: html\n\n:raw-html:`<img src=\"own.png\">`\n")
    (tmp_path / "b.rst").write_text(".. role:: other\n\n:raw-html:`<img src=\"missing.png\">`\n")
    (tmp_path / "own.png").write_bytes(b"png")
    assert scan(tmp_path, {"lr_gd": {"gif"}}) == []  # b.rst's role is unknown text: no embed, so nothing refused


# --- A tag with a malformed attribute: markdown-it reads text, a browser still makes the element -------

@pytest.mark.parametrize(
    "text, expected",
    [
        ('<video controls src="v.mp4" aria-label="say "hi" now"></video>', [(1, "v.mp4", "<video src>")]),
        ("Before\n\nSee <video src='../media/v.mp4' poster=p.png x=a\"b> here.",
         [(3, "../media/v.mp4", "<video src>"), (3, "p.png", "<video poster>")]),
        ('*Look*: <img src="i.gif" alt="a "quoted" word"> and ![m](m.gif)',
         [(1, "i.gif", "<img src>"), (1, "m.gif", "markdown image")]),
        ('<video\n  src="two.mp4" bad"attr></video>', [(1, "two.mp4", "<video src>")]),
    ],
    ids=["quote-in-quoted-value", "inline-unquoted-with-quote", "img-with-markdown", "over-two-lines"],
)
def test_a_tag_with_a_malformed_attribute_embeds_as_a_browser_reads_it(text, expected):
    assert found(".md", text + "\n") == expected


@pytest.mark.parametrize(
    "text",
    [
        'Write `<video src="code.mp4" x=a"b>` to embed.',
        'Write ``<video src="double.mp4" x=a"b>`` (two backticks).',
        '\\<video src="escaped.mp4" x=a"b>',
        '&lt;video src="entity.mp4" x=a"b>',
    ],
    ids=["code-span", "double-backtick-span", "escaped", "entity"],
)
def test_a_malformed_tag_in_code_or_escaped_is_text(text):
    assert found(".md", text + "\n") == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ('Inline <img src="../`touch X`/lr_gd.gif"> here', [(1, "../`touch X`/lr_gd.gif", "<img src>")]),
        ('![a](a.gif)\n<img src="b`c`d.gif">', [(1, "a.gif", "markdown image"), (2, "b`c`d.gif", "<img src>")]),
        ('A \\` then <img src="e\\`f.gif"> and `code`', [(1, "e/`f.gif", "<img src>")]),
    ],
    ids=["backticks-in-attribute", "after-an-image-line", "escape-inside-attribute"],
)
def test_a_tag_that_starts_first_wins_over_a_code_span(text, expected):
    # CommonMark 6.6: raw HTML and code spans bind alike, the leftmost first; the path reaches no shell.
    assert found(".md", text + "\n") == expected


@pytest.mark.parametrize(
    "text",
    ['A `<img src="code.gif">` in code', 'A `span <img src="x`y.gif">'],
    ids=["tag-in-code-span", "code-span-that-starts-first"],
)
def test_a_code_span_that_starts_first_wins_over_a_tag(text):
    assert found(".md", text + "\n") == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a <!-- `x` --> b", "a <!-- `x` --> b"),  # a comment: its backticks are its own
        ("a <!-- `x` b", "a <!--     b"),  # never closed, so no comment: the backticks make a code span
        ("a <? `x` ?> b", "a <? `x` ?> b"),
        ("a <? `x` b", "a <?     b"),
        ("a <![CDATA[ `x` b", "a <![CDATA[     b"),
    ],
    ids=["comment", "unclosed-comment", "instruction", "unclosed-instruction", "unclosed-cdata"],
)
def test_only_a_whole_tag_wins_over_a_code_span(text, expected):
    from gdmedia.notes.markdown import browser_html

    assert browser_html(text) == expected


def test_an_unclosed_code_span_leaves_the_tag_after_it_to_the_browser():
    assert found(".md", 'A ` alone, then <video src="v.mp4" x=a"b>\n') == [(1, "v.mp4", "<video src>")]
