"""The Markdown family: CommonMark with footnotes, MyST and Quarto, read by markdown-it-py.

markdown-it-py (with mdit-py-plugins for footnotes, front matter and ``:::``
fences) splits a note into blocks; only the inline content of blocks that
could hold an embed is then parsed inline, so code blocks, inline code and
HTML comments are never read as embeds and a note without images costs one
block pass.  What counts:

- images, inline ``![alt](path)`` and reference-style ``![alt][ref]`` with ``[ref]: path``;
- HTML ``<img src/srcset>``, ``<picture><source srcset>``, ``<video src/poster>``, ``<source src>``
  (read by :mod:`.html`, as a browser reads them, a tag with a malformed attribute included), in HTML
  blocks and inline (outside code spans and escapes); an image written on a line of an
  HTML block counts too, since Python-Markdown (MkDocs) renders it;
- MyST ``{figure}`` and ``{image}`` directives, in backtick or ``:::`` fences;
- Quarto's ``{{< video path >}}`` shortcode (images with ``{width=…}`` attributes are images);
- an image whose path holds a space, ``![fit](../my media/lr_gd.gif)``: text to CommonMark (it wants
  ``<…>`` around such a path), an image to Python-Markdown (MkDocs), so read as Python-Markdown reads it.

The content of any other ``:::`` fence (a Quarto div, a MyST admonition) is read as Markdown.
markdown-it's inline pass is linear but costs ~20 µs per markup character, so a
note with more than :data:`MARKUP_LIMIT` of them in the blocks it must read
inline is refused at once rather than read for minutes.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from gdmedia.notes import html
from gdmedia.notes.record import DocsError, web

DIRECTIVE = re.compile(r"\{(figure|image)\}\s*(\S.*)?$")
SHORTCODE = re.compile(r"\{\{<\s*video\s+(?:\"([^\"]*)\"|'([^']*)'|(\S+?))(?:\s|>\}\})")
# Inline content worth parsing holds one of these; anything else has no embed.
MAY_EMBED = re.compile(r"!\[|<|\{\{<")
# A note with none of these embeds nothing: an image needs '![', HTML and Quarto's shortcode '<',
# a MyST directive its name in braces (a superset of what the readers below take).
NOTE_MAY_EMBED = re.compile(r"!\[|<|\{(?:figure|image)\}")
MARKUP = "[]!<>*_`\\&"
# ![alt](a path with a space.ext …): what CommonMark leaves as text and Python-Markdown takes for an image.
# The opening and the end of the path are found apart, each scan stopping at the next bracket or
# parenthesis, so a long line of unclosed images is read in one pass (one regex would backtrack).
IMAGE_OPEN = re.compile(r"!\[[^\[\]\n]*\]\(")
PATH_END = re.compile(r"[()\n]")
SPACE_INSIDE = re.compile(r"\S\s+\S")
FILE_NAME = re.compile(r"[^/\s]\.\w+$")
MARKUP_LIMIT = 200_000


if TYPE_CHECKING:
    from markdown_it import MarkdownIt


# markdown-it is imported by the first note that must be parsed, not by the Snakefile:
# a run whose notes are all known by their bytes (notes/cache.py) never needs it.
@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.colon_fence import colon_fence_plugin
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

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
    shown = browser_html(content)
    found = list(html.embeds(shown, line, cell)) + list(_spaced_images(shown, line, cell))
    for child in children:
        if child.type == "image":
            found.append(web(line, child.attrs.get("src", ""), "markdown image", cell))
        elif child.type == "text":
            for match in SHORTCODE.finditer(child.content):
                found.append(web(line, next(g for g in match.groups() if g is not None), "quarto video", cell))
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        elif child.type in ("html_inline", "text", "code_inline"):
            line += child.content.count("\n")
    yield from sorted(found, key=lambda f: f.line)


def _spaced_images(shown: str, line: int, cell: int | None):
    """Images whose path holds a space, as Python-Markdown (MkDocs) reads them (its own link parser, so the
    path and a title split where it splits them); ``shown`` has code spans and escapes blanked."""
    for opening in IMAGE_OPEN.finditer(shown):
        end = PATH_END.search(shown, opening.end())
        if end is None or end.group(0) != ")":
            continue
        destination = shown[opening.end():end.start()]
        if destination.lstrip().startswith("<") or not SPACE_INSIDE.search(destination):
            continue  # CommonMark reads it as Python-Markdown does, or neither takes it for an image
        src = _python_markdown_src(shown[opening.start():end.end()])
        if src and any(c.isspace() for c in src) and FILE_NAME.search(re.split(r"[?#]", src, maxsplit=1)[0]):
            yield web(line + shown.count("\n", 0, opening.start()), src, "markdown image (a path with a space)", cell)


@lru_cache(maxsize=1)
def _image_processor():
    import markdown as python_markdown  # imported only for a note with such an image

    md = python_markdown.Markdown()
    md.treeprocessors["inline"].stashed_nodes = {}  # what a conversion would set up; no text here is stashed
    return md.inlinePatterns["image_link"]


def _python_markdown_src(image: str) -> str | None:
    """The ``src`` Python-Markdown gives ``![alt](…)``, or None where it takes no image."""
    processor = _image_processor()
    _, index, handled = processor.getText(image, 2)
    if not handled:
        return None
    src, _, _, handled = processor.getLink(image, index)
    return src if handled else None


# What may start a code span, a backslash escape or (tried with HTML_TAG_RE) a raw HTML tag.
SPAN_OR_ESCAPE = re.compile(r"\\[!-/:-@\[-`{-~]|`+|<[A-Za-z/!?]")
BACKTICKS = re.compile(r"`+")


def browser_html(content: str) -> str:
    """Inline Markdown with code spans and backslash escapes blanked: the tags left are what a browser sees.

    markdown-it takes a tag with a malformed attribute (``<video src="v.mp4" x=a"b>``) for text, but
    Python-Markdown (MkDocs) passes it through and a browser's HTML parser still makes the element, so the
    HTML reader (:mod:`.html`, browser-like) reads the inline text itself.  Code spans are matched as
    CommonMark matches them (a run of n backticks closes at the next run of exactly n); each run is looked at
    once, so this is linear.  A raw HTML tag that starts first wins over a code span (CommonMark 6.6: tags
    and code spans bind equally tightly, the leftmost one first), so backticks inside an attribute,
    ``<img src="a`b`c.gif">``, stay in the tag.  Newlines are kept, so lines still count.
    """
    if "`" not in content and "\\" not in content:
        return content
    runs: dict[int, list[int]] = {}
    for run in BACKTICKS.finditer(content):
        runs.setdefault(len(run.group(0)), []).append(run.start())
    seen = {n: 0 for n in runs}  # per length, the runs before this index are behind us
    after = _NextFinder(content)
    blank = list(content)
    pos = 0
    for mark in SPAN_OR_ESCAPE.finditer(content):
        start, end = mark.span()
        if start < pos:
            continue
        if mark.group(0)[0] == "\\":
            blank[start:end] = "  "
            pos = end
            continue
        if mark.group(0)[0] == "<":
            tag = _tag_end(content, start, after)
            pos = tag or start + 1  # a tag is left whole for the HTML reader; a lone '<' is text
            continue
        width = end - start
        closers, i = runs.get(width, []), seen.get(width, 0)
        while i < len(closers) and closers[i] < end:
            i += 1
        seen[width] = i
        if i == len(closers):
            pos = end  # no closer: the backticks are text
            continue
        close = closers[i] + width
        blank[start:close] = [c if c == "\n" else " " for c in content[start:close]]
        pos = close
    return "".join(blank)


# A tag that starts this way can only end at this terminator (HTML_TAG_RE's comment, processing
# instruction, CDATA); every tag ends at a '>'.
TERMINATORS = (("<!--", "-->"), ("<?", "?>"), ("<![CDATA[", "]]>"))


class _NextFinder:
    """Where a string next occurs at or after a position, for positions that only grow.

    Each search starts where it is asked and is remembered until the position passes the
    occurrence found, so over a whole text each string is scanned once.
    """

    def __init__(self, text: str):
        self.text, self.found = text, {}

    def __call__(self, needle: str, start: int) -> int:
        at = self.found.get(needle)
        if at is None or (at != -1 and at < start):
            at = self.found[needle] = self.text.find(needle, start)
        return at


def _tag_end(content: str, start: int, after: _NextFinder) -> int | None:
    """The end of the raw HTML tag at ``start``, or None.

    HTML_TAG_RE alone would rescan to the end of the text for every unclosed ``<!--`` or ``<?``
    (quadratic); a tag whose terminator does not occur later cannot match, so it is not tried.
    """
    if after(">", start) == -1:
        return None
    for opener, closer in TERMINATORS:
        if content.startswith(opener, start) and after(closer, start + len(opener)) == -1:
            return None
    from markdown_it.common.html_re import HTML_TAG_RE

    tag = HTML_TAG_RE.match(content, start)
    return tag.end() if tag else None
