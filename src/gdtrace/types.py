"""The trace of each problem kind: what a simulation hands to a picture.

One NamedTuple per kind, of arrays and plain values; its class attribute
``KIND`` names the kind.  Everything a figure or scene needs of a run and
nothing it would have to recompute by simulating.  The core (``gdsim.kinds``)
fills them; ``gdtrace.files`` writes and reads them.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np


class RegressionTrace(NamedTuple):
    x: np.ndarray  # (n,)
    y: np.ndarray  # (n,)
    theta: np.ndarray  # (R, 2), row 0 the start
    loss: np.ndarray  # (R,) full-data loss at each recorded step
    grad: np.ndarray  # (R, 2) the (batch) gradient the optimizer was given at each row's θ
    step: np.ndarray  # (R,) step number of each row
    lstsq: np.ndarray  # (2,) the least-squares θ
    learning_rate: float
    optimizer: str
    batch_mode: str
    informed: bool  # the start came from least squares on a subsample, not from the config or at random
    status: str
    stop_step: int
    batch_size: int = 0  # samples each step's gradient averages over (n for full batch); 0: not recorded

    KIND = "regression"


class SurfaceTrace(NamedTuple):
    surface: str
    bounds: np.ndarray  # (2, 2) [[x_low, x_high], [y_low, y_high]]
    paths: np.ndarray  # (S, R, 2); a path that stopped early repeats its last point
    values: np.ndarray  # (S, R)
    grad: np.ndarray  # (S, R, 2) the gradient the optimizer was given at each row's point
    step: np.ndarray  # (R,)
    status: np.ndarray  # (S,)
    stop_step: np.ndarray  # (S,)
    minima: np.ndarray  # (M, 2)
    global_minimum: int  # index into minima, -1 if none
    end_minimum: np.ndarray  # (S,) index of the minimum each path ends in, -1 if none
    learning_rate: float
    optimizer: str

    KIND = "surface"


class CurveTrace(NamedTuple):
    curve: str
    bounds: np.ndarray  # (2,) the interval the curve is drawn on
    w: np.ndarray  # (R,) the parameter at each recorded step
    loss: np.ndarray  # (R,)
    slope: np.ndarray  # (R,) dL/dw where the walker stands
    grad: np.ndarray  # (R,) the gradient the optimizer was given at each row's w
    step: np.ndarray  # (R,)
    minimum: float
    learning_rate: float
    optimizer: str
    status: str
    stop_step: int

    KIND = "curve"


# kind → its trace class: derived from the classes' own KIND, never typed twice.
TRACES: dict[str, type] = {cls.KIND: cls for cls in (RegressionTrace, SurfaceTrace, CurveTrace)}
