"""Notes quote facts: what ``{{ fact(…) }}`` and ``{{ alt(…) }}`` become on a page.

A note writes ``{{ fact("lr_regimes/lr-0.85", "steps_to_tolerance") }}`` and the
site shows the number from ``output/sims/lr_regimes/lr-0.85.json``'s ``facts``
block (``gdsim.facts``), formatted the one way ``style.number`` formats that
quantity.  A key may be dotted into lists and dicts (``least_squares_theta.1``,
``counts.minimum-0``).  A sweep's name without a member gives its ranking by
steps to tolerance (``fact("optimizer_race", "fastest")`` is a member name,
``fact("optimizer_race", "steps.opt-gd")`` a count).

A placeholder naming no trace or no fact fails the build with the note, the
line and what exists.  Where placeholders are found (outside code, only these
two names) is ``gdmedia.notes.placeholders``; MkDocs (``scripts/site_hooks.py``)
and Sphinx (``gdmedia.notes.sphinx_facts``) both take their values from
:func:`placeholder_value`.
"""

from __future__ import annotations

import json
from pathlib import Path

from gdsim.measures import ranking

from gdmedia.base.style import number

SIMS = Path("output") / "sims"


class FactError(LookupError):
    """A placeholder that names no fact."""


def _member_facts(folder: Path) -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text())["facts"] for p in sorted(folder.glob("*.json"))}


def facts_of(root: Path, trace: str) -> dict:
    """The facts of one trace, or the ranking of a sweep's members."""
    single = root / SIMS / f"{trace}.json"
    if single.is_file():
        return json.loads(single.read_text())["facts"]
    folder = root / SIMS / trace
    if folder.is_dir() and any(folder.glob("*.json")):
        return ranking(_member_facts(folder))
    known = sorted({p.relative_to(root / SIMS).with_suffix("").as_posix().split("/")[0]
                    for p in (root / SIMS).rglob("*.json")})
    raise FactError(f"no trace {trace!r}; traces: {', '.join(known) or 'none built yet'}")


def lookup(found: dict, key: str):
    """``found`` followed along a dotted ``key``; list items by index.

    A name may hold dots itself (a sweep member ``lr-0.85`` in ``steps.lr-0.85``): where a part names
    nothing, the shortest run of parts joined by dots that names an entry is taken.
    """
    node, parts, at = found, key.split("."), 0
    while at < len(parts):
        part = parts[at]
        if isinstance(node, dict):
            names = (".".join(parts[at:end]) for end in range(at + 1, len(parts) + 1))
            name = next((n for n in names if n in node), None)
            if name is not None:
                node, at = node[name], at + name.count(".") + 1
                continue
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node, at = node[int(part)], at + 1
            continue
        options = sorted(node) if isinstance(node, dict) else f"0…{len(node) - 1}" if isinstance(node, list) else "none"
        raise FactError(f"no fact {key!r} (at {part!r}; there: {options})")
    return node


def quote(root: Path, trace: str, key: str) -> str:
    """The text a note shows for ``fact(trace, key)``."""
    return number(key.split(".")[0], lookup(facts_of(root, trace), key))


def trace_ids(root: Path) -> list[str]:
    """Every name ``fact`` takes: each built trace (``linreg``, ``lr_regimes/lr-0.85``) and each sweep (``lr_regimes``)."""
    sims = root / SIMS
    found = sims.rglob("*.json") if sims.is_dir() else ()
    traces = {p.relative_to(sims).with_suffix("").as_posix() for p in found}
    sweeps = {t.rsplit("/", 1)[0] for t in traces if "/" in t}
    return sorted(traces | sweeps)


def _entries(node, parts: tuple[str, ...] = ()):
    """(parts, value) for every value below ``node`` a note can quote: each number, name and list (a mapping is
    quoted by its entries, not whole)."""
    if isinstance(node, dict):
        for name, value in node.items():
            yield from _entries(value, (*parts, str(name)))
        return
    if parts:
        yield parts, node
    if isinstance(node, list):
        for index, value in enumerate(node):
            yield from _entries(value, (*parts, str(index)))


def every_fact(root: Path) -> dict[str, dict[tuple[str, ...], str]]:
    """trace → {key parts → the text ``quote`` gives}: every fact of every built trace and sweep, for the
    formats that read facts from a file (``gdmedia.notes.fact_files``).  A key is listed only where its dotted
    form leads ``lookup`` back to it, so each one listed is one ``quote`` takes."""
    every = {}
    for trace in trace_ids(root):
        found = facts_of(root, trace)
        every[trace] = {parts: number(parts[0], value) for parts, value in _entries(found)
                        if _names(found, ".".join(parts), value)}
    return every


def _names(found: dict, key: str, value) -> bool:
    try:
        return lookup(found, key) is value
    except FactError:
        return False


def checkout_of(project_dir: Path) -> Path:
    """The checkout whose config and traces a site quotes: ``project_dir`` if it has a config.yaml,
    else this file's own checkout (another folder's site, its settings generated in output/)."""
    root = Path(project_dir)
    return root if (root / "config.yaml").is_file() else Path(__file__).resolve().parents[3]


def alt_text(media: dict, medium: str) -> str:
    """A medium's alt text from config.yaml (what a screen reader says), safe inside ``![…](…)``."""
    if medium not in media:
        raise FactError(f"names no medium; media: {', '.join(sorted(media))}")
    return media[medium]["alt"].replace("[", "(").replace("]", ")")


def placeholder_value(root: Path):
    """``call → text`` for ``gdmedia.notes.placeholders.substitute``: facts from ``root``'s traces,
    alt texts from its config.yaml (read once, on the first ``alt``)."""
    loaded: dict = {}

    def value(call) -> str:
        if call.name == "fact":
            return quote(root, *call.args)
        if "media" not in loaded:
            from gdmedia.workflow.settings.config import load_config

            loaded["media"] = load_config(root / "config.yaml")["media"]
        return alt_text(loaded["media"], call.args[0])

    return value
