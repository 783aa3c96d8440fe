"""Sweeps: a simulation that gives a list for a sweepable key is one trace per value.

Sweepable: ``optimizer`` (a list of optimizer blocks), ``optimizer.learning_rate``,
``start.seed``, ``regression.batch.mode`` and ``start.subsample``.  Lists on several keys give every
combination.  Each member has a readable name (``lr-0.1``, ``opt-adam``,
``seed-3``, ``batch-stochastic``, joined by ``_``) and its own trace,
``output/sims/<simulation>/<member>.npz``; a plain simulation's trace is
``output/sims/<simulation>.npz``.
"""

from __future__ import annotations

import copy


class SweepClash(ValueError):
    """Two values of one sweep would write the same trace."""


def _value_name(value) -> str:
    if value is None:
        return "none"
    return value["name"] if isinstance(value, dict) else f"{value:g}" if isinstance(value, float) else str(value)


# (path of keys, member-name prefix)
AXES = (
    (("optimizer",), "opt"),
    (("optimizer", "learning_rate"), "lr"),
    (("start", "seed"), "seed"),
    (("regression", "batch", "mode"), "batch"),
    (("start", "subsample"), "prior"),
)


def sweep_axes() -> str:
    """The keys a list sweeps over, in words (from ``AXES``, the one list of them)."""
    paths = [".".join(path) for path, _ in AXES]
    return ", ".join(paths[:-1]) + " or " + paths[-1]


def _get(node, path):
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node


def _set(node, path, value):
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value


def members(sim: dict) -> dict[str, dict]:
    """Member name → that member's simulation block with single values ('' for a plain simulation)."""
    expanded = {"": sim}
    for path, prefix in AXES:
        grown = {}
        for name, block in expanded.items():
            values = _get(block, path)
            if not isinstance(values, list):
                grown[name] = block
                continue
            named: dict[str, object] = {}
            for value in values:
                member = copy.deepcopy(block)
                _set(member, path, value)
                label = "_".join(filter(None, [name, f"{prefix}-{_value_name(value)}"]))
                if label in grown:
                    # Silently merging them would draw one trace twice and lose the other.
                    raise SweepClash(
                        f"{'.'.join(path)}: {named[label]!r} and {value!r} would share the trace name "
                        f"{label!r}; give values that differ in 6 significant digits (or different names)"
                    )
                named[label] = value
                grown[label] = member
        expanded = grown
    return expanded


def is_sweep(sim: dict) -> bool:
    return list(members(sim)) != [""]


def trace_ids(config: dict) -> dict[str, dict]:
    """Every trace the config asks for: ``name`` or ``name/member`` → its simulation block."""
    ids = {}
    for name, sim in config["simulations"].items():
        for member, block in members(sim).items():
            ids[f"{name}/{member}" if member else name] = block
    return ids


def traces_of(config: dict, simulation: str) -> list[str]:
    """The trace ids of one simulation, in the order its config lists the values."""
    return [f"{simulation}/{m}" if m else simulation for m in members(config["simulations"][simulation])]
