"""Walk a notes folder, read each note by its format, and turn what it embeds into placements.

Each note is read once, by the reader for its suffix (:data:`.formats.READERS`).
A reference is then read as the site will ask for it (:mod:`.record`) and
resolved against its note, lexically, as a browser resolves a URL; whatever
leaves the notes folder (by ``..``, by an absolute path or through a link) is
refused, naming note, line and reference.  The file name names the medium
(``../images/lr_gd.gif`` → ``lr_gd``, as a GIF).  A reference to a file that
exists and that no medium makes is the author's own: accepted and left alone.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .. import renditions
from .cache import Cache
from .formats import READERS, read
from .record import DocsError, Found

HIDDEN = (".", "_build", "__pycache__")  # folders no course publishes: .git, .ipynb_checkpoints, build output


@dataclass(frozen=True)
class Embed:
    """One medium a note embeds, and where the built file must land."""

    note: Path
    line: int
    reference: str
    medium: str
    extension: str
    target: Path  # absolute path inside the notes folder
    kind: str = "markdown image"
    cell: int | None = None


def notes(root: Path) -> list[Path]:
    """Every note below ``root`` in a format some reader knows, in a stable order."""
    found = []
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith(HIDDEN))
        found += [Path(folder, f) for f in files if not f.startswith(".") and Path(f).suffix.lower() in READERS]
    return sorted(found)


def read_note(note: Path, root: Path, data: bytes | None = None) -> list[Found]:
    """What one note embeds; a note that is not UTF-8 or that no reader can take is refused by name."""
    name = note.relative_to(root)
    data = note.read_bytes() if data is None else data
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise DocsError(f"{name}:{line}: not UTF-8 (byte {error.start}: {data[error.start]:#04x}); "
                        "save the note as UTF-8") from None
    try:
        return read(note.suffix, text.removeprefix("\ufeff"), note)
    except DocsError as error:
        raise DocsError(f"{name}: {error}".replace(f"{name}: {note}: ", f"{name}: ")) from None


def scan(folder: str | Path, produces: dict[str, set[str]], cache: str | Path | None = None) -> list[Embed]:
    """Every embed below ``folder``; ``produces`` maps medium name → the extensions it makes.

    Each note is read once; with ``cache`` (a file), a note read before with the same bytes is not parsed again.
    """
    root = Path(folder).resolve()
    if not root.is_dir():
        raise DocsError(f"docs: {folder} is not a folder of notes")
    memo = Cache(cache)
    embeds = []
    for note in notes(root):
        data = note.read_bytes()
        for found in memo.lookup(note.suffix, data, lambda: read_note(note, root, data)):
            embed = place(root, note, found, produces)
            if embed is not None:
                embeds.append(embed)
    memo.save()
    return embeds


def where(root: Path, note: Path, found: Found) -> str:
    cell = f"cell {found.cell}:" if found.cell is not None else ""
    return f"{note.relative_to(root)}:{cell}{found.line}: {found.reference!r}"


def place(root: Path, note: Path, found: Found, produces: dict[str, set[str]]) -> Embed | None:
    """The embed a reference asks the pipeline to place; None for a URL or the author's own file."""
    if found.path is None:
        return None
    at = where(root, note, found)
    known = "known media: " + ", ".join(f"{m}.{e}" for m in sorted(produces) for e in sorted(produces[m]))
    path = PurePosixPath(found.path)
    if any(ord(c) < 32 for c in found.path) or not path.name:
        raise DocsError(f"{at} is not a file name a browser can ask for ({known})")
    if path.is_absolute():
        raise DocsError(f"{at} is an absolute path; write it relative to the note ({known})")
    target = Path(os.path.normpath(note.parent / path))  # '..' resolved by name, as a browser does
    if not target.is_relative_to(root) or not Path(os.path.realpath(target)).is_relative_to(root):
        raise DocsError(f"{at} points outside the notes folder {root} ({known})")
    if (found.kind == "\\includegraphics" and renditions.parse(path.name, produces) is None
            and renditions.parse(f"{path.name}.png", produces)):
        path, target = path.with_name(path.name + ".png"), target.with_name(target.name + ".png")  # TeX tries .png
    # NAME[.dark][@2x].EXT: the medium's rendition; the embed's "medium" is its stem (lr_gd.dark@2x).
    rendition = renditions.parse(path.name, produces)
    if rendition is None:
        if target.is_file():
            return None  # the author's own image: theirs to keep, never touched
        raise DocsError(f"{at} names no medium this config makes and no file in the notes folder; {known}; "
                        f"variants: {renditions.allowed(produces)}")
    return Embed(note, found.line, found.reference, rendition.stem, rendition.ext, target, found.kind, found.cell)


def unused(embeds: list[Embed], media: list[str]) -> list[str]:
    """Media no note embeds."""
    used = {renditions.medium_of(e.medium) for e in embeds}
    return [m for m in media if m not in used]
