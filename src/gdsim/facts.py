"""The facts a teacher quotes about a run, measured from its trace.

Every number a medium draws or a note quotes comes from here, never from
config prose.  Pure functions of a trace; plain JSON-able values out
(ints, floats, strings, lists, dicts; ``None`` where a fact does not exist).

API (stable):

- ``facts(trace, tolerance=TOLERANCE) -> dict``: the ``facts`` of the module that
  owns the trace's kind (``gdsim.kinds``); ``regression_facts``, ``surface_facts``
  and ``curve_facts`` name them here too.
- ``regression_facts(trace, tolerance)``: ``status``, ``stop_step``,
  ``final_step``, ``final_loss``, ``loss_rises`` (recorded steps where the loss went up),
  ``least_squares_theta``, ``least_squares_loss``,
  ``start_distance``, ``final_distance``, ``tolerance``, ``steps_to_tolerance``,
  ``arrived``, ``lambda_min``, ``lambda_max``, ``critical_step`` (2/λmax),
  ``optimal_step`` (2/(λmin+λmax)), ``eta_lambda_min``, ``eta_lambda_max``,
  ``regime`` (``regime_from_curvature``; ``None`` unless full-batch plain GD),
  ``outcome`` (``outcome_label``).
- ``surface_facts(trace, tolerance)``: per start (lists) ``status``,
  ``stop_step``, ``end``, ``end_minimum``, ``final_value``, ``final_distance``,
  ``steps_to_tolerance``; ``minima`` (points), ``minimum_values``,
  ``lowest_minima`` (every minimum as low as the lowest: Himmelblau gives four),
  ``counts`` per end (``diverged``, ``unsettled``, ``minimum-<k>``),
  ``reached_lowest`` (how many starts ended in a lowest minimum).
- ``curve_facts(trace, tolerance)``: ``status``, ``stop_step``, ``final_w``,
  ``final_loss``, ``curvature`` L''(w*), ``critical_step`` 2/L'', ``eta_curvature``,
  ``regime``, ``steps_to_tolerance``, ``arrived``, ``outcome``.
- ``ranking(named_facts) -> dict``: for a sweep or comparison (member name →
  facts), ``order`` (arrived members, fewest steps to tolerance first, ties in
  the given order), ``fastest``, ``not_arrived``, ``steps`` (name → steps or None).
- ``regime_from_curvature(eta, lam_min, lam_max)``: ``MONOTONE``, ``ZIGZAG`` or
  ``DIVERGES``; ``steps_to_tolerance(steps, distance, tolerance)``.

The maths.  Full-batch GD on a quadratic with Hessian H moves the error e = θ − θ*
as e ← (I − ηH)e, so along an eigenvector with curvature λ each step multiplies it
by 1 − ηλ: it shrinks without changing sign while ηλ ≤ 1 (monotone), flips sign
and still shrinks while 1 < ηλ < 2 (zig-zag), and grows once ηλ > 2 (diverges).
The stiffest direction decides: the critical step is 2/λmax.  The slowest factor
max(|1 − ηλmin|, |1 − ηλmax|) is smallest where both are equal, η = 2/(λmin+λmax).
For the project's loss L = ½·mean((y − θ0 − θ1·x)²), H = mean of [[1, x], [x, x²]].
"""

from __future__ import annotations

import math
from typing import Mapping, Sequence

import numpy as np

from . import kinds

TOLERANCE = 1e-3  # "arrived": within this distance of the answer in parameter space, and staying there
EQUAL_MINIMA = 1e-9  # minima whose values differ by less (relative to 1 + |f|) are equally low

MONOTONE, ZIGZAG, DIVERGES = "monotone", "zig-zag", "diverges"
# Outcome labels: what a run did, for titles and notes.
CRAWLS, SMOOTH, ZIGZAGS, DIVERGED, ARRIVED, NOT_ARRIVED, STOPS_SHORT = (
    "crawls", "smooth", "zig-zags", "diverges", "arrives", "does not arrive", "stops short")


def finite_or_none(value) -> float | None:
    """``value`` as a float, or None when it is not finite (JSON has no inf or NaN)."""
    value = float(value)
    return value if math.isfinite(value) else None


def steps_to_tolerance(steps: np.ndarray, distance: np.ndarray, tolerance: float) -> int | None:
    """The first recorded step from which ``distance`` stays at or under ``tolerance`` (None if never)."""
    inside = np.asarray(distance, dtype=float) <= tolerance
    if not inside.size or not inside[-1]:
        return None
    outside = np.nonzero(~inside)[0]
    first = 0 if not len(outside) else outside[-1] + 1
    return int(np.asarray(steps)[first])


def regime_from_curvature(eta: float, lam_min: float, lam_max: float) -> str:
    """How full-batch GD moves on a quadratic with these curvatures; see the module docstring."""
    stiff = eta * lam_max
    if stiff > 2.0:
        return DIVERGES
    return ZIGZAG if stiff > 1.0 else MONOTONE


def outcome_label(status: str, regime: str | None, arrived: bool) -> str:
    """What a run did: diverges, zig-zags, smooth, crawls (out of steps), stops short (its stop rule
    fired outside the tolerance), or without a regime arrives / does not arrive."""
    if status == "diverged":
        return DIVERGED
    if status == "converged" and not arrived:
        return STOPS_SHORT
    if regime is None:
        return ARRIVED if arrived else NOT_ARRIVED
    if not arrived:
        return CRAWLS
    return ZIGZAGS if regime == ZIGZAG else SMOOTH


def lowest_minima(values: Sequence[float]) -> list[int]:
    """Indices of every minimum as low as the lowest (equal within ``EQUAL_MINIMA``)."""
    values = np.asarray(values, dtype=float)
    if not values.size:
        return []
    low = values.min()
    return [int(i) for i in np.nonzero(values - low <= EQUAL_MINIMA * (1.0 + abs(low)))[0]]


def facts(trace, tolerance: float = TOLERANCE) -> dict:
    """The facts of any trace, measured by the module that owns its kind."""
    return kinds.owner(trace).facts(trace, tolerance)


# Each kind's facts, by their old names here; read lazily so that importing
# this module imports no kind.
_KIND_FACTS = {"regression_facts": "regression", "surface_facts": "surface", "curve_facts": "curve"}


def __getattr__(name: str):
    if name in _KIND_FACTS:
        return kinds.module(_KIND_FACTS[name]).facts
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def arrival(member: Mapping) -> int | None:
    """Steps a member took to arrive: its own, or for several starts the last of them (None if any never did)."""
    reached = member.get("steps_to_tolerance")
    if isinstance(reached, list):
        return None if not reached or any(r is None for r in reached) else max(reached)
    return reached


def ranking(named: Mapping[str, Mapping]) -> dict:
    """Members ranked by steps to tolerance: fewest first; those that never arrived apart."""
    steps = {name: arrival(member) for name, member in named.items()}
    order = sorted((n for n, s in steps.items() if s is not None), key=lambda n: steps[n])
    return {
        "order": order,
        "fastest": order[0] if order else None,
        "not_arrived": [n for n, s in steps.items() if s is None],
        "steps": steps,
    }
