"""Optimizers as pure (init, update) pairs, in the manner of optax.

An optimizer never sees the loss: ``update(grads, state, params)`` returns the
step to add to ``params`` and the next state.  State is a NamedTuple of arrays
shaped like the parameters, so one call moves many starts at once.  Momentum,
Nesterov, RMSProp or Adam each add one state type and one factory here, and one
entry in ``OPTIMIZERS``.
"""

from __future__ import annotations

from typing import Any, Callable, NamedTuple

import numpy as np

from .errors import positive_finite


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


OPTIMIZERS: dict[str, Callable[..., Optimizer]] = {"gd": gd}


def make_optimizer(name: str, **hyper: float) -> Optimizer:
    """Build the optimizer registered under ``name`` with its hyper-parameters."""
    if name not in OPTIMIZERS:
        raise ValueError(f"optimizer must be one of {sorted(OPTIMIZERS)}, got {name!r}")
    return OPTIMIZERS[name](**hyper)
