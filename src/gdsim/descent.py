"""The descent loop: step many starts at once and decide when each one stops.

Each start stops on its own:
- ``diverged`` at the first step whose parameters or loss are not finite, or
  whose largest |θ| passes ``bound``, or whose |θ| or |L| passes ``DRAWABLE``
  whatever the bound; its path ends at the last point before that step;
- ``converged`` once |L_t − L_{t−1}| ≤ ``tolerance`` for ``patience`` steps in a row;
- ``max_steps`` when the budget runs out first.
A stopped start stays put, so later rows repeat its last point.  Only every
``record_every``-th step (plus the last) is kept, so memory follows the number
of recorded rows, not the number of steps.

Each recorded row also keeps the gradient the optimizer was given at that
row's θ, the one that takes the NEXT step.  ``grad`` is called exactly once per
step (a stochastic run keeps its sample sequence), so a row's gradient is
taken from the step after it; the last row's is computed once more after the
loop.  For momentum methods it is not the step: θ_{k+1} − θ_k = −η·v_{k+1}.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, NamedTuple

import numpy as np

from .errors import at_least, finite_array, positive_finite
from .optimizers import Optimizer

CONVERGED, DIVERGED, MAX_STEPS = "converged", "diverged", "max_steps"
# Past this magnitude a point or loss counts as blown up whatever ``bound`` says:
# every recorded number must stay drawable.  Renderers square parameters
# (contours: θ² must stay below float64's 1.8e308) and take powers of ten of a
# log axis' range (matplotlib overflows near 1e305), so 1e100 leaves headroom.
DRAWABLE = 1e100


@dataclass(frozen=True)
class StopRule:
    """When a start stops; see the module docstring."""

    max_steps: int
    tolerance: float
    patience: int
    bound: float
    record_every: int

    def checked(self) -> "StopRule":
        at_least("steps", self.max_steps, 1)
        at_least("patience", self.patience, 1)
        at_least("record_every", self.record_every, 1)
        positive_finite("bound", self.bound)
        if not np.isfinite(self.tolerance) or self.tolerance < 0:
            raise ValueError(f"tolerance must be a finite number >= 0, got {self.tolerance!r}")
        return self


class Descent(NamedTuple):
    """What a run leaves: recorded rows of every start, and how each one ended."""

    steps: np.ndarray  # (R,) step number of each recorded row, row 0 is step 0
    params: np.ndarray  # (S, R, 2)
    values: np.ndarray  # (S, R)
    grads: np.ndarray  # (S, R, 2) the gradient given to the optimizer at each recorded θ
    status: np.ndarray  # (S,) one of CONVERGED, DIVERGED, MAX_STEPS
    stop_step: np.ndarray  # (S,) the step at which the status was decided


def descend(
    value: Callable[[np.ndarray], np.ndarray],
    grad: Callable[[np.ndarray], np.ndarray],
    starts: np.ndarray,
    optimizer: Optimizer,
    rule: StopRule,
) -> Descent:
    """Run ``optimizer`` from each row of ``starts`` (S, 2) until every start stops.

    ``value(θ)`` gives the loss to record (S,); ``grad(θ)`` the gradient to follow
    (S, 2), which may be a mini-batch estimate and is called once per step.
    """
    rule = rule.checked()
    limit = min(rule.bound, DRAWABLE)
    theta = finite_array("starts", starts, ndim=2).copy()
    with np.errstate(all="ignore"):
        current = np.asarray(value(theta), dtype=float)
    _refuse_undrawable_starts(theta, current, limit)
    state = optimizer.init(theta)
    count = len(theta)
    status = np.full(count, MAX_STEPS, dtype="<U9")
    stop_step = np.full(count, rule.max_steps)
    active = np.ones(count, dtype=bool)
    calm = np.zeros(count, dtype=int)
    rows: tuple[list, list, list] = ([], [], [])
    grads: list[np.ndarray] = []  # trails rows by one until the next step's gradient arrives
    _record(rows, 0, theta, current)
    last_moved = 0
    # One errstate for the whole loop: overflow and NaN are results here (caught
    # as ``blown`` below), and entering the context once per step cost ~5 µs.
    with np.errstate(all="ignore"):
        for step in range(1, rule.max_steps + 1):
            given = np.asarray(grad(theta), dtype=float)
            if len(grads) < len(rows[0]):
                grads.append(given.copy())
            updates, state = optimizer.update(given, state, theta)
            proposal = theta + updates
            proposal_value = np.asarray(value(proposal), dtype=float)
            # NaN fails every comparison, so "not <=" catches NaN as well as overflow.
            blown = ~(np.abs(proposal) <= limit).all(axis=1) | ~(np.abs(proposal_value) <= DRAWABLE)
            blown &= active
            moving = active & ~blown
            calm = np.where(moving & (np.abs(proposal_value - current) <= rule.tolerance), calm + 1, 0)
            settled = moving & (calm >= rule.patience)
            # A start stops once in a run, so most steps skip the bookkeeping.
            if blown.any() or settled.any():
                status[blown], stop_step[blown] = DIVERGED, step
                status[settled], stop_step[settled] = CONVERGED, step
                active &= ~(blown | settled)
            if moving.all():
                theta, current, last_moved = proposal, proposal_value, step
            elif moving.any():
                theta = np.where(moving[:, None], proposal, theta)
                current = np.where(moving, proposal_value, current)
                last_moved = step
            if not active.any():
                break
            if step % rule.record_every == 0 or step == rule.max_steps:
                _record(rows, step, theta, current)
    # A run that ends because its last starts blew up ends on the last step
    # that moved anything; the step that blew up left no finite point.
    if rows[0][-1] != last_moved:
        _record(rows, last_moved, theta, current)
    if len(grads) < len(rows[0]):
        with np.errstate(all="ignore"):
            grads.append(np.asarray(grad(theta), dtype=float).copy())
    return Descent(
        steps=np.array(rows[0]),
        params=np.stack(rows[1], axis=1),
        values=np.stack(rows[2], axis=1),
        grads=np.stack(grads, axis=1),
        status=status,
        stop_step=stop_step,
    )


def _refuse_undrawable_starts(theta: np.ndarray, value: np.ndarray, limit: float) -> None:
    """A start must lie within the bound and have a drawable loss: there is no last good point before it."""
    far = ~(np.abs(theta) <= limit).all(axis=1) | ~(np.abs(value) <= DRAWABLE)
    if far.any():
        index = int(np.flatnonzero(far)[0])
        raise ValueError(
            f"starts: start {index} at {theta[index].tolist()} (loss {value[index]:g}) lies outside the bound "
            f"{limit:g} or has a loss beyond {DRAWABLE:g}; give starts inside the bound"
        )


def _record(rows: tuple[list, list, list], step: int, theta: np.ndarray, value: np.ndarray) -> None:
    rows[0].append(step)
    rows[1].append(theta.copy())
    rows[2].append(value.copy())
