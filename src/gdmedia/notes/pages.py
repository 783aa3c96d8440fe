"""What a built site shows against what it has: every file a page asks for must be in the site.

The notes reader (markdown-it, docutils, a TeX tokenizer) decides what is
placed; the renderer (Python-Markdown under MkDocs, nbconvert for notebooks,
Sphinx, MyST) decides what a page shows.  Where the two read a note
differently, e.g. ``![fit](../my media/lr_gd.gif)`` (an image to
Python-Markdown, text to CommonMark), the page asks for a file nothing placed:
a broken image on a site that built.  So after the build every page's
``<img src/srcset>``, ``<source src/srcset>``, ``<video src/poster>`` and
``<audio src>`` is resolved against the page as a browser resolves it, and a
local file missing from the site is reported with the page's note, the line
that asks for it and, where the name names a medium, how to write it so the
reader sees it too.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath
from urllib.parse import quote, unquote, urlsplit

from gdmedia.notes import html

NOTE_SUFFIXES = (".md", ".ipynb", ".rst", ".markdown")  # what MkDocs and Sphinx make pages of


class SiteError(RuntimeError):
    """A site that cannot be built because of what its notes say (pages asking for files the site does not
    have, placeholders naming no fact, a LaTeX note that does not compile); the message names note and line."""


def requests(page: str) -> list[str]:
    """Every URL a page's media elements ask for (``src``, ``srcset``, ``poster``), in order."""
    asked = []
    for _, tag, attrs in html.tags(page):
        for attribute in html.EMBEDDING.get(tag, ()):
            value = attrs.get(attribute, "").strip()
            if value:
                asked += html.srcset(value) if attribute == "srcset" else [value]
    return asked


def local_file(site_dir: Path, page: Path, url: str) -> Path | None:
    """The file in the site ``url`` names from ``page`` (query and fragment dropped), or None for another site's."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    base = site_dir if path.startswith("/") else page.parent
    return Path(os.path.normpath(base / path.lstrip("/")))


def note_of(root: Path, site_dir: Path, page: Path) -> Path | None:
    """The note a page was built from: same path, a note's suffix (``index.html`` also from ``README.md``)."""
    relative = page.relative_to(site_dir).with_suffix("")
    names = [relative.with_suffix(suffix) for suffix in NOTE_SUFFIXES]
    if relative.name == "index":
        names.append(relative.with_name("README.md"))
    return next((root / name for name in names if (root / name).is_file()), None)


def missing(site_dir: Path, root: Path, produces: dict | None = None, engine: str = "mkdocs") -> list[str]:
    """One line for each file a page asks for that the site does not have, naming note (and line) and file;
    ``engine`` (``mkdocs`` or ``sphinx``) says how to write the embed so both read it alike."""
    site_dir, root = Path(site_dir).resolve(), Path(root).resolve()
    problems = []
    for folder, subfolders, files in os.walk(site_dir):
        subfolders.sort()
        for name in sorted(f for f in files if f.endswith(".html")):
            page = Path(folder, name)
            seen = set()
            for url in requests(page.read_text(encoding="utf-8", errors="replace")):
                target = local_file(site_dir, page, url)
                if target is None or url in seen or (target.is_file() and target.is_relative_to(site_dir)):
                    continue
                seen.add(url)
                problems.append(_said(root, site_dir, page, url, target, produces or {}, engine))
    return problems


def check(site_dir: Path, root: Path, produces: dict | None = None, engine: str = "mkdocs") -> None:
    """Raise :class:`SiteError` naming every file a built page asks for and the site lacks."""
    problems = missing(site_dir, root, produces, engine)
    if problems:
        raise SiteError("pages ask for files the site does not have (a broken image or video):\n"
                        + "\n".join(problems))


def _said(root: Path, site_dir: Path, page: Path, url: str, target: Path, produces: dict, engine: str) -> str:
    from gdmedia.web import renditions

    note = note_of(root, site_dir, page)
    where = f"{note.relative_to(root)}{_line(note, url)}" if note else f"the page {page.relative_to(site_dir)}"
    shown = page.relative_to(site_dir).as_posix()
    said = f"{where}: the page {shown} shows {url!r}, and the site has no such file"
    path = unquote(urlsplit(url).path)
    rendition = renditions.parse(PurePosixPath(path).name, {m: set(e) for m, e in produces.items()})
    if rendition is None:
        return said + ("" if target.is_relative_to(site_dir) else " (it is outside the site)")
    return (f"{said}: it names the medium {rendition.stem}.{rendition.ext}, but nothing was placed there (the notes "
            f"reader read this embed otherwise, or not at all); {_advice(path, engine)}")


def _advice(path: str, engine: str) -> str:
    """How to write an embed so that the notes reader and ``engine`` read the same path."""
    if engine == "sphinx":
        if " " in path:  # MyST percent-encodes it, Sphinx then looks for a file named with the %20
            return "Sphinx reads no path with a space (nor a %20 for one): name the folder without a space"
        return "write it as an image or figure directive, or as <img src=\"…\"> in raw HTML"
    if " " in path:
        return (f"write it so CommonMark reads it too: ![…](<{path}>) or ![…]({quote(path, safe='/.@-_~')}), "
                f"or <img src=\"{path}\">")
    return f"write it on one line, as CommonMark reads it: ![…]({path}), or <img src=\"{path}\">"


def _line(note: Path, url: str) -> str:
    """``:line`` of the first line of the note that holds the URL (or its file name), or nothing."""
    try:
        text = note.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""
    path = unquote(urlsplit(url).path)
    for needle in (url, path, PurePosixPath(path).name):
        at = text.find(needle) if needle else -1
        if at >= 0:
            return f":{text.count(chr(10), 0, at) + 1}"
    return ""
