"""Starting points: the (S, 2) points a ``StartSpec`` gives or draws, shared by every 2-D kind."""

from __future__ import annotations

import numpy as np

from .errors import at_least, finite_array
from .types import StartSpec


def start_points(spec: StartSpec, default_box) -> np.ndarray:
    """The (S, 2) starting points a StartSpec describes; the box falls back to ``default_box``."""
    if spec.points is not None:
        return finite_array("start.points", spec.points, ndim=2)
    at_least("start.count", spec.count, 1)
    if spec.box is None and default_box is None:
        raise ValueError("start.box is required when start.points is not given")
    box = finite_array("start.box", spec.box if spec.box is not None else default_box, ndim=2)
    if box.shape != (2, 2) or np.any(box[:, 1] <= box[:, 0]):
        raise ValueError(f"start.box must be [[low, high], [low, high]] with low < high, got {box.tolist()}")
    rng = np.random.default_rng(spec.seed)
    return rng.uniform(box[:, 0], box[:, 1], size=(spec.count, 2))
