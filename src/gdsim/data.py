"""Seeded synthetic datasets for the regression example."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .errors import at_least, finite_array


@dataclass(frozen=True)
class DatasetSpec:
    """y = θ0 + θ1·x + noise·ε with x ~ U(x_low, x_high), ε ~ N(0, 1)."""

    n: int
    x_low: float
    x_high: float
    theta_true: tuple[float, float]
    noise: float
    seed: int


def make_dataset(spec: DatasetSpec) -> tuple[np.ndarray, np.ndarray]:
    """Draw (x, y), sorted by x so lines and scatter plots read left to right."""
    at_least("n", spec.n, 1)
    finite_array("theta_true", spec.theta_true, ndim=1)
    bounds = finite_array("x_range", [spec.x_low, spec.x_high])
    if bounds[1] <= bounds[0]:
        raise ValueError(f"x_range must be [low, high] with low < high, got {list(bounds)}")
    noise = float(finite_array("noise", [spec.noise])[0])
    if noise < 0:
        raise ValueError(f"noise must be >= 0, got {noise}")
    rng = np.random.default_rng(spec.seed)
    x = np.sort(rng.uniform(bounds[0], bounds[1], spec.n))
    theta0, theta1 = spec.theta_true
    y = theta0 + theta1 * x + noise * rng.standard_normal(spec.n)
    return x, y
