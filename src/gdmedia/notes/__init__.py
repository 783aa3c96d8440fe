"""Notes drive the build: find, in a folder of course notes of any format, the media they embed.

``scan(folder, produces)`` reads every note (Markdown, MyST, Quarto, Jupyter,
reStructuredText, LaTeX) with its format's own parser and returns the
:class:`Embed` s the pipeline must place; :mod:`.manifest` remembers what it
placed so that a removed reference takes its copy with it and nothing the
author made is ever overwritten.
"""

from gdmedia.notes.record import DocsError, Found
from gdmedia.notes.scan import Embed, notes, read_note, scan, unused

__all__ = ["DocsError", "Embed", "Found", "notes", "read_note", "scan", "unused"]
