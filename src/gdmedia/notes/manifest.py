"""What the pipeline placed in a notes folder, so it removes only its own copies and overwrites nothing else.

The manifest is ``.gdmedia-placed.json`` in the notes folder: for each placed
file (path relative to the folder) its size, modification time and SHA-256 at
the moment it was placed.  A file is the pipeline's own while it still matches
that record (or has the very bytes of the medium it would be replaced by, so
copies placed before the manifest existed are adopted); anything else at a
target is the author's, and a reference that would overwrite it is refused.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import tempfile
from pathlib import Path

from gdmedia.notes.record import DocsError

NAME = ".gdmedia-placed.json"


def load(root: Path) -> dict[str, dict]:
    """relative path → record, from the folder's manifest ({} when there is none)."""
    path = root / NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {str(k): dict(v) for k, v in data["placed"].items()}
    except FileNotFoundError:
        return {}
    except (ValueError, KeyError, TypeError, AttributeError):
        raise DocsError(f"{path}: not a manifest this pipeline wrote; delete it to start afresh "
                        "(placed copies it listed are then left alone)") from None


def digest(path: Path) -> str:
    sha = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def entry(path: Path) -> dict:
    """The record of a file just placed."""
    stat = path.stat()
    return {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "sha256": digest(path)}


def ours(path: Path, record: dict | None, medium: Path | None = None) -> bool:
    """Whether the file at ``path`` is still what the pipeline placed there."""
    stat = path.stat()
    if record and (stat.st_size, stat.st_mtime_ns) == (record.get("size"), record.get("mtime_ns")):
        return True
    if record and stat.st_size == record.get("size") and digest(path) == record.get("sha256"):
        return True
    return medium is not None and medium.is_file() and medium.stat().st_size == stat.st_size \
        and digest(medium) == digest(path)


def refuse_overwrites(root: Path, embeds, built) -> None:
    """Refuse any embed whose target exists and is not the pipeline's own; ``built(embed)`` is its medium file."""
    placed = load(root)
    for embed in embeds:
        if not embed.target.exists():
            continue
        relative = embed.target.relative_to(root).as_posix()
        if not embed.target.is_file() or not ours(embed.target, placed.get(relative), built(embed)):
            cell = f"cell {embed.cell}:" if embed.cell is not None else ""
            raise DocsError(f"{embed.note.relative_to(root)}:{cell}{embed.line}: {embed.reference!r} would overwrite "
                            f"{relative}, a file the pipeline did not place; rename the reference or move the file")


def settle(root: Path, keep: dict[str, Path]) -> dict[str, list[str]]:
    """Record the placed files ``keep`` (relative path → its medium) and remove the copies no note embeds now.

    A copy is removed only while it is still the pipeline's own; one the author
    changed since is left where it is and forgotten.
    """
    before = load(root)
    removed, kept = [], []
    for relative, record in sorted(before.items()):
        path = root / relative
        if relative in keep or not path.is_file():
            continue
        if ours(path, record):
            path.unlink()
            removed.append(relative)
            _prune_empty(path.parent, root)
        else:
            kept.append(relative)
    placed = {relative: entry(root / relative) for relative in sorted(keep) if (root / relative).is_file()}
    write(root, placed)
    return {"removed": removed, "left": kept, "placed": sorted(placed)}


def record(root: Path, placed: Path, lock: Path) -> None:
    """Add one file just placed to the manifest; ``lock`` serialises the place jobs that run at once."""
    lock.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        entries = load(root)
        entries[placed.relative_to(root).as_posix()] = entry(placed)
        write(root, entries)


def _prune_empty(folder: Path, root: Path) -> None:
    """Remove folders the removed copy leaves empty, up to the notes folder."""
    while folder != root and folder.is_relative_to(root) and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def write(root: Path, placed: dict[str, dict]) -> None:
    """Write the manifest atomically (a reader never sees half of it)."""
    text = json.dumps({"version": 1, "placed": placed}, indent=1, sort_keys=True) + "\n"
    handle, temporary = tempfile.mkstemp(dir=root, prefix=f"{NAME}.", suffix=".part")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, root / NAME)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
