"""Whole simulations: a spec in, a trace out.

A trace is a NamedTuple of arrays and plain values: everything a renderer
needs and nothing it would have to recompute by simulating.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Iterator, NamedTuple

import numpy as np

from . import regression
from .data import DatasetSpec, make_dataset
from .descent import Descent, StopRule, descend
from .errors import at_least, finite_array
from .optimizers import make_optimizer
from .curves import get_curve
from .surfaces import get_surface, nearest_minimum

BATCH_MODES = ("full", "stochastic", "minibatch")
# A path "ends in" a minimum when its last point lies this close to it,
# as a fraction of the drawn box's diagonal.
BASIN_FRACTION = 0.02


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

    def build(self):
        hyper = {k: v for k, v in dataclasses.asdict(self).items() if k not in ("name", "learning_rate")}
        return make_optimizer(self.name, self.learning_rate, **{k: v for k, v in hyper.items() if v is not None})


@dataclass(frozen=True)
class BatchSpec:
    """Which samples each step's gradient averages over."""

    mode: str
    size: int
    seed: int


@dataclass(frozen=True)
class StartSpec:
    """Starting points: the given ``points``, or ``count`` seeded draws from the box."""

    points: tuple[tuple[float, float], ...] | None
    count: int
    box: tuple[tuple[float, float], tuple[float, float]] | None
    seed: int
    subsample: int | None = None  # regression only: start from least squares on this many samples


@dataclass(frozen=True)
class RegressionSpec:
    data: DatasetSpec
    batch: BatchSpec
    start: StartSpec
    optimizer: OptimizerSpec
    stop: StopRule


@dataclass(frozen=True)
class SurfaceSpec:
    surface: str
    start: StartSpec
    optimizer: OptimizerSpec
    stop: StopRule


@dataclass(frozen=True)
class CurveSpec:
    curve: str
    start: float
    optimizer: OptimizerSpec
    stop: StopRule


class RegressionTrace(NamedTuple):
    x: np.ndarray  # (n,)
    y: np.ndarray  # (n,)
    theta: np.ndarray  # (R, 2), row 0 the start
    loss: np.ndarray  # (R,) full-data loss at each recorded step
    grad: np.ndarray  # (R, 2) the (batch) gradient the optimizer was given at each row's θ
    step: np.ndarray  # (R,) step number of each row
    lstsq: np.ndarray  # (2,) the least-squares θ
    learning_rate: float
    optimizer: str
    batch_mode: str
    informed: bool  # the start came from least squares on a subsample, not from the config or at random
    status: str
    stop_step: int
    batch_size: int = 0  # samples each step's gradient averages over (n for full batch); 0: not recorded


class SurfaceTrace(NamedTuple):
    surface: str
    bounds: np.ndarray  # (2, 2) [[x_low, x_high], [y_low, y_high]]
    paths: np.ndarray  # (S, R, 2); a path that stopped early repeats its last point
    values: np.ndarray  # (S, R)
    grad: np.ndarray  # (S, R, 2) the gradient the optimizer was given at each row's point
    step: np.ndarray  # (R,)
    status: np.ndarray  # (S,)
    stop_step: np.ndarray  # (S,)
    minima: np.ndarray  # (M, 2)
    global_minimum: int  # index into minima, -1 if none
    end_minimum: np.ndarray  # (S,) index of the minimum each path ends in, -1 if none
    learning_rate: float
    optimizer: str


class CurveTrace(NamedTuple):
    curve: str
    bounds: np.ndarray  # (2,) the interval the curve is drawn on
    w: np.ndarray  # (R,) the parameter at each recorded step
    loss: np.ndarray  # (R,)
    slope: np.ndarray  # (R,) dL/dw where the walker stands
    grad: np.ndarray  # (R,) the gradient the optimizer was given at each row's w
    step: np.ndarray  # (R,)
    minimum: float
    learning_rate: float
    optimizer: str
    status: str
    stop_step: int


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

    run = descend(lambda t: regression.loss(t, x, y), grad, starts, optimizer.build(), stop)
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


def simulate_regression(spec: RegressionSpec) -> RegressionTrace:
    """Draw the dataset, then ``fit`` it from the given, random or informed start."""
    x, y = make_dataset(spec.data)
    informed = spec.start.points is None and spec.start.subsample is not None
    if informed:
        starts = informed_start(x, y, spec.start.subsample, spec.start.seed)
    else:
        starts = start_points(spec.start, None)
    return fit(x, y, starts, spec.batch, spec.optimizer, spec.stop, informed)


def simulate_surface(spec: SurfaceSpec) -> SurfaceTrace:
    """Descend the named surface from every start at once."""
    surface = get_surface(spec.surface)
    starts = start_points(spec.start, surface.bounds)
    run: Descent = descend(surface.value, surface.grad, starts, spec.optimizer.build(), spec.stop)
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


def simulate_curve(spec: CurveSpec) -> CurveTrace:
    """Walk down a 1-D curve from one start: w ← w − η·dL/dw."""
    curve = get_curve(spec.curve)
    start = finite_array("start", [[spec.start]], ndim=2)
    run = descend(curve.value, curve.grad, start, spec.optimizer.build(), spec.stop)
    w = run.params[0, :, 0]
    return CurveTrace(
        curve=curve.name, bounds=np.array(curve.bounds), w=w, loss=run.values[0],
        slope=curve.grad(w[:, None])[:, 0], grad=run.grads[0, :, 0], step=run.steps, minimum=curve.minimum,
        learning_rate=float(spec.optimizer.learning_rate), optimizer=spec.optimizer.name,
        status=str(run.status[0]), stop_step=int(run.stop_step[0]),
    )


def simulate(spec: RegressionSpec | SurfaceSpec | CurveSpec) -> RegressionTrace | SurfaceTrace | CurveTrace:
    """Run the simulation a spec describes."""
    if isinstance(spec, RegressionSpec):
        return simulate_regression(spec)
    if isinstance(spec, CurveSpec):
        return simulate_curve(spec)
    return simulate_surface(spec)
