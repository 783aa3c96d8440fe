"""Whole simulations: a spec in, a trace out, dispatched on the spec's kind.

Each kind's spec, trace and simulation live in its module (``gdsim.kinds.MODULES``,
imported when that kind runs).  What kinds share lives below them: the starting
points (``gdsim.starts``) and the optimizer a spec names (``gdsim.optimizers``).
"""

from __future__ import annotations

from . import kinds


def simulate(spec):
    """Run the simulation a spec describes, by the module that owns its kind."""
    return kinds.owner(spec).simulate(spec)
