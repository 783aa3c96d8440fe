"""Named 2-D loss surfaces, each with its analytic gradient and its minima.

Every function takes points shaped (..., 2) and broadcasts.  ``SURFACES`` is the
registry that config names refer to; add a surface by adding a ``Surface``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

import numpy as np


@dataclass(frozen=True)
class Surface:
    """A surface f(p), its gradient ∇f(p), the box it is drawn in, and where to look for minima."""

    name: str
    title: str
    value: Callable[[np.ndarray], np.ndarray]
    grad: Callable[[np.ndarray], np.ndarray]
    bounds: tuple[tuple[float, float], tuple[float, float]]
    seeds: tuple[tuple[float, float], ...]  # points near each minimum; polished by Newton

    def minima(self) -> np.ndarray:
        """The local minima (M, 2), found by Newton's method from ``seeds``."""
        return _minima(self.name)

    def global_minimum(self) -> int:
        """Index into ``minima()`` of the lowest one (-1 if there is none)."""
        found = self.minima()
        return int(np.argmin(self.value(found))) if len(found) else -1


def _xy(p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    p = np.asarray(p, dtype=float)
    return p[..., 0], p[..., 1]


# Gaussian wells: f(p) = ½·c·|p|² − Σᵢ aᵢ·exp(−|p − μᵢ|² / (2σᵢ²)).
# The bowl term keeps every path bounded; the deepest well is the global minimum.
_WELL_CENTRES = np.array([[-1.6, -1.1], [1.5, 1.3], [1.6, -1.5], [-1.3, 1.6]])
_WELL_DEPTHS = np.array([2.2, 1.5, 1.2, 1.0])
_WELL_WIDTHS = np.array([0.75, 0.7, 0.6, 0.6])
_BOWL = 0.12


def _wells_terms(p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    diff = np.asarray(p, dtype=float)[..., None, :] - _WELL_CENTRES  # (..., W, 2)
    bump = _WELL_DEPTHS * np.exp(-(diff**2).sum(-1) / (2 * _WELL_WIDTHS**2))  # (..., W)
    return diff, bump


def _wells_value(p):
    _, bump = _wells_terms(p)
    return 0.5 * _BOWL * (np.asarray(p, dtype=float) ** 2).sum(-1) - bump.sum(-1)


def _wells_grad(p):
    # ∇f = c·p + Σᵢ aᵢ·exp(…)·(p − μᵢ)/σᵢ²
    diff, bump = _wells_terms(p)
    return _BOWL * np.asarray(p, dtype=float) + (bump[..., None] * diff / _WELL_WIDTHS[:, None] ** 2).sum(-2)


# Himmelblau: f = (x² + y − 11)² + (x + y² − 7)², four minima with f = 0.
def _himmelblau_value(p):
    x, y = _xy(p)
    return (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2


def _himmelblau_grad(p):
    x, y = _xy(p)
    a, b = x**2 + y - 11, x + y**2 - 7
    return np.stack([4 * x * a + 2 * b, 2 * a + 4 * y * b], axis=-1)


# Rosenbrock: f = (1 − x)² + 100·(y − x²)², one minimum at (1, 1) in a curved valley.
def _rosenbrock_value(p):
    x, y = _xy(p)
    return (1 - x) ** 2 + 100 * (y - x**2) ** 2


def _rosenbrock_grad(p):
    x, y = _xy(p)
    return np.stack([-2 * (1 - x) - 400 * x * (y - x**2), 200 * (y - x**2)], axis=-1)


# Saddle: f = ½(x² − y²); no minimum, descent runs away along y.
def _saddle_value(p):
    x, y = _xy(p)
    return 0.5 * (x**2 - y**2)


def _saddle_grad(p):
    x, y = _xy(p)
    return np.stack([x, -y], axis=-1)


# Bumpy bowl (Rastrigin-like): f = ½|p|² + A·Σ(1 − cos 2πp), global minimum at 0.
_BUMP = 0.6


def _bumpy_value(p):
    p = np.asarray(p, dtype=float)
    return 0.5 * (p**2).sum(-1) + _BUMP * (1 - np.cos(2 * np.pi * p)).sum(-1)


def _bumpy_grad(p):
    p = np.asarray(p, dtype=float)
    return p + 2 * np.pi * _BUMP * np.sin(2 * np.pi * p)


# Ravine: a narrow quadratic valley, turned 30° off the axes so no coordinate is special:
# f = ½(u² + κ·v²) with u = x·cos α + y·sin α, v = −x·sin α + y·cos α.  Curvatures 1 and κ:
# plain GD must keep η < 2/κ, so it crawls along the floor; momentum carries speed along it.
_RAVINE_KAPPA, _RAVINE_ANGLE = 40.0, np.pi / 6


def _ravine_uv(p):
    x, y = _xy(p)
    c, s = np.cos(_RAVINE_ANGLE), np.sin(_RAVINE_ANGLE)
    return c * x + s * y, -s * x + c * y


def _ravine_value(p):
    u, v = _ravine_uv(p)
    return 0.5 * (u**2 + _RAVINE_KAPPA * v**2)


def _ravine_grad(p):
    u, v = _ravine_uv(p)
    c, s = np.cos(_RAVINE_ANGLE), np.sin(_RAVINE_ANGLE)
    return np.stack([c * u - s * _RAVINE_KAPPA * v, s * u + c * _RAVINE_KAPPA * v], axis=-1)


_GRID = tuple((float(i), float(j)) for i in range(-2, 3) for j in range(-2, 3))

SURFACES: dict[str, Surface] = {
    s.name: s
    for s in (
        Surface("gaussian_wells", "Four Gaussian wells", _wells_value, _wells_grad,
                ((-3.0, 3.0), (-3.0, 3.0)), tuple(map(tuple, _WELL_CENTRES))),
        Surface("himmelblau", "Himmelblau", _himmelblau_value, _himmelblau_grad,
                ((-5.0, 5.0), (-5.0, 5.0)),
                ((3.0, 2.0), (-2.8, 3.1), (-3.8, -3.3), (3.6, -1.8))),
        Surface("rosenbrock", "Rosenbrock", _rosenbrock_value, _rosenbrock_grad,
                ((-2.0, 2.0), (-1.0, 3.0)), ((1.0, 1.0),)),
        Surface("saddle", "Saddle", _saddle_value, _saddle_grad,
                ((-2.0, 2.0), (-2.0, 2.0)), ()),
        Surface("bumpy_bowl", "Bumpy bowl", _bumpy_value, _bumpy_grad,
                ((-2.5, 2.5), (-2.5, 2.5)), _GRID),
        Surface("ravine", "Narrow ravine", _ravine_value, _ravine_grad,
                ((-4.0, 4.0), (-3.0, 3.0)), ((0.0, 0.0),)),
    )
}


def get_surface(name: str) -> Surface:
    """The registered surface called ``name``."""
    if name not in SURFACES:
        raise ValueError(f"surface must be one of {sorted(SURFACES)}, got {name!r}")
    return SURFACES[name]


def hessian(surface: Surface, p: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """Central-difference Hessian of the analytic gradient at points (..., 2)."""
    p = np.asarray(p, dtype=float)
    cols = [(surface.grad(p + h * e) - surface.grad(p - h * e)) / (2 * h) for e in np.eye(2)]
    jac = np.stack(cols, axis=-1)
    return 0.5 * (jac + np.swapaxes(jac, -1, -2))


@lru_cache(maxsize=None)
def _minima(name: str) -> np.ndarray:
    surface = SURFACES[name]
    found: list[np.ndarray] = []
    for seed in surface.seeds:
        p = np.array(seed, dtype=float)
        for _ in range(100):
            p = p - np.linalg.solve(hessian(surface, p), surface.grad(p))
        is_min = np.linalg.norm(surface.grad(p)) < 1e-8 and np.all(np.linalg.eigvalsh(hessian(surface, p)) > 0)
        if is_min and not any(np.linalg.norm(p - q) < 1e-6 for q in found):
            found.append(p)
    result = np.array(found).reshape(-1, 2)
    result.setflags(write=False)
    return result


def nearest_minimum(surface: Surface, points: np.ndarray, radius: float) -> np.ndarray:
    """For each point (N, 2), the index of the minimum within ``radius``, else -1."""
    minima = surface.minima()
    points = np.asarray(points, dtype=float)
    if len(minima) == 0:
        return np.full(len(points), -1)
    dist = np.linalg.norm(points[:, None, :] - minima[None], axis=-1)
    index = dist.argmin(axis=1)
    return np.where(dist[np.arange(len(points)), index] <= radius, index, -1)
