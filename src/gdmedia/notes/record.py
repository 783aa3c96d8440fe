"""The one record every note reader yields, and how a browser reads a path.

A reader finds where a note embeds a file; this module owns what it yields
(:class:`Found`) and how a reference becomes a path relative to its note:
for the web formats as a browser reads it (entities are already decoded by the
HTML reader; here ``?query`` and ``#fragment`` go, ``\\`` becomes ``/`` and
percent-escapes are decoded, so ``my%20media/`` is ``my media/`` and
``%2e%2e/`` is ``../``), for LaTeX as TeX reads it (literally).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

URL = re.compile(r"^[a-z][a-z0-9+.-]*:|^//", re.IGNORECASE)  # http:, data:, attachment:, //host …


class DocsError(ValueError):
    """A note refers to something the pipeline cannot place; the message says where."""


@dataclass(frozen=True)
class Found:
    """One embed a reader found: where it is, what the author wrote, what kind of embed it is.

    ``line`` counts from 1 in the note (in a notebook: in the cell ``cell``, counted from 1).
    ``path`` is the file the reference asks for, relative to the note, ``None`` for a URL.
    """

    line: int
    reference: str
    kind: str
    path: str | None
    cell: int | None = None


def web(line: int, reference: str, kind: str, cell: int | None = None) -> Found:
    """A reference read as a browser reads a URL relative to the page."""
    reference = reference.strip()
    if not reference or URL.match(reference):
        return Found(line, reference, kind, None, cell)
    path = re.split(r"[?#]", reference, maxsplit=1)[0].replace("\\", "/")
    return Found(line, reference, kind, unquote(path, errors="strict"), cell)


def literal(line: int, reference: str, kind: str) -> Found:
    """A reference read literally (LaTeX): no URL decoding."""
    reference = reference.strip()
    return Found(line, reference, kind, None if URL.match(reference) else reference)
