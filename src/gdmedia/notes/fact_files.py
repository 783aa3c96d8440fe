"""Facts for the formats no hook of ours reads: LaTeX macros and Quarto's ``_variables.yml``.

MkDocs and Sphinx replace ``{{ fact("trace", "key") }}`` while they read a note
(``scripts/site_hooks.py``, ``gdmedia.notes.sphinx_facts``).  TeX and Quarto
read files instead, so the facts are written as files they read, each value the
text ``gdmedia.notes.quote.quote`` gives (``gdmedia.notes.quote.every_fact``):

- ``gdmedia-facts.tex`` (and ``gdmedia-facts.sty``, which inputs it):
  ``\\fact{linreg}{steps_to_tolerance}``, expandable, so ``\\num{\\fact{…}{…}}``
  and ``\\typeout`` work; TeX's special characters escaped; a fact it does not
  know is a TeX error naming the trace, the key and what exists.
- Quarto: one mapping under the key ``fact``, addressed by Quarto's dotted
  ``{{< var … >}}`` lookup, so every part of a name is free of dots:
  ``fact.<trace, "/" → ".">.<key>``, a dot inside a name written ``_``, a list's
  item ``<list>_<index>`` (``fact.lr_regimes.lr-0_85.steps_to_tolerance``,
  ``fact.linreg.least_squares_theta_1``).  :func:`merged_variables` adds it to an
  author's own ``_variables.yml`` between two marker lines, their text untouched,
  or refuses, saying why.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

TEX_NAME = "gdmedia-facts.tex"
STY_NAME = "gdmedia-facts.sty"
QUARTO_NAME = "quarto-variables.yml"  # the block merged into a Quarto folder's _variables.yml
QUARTO_KEY = "fact"

# A trace id or key TeX can read back from \detokenize: no brace, backslash, comment or parameter character.
TEX_SAFE = re.compile(r"[A-Za-z0-9_.\-/+=,]+")
TEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
               "^": r"\textasciicircum{}", "_": r"\_", "%": r"\%", "~": r"\textasciitilde{}",
               "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}"}

LATEX_HEAD = r"""%% gdmedia-facts.tex: every fact of this checkout's traces, as \fact{trace}{key} gives it.
%% Written by gdmedia from output/sims/*.json (snakemake output/docs/facts/gdmedia-facts.tex); not to be edited.
%% \input{gdmedia-facts} or \usepackage{gdmedia-facts}, then \fact{linreg}{steps_to_tolerance}.
\ifdefined\gdmediafacts\endinput\fi
\def\gdmediafacts{}%% input once, however often a document asks
\def\fact#1#2{%%  expandable: \num{\fact{linreg}{learning_rate}} works
  \ifcsname gdmedia@fact@\detokenize{#1}@\detokenize{#2}\endcsname
    \csname gdmedia@fact@\detokenize{#1}@\detokenize{#2}\endcsname
  \else\gdmediaNoFact{#1}{#2}\fi}
\def\gdmediaNoFact#1#2{\PackageError{gdmedia-facts}{no fact `\detokenize{#2}' of the trace `\detokenize{#1}'
  (\ifcsname gdmedia@keys@\detokenize{#1}\endcsname its facts: \csname gdmedia@keys@\detokenize{#1}\endcsname
  \else traces: \csname gdmedia@traces\endcsname\fi)}{%(help)s}}
\expandafter\def\csname gdmedia@traces\endcsname{\detokenize{%(traces)s}}
"""
LATEX_HELP = ("Each fact is that of a trace built by snakemake; a key is dotted into lists and mappings "
              "(least_squares_theta.1, steps.opt-gd).")
STY = r"""\NeedsTeXFormat{LaTeX2e}
\ProvidesPackage{gdmedia-facts}[the facts of gdmedia's traces]
\input{gdmedia-facts.tex}
"""

MARK_BEGIN = "# >>> gdmedia facts"
MARK_END = "# <<< gdmedia facts"
MARKED = re.compile(rf"^{re.escape(MARK_BEGIN)}.*?^{re.escape(MARK_END)}[^\n]*(?:\n|\Z)", re.S | re.M)
# Pandoc reads a variable's text as Markdown: these would change it (emphasis, quotes, code, maths, links, HTML).
PANDOC_SPECIAL = set("\\`*_[]{}<>#|$@^~\"'&!")
# The start of a list item: "- ", "+ ", "* ", "1. ", "1) ", "(1) ", "(a) ", "#. "; group 1 ends at its last mark.
LIST_MARKER = re.compile(r"([-+*]|\d+[.)]|\((?:\d+|[A-Za-z]|[ivxlcdmIVXLCDM]+)\)|#[.)])(?:\s|$)")
# A part Lua's tonumber() reads as a number: Quarto would index a list with it, not look the name up.
LUA_NUMBER = re.compile(r"\s*[+-]?(?:0[xX][0-9a-fA-F.]+(?:[pP][+-]?\d+)?|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*")


class FactFileError(ValueError):
    """A facts file cannot be written where it must go; the message says which file and why."""


# --- LaTeX ----------------------------------------------------------------------------------------

def tex_text(text: str) -> str:
    """``text`` as TeX typesets it literally: its special characters escaped."""
    return "".join(TEX_SPECIAL.get(char, char) for char in text)


def latex_facts(facts: dict[str, dict[tuple[str, ...], str]]) -> str:
    """The text of ``gdmedia-facts.tex`` for ``every_fact``'s ``facts``."""
    traces = [t for t in facts if TEX_SAFE.fullmatch(t)]
    lines = [LATEX_HEAD % {"help": LATEX_HELP, "traces": ", ".join(traces)}]
    for trace in traces:
        keys = [".".join(parts) for parts in facts[trace]]
        named = [k for k in keys if TEX_SAFE.fullmatch(k)]
        lines.append(f"% {trace}")
        top = sorted({k.split(".")[0] for k in named})
        lines.append(rf"\expandafter\def\csname gdmedia@keys@{trace}\endcsname{{\detokenize{{{', '.join(top)}}}}}")
        for key, text in zip(keys, facts[trace].values()):
            if TEX_SAFE.fullmatch(key):
                lines.append(rf"\expandafter\def\csname gdmedia@fact@{trace}@{key}\endcsname{{{tex_text(text)}}}")
    skipped = [t for t in facts if not TEX_SAFE.fullmatch(t)]
    skipped += [f"{t} {'.'.join(parts)}" for t in traces for parts in facts[t] if not TEX_SAFE.fullmatch(".".join(parts))]
    if skipped:  # a name TeX could not be given back: said here, so a search for it finds why
        lines.append(f"% not quotable from TeX (a character TeX reads as markup): {', '.join(skipped)}")
    return "\n".join(lines) + "\n\\endinput\n"


# --- Quarto ---------------------------------------------------------------------------------------

def quarto_parts(trace: str, parts: tuple[str, ...], lists: set[tuple[str, ...]]) -> list[str]:
    """The dotted path under ``fact`` Quarto's ``{{< var >}}`` follows to ``fact(trace, key)``.

    ``lists`` holds the key prefixes that are lists: an item is named ``<list>_<index>``, never by a bare
    number (Quarto indexes a Lua list from 1, or looks a number up as a name, by version)."""
    path = [name.replace(".", "_") for name in trace.split("/")]
    for depth, part in enumerate(parts):
        if parts[:depth] in lists:
            path[-1] = f"{path[-1]}_{part}"
        else:
            path.append(part.replace(".", "_"))
    return path


def pandoc_text(text: str) -> str:
    """``text`` escaped so that Pandoc's Markdown reader gives it back as written (a backslash before any
    punctuation is that character), escaping only what Pandoc would read as markup."""
    out = []
    for index, char in enumerate(text):
        before, after = text[index - 1:index], text[index + 1:index + 2]
        markup = char in PANDOC_SPECIAL and not (char == "_" and before.isalnum() and after.isalnum())
        runs = char in "-." and char in (before, after)  # -- --- ... are dashes and an ellipsis to Pandoc
        out.append("\\" + char if markup or runs else char)
    escaped = "".join(out)
    marker = LIST_MARKER.match(escaped)  # a paragraph that starts like a list item would become one
    return escaped if marker is None else escaped[:marker.end(1) - 1] + "\\" + escaped[marker.end(1) - 1:]


def quarto_variables(facts: dict[str, dict[tuple[str, ...], str]]) -> tuple[dict, list[str]]:
    """The ``fact`` mapping for ``_variables.yml`` and the names left out (a clash, or a part Lua reads as a number)."""
    tree: dict = {}
    skipped = []
    owner: dict[tuple[str, ...], str] = {}  # each trace's own mapping: no other trace's facts go in it
    for trace in facts:
        owner.setdefault(tuple(quarto_parts(trace, (), set())), trace)
    for trace, known in facts.items():
        lists = {parts[:-1] for parts in known if parts[-1].isdigit() and parts[:-1] in known}
        depth = len(quarto_parts(trace, (), set()))
        for parts, text in known.items():
            path = quarto_parts(trace, parts, lists)
            node = tree
            clash = any(LUA_NUMBER.fullmatch(p) for p in path) or owner[tuple(path[:depth])] != trace \
                or tuple(path[:depth + 1]) in owner  # a fact named like a sweep's member, or two traces one name
            for name in path[:-1]:
                if not isinstance(node.setdefault(name, {}), dict):
                    clash = True
                    break
                node = node[name]
            if clash or isinstance(node.get(path[-1]), dict) or path[-1] in node:
                skipped.append(f"{trace} {'.'.join(parts)}")
                continue
            node[path[-1]] = pandoc_text(text)
    _drop_empty(tree)
    return tree, skipped


def _drop_empty(tree: dict) -> None:
    for name in list(tree):
        if isinstance(tree[name], dict):
            _drop_empty(tree[name])
            if not tree[name]:
                del tree[name]


def quarto_block(facts: dict[str, dict[tuple[str, ...], str]]) -> str:
    """The marked block of ``_variables.yml`` that holds the facts under ``fact``."""
    import yaml

    tree, skipped = quarto_variables(facts)
    note = "".join(f"# left out (a name Quarto cannot look up): {name}\n" for name in skipped)
    body = yaml.safe_dump({QUARTO_KEY: tree}, allow_unicode=True, sort_keys=False, width=1000)
    return (f"{MARK_BEGIN}: written by `snakemake site` from the traces, replaced on each build "
            f"(quote with {{{{< var {QUARTO_KEY}.linreg.steps_to_tolerance >}}}})\n{note}{body}{MARK_END}\n")


def merged_variables(existing: str | None, block: str, where: str = "_variables.yml") -> str:
    """An author's ``_variables.yml`` with the facts block in place of the last one; their own text untouched.

    Refused (:class:`FactFileError`, naming ``where``) when the file is not one YAML mapping or already has a
    ``fact`` key of its own, so no variable of the author's is ever replaced."""
    import yaml

    if not existing:
        return block
    theirs = MARKED.sub("", existing)
    try:
        own = yaml.safe_load(theirs)
    except yaml.YAMLError as error:
        raise FactFileError(f"{where}: not YAML the facts can be added to ({error}); fix it, and the facts are "
                            f"written under its key {QUARTO_KEY!r}") from None
    if own is not None and not isinstance(own, dict):
        raise FactFileError(f"{where}: not a mapping of variables, so the facts cannot be added under {QUARTO_KEY!r}")
    if own and QUARTO_KEY in own:
        raise FactFileError(f"{where}: already has a variable {QUARTO_KEY!r} of its own; the facts are written "
                            f"under {QUARTO_KEY!r}: rename yours")
    merged = (theirs if theirs.endswith("\n") or not theirs else theirs + "\n") + block
    try:
        whole = yaml.safe_load(merged)
    except yaml.YAMLError:
        whole = None
    if whole != {**(own or {}), QUARTO_KEY: yaml.safe_load(block)[QUARTO_KEY]}:
        raise FactFileError(f"{where}: the facts cannot be added at its end (is it a flow mapping, or does it end "
                            f"with a '...' document end?); write it as a block mapping")
    return merged


# --- writing ----------------------------------------------------------------------------------------

def write_if_changed(path: Path, text: str) -> bool:
    """``text`` at ``path``, replaced whole (never half-written); untouched when it already reads so."""
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)
    return True


def write_fact_files(checkout: Path, folder: Path) -> dict[str, Path]:
    """``gdmedia-facts.tex``, ``gdmedia-facts.sty`` and the Quarto block, in ``folder``, from ``checkout``'s traces."""
    from gdmedia.notes.quote import every_fact

    facts = every_fact(Path(checkout))
    written = {"tex": folder / TEX_NAME, "sty": folder / STY_NAME, "quarto": folder / QUARTO_NAME}
    write_if_changed(written["tex"], latex_facts(facts))
    write_if_changed(written["sty"], STY)
    write_if_changed(written["quarto"], quarto_block(facts))
    return written


# --- a Quarto folder ----------------------------------------------------------------------------------

VAR = re.compile(r"\{\{<\s*var\s+[\"']?(" + QUARTO_KEY + r"\.[^\s\"'>]*)[\"']?\s*>\}\}")


def quarto_var(variables: dict, name: str):
    """What Quarto's ``{{< var name >}}`` finds in ``variables`` (its ``parseOption``: the name split at dots, each
    later part a number where Lua's tonumber reads one), or None."""
    node = variables
    for index, key in enumerate(name.split(".")):
        if index and LUA_NUMBER.fullmatch(key):
            return None  # Lua indexes a list with it, from 1: no variable here is a list
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node


def quarto_quotes(text: str) -> list[tuple[int, str]]:
    """(line, name) of each ``{{< var fact.… >}}`` in a Quarto note, outside code (where it is shown as written)."""
    from gdmedia.notes.placeholders import _inside, markdown_code

    code = markdown_code(text)
    return [(text.count("\n", 0, m.start()) + 1, m.group(1))
            for m in VAR.finditer(text) if not _inside(code, m.start())]


def quote_in_quarto(root: Path, notes: list[Path], block_file: Path) -> Path | None:
    """The facts block merged into ``root/_variables.yml`` when a Quarto note quotes a fact; the file, or None.

    Every ``{{< var fact.… >}}`` must name a fact: one that names none stops the build naming note, line and
    name (Quarto itself would print ``?var:…`` on the page)."""
    import yaml

    quoted = [(note, line, name) for note in notes
              for line, name in quarto_quotes(note.read_text(encoding="utf-8", errors="replace"))]
    if not quoted:
        return None
    block = block_file.read_text(encoding="utf-8")
    variables = yaml.safe_load(block)
    wrong = [f"{note.relative_to(root)}:{line}: {{{{< var {name} >}}}} names no fact ({_nearest(variables, name)})"
             for note, line, name in quoted if not isinstance(quarto_var(variables, name), str)]
    if wrong:
        raise FactFileError("facts in Quarto notes:\n" + "\n".join(wrong))
    target = root / "_variables.yml"
    existing = target.read_text(encoding="utf-8") if target.is_file() else None
    write_if_changed(target, merged_variables(existing, block, str(target)))
    return target


def _nearest(variables: dict, name: str) -> str:
    """What exists where the name stops matching: the names a reader meant to choose from."""
    node, parts = variables, name.split(".")
    for index, part in enumerate(parts):
        if not isinstance(node, dict) or part not in node:
            there = sorted(node) if isinstance(node, dict) else []
            shown = ", ".join(there[:12]) + (", …" if len(there) > 12 else "")
            return f"at {part!r}; there: {shown or 'none'}"
        node = node[part]
    return "a whole mapping: name one of its entries"
