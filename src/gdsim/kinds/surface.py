"""The surface kind: descend a named 2-D test surface from many starts at once.

Owns its spec, its trace, its summary and facts (which minimum each start ends
in), and its simulation.  The surfaces themselves live in ``gdsim.surfaces``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from gdtrace.types import SurfaceTrace

from ..descent import Descent, StopRule, descend
from ..measures import ENDINGS, TOLERANCE, ending, finite_or_none, first_within, lowest_minima, steps_to_tolerance
from ..optimizers import optimizer_of
from ..starts import start_points
from ..surfaces import get_surface, nearest_minimum
from ..types import OptimizerSpec, StartSpec

# A path "ends in" a minimum when its last point lies this close to it,
# as a fraction of the drawn box's diagonal.
BASIN_FRACTION = 0.02


@dataclass(frozen=True)
class SurfaceSpec:
    surface: str
    start: StartSpec
    optimizer: OptimizerSpec
    stop: StopRule

    KIND = "surface"


Spec, Trace = SurfaceSpec, SurfaceTrace


def from_config(block: dict, start: StartSpec, optimizer: OptimizerSpec, stop: StopRule) -> SurfaceSpec:
    """The spec of a completed config block (one sweep member) with its ``surface`` block."""
    return SurfaceSpec(surface=block["surface"]["name"], start=start, optimizer=optimizer, stop=stop)


def default_box(block: dict):
    """Random starts without a box fill the surface's drawn box."""
    return [list(side) for side in get_surface(block["surface"]["name"]).bounds]


def simulate(spec: SurfaceSpec) -> SurfaceTrace:
    """Descend the named surface from every start at once."""
    surface = get_surface(spec.surface)
    starts = start_points(spec.start, surface.bounds)
    run: Descent = descend(surface.value, surface.grad, starts, optimizer_of(spec.optimizer), spec.stop)
    bounds = np.array(surface.bounds, dtype=float)
    radius = BASIN_FRACTION * float(np.hypot(*(bounds[:, 1] - bounds[:, 0])))
    ends = nearest_minimum(surface, run.params[:, -1], radius)
    ends = np.where(run.status == "diverged", -1, ends)
    return SurfaceTrace(
        surface=surface.name, bounds=bounds, paths=run.params, values=run.values, grad=run.grads, step=run.steps,
        status=run.status, stop_step=run.stop_step, minima=np.array(surface.minima()),
        global_minimum=surface.global_minimum(), end_minimum=ends,
        learning_rate=float(spec.optimizer.learning_rate), optimizer=spec.optimizer.name,
    )


def summary(trace: SurfaceTrace) -> dict:
    """How the runs ended, for the .json beside the trace."""
    return {
        "kind": "surface",
        "status": trace.status.tolist(),
        "stop_step": trace.stop_step.tolist(),
        "final_step": int(trace.step[-1]),
        "end_minimum": trace.end_minimum.tolist(),
        "global_minimum": trace.global_minimum,
    }


def _end_name(status: str, minimum: int) -> str:
    if status == "diverged":
        return "diverged"
    return f"minimum-{minimum}" if minimum >= 0 else "unsettled"


def facts(trace: SurfaceTrace, tolerance: float = TOLERANCE) -> dict:
    """Facts of a multi-start (or single-start) surface run; see ``gdsim.facts``."""
    surface = get_surface(str(trace.surface))
    minima = np.asarray(trace.minima, dtype=float).reshape(-1, 2)
    values = [float(v) for v in surface.value(minima)] if len(minima) else []
    lowest = lowest_minima(values)
    status = [str(s) for s in trace.status]
    ends_in = [int(m) for m in trace.end_minimum]
    end = [_end_name(s, m) for s, m in zip(status, ends_in)]
    final_distance, reached, near = [], [], []
    for path, s, m in zip(np.asarray(trace.paths), status, ends_in):
        if m < 0 or s == "diverged":
            final_distance.append(None)
            reached.append(None)
            near.append(None)
            continue
        distance = np.linalg.norm(path - minima[m], axis=1)
        final_distance.append(finite_or_none(distance[-1]))
        reached.append(steps_to_tolerance(trace.step, distance, tolerance))
        near.append(first_within(trace.step, distance, tolerance))
    endings = [ending(s, m, lowest, r is not None) for s, m, r in zip(status, ends_in, reached)]
    counts = {name: end.count(name) for name in dict.fromkeys(
        ["diverged", "unsettled", *(f"minimum-{k}" for k in range(len(minima)))])}
    return {
        "kind": "surface",
        "surface": str(trace.surface),
        "starts": len(status),
        "status": status,
        "stop_step": [int(s) for s in trace.stop_step],
        "final_step": int(trace.step[-1]),
        "end": end,
        "end_minimum": ends_in,
        "final_value": [finite_or_none(v) for v in np.asarray(trace.values)[:, -1]],
        "final_distance": final_distance,
        "tolerance": float(tolerance),
        "steps_to_tolerance": reached,
        "first_within": near,
        "arrived": [r is not None for r in reached],
        "learning_rate": float(trace.learning_rate),
        "optimizer": str(trace.optimizer),
        "minima": minima.tolist(),
        "minimum_values": values,
        "lowest_minima": lowest,
        "counts": counts,
        "reached_lowest": sum(1 for m, s in zip(ends_in, status) if m in lowest and s != "diverged"),
        "ending": endings,
        "tally": {name: endings.count(name) for name in ENDINGS},
    }
