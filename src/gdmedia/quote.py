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

from gdsim.facts import ranking

from gdmedia.style import number

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
    """``found`` followed along a dotted ``key``; list items by index."""
    node = found
    for part in key.split("."):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            options = sorted(node) if isinstance(node, dict) else f"0…{len(node) - 1}" if isinstance(node, list) else "none"
            raise FactError(f"no fact {key!r} (at {part!r}; there: {options})")
    return node


def quote(root: Path, trace: str, key: str) -> str:
    """The text a note shows for ``fact(trace, key)``."""
    return number(key.split(".")[0], lookup(facts_of(root, trace), key))


def checkout_of(project_dir: Path) -> Path:
    """The checkout whose config and traces a site quotes: ``project_dir`` if it has a config.yaml,
    else this file's own checkout (another folder's site, its settings generated in output/)."""
    root = Path(project_dir)
    return root if (root / "config.yaml").is_file() else Path(__file__).resolve().parents[2]


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
            from gdmedia.config import load_config

            loaded["media"] = load_config(root / "config.yaml")["media"]
        return alt_text(loaded["media"], call.args[0])

    return value
