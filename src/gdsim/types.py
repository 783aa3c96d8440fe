"""What every problem kind shares: the optimizer and start specs, and what a trace is.

Imports nothing first-party, so a module that only names these types (the
drawing kit, a figure) depends on no simulation code.  Each kind's own spec and
trace live in its module under ``gdsim.kinds``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, NamedTuple


@dataclass(frozen=True)
class OptimizerSpec:
    """An optimizer by registry name, with its hyper-parameters; each optimizer uses the
    ones it takes (plain GD none), and their values come from config."""

    name: str
    learning_rate: float
    momentum: float | None = None
    decay: float | None = None
    beta1: float | None = None
    beta2: float | None = None
    eps: float | None = None

    def hyper(self) -> dict:
        """The hyper-parameters given (not None), by name, less the learning rate."""
        return {k: v for k, v in dataclasses.asdict(self).items()
                if k not in ("name", "learning_rate") and v is not None}


@dataclass(frozen=True)
class StartSpec:
    """Starting points: the given ``points``, or ``count`` seeded draws from the box."""

    points: tuple[tuple[float, float], ...] | None
    count: int
    box: tuple[tuple[float, float], tuple[float, float]] | None
    seed: int
    subsample: int | None = None  # regression only: start from least squares on this many samples


# A trace is one kind's NamedTuple of arrays and plain values; its class
# attribute ``KIND`` names the kind (a key of ``gdsim.kinds.MODULES``).
Trace = NamedTuple
Spec = Any
