"""A completed simulation block of the config → the core's spec for it.

Owns only that conversion, so the simulate job imports the core and this,
not the config's checking, the registry or the media's options: editing those
reruns no simulation.  ``gdmedia.workflow.settings.config`` names these for its own readers.
"""

from __future__ import annotations

from gdsim import kinds
from gdsim.descent import StopRule
from gdsim.types import OptimizerSpec, StartSpec


def kind(sim: dict) -> str:
    """Which of the simulation blocks a completed simulation carries."""
    return next(k for k in kinds.MODULES if k in sim)


def _pairs(value):
    return None if value is None else tuple(tuple(float(v) for v in pair) for pair in value)


def simulation_spec(sim: dict):
    """The core spec for one completed simulation block (one sweep member: single values), built
    by the module that owns its kind."""
    start = sim["start"]
    return kinds.module(kind(sim)).from_config(
        sim,
        start=StartSpec(points=_pairs(start["points"]), count=start["count"],
                        box=_pairs(start["box"]), seed=start["seed"], subsample=start["subsample"]),
        optimizer=OptimizerSpec(**sim["optimizer"]),
        stop=StopRule(**sim["stop"]),
    )
