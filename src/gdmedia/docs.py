"""Notes drive the build: find the media a folder of Markdown notes embeds.

A note embeds a medium with ``![alt](path)``, ``<img src="path">``,
``<video src="path" poster="path">`` or ``<source src="path">``.  Each path is resolved
against its note and must stay inside the notes folder; its file name names
the medium (``../images/lr_gd.gif`` → the medium ``lr_gd``, as a GIF).  URLs
are left alone, and so is a file the author made: a reference that names no
medium but points at a file that exists inside the notes folder.  Anything
else is refused with the note, the line, the reference and the media names
that exist, before anything is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

MARKDOWN_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HTML_TAG = re.compile(r"<(?:img|video|source)\b[^>]*>", re.IGNORECASE)
HTML_SOURCE = re.compile(r"\b(?:src|poster)\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE)
URL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)  # http:, https:, data:, mailto: …


class DocsError(ValueError):
    """A note refers to something the pipeline cannot place; the message says where."""


@dataclass(frozen=True)
class Embed:
    """One medium a note embeds, and where the built file must land."""

    note: Path
    line: int
    reference: str
    medium: str
    extension: str
    target: Path  # absolute path inside the notes folder


def references(text: str):
    """(line number, reference) for every embedded path in a note, in order."""
    for number, line in enumerate(text.splitlines(), start=1):
        found = [(m.start(), m.group(1)) for m in MARKDOWN_IMAGE.finditer(line)]
        for tag in HTML_TAG.finditer(line):
            found += [(tag.start() + m.start(), m.group(1)) for m in HTML_SOURCE.finditer(tag.group(0))]
        for _, reference in sorted(found):
            yield number, reference


def scan(folder: str | Path, produces: dict[str, set[str]]) -> list[Embed]:
    """Every embed below ``folder``; ``produces`` maps medium name → the extensions it makes."""
    root = Path(folder).resolve()
    if not root.is_dir():
        raise DocsError(f"docs: {folder} is not a folder of notes")
    embeds = []
    for note in sorted(root.rglob("*.md")):
        for line, reference in references(note.read_text(encoding="utf-8")):
            if URL.match(reference):
                continue
            embed = _place(root, note, line, reference, produces)
            if embed is not None:
                embeds.append(embed)
    return embeds


def _place(root: Path, note: Path, line: int, reference: str, produces: dict[str, set[str]]) -> Embed | None:
    """The embed a reference asks the pipeline to place, or None for the author's own file."""
    where = f"{note.relative_to(root)}:{line}: {reference!r}"
    known = "known media: " + ", ".join(f"{m}.{e}" for m in sorted(produces) for e in sorted(produces[m]))
    path = PurePosixPath(reference.split("#")[0].split("?")[0])
    if path.is_absolute():
        raise DocsError(f"{where} is an absolute path; write it relative to the note ({known})")
    target = (note.parent / path).resolve()
    if not target.is_relative_to(root):
        raise DocsError(f"{where} points outside the notes folder {root} ({known})")
    medium, extension = path.stem, path.suffix.lstrip(".")
    if extension not in produces.get(medium, set()):
        if target.is_file():
            return None  # the author's own image: theirs to keep, never touched
        raise DocsError(f"{where} names no medium this config makes and no file in the notes folder; {known}")
    return Embed(note, line, reference, medium, extension, target)


def unused(embeds: list[Embed], media: list[str]) -> list[str]:
    """Media no note embeds."""
    used = {e.medium for e in embeds}
    return [m for m in media if m not in used]
