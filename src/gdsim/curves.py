"""Named 1-D loss curves L(w) with their derivatives: the blindfolded valley.

Points are shaped (..., 1) so the same descent loop that moves (θ0, θ1)
moves a single parameter w.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np


@dataclass(frozen=True)
class Curve:
    """L(w), dL/dw, the interval it is drawn on, and its minimum."""

    name: str
    value: Callable[[np.ndarray], np.ndarray]
    grad: Callable[[np.ndarray], np.ndarray]
    bounds: tuple[float, float]
    minimum: float


# Parabola valley: L = ½·c·(w − w*)², dL/dw = c·(w − w*).  One step maps the
# distance to the bottom d to (1 − η·c)·d: it creeps for η·c ≪ 1, bounces for
# 1 < η·c < 2 and runs away for η·c > 2.
_C, _W_STAR = 1.0, 0.0


def _parabola_value(w):
    return 0.5 * _C * (np.asarray(w, dtype=float)[..., 0] - _W_STAR) ** 2


def _parabola_grad(w):
    return _C * (np.asarray(w, dtype=float) - _W_STAR)


# Skewed valley: L = log(cosh(w − w*)) + ¼(w − w*)²: steep walls, a soft floor.
def _skewed_value(w):
    d = np.asarray(w, dtype=float)[..., 0] - _W_STAR
    return np.logaddexp(d, -d) - np.log(2.0) + 0.25 * d**2


def _skewed_grad(w):
    d = np.asarray(w, dtype=float) - _W_STAR
    return np.tanh(d) + 0.5 * d


CURVES: dict[str, Curve] = {
    c.name: c
    for c in (
        Curve("parabola", _parabola_value, _parabola_grad, (-5.0, 5.0), _W_STAR),
        Curve("soft_valley", _skewed_value, _skewed_grad, (-5.0, 5.0), _W_STAR),
    )
}


def get_curve(name: str) -> Curve:
    """The registered curve called ``name``."""
    if name not in CURVES:
        raise ValueError(f"curve must be one of {sorted(CURVES)}, got {name!r}")
    return CURVES[name]
