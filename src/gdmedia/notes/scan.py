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
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from gdmedia.web import renditions
from gdmedia.notes.cache import Cache
from gdmedia.notes.formats import READERS, read
from gdmedia.notes.record import DocsError, Found

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
        found += [os.path.join(folder, f) for f in files
                  if not f.startswith(".") and os.path.splitext(f)[1].lower() in READERS]
    return [Path(f) for f in sorted(found, key=lambda f: f.split(os.sep))]  # as Paths sort: part by part


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
    memo, real, placed = Cache(cache), {}, {}
    embeds = []
    for note in notes(root):
        data = note.read_bytes()
        for found in memo.lookup(note.suffix, data, lambda: read_note(note, root, data)):
            # Notes of one folder often embed the same file: where it lands is worked out once.
            key = (note.parent, found.path, found.kind == "\\includegraphics")
            if key not in placed:
                placed[key] = place(root, note, found, produces, real)
            embed = placed[key]
            if embed is not None:
                embeds.append(replace(embed, note=note, line=found.line, reference=found.reference, kind=found.kind,
                                      cell=found.cell))
    memo.save()
    return embeds


def where(root: Path, note: Path, found: Found) -> str:
    cell = f"cell {found.cell}:" if found.cell is not None else ""
    return f"{note.relative_to(root)}:{cell}{found.line}: {found.reference!r}"


def medium_of(path: PurePosixPath, produces: dict[str, set[str]]) -> renditions.Rendition | None:
    """The rendition a referenced file names (``../images/lr_gd.dark@2x.gif`` → lr_gd, dark, 2×, gif), or None.

    The one place a reference becomes a medium name; the names are read by ``gdmedia.web.renditions``.
    """
    return renditions.parse(path.name, produces)


def place(root: Path, note: Path, found: Found, produces: dict[str, set[str]],
          real: dict[str, str] | None = None) -> Embed | None:
    """The embed a reference asks the pipeline to place; None for a URL or the author's own file.

    ``real`` remembers, across one scan, where each target resolves (links followed).
    """
    if found.path is None:
        return None

    path = PurePosixPath(found.path)
    if any(ord(c) < 32 for c in found.path) or not path.name:
        raise DocsError(f"{where(root, note, found)} is not a file name a browser can ask for ({_known(produces)})")
    if path.is_absolute():
        raise DocsError(f"{where(root, note, found)} is an absolute path; write it relative to the note "
                        f"({_known(produces)})")
    target = os.path.normpath(os.path.join(note.parent, found.path))  # '..' resolved by name, as a browser does
    real = {} if real is None else real
    if target not in real:
        real[target] = os.path.realpath(target)
    if not _inside(target, root) or not _inside(real[target], root):
        raise DocsError(f"{where(root, note, found)} points outside the notes folder {root} ({_known(produces)})")
    rendition = medium_of(path, produces)
    if rendition is None and found.kind == "\\includegraphics":
        rendition = medium_of(path.with_name(path.name + ".png"), produces)  # TeX tries .png for a bare name
        target = target + ".png" if rendition else target
    if rendition is None:
        if os.path.isfile(target):
            return None  # the author's own image: theirs to keep, never touched
        raise DocsError(f"{where(root, note, found)} names no medium this config makes and no file in the notes "
                        f"folder; {_known(produces)}; variants: {renditions.allowed(produces)}")
    # The embed's "medium" is the rendition's stem (lr_gd.dark@2x), its extension the format.
    return Embed(note, found.line, found.reference, rendition.stem, rendition.ext, Path(target), found.kind,
                 found.cell)


def _known(produces: dict[str, set[str]]) -> str:
    return "known media: " + ", ".join(f"{m}.{e}" for m in sorted(produces) for e in sorted(produces[m]))


def _inside(path: str, root: Path) -> bool:
    return path == str(root) or path.startswith(str(root).rstrip(os.sep) + os.sep)


def unused(embeds: list[Embed], media: list[str]) -> list[str]:
    """Media no note embeds."""
    used = {renditions.medium_of(e.medium) for e in embeds}
    return [m for m in media if m not in used]
