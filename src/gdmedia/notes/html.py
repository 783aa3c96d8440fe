"""A linear reader of HTML start tags: the embeds in ``<img>``, ``<video>``, ``<source>``.

Python's ``html.parser`` rescans an unclosed tag for every ``<`` that follows it
(quadratic on a long line of ``<img``), so this reader walks the text once, as a
browser's tokenizer does: a comment runs to ``-->``, a quoted value to its
closing quote, a tag to ``>``, and a comment, value or tag left open swallows
the rest of the text (a browser drops an unfinished tag at the end of input).
Each character is looked at a bounded number of times, whatever the nesting.
Attribute values are entity-decoded (``&amp;`` → ``&``) as a browser does.
"""

from __future__ import annotations

import html
import re

from gdmedia.notes.record import web

# attribute → kind of embed, per tag
EMBEDDING = {
    "img": ("src", "srcset"),
    "video": ("src", "poster"),
    "source": ("src", "srcset"),
    "audio": ("src",),
}
TAG_NAME = re.compile(r"[A-Za-z][^\s/>]*")
SPACE = re.compile(r"[\s/]*")
ATTR_NAME = re.compile(r"[^\s/>=]+|=[^\s/>=]*")  # a lone '=' starts a name, as in the HTML spec
UNQUOTED = re.compile(r"[^\s>]*")
EQUALS = re.compile(r"\s*=\s*")
# Raw-text elements: a tag inside one is text, not an element.
RAW_TEXT = {name: re.compile(rf"</{name}", re.IGNORECASE) for name in ("script", "style", "textarea", "xmp")}


def tags(text: str):
    """(offset, tag name, {attribute: value}) for every complete start tag, in order."""
    pos, end = 0, len(text)
    while True:
        pos = text.find("<", pos)
        if pos < 0 or pos + 1 >= end:
            return
        if text.startswith("<!--", pos):
            close = text.find("-->", pos + 4)
            if close < 0:
                return
            pos = close + 3
            continue
        name = TAG_NAME.match(text, pos + 1)
        if name is None:
            pos += 1
            continue
        attrs, pos = _attributes(text, name.end())
        if attrs is None:
            return  # the tag never closes: a browser drops it, and the rest with it
        tag = name.group(0).lower()
        yield name.start() - 1, tag, attrs
        if tag in RAW_TEXT:
            close = RAW_TEXT[tag].search(text, pos)
            if close is None:
                return
            pos = close.start() + 1


def _attributes(text: str, pos: int):
    """The attributes of a tag whose name ends at ``pos``, and the offset after its ``>``.

    ``(None, pos)`` when the tag or one of its quoted values never closes.
    """
    attrs: dict[str, str] = {}
    end = len(text)
    while True:
        pos = SPACE.match(text, pos).end()
        if pos >= end:
            return None, pos
        if text[pos] == ">":
            return attrs, pos + 1
        name = ATTR_NAME.match(text, pos)
        key, value, pos = name.group(0).lower(), "", name.end()
        equals = EQUALS.match(text, pos)
        if equals:
            pos = equals.end()
            if pos < end and text[pos] in "\"'":
                close = text.find(text[pos], pos + 1)
                if close < 0:
                    return None, pos
                value, pos = text[pos + 1 : close], close + 1
            else:
                unquoted = UNQUOTED.match(text, pos)
                value, pos = unquoted.group(0), unquoted.end()
        attrs.setdefault(key, html.unescape(value))


CANDIDATE = re.compile(r"[\s,]*(\S+)")


def srcset(value: str) -> list[str]:
    """The URLs of a ``srcset`` (``a.png 1x, b.png 2x``), split as the HTML spec splits it.

    A URL runs to the next space (commas inside it, as in a ``data:`` URL, are
    kept; trailing ones end the candidate); its descriptors run to the next comma.
    """
    urls, pos = [], 0
    while (match := CANDIDATE.match(value, pos)) is not None:
        url, pos = match.group(1), match.end()
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            comma = value.find(",", pos)
            pos = len(value) if comma < 0 else comma + 1
        if url:
            urls.append(url)
    return urls


def embeds(text: str, first_line: int = 1, cell: int | None = None):
    """Every embed in an HTML fragment whose first line is ``first_line`` of its note."""
    line, counted = first_line, 0
    for offset, name, attrs in tags(text):
        line += text.count("\n", counted, offset)
        counted = offset
        for attribute in EMBEDDING.get(name, ()):
            if attribute not in attrs:
                continue
            values = srcset(attrs[attribute]) if attribute == "srcset" else [attrs[attribute]]
            for value in values:
                yield web(line, value, f"<{name} {attribute}>", cell)
