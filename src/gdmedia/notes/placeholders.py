"""The project's placeholders in a note, and nothing else: ``{{ fact("trace", "key") }}`` and ``{{ alt("medium") }}``.

A note is its author's text.  LaTeX maths (``\\sqrt{{x}}``, ``\\newcommand{\\R}[1]{#1}``),
a code block that shows a Jinja or Vue template, ``{% raw %}`` written in prose:
a template engine reading the whole page would stop on them or change them.
So no template engine reads a note.  :func:`substitute` finds only well-formed
calls of the two names the project defines, outside code, and replaces each
with its value; every other brace, percent sign or hash reaches the renderer
byte for byte.  Inside code (fenced and indented blocks, inline code spans,
``<code>``/``<pre>``, reST literal blocks and ``code-block`` directives) a call
is shown as written: that is how a page documents the syntax.

A call of either name that is not well formed (``{{ fact("linreg") }}``, a
missing quote) is reported with its note and line, every one in the note at
once, so no placeholder survives literally into a built page.

Pure text in, text out: the MkDocs hook (``scripts/site_hooks.py``) and the
Sphinx extension (``gdmedia.notes.sphinx_facts``) both call it.
"""

from __future__ import annotations

import bisect
import re
from typing import Callable, NamedTuple

# A quoted argument: one line, no backslash escapes (trace ids, keys and medium names never need them).
_STRING = r"""(?:"[^"\\\n]*"|'[^'\\\n]*')"""
CALL = re.compile(r"\{\{-?\s*(fact|alt)\s*\(\s*(" + _STRING + r")\s*(?:,\s*(" + _STRING + r")\s*)?,?\s*\)\s*-?\}\}")
# What looks like the start of a call: a well-formed one is replaced, anything else that matches this is an error.
ATTEMPT = re.compile(r"\{\{-?\s*(fact|alt)\s*\(")
ARITY = {"fact": 2, "alt": 1}
MAX_REPORTED = 20

_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_HTML_CODE = re.compile(r"<(code|pre|script|style)\b[^>]*>.*?</\1\s*>", re.S | re.I)
_RST_CODE_DIRECTIVE = re.compile(r"^(\s*)\.\.\s+(?:code-block|code|sourcecode|literalinclude|highlight|math|raw)::", re.I)
_RST_LITERAL = re.compile(r"(?<!\.\.)::\s*$")
_RST_COMMENT_OR_DIRECTIVE = re.compile(r"^\s*\.\.(\s|$)")


class PlaceholderError(ValueError):
    """Placeholders a note got wrong; the message names the note and line of each."""


class Call(NamedTuple):
    name: str  # "fact" or "alt"
    args: tuple[str, ...]
    line: int  # 1-based, in the text given


def _unquote(text: str | None) -> str | None:
    return None if text is None else text[1:-1]


def _line_finder(text: str):
    """``offset → 1-based line``, by binary search over the newlines (one pass over the text)."""
    newlines = [match.start() for match in re.finditer("\n", text)]
    return lambda offset: bisect.bisect_left(newlines, offset) + 1


# --- where code is: spans of the text no placeholder is read in -------------------------------------

def _lines_with_offsets(text: str) -> list[tuple[int, str]]:
    offsets, at = [], 0
    for line in text.splitlines(keepends=True):
        offsets.append((at, line))
        at += len(line)
    return offsets


def markdown_code(text: str) -> list[tuple[int, int]]:
    """Character spans of code in Markdown (CommonMark, MyST, Quarto): front matter, fenced and indented
    blocks, inline code spans, and HTML code elements."""
    spans: list[tuple[int, int]] = []
    front = _FRONT_MATTER.match(text)
    start = front.end() if front else 0
    if front:
        spans.append((0, front.end()))
    lines = _lines_with_offsets(text)
    fence: tuple[str, int] | None = None
    block_start = 0
    previous_blank = True
    prose: list[tuple[int, int]] = []  # spans of text outside blocks, where inline code is looked for
    for at, line in lines:
        if at < start:
            continue
        stripped = line.rstrip("\n")
        if fence is not None:
            opened = _FENCE.match(stripped)
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= fence[1] \
                    and not stripped.strip().lstrip(fence[0]).strip():
                spans.append((block_start, at + len(line)))
                fence = None
            continue
        opened = _FENCE.match(stripped)
        if opened:
            fence, block_start = (opened.group(1)[0], len(opened.group(1))), at
            previous_blank = False
            continue
        if previous_blank and (stripped.startswith("    ") or stripped.startswith("\t")) and stripped.strip():
            spans.append((at, at + len(line)))  # an indented code block (its lines follow a blank one or each other)
            continue
        previous_blank = not stripped.strip()
        if prose and prose[-1][1] == at:
            prose[-1] = (prose[-1][0], at + len(line))
        else:
            prose.append((at, at + len(line)))
    if fence is not None:  # a fence never closed runs to the end, as CommonMark says
        spans.append((block_start, len(text)))
    for begin, end in prose:
        spans += _inline_code(text, begin, end)
        spans += [(m.start() + begin, m.end() + begin) for m in _HTML_CODE.finditer(text[begin:end])]
    return _merged(spans)


