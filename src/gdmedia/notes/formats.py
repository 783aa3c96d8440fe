"""Which reader reads a note, and the LaTeX reader; each reader yields :class:`.record.Found`.

- Markdown, MyST, Quarto: :mod:`.markdown` (markdown-it-py);
- Jupyter (``.ipynb``): :mod:`.notebook`;
- reStructuredText: :mod:`.rst` (docutils, imported only when a note needs it);
- LaTeX (a small tokenizer, here): ``\\includegraphics[…]{path}``, searched in the
  note's folder, then each ``\\graphicspath`` folder, as TeX does; ``%``
  comments, ``\\verb`` and verbatim-like environments are skipped.
"""

from __future__ import annotations

import re
from pathlib import Path

from gdmedia.notes import markdown, notebook, rst
from gdmedia.notes.record import Found, literal


LATEX_TOKEN = re.compile(r"\\(includegraphics|graphicspath|begin|verb)\b\*?|\\.|%", re.DOTALL)
VERBATIM = ("verbatim", "Verbatim", "lstlisting", "minted", "comment", "filecontents")


def latex(text: str, note: Path):
    if "includegraphics" not in text:
        return  # the only command that embeds
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


# Suffix → the format whose reader reads it.
READERS = {".md": "markdown", ".markdown": "markdown", ".qmd": "markdown", ".rmd": "markdown",
           ".ipynb": "jupyter", ".rst": "rst", ".tex": "latex"}


def read(suffix: str, text: str, note: Path) -> list[Found]:
    """Every embed in one note, by the reader for its format; a note with no mark that could embed is not parsed."""
    form = READERS[suffix.lower()]
    if form == "markdown":
        return list(markdown.embeds(text)) if markdown.may_embed(text) else []
    if form == "jupyter":
        return list(notebook.embeds(text))
    if form == "rst":
        return list(rst.embeds(text, note))
    return list(latex(text, note))
