"""The Markdown family: CommonMark with footnotes, MyST and Quarto, read by markdown-it-py.

markdown-it-py (with mdit-py-plugins for footnotes, front matter and ``:::``
fences) splits a note into blocks; only the inline content of blocks that
could hold an embed is then parsed inline, so code blocks, inline code and
HTML comments are never read as embeds and a note without images costs one
block pass.  What counts:

- images, inline ``![alt](path)`` and reference-style ``![alt][ref]`` with ``[ref]: path``;
- HTML ``<img src/srcset>``, ``<picture><source srcset>``, ``<video src/poster>``, ``<source src>``
  (read by :mod:`.html`), in HTML blocks and inline; an image written on a line of an
  HTML block counts too, since Python-Markdown (MkDocs) renders it;
- MyST ``{figure}`` and ``{image}`` directives, in backtick or ``:::`` fences;
- Quarto's ``{{< video path >}}`` shortcode (images with ``{width=…}`` attributes are images).

The content of any other ``:::`` fence (a Quarto div, a MyST admonition) is read as Markdown.
markdown-it's inline pass is linear but costs ~20 µs per markup character, so a
note with more than :data:`MARKUP_LIMIT` of them in the blocks it must read
inline is refused at once rather than read for minutes.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from mdit_py_plugins.colon_fence import colon_fence_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from . import html
from .record import DocsError, Found, web

DIRECTIVE = re.compile(r"\{(figure|image)\}\s*(\S.*)?$")
SHORTCODE = re.compile(r"\{\{<\s*video\s+(?:\"([^\"]*)\"|'([^']*)'|(\S+?))(?:\s|>\}\})")
# Inline content worth parsing holds one of these; anything else has no embed.
MAY_EMBED = re.compile(r"!\[|<|\{\{<")
# A note with none of these embeds nothing: an image needs '![', HTML and Quarto's shortcode '<',
# a MyST directive its name in braces (a superset of what the readers below take).
NOTE_MAY_EMBED = re.compile(r"!\[|<|\{(?:figure|image)\}")
MARKUP = "[]!<>*_`\\&"
MARKUP_LIMIT = 200_000


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    md = MarkdownIt("commonmark").use(front_matter_plugin).use(footnote_plugin).use(colon_fence_plugin)
    md.enable("table")
    # Inline parsing runs only where an embed may be; footnotes stay where they are written.
    md.disable(["inline", "footnote_tail"], ignoreInvalid=True)
    return md


def may_embed(text: str) -> bool:
    """False only when the text cannot embed anything, so it need not be parsed."""
    return NOTE_MAY_EMBED.search(text) is not None


def embeds(text: str, first_line: int = 1, cell: int | None = None, budget: list[int] | None = None):
    """Every embed in a Markdown text whose first line is ``first_line`` of its note."""
    md = parser()
    env: dict = {}
    budget = [MARKUP_LIMIT] if budget is None else budget
    for token in md.parse(text, env):
        line = first_line + (token.map[0] if token.map else 0)
        if token.type == "inline" and MAY_EMBED.search(token.content):
            yield from _inline(md, token.content, env, line, cell, budget)
        elif token.type == "html_block" and "![" in token.content:
            # Python-Markdown (MkDocs) renders an image written on a line of an HTML block: read it as it does.
            yield from _inline(md, token.content, env, line, cell, budget)
        elif token.type == "html_block":
            yield from html.embeds(token.content, line, cell)
        elif token.type in ("fence", "colon_fence"):
            yield from _fence(token, line, cell, budget)


def _fence(token, line: int, cell: int | None, budget: list[int]):
    """A MyST figure or image directive; the Markdown inside a ``:::`` div; never code."""
    directive = DIRECTIVE.match(token.info.strip())
    if directive:
        if directive.group(2):
            yield web(line, directive.group(2).strip(), f"{{{directive.group(1)}}} directive", cell)
    elif token.markup.startswith(":"):
        yield from embeds(token.content, line + 1, cell, budget)


def _inline(md: MarkdownIt, content: str, env: dict, line: int, cell: int | None, budget: list[int]):
    budget[0] -= sum(content.count(c) for c in MARKUP)
    if budget[0] < 0:
        raise DocsError(f"line {line}: more than {MARKUP_LIMIT} markup characters to read inline in one note; "
                        "split the note")
    children = []
    md.inline.parse(content, md, env, children)
    for child in children:
        if child.type == "image":
            yield web(line, child.attrs.get("src", ""), "markdown image", cell)
        elif child.type == "html_inline":
            yield from html.embeds(child.content, line, cell)
        elif child.type == "text":
            for match in SHORTCODE.finditer(child.content):
                yield web(line, next(g for g in match.groups() if g is not None), "quarto video", cell)
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        elif child.type in ("html_inline", "text", "code_inline"):
            line += child.content.count("\n")
