"""The curve kind: walk down a named 1-D curve from one start, w ← w − η·dL/dw.

Owns its spec, its trace, its summary and facts (the curvature at the bottom
plays λ's part), and its simulation.  The curves live in ``gdsim.curves``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from gdtrace.types import CurveTrace

from ..curves import get_curve
from ..descent import StopRule, descend
from ..errors import finite_array
from ..measures import TOLERANCE, finite_or_none, outcome_label, regime_from_curvature, steps_to_tolerance
from ..optimizers import optimizer_of
from ..types import OptimizerSpec, StartSpec


@dataclass(frozen=True)
class CurveSpec:
    curve: str
    start: float
    optimizer: OptimizerSpec
    stop: StopRule

    KIND = "curve"


Spec, Trace = CurveSpec, CurveTrace


def from_config(block: dict, start: StartSpec, optimizer: OptimizerSpec, stop: StopRule) -> CurveSpec:
    """The spec of a completed config block with its ``curve`` block (its start is ``curve.start``)."""
    return CurveSpec(curve=block["curve"]["name"], start=float(block["curve"]["start"]), optimizer=optimizer, stop=stop)


def default_box(block: dict):
    """A curve starts from ``curve.start``, never from a box."""
    return None


def simulate(spec: CurveSpec) -> CurveTrace:
    """Walk down a 1-D curve from one start: w ← w − η·dL/dw."""
    curve = get_curve(spec.curve)
    start = finite_array("start", [[spec.start]], ndim=2)
    run = descend(curve.value, curve.grad, start, optimizer_of(spec.optimizer), spec.stop)
    w = run.params[0, :, 0]
    return CurveTrace(
        curve=curve.name, bounds=np.array(curve.bounds), w=w, loss=run.values[0],
        slope=curve.grad(w[:, None])[:, 0], grad=run.grads[0, :, 0], step=run.steps, minimum=curve.minimum,
        learning_rate=float(spec.optimizer.learning_rate), optimizer=spec.optimizer.name,
        status=str(run.status[0]), stop_step=int(run.stop_step[0]),
    )


def summary(trace: CurveTrace) -> dict:
    """How the walk ended, for the .json beside the trace."""
    return {
        "kind": "curve",
        "status": trace.status,
        "stop_step": trace.stop_step,
        "final_step": int(trace.step[-1]),
        "final_w": float(trace.w[-1]),
        "final_loss": float(trace.loss[-1]),
    }


def facts(trace: CurveTrace, tolerance: float = TOLERANCE) -> dict:
    """Facts of a 1-D walk; the curvature at the bottom plays λ's part."""
    curve = get_curve(str(trace.curve))
    h = 1e-5
    bottom = float(trace.minimum)
    c = float((curve.grad(np.array([[bottom + h]])) - curve.grad(np.array([[bottom - h]])))[0, 0] / (2 * h))
    eta = float(trace.learning_rate)
    regime = regime_from_curvature(eta, c, c) if trace.optimizer == "gd" else None
    distance = np.abs(np.asarray(trace.w, dtype=float) - bottom)
    reached = steps_to_tolerance(trace.step, distance, tolerance) if trace.status != "diverged" else None
    return {
        "kind": "curve",
        "status": str(trace.status),
        "stop_step": int(trace.stop_step),
        "final_step": int(trace.step[-1]),
        "final_w": finite_or_none(trace.w[-1]),
        "final_loss": finite_or_none(trace.loss[-1]),
        "start_distance": finite_or_none(distance[0]),
        "final_distance": finite_or_none(distance[-1]),
        "learning_rate": eta,
        "curvature": c,
        "critical_step": 2.0 / c,
        "eta_curvature": eta * c,
        "regime": regime,
        "tolerance": float(tolerance),
        "steps_to_tolerance": reached,
        "arrived": reached is not None,
        "outcome": outcome_label(str(trace.status), regime, reached is not None),
        "optimizer": str(trace.optimizer),
    }
