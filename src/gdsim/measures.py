"""What a run did, measured: the vocabulary and the pure measures every fact is made of.

Constants (``TOLERANCE``, the regimes, the outcome and ending words) and pure
functions of arrays and numbers (``steps_to_tolerance``, ``first_within``,
``regime_from_curvature``, ``outcome_label``, ``ending``, ``lowest_minima``,
``away``, ``ranking``).  Each kind's module measures its facts with these
(``gdsim.kinds``), and ``gdsim.facts`` dispatches to them.  Imports NumPy
only, so a picture may use the words and the ranking without importing any
simulation.  The maths of each measure is in ``gdsim.facts``' docstring.
"""

from __future__ import annotations

import math
from typing import Mapping, Sequence

import numpy as np

TOLERANCE = 1e-3  # "arrived": within this distance of the answer in parameter space, and staying there
EQUAL_MINIMA = 1e-9  # minima whose values differ by less (relative to 1 + |f|) are equally low

MONOTONE, ZIGZAG, EDGE, DIVERGES = "monotone", "zig-zag", "on the edge", "diverges"
# η·λmax this close to 2 (relatively) is the edge itself: the steep component is multiplied by
# 1 − ηλmax ≈ −1 each step, so it neither shrinks nor grows within any budget drawn
# (|1 − ηλmax|¹⁰⁰⁰ stays within 0.1 % of 1), and the loss is the same every other step.
EDGE_RTOL = 1e-6
# Outcome labels: what a run did, for titles and notes.
CRAWLS, SMOOTH, ZIGZAGS, DIVERGED, ARRIVED, NOT_ARRIVED, STOPS_SHORT, OSCILLATES = (
    "crawls", "smooth", "zig-zags", "diverges", "arrives", "does not arrive", "stops short", "oscillates")
# Where each start of a surface run ended: the words a tally counts.
LOWEST_MINIMUM, OTHER_MINIMUM, NO_MINIMUM, STILL_MOVING = (
    "lowest minimum", "other minimum", "no minimum", "still moving")
ENDINGS = (LOWEST_MINIMUM, OTHER_MINIMUM, DIVERGED, NO_MINIMUM, STILL_MOVING)


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


def first_within(steps: np.ndarray, distance: np.ndarray, tolerance: float) -> int | None:
    """The first recorded step at or under ``tolerance``, staying or not (None if never): before
    ``steps_to_tolerance`` when a run came near, left and came back."""
    inside = np.nonzero(np.asarray(distance, dtype=float) <= tolerance)[0]
    return int(np.asarray(steps)[inside[0]]) if inside.size else None


def regime_from_curvature(eta: float, lam_min: float, lam_max: float) -> str:
    """How full-batch GD moves on a quadratic with these curvatures; see the module docstring.

    At η·λmax = 2 (within ``EDGE_RTOL``) the steep component flips sign at the same size forever: ``EDGE``.
    """
    stiff = eta * lam_max
    if abs(stiff - 2.0) <= 2.0 * EDGE_RTOL:
        return EDGE
    if stiff > 2.0:
        return DIVERGES
    return ZIGZAG if stiff > 1.0 else MONOTONE


def outcome_label(status: str, regime: str | None, arrived: bool) -> str:
    """What a run did, true for any budget.

    diverges (it left the bound, or its regime grows and the budget ended first), oscillates (on the
    edge: the same size back and forth), stops short (its stop rule fired outside the tolerance),
    zig-zags / smooth (arrived, by regime), zig-zags (not yet arrived, still flipping), crawls
    (monotone, out of steps before arriving); without a regime, arrives / does not arrive.
    """
    if status == "diverged" or regime == DIVERGES:
        return DIVERGED
    if regime == EDGE and not arrived:
        return OSCILLATES
    if status == "converged" and not arrived:
        return STOPS_SHORT
    if regime is None:
        return ARRIVED if arrived else NOT_ARRIVED
    if regime == ZIGZAG:
        return ZIGZAGS
    return SMOOTH if arrived else CRAWLS


def ending(status: str, minimum: int, lowest: Sequence[int], arrived: bool) -> str:
    """Where one start of a surface run ended: a lowest or other minimum, diverged, stopped by its
    stop rule at no minimum (a saddle, a maximum, a plateau), or still moving when the budget ended."""
    if status == "diverged":
        return DIVERGED
    if minimum >= 0 and (status == "converged" or arrived):
        return LOWEST_MINIMUM if minimum in lowest else OTHER_MINIMUM
    return NO_MINIMUM if status == "converged" else STILL_MOVING


def away(distance: float, tolerance: float, decimals: int = 2) -> str:
    """``distance`` in fixed point with at least ``decimals`` digits after the point and two significant
    ones, and more until the text itself reads as more than ``tolerance`` (0.0013 against 0.001 is
    never "0.00")."""
    distance = float(distance)
    if not math.isfinite(distance):
        return str(distance)
    if distance > 0:  # at least two significant digits: 0.036, never 0.04
        decimals = max(decimals, 1 - math.floor(math.log10(distance)))
    for places in range(min(decimals, 16), 17):
        text = f"{distance:z.{places}f}"
        if float(text) > tolerance or distance <= tolerance:
            return text
    return repr(distance)


def lowest_minima(values: Sequence[float]) -> list[int]:
    """Indices of every minimum as low as the lowest (equal within ``EQUAL_MINIMA``)."""
    values = np.asarray(values, dtype=float)
    if not values.size:
        return []
    low = values.min()
    return [int(i) for i in np.nonzero(values - low <= EQUAL_MINIMA * (1.0 + abs(low)))[0]]


def arrival(member: Mapping) -> int | None:
    """Steps a member took to arrive: its own, or for several starts the last of them (None if any never did)."""
    reached = member.get("steps_to_tolerance")
    if isinstance(reached, list):
        return None if not reached or any(r is None for r in reached) else max(reached)
    return reached


def arrival_checked(member: Mapping, shown_to: int) -> bool:
    """Whether a member's arrival is known to stay until step ``shown_to`` (the comparison's last step).

    Its trace reaches that step, so ``steps_to_tolerance`` checked it; or it is plain full-batch GD on a
    quadratic that does not diverge, where every eigen-component of θ − θ* shrinks each step, so the
    distance never grows again.  An optimizer with memory (momentum, Adam, …) stopped early by the
    |ΔL| rule can leave the minimum later (Adam η = 0.2 in the ravine: back 0.18 away at step 521).
    """
    if member.get("final_step", shown_to) >= shown_to:
        return True
    return (member.get("optimizer") == "gd" and member.get("batch_mode") == "full"
            and member.get("regime") in (MONOTONE, ZIGZAG))


def ranking(named: Mapping[str, Mapping]) -> dict:
    """Members ranked by steps to tolerance: fewest first; those that never arrived apart, and those
    whose arrival was not checked to the comparison's last step (``arrival_checked``) apart too."""
    shown_to = max((m.get("final_step", 0) for m in named.values()), default=0)
    unchecked = [n for n, m in named.items() if arrival(m) is not None and not arrival_checked(m, shown_to)]
    steps = {name: None if name in unchecked else arrival(member) for name, member in named.items()}
    order = sorted((n for n, s in steps.items() if s is not None), key=lambda n: steps[n])
    first = [n for n in order if steps[n] == steps[order[0]]] if order else []
    return {
        "order": order,
        "fastest": order[0] if order else None,
        "first": first,
        "not_arrived": [n for n, s in steps.items() if s is None and n not in unchecked],
        "unchecked": unchecked,
        "steps": steps,
    }
