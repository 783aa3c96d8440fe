"""The SVGs Manim makes for formulas (latex + dvisvgm) and words (pango), shared across renders.

Every render has its own temporary media directory (parallel renders sharing
one corrupt each other), so without a shared cache every job compiled every
MathTex again (a latex and a dvisvgm process each, about half a second) and
laid out every Text again.  Manim looks an SVG up by a hash of what it shows
and how (the expression and TeX template; the text, font, size and colour), so
an SVG made once can be handed to the next render as it is:

* before a render, the cache's SVGs are copied into the render's ``tex_dir``
  and ``text_dir``, never linked: Manim rewrites a Text's SVG in place
  (``PangoUtils.remove_last_M``), which must not touch the cache;
* after it, each SVG the render made that the cache lacks is written under
  this process's part name and renamed (``os.replace``), so a render running
  beside it reads a whole file or none.

The cache lives beside Snakemake's state, ``.snakemake/gdmedia-svg-cache/``
(never in git, never a rule's input or output: a job finds it or makes it),
in a folder named by the versions of the tools that made its files, so an
upgrade of Manim, pango, latex or dvisvgm starts a new one (and removes the
old ones: no render can use them).  A render whose
working directory has no ``.snakemake`` (a test's temporary folder) uses none.
An SVG from the cache is the file the render would have made: the outputs are
the same bytes with it or without it (test_svg_cache).

It stays bounded: every render copies the whole cache in, and a formula
whose numbers come from the data is a new SVG whenever the config changes,
so each kind keeps its ``KEEP`` newest files; an SVG dropped is made again
the next time a render needs it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from gdmedia.base.lifetime import part_name

CACHE_DIR = Path(".snakemake") / "gdmedia-svg-cache"
KINDS = ("tex_dir", "text_dir")  # Manim's config keys of the folders it looks SVGs up in
# SVGs kept per kind: every default medium needs 37 formulas and 46 words (each rendition's colours
# are words of their own), so a checkout edited for months stays within a few MB.
KEEP = 1000


def tools_stamp() -> str:
    """A short hash of the versions of what makes the SVGs: Manim, ManimPango, pango, latex, dvisvgm."""
    import manim
    import manimpango

    parts = [manim.__version__, manimpango.__version__, manimpango.pango_version()]
    for tool in ("latex", "dvisvgm"):
        found = shutil.which(tool)
        if found:  # an upgrade replaces the binary: its size and time change
            stat = Path(found).resolve().stat()
            parts.append(f"{Path(found).resolve()}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:12]


def cache_root(workdir: str | Path | None = None) -> Path | None:
    """This checkout's cache folder (made if need be), or None where ``workdir`` has no ``.snakemake``."""
    workdir = Path.cwd() if workdir is None else Path(workdir)
    if not (workdir / CACHE_DIR.parent).is_dir():
        return None
    root = workdir / CACHE_DIR / tools_stamp()
    if not root.is_dir():  # new tools: what the old ones made is never looked up again
        for old in (workdir / CACHE_DIR).glob("*"):
            if old.is_dir() and old.name != root.name:
                shutil.rmtree(old, ignore_errors=True)
    root.mkdir(parents=True, exist_ok=True)
    return root


def seed(cache: Path | None, folders: dict[str, Path]) -> set[str]:
    """Copy the cached SVGs into the render's folders (``KINDS`` → path); returns the names copied."""
    seeded: set[str] = set()
    if cache is None:
        return seeded
    for kind, folder in folders.items():
        source = cache / kind
        if not source.is_dir():
            continue
        folder.mkdir(parents=True, exist_ok=True)
        for svg in source.glob("*.svg"):
            try:
                shutil.copyfile(svg, folder / svg.name)
            except FileNotFoundError:  # dropped meanwhile by a render beside this one (``prune``)
                continue
            seeded.add(f"{kind}/{svg.name}")
    return seeded


def publish(cache: Path | None, folders: dict[str, Path], seeded: set[str]) -> int:
    """Add the SVGs the render made to the cache, each whole or not at all; returns how many."""
    added = 0
    if cache is None:
        return added
    for kind, folder in folders.items():
        if not folder.is_dir():
            continue
        target_dir = cache / kind
        target_dir.mkdir(parents=True, exist_ok=True)
        for svg in folder.glob("*.svg"):
            target = target_dir / svg.name
            if f"{kind}/{svg.name}" in seeded or target.exists():
                continue
            partial = part_name(target)
            try:
                shutil.copyfile(svg, partial)
                os.replace(partial, target)
                added += 1
            finally:
                partial.unlink(missing_ok=True)
        prune(target_dir, KEEP)
    return added


def prune(folder: Path, keep: int) -> int:
    """Remove all but the ``keep`` newest SVGs (by the time each was written) in ``folder``; returns how many."""
    entries = []
    for svg in folder.glob("*.svg"):
        try:
            entries.append((svg.stat().st_mtime_ns, svg.name, svg))
        except FileNotFoundError:  # removed by a render beside this one
            continue
    entries.sort()
    dropped = entries[: max(0, len(entries) - keep)]
    for _, _, svg in dropped:
        svg.unlink(missing_ok=True)
    return len(dropped)