def _inline_code(text: str, begin: int, end: int) -> list[tuple[int, int]]:
    """Code spans: a run of n backticks up to the next run of exactly n (not across a blank line)."""
    spans = []
    runs = re.compile(r"(?<!\\)`+|\n[ \t]*\n")
    found = list(runs.finditer(text, begin, end))
    index = 0
    while index < len(found):
        match = found[index]
        if match.group(0).startswith("\n"):
            index += 1
            continue
        width = len(match.group(0))
        for close in range(index + 1, len(found)):
            other = found[close].group(0)
            if other.startswith("\n"):
                break
            if len(other) == width:
                spans.append((match.start(), found[close].end()))
                index = close
                break
        index += 1
    return spans


def rst_code(text: str) -> list[tuple[int, int]]:
    """Character spans of code in reStructuredText: literal blocks (after ``::``), code, math and raw
    directives with their bodies, comments, and inline literals (````…````)."""
    spans: list[tuple[int, int]] = []
    lines = _lines_with_offsets(text)
    index = 0
    while index < len(lines):
        at, line = lines[index]
        stripped = line.rstrip("\n")
        opens = _RST_CODE_DIRECTIVE.match(stripped)
        literal = _RST_LITERAL.search(stripped) and not _RST_COMMENT_OR_DIRECTIVE.match(stripped)
        comment = _RST_COMMENT_OR_DIRECTIVE.match(stripped) and not re.match(r"^\s*\.\.\s+[\w:-]+::", stripped) \
            and not re.match(r"^\s*\.\.\s+\|", stripped) and not re.match(r"^\s*\.\.\s+_", stripped)
        if opens or literal or comment:
            indent = len(stripped) - len(stripped.lstrip())
            end = index + 1
            while end < len(lines):
                body = lines[end][1].rstrip("\n")
                if body.strip() and len(body) - len(body.lstrip()) <= indent:
                    break
                end += 1
            first = at if (opens or comment) else at + len(line)
            last = lines[end - 1][0] + len(lines[end - 1][1])
            if last > first:
                spans.append((first, last))
            index = end
            continue
        index += 1
    spans += [m.span() for m in re.finditer(r"``.+?``", text, re.S)]
    return _merged(spans)


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for begin, end in sorted(spans):
        if merged and begin <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((begin, end))
    return merged


def _inside(spans: list[tuple[int, int]], offset: int) -> bool:
    """Whether ``offset`` falls in one of ``spans`` (sorted, not overlapping): a binary search."""
    index = bisect.bisect_right(spans, (offset, float("inf"))) - 1
    return index >= 0 and spans[index][0] <= offset < spans[index][1]


# --- finding and replacing --------------------------------------------------------------------------

CODE = {"markdown": markdown_code, "rst": rst_code}


def calls(text: str, syntax: str = "markdown") -> tuple[list[tuple[int, int, Call]], list[tuple[int, str]]]:
    """The well-formed calls outside code, as (start, end, call), and (line, what is wrong) for each malformed one."""
    code = CODE[syntax](text)
    line_of = _line_finder(text)
    found, problems = [], []
    taken: list[tuple[int, int]] = []
    for match in CALL.finditer(text):
        if _inside(code, match.start()):
            continue
        name = match.group(1)
        args = tuple(a for a in (_unquote(match.group(2)), _unquote(match.group(3))) if a is not None)
        line = line_of(match.start())
        taken.append(match.span())  # in text order: stays sorted
        if len(args) != ARITY[name]:
            wanted = 'fact("trace", "key")' if name == "fact" else 'alt("medium")'
            problems.append((line, f"{match.group(0)!r} gives {len(args)} argument(s); write {{{{ {wanted} }}}}"))
            continue
        found.append((match.start(), match.end(), Call(name, args, line)))
    for match in ATTEMPT.finditer(text):
        if _inside(code, match.start()) or _inside(taken, match.start()):
            continue
        snippet = text[match.start():].split("\n", 1)[0]
        problems.append((line_of(match.start()),
                         f"{snippet[:80]!r} is not a placeholder the project reads: write "
                         '{{ fact("trace", "key") }} or {{ alt("medium") }}, each argument in quotes'))
    return found, problems


def substitute(text: str, value: Callable[[Call], str], note: str, syntax: str = "markdown",
               line_offset: int = 0) -> str:
    """``text`` with each well-formed call outside code replaced by ``value(call)``.

    ``value`` raises ``LookupError`` for a call naming nothing; every such error and every malformed
    call of the note is collected, and one ``PlaceholderError`` names them all (``note:line: …``).
    ``line_offset`` is how many lines of the note come before ``text`` (front matter a renderer took off).
    """
    found, problems = calls(text, syntax)
    pieces, at = [], 0
    for start, end, call in found:
        try:
            replacement = value(call)
        except LookupError as error:
            said = error.args[0] if error.args else str(error)
            problems.append((call.line, f"{call.name}({', '.join(map(repr, call.args))}): {said}"))
            replacement = text[start:end]
        pieces += [text[at:start], replacement]
        at = end
    pieces.append(text[at:])
    if problems:
        shown = [f"{note}:{line + line_offset}: {said}" for line, said in sorted(problems)]
        more = f"\n… and {len(shown) - MAX_REPORTED} more" if len(shown) > MAX_REPORTED else ""
        raise PlaceholderError("\n".join(shown[:MAX_REPORTED]) + more)
    return "".join(pieces)
