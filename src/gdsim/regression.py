"""Linear regression ŷ = θ0 + θ1·x under the per-sample loss L = ½(y − ŷ)².

The batch loss is the mean of the per-sample losses, and so is its gradient.
By the chain rule, with ∂L/∂ŷ = −(y − ŷ), ∂ŷ/∂θ0 = 1 and ∂ŷ/∂θ1 = x:

    ∂L/∂θ0 = −(y − ŷ)·1        ∂L/∂θ1 = −(y − ŷ)·x

``theta`` may carry leading batch axes: shape (..., 2), θ0 first.
"""

from __future__ import annotations

import numpy as np


def predict(theta: np.ndarray, x: np.ndarray) -> np.ndarray:
    """ŷ = θ0 + θ1·x for every x; theta (..., 2) gives (..., n)."""
    theta = np.asarray(theta, dtype=float)
    return theta[..., 0:1] + theta[..., 1:2] * x


def loss(theta: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Mean over samples of ½(y − ŷ)²; theta (..., 2) gives (...)."""
    residual = y - predict(theta, x)
    return 0.5 * np.mean(residual * residual, axis=-1)


def gradient(theta: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Mean over samples of (−(y − ŷ), −(y − ŷ)·x); theta (..., 2) gives (..., 2)."""
    residual = y - predict(theta, x)
    return np.stack(
        [-np.mean(residual, axis=-1), -np.mean(residual * x, axis=-1)], axis=-1
    )


def loss_grid(theta0: np.ndarray, theta1: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Loss on a grid of (θ0, θ1) from the data's moments, without an n-axis.

    Expanding the mean of ½(y − θ0 − θ1·x)² gives
    ½(E[y²] + θ0² + θ1²·E[x²] − 2θ0·E[y] − 2θ1·E[xy] + 2θ0θ1·E[x]),
    so a 200×200 contour costs the same for 10 or 10⁶ samples.
    """
    ex, ey = x.mean(), y.mean()
    exx, exy, eyy = (x * x).mean(), (x * y).mean(), (y * y).mean()
    return 0.5 * (
        eyy + theta0**2 + theta1**2 * exx
        - 2 * theta0 * ey - 2 * theta1 * exy + 2 * theta0 * theta1 * ex
    )


# L − L* subtracts two nearly equal losses, each a mean of rounded squares: below about a thousand
# ulps of L* (L* ≈ 0.024 in the default data: ~3.5e-15) the difference is round-off, not descent.
ROUND_OFF_ULPS = 1000


def excess_loss(loss: np.ndarray, best: float) -> np.ndarray:
    """L − L*, what descent still has to remove, for a log axis.

    Where it is within round-off of L* (``ROUND_OFF_ULPS`` ulps of L*, a level set by the
    data, not a typed floor) it is drawn at that level; every value above it is drawn as it is.
    """
    level = ROUND_OFF_ULPS * float(np.spacing(abs(float(best))))  # > 0 even for L* = 0 (a denormal)
    return np.maximum(np.asarray(loss, dtype=float) - float(best), level)


def least_squares(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The θ that minimises the mean loss: numpy's least-squares solution."""
    design = np.column_stack([np.ones_like(x), x])
    solution, *_ = np.linalg.lstsq(design, y, rcond=None)
    return solution


def curvature(x: np.ndarray) -> np.ndarray:
    """Eigenvalues of the Hessian [[1, E[x]], [E[x], E[x²]]], ascending.

    Full-batch GD is stable for η < 2/λmax; the slowest mode shrinks by
    |1 − η·λmin| per step.
    """
    ex, exx = x.mean(), (x * x).mean()
    return np.linalg.eigvalsh(np.array([[1.0, ex], [ex, exx]]))
