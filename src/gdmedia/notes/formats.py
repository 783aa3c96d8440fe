"""Readers for notebooks, reStructuredText and LaTeX; each yields :class:`.record.Found`.

- Jupyter (``.ipynb``, read by nbformat): the Markdown of markdown cells; code
  cells and outputs are never embeds, and ``attachment:`` references are the
  notebook's own (left alone, as URLs are).
- reStructuredText (read by docutils): ``image`` and ``figure`` directives
  (substitutions included) and ``raw:: html``; comments and literal blocks are
  text.  Reading never includes a file (``file_insertion_enabled`` off).
- LaTeX (a small tokenizer): ``\\includegraphics[…]{path}``, searched in the
  note's folder, then each ``\\graphicspath`` folder, as TeX does; ``%``
  comments, ``\\verb`` and verbatim-like environments are skipped.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from . import html, markdown
from .record import DocsError, Found, literal, web


def notebook(text: str, note: Path):
    import nbformat

    try:
        book = nbformat.reader.reads(text)
    except Exception as error:  # nbformat raises a NotJSONError or a bare ValueError
        raise DocsError(f"{note}: not a Jupyter notebook nbformat can read ({error.__class__.__name__})") from None
    budget = [markdown.MARKUP_LIMIT]
    for number, cell in enumerate(book.get("cells", []), start=1):
        if cell.get("cell_type") == "markdown":
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else source
            yield from markdown.embeds(source, 1, number, budget)


RST_SETTINGS = {
    "report_level": 5, "halt_level": 5, "warning_stream": io.StringIO(),
    "file_insertion_enabled": False, "raw_enabled": True, "input_encoding": "unicode",
    "syntax_highlight": "none", "_disable_config": True,
}


RST_MAY_EMBED = re.compile(r"\b(?:image|figure|raw)\s*::", re.IGNORECASE)


def rst(text: str, note: Path):
    if not RST_MAY_EMBED.search(text):
        return  # no directive that embeds: nothing for docutils to find
    from docutils import nodes
    from docutils.core import publish_doctree

    tree = publish_doctree(text, source_path=str(note), settings_overrides=dict(RST_SETTINGS, warning_stream=io.StringIO()))
    for node in tree.findall(lambda n: isinstance(n, (nodes.image, nodes.raw))):
        line = _line(node)
        if isinstance(node, nodes.image):
            kind = "figure directive" if isinstance(node.parent, nodes.figure) else "image directive"
            yield web(line, node["uri"], kind)
        elif "html" in node.get("format", "").split():
            yield from html.embeds(node.astext(), line + 2)  # the directive, a blank line, then the HTML


def _line(node) -> int:
    """The note line a docutils node came from (an image in a figure carries none itself)."""
    while node is not None:
        if node.line:
            return node.line
        node = node.parent
    return 1


LATEX_TOKEN = re.compile(r"\\(includegraphics|graphicspath|begin|verb)\b\*?|\\.|%", re.DOTALL)
VERBATIM = ("verbatim", "Verbatim", "lstlisting", "minted", "comment", "filecontents")


def latex(text: str, note: Path):
    folders = [""]
    pos, line, counted = 0, 1, 0
    while (token := LATEX_TOKEN.search(text, pos)) is not None:
        line += text.count("\n", counted, token.start())
        counted = token.start()
        pos, word = token.end(), token.group(1)
        if token.group(0) == "%":
            newline = text.find("\n", pos)
            pos = len(text) if newline < 0 else newline
        elif word == "verb" and pos < len(text):
            close = text.find(text[pos], pos + 1)
            pos = len(text) if close < 0 else close + 1
        elif word == "begin":
            name, after = _group(text, pos, "{", "}")
            if name in VERBATIM:
                close = text.find(f"\\end{{{name}}}", after)
                pos = len(text) if close < 0 else close
            else:
                pos = max(pos, after)
        elif word == "graphicspath":
            paths, pos = _group(text, pos, "{", "}")
            folders = [""] + re.findall(r"\{([^{}]*)\}", paths or "")
        elif word == "includegraphics":
            _, pos = _group(text, pos, "[", "]")
            path, pos = _group(text, pos, "{", "}")
            if path is not None:
                yield _search(note, line, path.strip(), folders)


def _search(note: Path, line: int, path: str, folders: list[str]) -> Found:
    """The file TeX would take: the first folder holding it, else (to be placed) the first ``\\graphicspath`` one."""
    candidates = [f"{folder.rstrip('/') + '/' if folder else ''}{path}" for folder in folders]
    for candidate in candidates:
        if (note.parent / candidate).is_file():
            return literal(line, candidate, "\\includegraphics")
    return literal(line, candidates[min(1, len(candidates) - 1)], "\\includegraphics")


def _group(text: str, pos: int, opening: str, closing: str):
    """The balanced ``{…}`` or ``[…]`` at ``pos`` (after spaces): (content, offset after), or (None, pos)."""
    start = pos
    while start < len(text) and text[start] in " \t\n":
        start += 1
    if start >= len(text) or text[start] != opening:
        return None, pos
    depth, i = 0, start
    while i < len(text):  # one pass; an unbalanced group runs to the end of the text
        char = text[i]
        if char == "\\":
            i += 2
            continue
        depth += (char == opening) - (char == closing)
        if depth == 0:
            return text[start + 1 : i], i + 1
        i += 1
    return None, len(text)


READERS = {".md": markdown.embeds, ".markdown": markdown.embeds, ".qmd": markdown.embeds, ".rmd": markdown.embeds,
           ".ipynb": notebook, ".rst": rst, ".tex": latex}


def read(suffix: str, text: str, note: Path):
    """Every embed in one note, by the reader for its format."""
    reader = READERS[suffix.lower()]
    if reader is markdown.embeds:
        return list(markdown.embeds(text))
    return list(reader(text, note))
