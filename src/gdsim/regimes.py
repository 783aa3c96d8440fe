"""Naming what a step size did, read off its path: too slow, converged, oscillating or diverged.

Labels that media draw and notes quote come from ``gdsim.facts`` (the regime
from η·λ against 1 and 2, outcomes measured against a tolerance); this module
reads the same story off a path alone, where no curvature is known.

Oscillation is read off the path itself: successive steps that point against
each other (Δθₖ · Δθₖ₊₁ < 0) mean each step overshoots the valley floor, as
happens once η exceeds 1/λmax of the loss's curvature.
"""

from __future__ import annotations

import numpy as np

TOO_SLOW, CONVERGED, OSCILLATING, DIVERGED = "too slow", "converged", "oscillating", "diverged"
REVERSAL_WINDOW = 20  # early steps examined for reversals
REVERSAL_SHARE = 0.5  # share of reversing step pairs that makes a path oscillate


def reversals(path: np.ndarray, window: int = REVERSAL_WINDOW) -> float:
    """Share of the first ``window`` successive step pairs that reverse direction."""
    steps = np.diff(np.asarray(path, dtype=float), axis=0)[: window + 1]
    if len(steps) < 2:
        return 0.0
    return float(np.mean(np.sum(steps[:-1] * steps[1:], axis=1) < 0))


def regime(path: np.ndarray, status: str) -> str:
    """The regime of one descent path (rows of θ) that ended with ``status``."""
    if status == "diverged":
        return DIVERGED
    if reversals(path) >= REVERSAL_SHARE:
        return OSCILLATING
    return TOO_SLOW if status == "max_steps" else CONVERGED
