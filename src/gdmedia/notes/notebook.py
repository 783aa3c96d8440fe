"""The Jupyter reader: the Markdown of a notebook's markdown cells.

A notebook is JSON (nbformat's documented schema), read here by Python's own
``json``, as ``nbformat.reader.reads`` reads it, without importing nbformat,
whose import alone costs a fifth of a second.  Cells are nbformat 4's
``cells``, or nbformat 3's ``worksheets[*].cells``.  Code cells, raw cells and
outputs are never embeds; each markdown cell is Markdown of its own (Jupyter
renders each cell alone, so a reference definition never crosses cells); a cell
with no mark that could embed is not parsed; ``attachment:`` references are
the notebook's own (left alone, as URLs are).
"""

from __future__ import annotations

import json

from gdmedia.notes import markdown
from gdmedia.notes.record import DocsError


def embeds(text: str):
    """Every embed in a notebook's markdown cells; ``Found.cell`` counts cells from 1, as Jupyter shows them."""
    budget = [markdown.MARKUP_LIMIT]
    for number, cell in enumerate(cells(text), start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        if isinstance(source, list) and all(isinstance(part, str) for part in source):
            source = "".join(source)
        if not isinstance(source, str):
            raise DocsError(f"cell {number}: its source is neither text nor a list of lines")
        if markdown.may_embed(source):
            yield from markdown.embeds(source, 1, number, budget)


def cells(text: str) -> list:
    """The cells of a notebook, in order; a file that is not one is refused, saying why."""
    try:
        book = json.loads(text)
    except ValueError as error:
        raise DocsError(f"not a Jupyter notebook: not JSON ({error})") from None
    if not isinstance(book, dict) or not isinstance(book.get("nbformat"), int):
        raise DocsError("not a Jupyter notebook: no integer 'nbformat' key at the top")
    major = book["nbformat"]
    if major == 4:
        found = book.get("cells", [])
    elif major == 3:
        sheets = book.get("worksheets", [])
        found = [c for sheet in sheets if isinstance(sheet, dict) for c in sheet.get("cells", [])] \
            if isinstance(sheets, list) else None
    else:
        raise DocsError(f"nbformat {major} is not read (3 and 4 are); open and save it in Jupyter to upgrade it")
    if not isinstance(found, list):
        raise DocsError("not a Jupyter notebook: its cells are not a list")
    return found
