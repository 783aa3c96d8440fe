"""Optimizers as pure (init, update) pairs, in the manner of optax.

An optimizer never sees the loss: ``update(grads, state, params)`` returns the
step to add to ``params`` and the next state.  State is a NamedTuple of arrays
shaped like the parameters, so one call moves many starts at once.  Each
optimizer is one state type, one factory, and one entry in ``OPTIMIZERS``
naming its hyper-parameters.
"""

from __future__ import annotations

from typing import Any, Callable, NamedTuple

import numpy as np

from .errors import positive_finite
from .types import OptimizerSpec


def _fraction(name: str, value: float) -> float:
    """A decay rate in [0, 1)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.number)) or not 0 <= value < 1:
        raise ValueError(f"{name} must be a number in [0, 1), got {value!r}")
    return float(value)


class Optimizer(NamedTuple):
    """A pure optimizer: ``init(params) -> state``, ``update(g, state, params) -> (step, state)``."""

    init: Callable[[np.ndarray], Any]
    update: Callable[[np.ndarray, Any, np.ndarray], tuple[np.ndarray, Any]]


class EmptyState(NamedTuple):
    """Plain gradient descent keeps no state."""


def gd(learning_rate: float) -> Optimizer:
    """Plain gradient descent: θ ← θ − η·∇L."""
    eta = positive_finite("learning_rate", learning_rate)

    def init(params: np.ndarray) -> EmptyState:
        return EmptyState()

    def update(grads: np.ndarray, state: EmptyState, params: np.ndarray) -> tuple[np.ndarray, EmptyState]:
        return -eta * grads, state

    return Optimizer(init, update)


class VelocityState(NamedTuple):
    velocity: np.ndarray


def _zero_velocity(params) -> VelocityState:
    """Momentum methods start at rest: v₀ = 0."""
    return VelocityState(np.zeros_like(params, dtype=float))


def momentum(learning_rate: float, momentum: float) -> Optimizer:
    """Heavy ball: v ← β·v + ∇L,  θ ← θ − η·v."""
    eta, beta = positive_finite("learning_rate", learning_rate), _fraction("momentum", momentum)

    def update(grads, state, params):
        velocity = beta * state.velocity + grads
        return -eta * velocity, VelocityState(velocity)

    return Optimizer(_zero_velocity, update)


def nesterov(learning_rate: float, momentum: float) -> Optimizer:
    """Nesterov momentum: v ← β·v + ∇L,  θ ← θ − η·(∇L + β·v), a look-ahead along v."""
    eta, beta = positive_finite("learning_rate", learning_rate), _fraction("momentum", momentum)

    def update(grads, state, params):
        velocity = beta * state.velocity + grads
        return -eta * (grads + beta * velocity), VelocityState(velocity)

    return Optimizer(_zero_velocity, update)


class SquareState(NamedTuple):
    mean_square: np.ndarray


def rmsprop(learning_rate: float, decay: float, eps: float) -> Optimizer:
    """RMSProp: s ← ρ·s + (1 − ρ)·∇L²,  θ ← θ − η·∇L / (√s + ε)."""
    eta, rho = positive_finite("learning_rate", learning_rate), _fraction("decay", decay)
    eps = positive_finite("eps", eps)

    def init(params):
        return SquareState(np.zeros_like(params, dtype=float))

    def update(grads, state, params):
        mean_square = rho * state.mean_square + (1 - rho) * grads**2
        return -eta * grads / (np.sqrt(mean_square) + eps), SquareState(mean_square)

    return Optimizer(init, update)


class AdamState(NamedTuple):
    count: int
    mean: np.ndarray
    mean_square: np.ndarray


def adam(learning_rate: float, beta1: float, beta2: float, eps: float) -> Optimizer:
    """Adam: m ← β1·m + (1 − β1)·∇L,  v ← β2·v + (1 − β2)·∇L²,
    m̂ = m/(1 − β1ᵗ),  v̂ = v/(1 − β2ᵗ),  θ ← θ − η·m̂ / (√v̂ + ε)."""
    eta = positive_finite("learning_rate", learning_rate)
    b1, b2, eps = _fraction("beta1", beta1), _fraction("beta2", beta2), positive_finite("eps", eps)

    def init(params):
        zeros = np.zeros_like(params, dtype=float)
        return AdamState(0, zeros, zeros)

    def update(grads, state, params):
        count = state.count + 1
        mean = b1 * state.mean + (1 - b1) * grads
        mean_square = b2 * state.mean_square + (1 - b2) * grads**2
        corrected_mean = mean / (1 - b1**count)
        corrected_square = mean_square / (1 - b2**count)
        return -eta * corrected_mean / (np.sqrt(corrected_square) + eps), AdamState(count, mean, mean_square)

    return Optimizer(init, update)


# name → (factory, the hyper-parameters it takes besides the learning rate)
OPTIMIZERS: dict[str, tuple[Callable[..., Optimizer], tuple[str, ...]]] = {
    "gd": (gd, ()),
    "momentum": (momentum, ("momentum",)),
    "nesterov": (nesterov, ("momentum",)),
    "rmsprop": (rmsprop, ("decay", "eps")),
    "adam": (adam, ("beta1", "beta2", "eps")),
}


def make_optimizer(name: str, learning_rate: float, **hyper: float) -> Optimizer:
    """Build the optimizer registered under ``name``; hyper-parameters it does not take are ignored."""
    if name not in OPTIMIZERS:
        raise ValueError(f"optimizer must be one of {sorted(OPTIMIZERS)}, got {name!r}")
    factory, names = OPTIMIZERS[name]
    missing = [n for n in names if n not in hyper]
    if missing:
        raise ValueError(f"optimizer {name!r} needs {missing}")
    return factory(learning_rate, **{n: hyper[n] for n in names})


def optimizer_of(spec: OptimizerSpec) -> Optimizer:
    """The optimizer a spec names, with the hyper-parameters it gives."""
    return make_optimizer(spec.name, spec.learning_rate, **spec.hyper())
