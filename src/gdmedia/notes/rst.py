"""The reStructuredText reader: ``image`` and ``figure`` directives (substitutions included) and ``raw:: html``.

docutils' own rST parser reads the note, so comments, literal blocks and
``code-block`` contents are text, never embeds.  Only the parser runs (no
reader, transforms or writer; one parser and one settings object for the whole
run), with ``file_insertion_enabled`` off so reading never includes a file.

Two shortcuts keep a course of hundreds of notes fast, each one exact:

- A note with no ``image::``, ``figure::``, ``raw::`` or ``role::`` (any case,
  any spaces before ``::``) is not parsed: docutils makes an image or raw node
  only from those directives (English names are the only ones with the default
  ``language_code``), or inline from a role a ``role::`` directive derives
  from ``raw``.
- Inline markup (three quarters of docutils' time) is not parsed unless the
  note defines a role: the block structure (what is a directive, a comment, a
  literal block) never depends on it, and without a custom role no inline
  markup makes an image or raw node.  ``full=True`` parses it anyway (tests
  check both ways agree).
"""

from __future__ import annotations

import io
import re
from functools import lru_cache
from pathlib import Path

from gdmedia.notes import html
from gdmedia.notes.record import web

MAY_EMBED = re.compile(r"(?:image|figure|raw|role)\s*::", re.IGNORECASE)
DEFINES_ROLE = re.compile(r"role\s*::", re.IGNORECASE)
SETTINGS = {
    "report_level": 5, "halt_level": 5, "file_insertion_enabled": False, "raw_enabled": True,
    "syntax_highlight": "none", "language_code": "en", "_disable_config": True,
}


@lru_cache(maxsize=1)
def _settings():
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser

    settings = get_default_settings(Parser)
    for key, value in SETTINGS.items():
        setattr(settings, key, value)
    settings.warning_stream = io.StringIO()  # nothing is written at report level 5; never a terminal
    return settings


@lru_cache(maxsize=2)
def _parser(full: bool):
    from docutils import nodes
    from docutils.parsers.rst import Parser
    from docutils.parsers.rst.states import Inliner

    class PlainText(Inliner):
        """Inline text taken as it is written: no roles, links or emphasis (none of them embeds)."""

        def init_customizations(self, settings):
            pass

        def parse(self, text, lineno, memo, parent):
            return [nodes.Text(text)], []

    return Parser() if full else Parser(inliner=PlainText())


def embeds(text: str, note: Path, full: bool = False):
    """Every embed in a reStructuredText note."""
    if not MAY_EMBED.search(text):
        return
    from docutils import nodes
    from docutils.utils import new_document

    document = new_document(str(note), _settings())
    full = full or DEFINES_ROLE.search(text) is not None
    if full:
        from docutils.parsers.rst import roles

        # docutils keeps a role a note defines for every later document; each note stands alone.
        known = dict(roles._roles)
        try:
            _parser(True).parse(text, document)
        finally:
            roles._roles.clear()
            roles._roles.update(known)
    else:
        _parser(False).parse(text, document)
    for node in document.findall(lambda n: isinstance(n, (nodes.image, nodes.raw))):
        line = _line(node)
        if isinstance(node, nodes.image):
            kind = "figure directive" if isinstance(node.parent, nodes.figure) else "image directive"
            yield web(line, node["uri"], kind)
        elif "html" in node.get("format", "").split():
            # A raw directive: its HTML starts after the directive line and a blank line; a raw role: on its line.
            yield from html.embeds(node.astext(), line if isinstance(node.parent, nodes.TextElement) else line + 2)


def _line(node) -> int:
    """The note line a docutils node came from (an image in a figure carries none itself)."""
    while node is not None:
        if node.line:
            return node.line
        node = node.parent
    return 1
