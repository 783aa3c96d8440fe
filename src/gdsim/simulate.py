"""Whole simulations: a spec in, a trace out, dispatched on the spec's kind.

A trace is a NamedTuple of arrays and plain values: everything a renderer
needs and nothing it would have to recompute by simulating.  Each kind's spec,
trace and simulation live in its module (``gdsim.kinds.MODULES``, imported when
that kind runs); this module holds what they share: the starting points a
``StartSpec`` describes and the optimizer an ``OptimizerSpec`` names.
"""

from __future__ import annotations

import numpy as np

from . import kinds
from .errors import at_least, finite_array
from .optimizers import Optimizer, make_optimizer
from .types import OptimizerSpec, StartSpec

# Names that moved to a kind's module, still importable from here (read lazily,
# so importing this module imports no kind).
_MOVED = {
    "BatchSpec": ("regression", "BatchSpec"), "BATCH_MODES": ("regression", "BATCH_MODES"),
    "RegressionSpec": ("regression", "RegressionSpec"), "RegressionTrace": ("regression", "RegressionTrace"),
    "fit": ("regression", "fit"), "batch_indices": ("regression", "batch_indices"),
    "informed_start": ("regression", "informed_start"), "simulate_regression": ("regression", "simulate"),
    "SurfaceSpec": ("surface", "SurfaceSpec"), "SurfaceTrace": ("surface", "SurfaceTrace"),
    "BASIN_FRACTION": ("surface", "BASIN_FRACTION"), "simulate_surface": ("surface", "simulate"),
    "CurveSpec": ("curve", "CurveSpec"), "CurveTrace": ("curve", "CurveTrace"), "simulate_curve": ("curve", "simulate"),
}

__all__ = ["OptimizerSpec", "StartSpec", "optimizer_of", "simulate", "start_points", *_MOVED]


def __getattr__(name: str):
    if name in _MOVED:
        kind, attribute = _MOVED[name]
        return getattr(kinds.module(kind), attribute)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def optimizer_of(spec: OptimizerSpec) -> Optimizer:
    """The optimizer a spec names, with the hyper-parameters it gives."""
    return make_optimizer(spec.name, spec.learning_rate, **spec.hyper())


def start_points(spec: StartSpec, default_box) -> np.ndarray:
    """The (S, 2) starting points a StartSpec describes; the box falls back to ``default_box``."""
    if spec.points is not None:
        return finite_array("start.points", spec.points, ndim=2)
    at_least("start.count", spec.count, 1)
    if spec.box is None and default_box is None:
        raise ValueError("start.box is required when start.points is not given")
    box = finite_array("start.box", spec.box if spec.box is not None else default_box, ndim=2)
    if box.shape != (2, 2) or np.any(box[:, 1] <= box[:, 0]):
        raise ValueError(f"start.box must be [[low, high], [low, high]] with low < high, got {box.tolist()}")
    rng = np.random.default_rng(spec.seed)
    return rng.uniform(box[:, 0], box[:, 1], size=(spec.count, 2))


def simulate(spec):
    """Run the simulation a spec describes, by the module that owns its kind."""
    return kinds.owner(spec).simulate(spec)
