"""The regression kind: fit ŷ = θ0 + θ1·x to a drawn dataset by descent from one start.

Owns its spec (dataset, batch, start, optimizer, stop), its trace, its summary
and facts, and its simulation.  The model's maths (loss, gradient, least
squares, curvature) lives in ``gdsim.regression``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

import numpy as np
from gdtrace.types import RegressionTrace

from .. import regression
from ..data import DatasetSpec, make_dataset
from ..descent import StopRule, descend
from ..errors import at_least, finite_array
from ..measures import TOLERANCE, finite_or_none, first_within, outcome_label, regime_from_curvature, steps_to_tolerance
from ..optimizers import optimizer_of
from ..starts import start_points
from ..types import OptimizerSpec, StartSpec

BATCH_MODES = ("full", "stochastic", "minibatch")


@dataclass(frozen=True)
class BatchSpec:
    """Which samples each step's gradient averages over."""

    mode: str
    size: int
    seed: int


@dataclass(frozen=True)
class RegressionSpec:
    data: DatasetSpec
    batch: BatchSpec
    start: StartSpec
    optimizer: OptimizerSpec
    stop: StopRule

    KIND = "regression"


Spec, Trace = RegressionSpec, RegressionTrace


def from_config(block: dict, start: StartSpec, optimizer: OptimizerSpec, stop: StopRule) -> RegressionSpec:
    """The spec of a completed config block (one sweep member) with its ``regression`` block."""
    data, batch = block["regression"]["data"], block["regression"]["batch"]
    dataset = DatasetSpec(
        n=data["n"], x_low=data["x_range"][0], x_high=data["x_range"][1],
        theta_true=tuple(data["theta_true"]), noise=data["noise"], seed=data["seed"],
    )
    return RegressionSpec(data=dataset, batch=BatchSpec(**batch), start=start, optimizer=optimizer, stop=stop)


def default_box(block: dict):
    """Random starts need a box given in the config: a regression has no drawn box of its own."""
    return None


def batch_indices(n: int, spec: BatchSpec) -> Iterator[np.ndarray]:
    """Endless sample indices per step: all of them, or seeded shuffled batches.

    Each epoch is a fresh permutation cut into batches of ``size`` (1 for
    stochastic); the last batch of an epoch may be smaller.
    """
    if spec.mode not in BATCH_MODES:
        raise ValueError(f"batch.mode must be one of {list(BATCH_MODES)}, got {spec.mode!r}")
    if spec.mode == "full":
        everything = np.arange(n)
        while True:
            yield everything
    size = 1 if spec.mode == "stochastic" else at_least("batch.size", spec.size, 1)
    rng = np.random.default_rng(spec.seed)
    while True:
        order = rng.permutation(n)
        for begin in range(0, n, size):
            yield order[begin : begin + size]


def fit(x, y, starts: np.ndarray, batch: BatchSpec, optimizer: OptimizerSpec, stop: StopRule,
        informed: bool = False) -> RegressionTrace:
    """Fit ŷ = θ0 + θ1·x to (x, y) by descent from one start; see ``descent`` for stopping."""
    x = finite_array("x", x, ndim=1)
    y = finite_array("y", y, ndim=1)
    if len(x) != len(y):
        raise ValueError(f"x and y must have the same length, got {len(x)} and {len(y)}")
    if len(starts) != 1:
        raise ValueError(f"start must give exactly one point for a regression, got {len(starts)}")
    batches = batch_indices(len(x), batch)

    def grad(theta: np.ndarray) -> np.ndarray:
        pick = next(batches)
        return regression.gradient(theta, x[pick], y[pick])

    run = descend(lambda t: regression.loss(t, x, y), grad, starts, optimizer_of(optimizer), stop)
    return RegressionTrace(
        x=x, y=y, theta=run.params[0], loss=run.values[0], grad=run.grads[0], step=run.steps,
        lstsq=regression.least_squares(x, y), learning_rate=float(optimizer.learning_rate),
        optimizer=optimizer.name, batch_mode=batch.mode, informed=informed,
        status=str(run.status[0]), stop_step=int(run.stop_step[0]),
        batch_size=len(x) if batch.mode == "full" else 1 if batch.mode == "stochastic" else min(batch.size, len(x)),
    )


def informed_start(x: np.ndarray, y: np.ndarray, size: int, seed: int) -> np.ndarray:
    """A start from prior information: least squares on ``size`` samples drawn without replacement."""
    at_least("start.subsample", size, 2)
    if size > len(x):
        raise ValueError(f"start.subsample must be at most the {len(x)} samples, got {size}")
    pick = np.random.default_rng(seed).choice(len(x), size=size, replace=False)
    return regression.least_squares(x[pick], y[pick])[None, :]


def simulate(spec: RegressionSpec) -> RegressionTrace:
    """Draw the dataset, then ``fit`` it from the given, random or informed start."""
    x, y = make_dataset(spec.data)
    informed = spec.start.points is None and spec.start.subsample is not None
    if informed:
        starts = informed_start(x, y, spec.start.subsample, spec.start.seed)
    else:
        starts = start_points(spec.start, None)
    return fit(x, y, starts, spec.batch, spec.optimizer, spec.stop, informed)


def summary(trace: RegressionTrace) -> dict:
    """How the run ended, for the .json beside the trace."""
    return {
        "kind": "regression",
        "status": trace.status,
        "stop_step": trace.stop_step,
        "final_step": int(trace.step[-1]),
        "final_theta": trace.theta[-1].tolist(),
        "final_loss": float(trace.loss[-1]),
        "least_squares_theta": trace.lstsq.tolist(),
    }


def facts(trace: RegressionTrace, tolerance: float = TOLERANCE) -> dict:
    """Facts of one regression run; see ``gdsim.facts``."""
    distance = np.linalg.norm(np.asarray(trace.theta) - trace.lstsq, axis=1)
    lam_min, lam_max = (float(v) for v in regression.curvature(np.asarray(trace.x)))
    eta = float(trace.learning_rate)
    plain = trace.optimizer == "gd" and trace.batch_mode == "full"
    regime = regime_from_curvature(eta, lam_min, lam_max) if plain else None
    reached = steps_to_tolerance(trace.step, distance, tolerance) if trace.status != "diverged" else None
    return {
        "kind": "regression",
        "status": str(trace.status),
        "stop_step": int(trace.stop_step),
        "final_step": int(trace.step[-1]),
        "final_loss": finite_or_none(trace.loss[-1]),
        "loss_rises": int(np.sum(np.diff(np.asarray(trace.loss, dtype=float)) > 0)),
        "least_squares_theta": [float(v) for v in trace.lstsq],
        "least_squares_loss": float(regression.loss(trace.lstsq, trace.x, trace.y)),
        "start_distance": finite_or_none(distance[0]),
        "final_distance": finite_or_none(distance[-1]),
        "tolerance": float(tolerance),
        "steps_to_tolerance": reached,
        "first_within": first_within(trace.step, distance, tolerance),
        "arrived": reached is not None,
        "learning_rate": eta,
        "lambda_min": lam_min,
        "lambda_max": lam_max,
        "critical_step": 2.0 / lam_max,
        "optimal_step": 2.0 / (lam_min + lam_max),
        "eta_lambda_min": eta * lam_min,
        "eta_lambda_max": eta * lam_max,
        "regime": regime,
        "outcome": outcome_label(str(trace.status), regime, reached is not None),
        "optimizer": str(trace.optimizer),
        "batch_mode": str(trace.batch_mode),
    }
