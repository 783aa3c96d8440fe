"""Notes quote facts: the ``fact`` macro of the docs site (mkdocs-macros-plugin).

A note writes ``{{ fact("lr_regimes/lr-0.85", "steps_to_tolerance") }}`` and the
site shows the number from ``output/sims/lr_regimes/lr-0.85.json``'s ``facts``
block (``gdsim.facts``), formatted the one way ``style.number`` formats that
quantity.  A key may be dotted into lists and dicts (``least_squares_theta.1``,
``counts.minimum-0``).  A sweep's name without a member gives its ranking by
steps to tolerance (``fact("optimizer_race", "fastest")`` is a member name,
``fact("optimizer_race", "steps.opt-gd")`` a count).

A placeholder naming no trace or no fact fails the strict build with the note,
the line and what exists (mkdocs.yml sets ``on_error_fail``).
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


def _line_of(markdown: str, trace: str, key: str) -> int:
    for index, line in enumerate(markdown.splitlines(), start=1):
        if "fact(" in line and trace in line and key in line:
            return index
    return 0


def define_env(env) -> None:
    """mkdocs-macros hook: registers ``fact`` and ``alt``."""
    root = Path(env.project_dir)
    if not (root / "config.yaml").is_file():  # another folder's site, its mkdocs.yml generated in output/:
        root = Path(__file__).resolve().parents[2]  # the checkout whose config and traces it quotes

    loaded: dict = {}

    @env.macro
    def alt(medium: str) -> str:
        """A medium's alt text from config.yaml (what a screen reader says), for ``![{{ alt("x") }}](…)``."""
        from gdmedia.config import load_config

        if "media" not in loaded:  # read once per build
            loaded["media"] = load_config(root / "config.yaml")["media"]
        media = loaded["media"]
        if medium not in media:
            page = env.page
            note = page.file.src_path if page is not None else "?"
            raise FactError(f"{note}: alt({medium!r}) names no medium; media: {', '.join(sorted(media))}")
        return media[medium]["alt"].replace("[", "(").replace("]", ")")

    @env.macro
    def fact(trace: str, key: str) -> str:
        try:
            return quote(root, trace, key)
        except FactError as error:
            page = env.page
            note = page.file.src_path if page is not None else "?"
            line = _line_of(page.markdown if page is not None else "", trace, key)
            raise FactError(f"{note}:{line}: fact({trace!r}, {key!r}) names no fact: {error}") from None
