"""What each note embeds, remembered by the note's content, so an unchanged course is not parsed again.

A dry run reads every note; parsing a few hundred (docutils above all) takes
seconds, hashing them milliseconds.  The cache maps SHA-256 of (the readers'
own source, the note's format, the note's bytes) to what the reader found, so
an edit to a note or to a reader is always read afresh.  LaTeX is never
cached: where ``\\includegraphics`` lands depends on which files exist.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from gdmedia.notes.record import Found

LIMIT = 20_000  # entries kept; the least recently used go first
UNCACHED = {".tex"}


@lru_cache(maxsize=1)
def readers_digest() -> bytes:
    """The readers' own source: a change to any of them invalidates every entry."""
    sha = hashlib.sha256()
    for source in sorted(Path(__file__).parent.glob("*.py")):
        sha.update(source.read_bytes())
    return sha.digest()


class Cache:
    def __init__(self, path: str | Path | None):
        self.path = Path(path) if path else None
        self.entries: dict[str, list] = {}
        self.used: dict[str, list] = {}
        if self.path is not None and self.path.is_file():
            try:
                self.entries = dict(json.loads(self.path.read_text(encoding="utf-8")))
            except (ValueError, TypeError):
                self.entries = {}  # a damaged cache is only a slower run

    def lookup(self, suffix: str, data: bytes, read) -> list[Found]:
        """What ``read()`` finds in a note with these bytes, from the cache when it was read before."""
        if self.path is None or suffix.lower() in UNCACHED:
            return read()
        key = hashlib.sha256(readers_digest() + suffix.lower().encode() + b"\0" + data).hexdigest()
        if key in self.entries:
            found = [Found(*fields) for fields in self.entries[key]]
        else:
            found = read()
        self.used[key] = [[f.line, f.reference, f.kind, f.path, f.cell] for f in found]
        return found

    def save(self) -> None:
        """Write what this run read, and as many older entries as the limit leaves room for."""
        if self.path is None or all(key in self.entries for key in self.used):
            return
        older = [(k, v) for k, v in self.entries.items() if k not in self.used]
        merged = dict(older[max(0, len(older) - max(0, LIMIT - len(self.used))):])
        merged.update(self.used)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".part")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(merged, out)
            os.replace(temporary, self.path)
        except OSError:
            Path(temporary).unlink(missing_ok=True)  # a cache that cannot be written is only a slower run
