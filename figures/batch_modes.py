"""batch_modes: full-batch, stochastic and mini-batch descent on the same data, per sample seen.

Left, the three paths on the loss contour over (θ₀, θ₁), centred on the
least-squares answer; right, the full-data loss above least squares against the
samples each run has seen (log axes: one full-batch step costs as many samples
as a whole epoch of single-sample steps).  The clock counts samples, so the
runs are compared at equal cost.  Every label says what its trace shows.
"""

import matplotlib.pyplot as plt
import numpy as np

from gdmedia.base.options import FigureOptions
from gdmedia.figure_kit.panels import Run, SweepPaths, loss_contour, with_room
from gdsim.regression import excess_loss, least_squares, loss


KIND = "regression"  # the trace kind it draws
SWEEP = True  # it draws every member of a sweep

MODE_NAMES = {"full": "full batch", "stochastic": "1 sample", "minibatch": "mini-batch"}


def samples_seen(trace) -> np.ndarray:
    """Samples the run has used by each recorded row: steps × samples per step."""
    size = trace.batch_size or len(trace.x)
    return np.maximum(trace.step * size, 1)  # row 0 at 1 sample so it sits on the log axis


def name(trace) -> str:
    size = trace.batch_size or len(trace.x)
    return f"{MODE_NAMES.get(trace.batch_mode, trace.batch_mode)} ({size}/step)"


def outcome(found: dict) -> str:
    return f"{found['loss_rises']} rises in {found['final_step']} steps"


def draw(traces: list, options: FigureOptions, found) -> SweepPaths:
    figure = plt.figure(figsize=options.figsize, dpi=options.dpi, layout="constrained")
    left, right = figure.subplots(1, 2, width_ratios=[1, 1.25])
    first = traces[0]
    answer = least_squares(first.x, first.y)
    loss_contour(left, first.x, first.y, answer, np.vstack([t.theta for t in traces]))
    left.set_title("Paths on the loss contour")
    best = float(loss(answer, first.x, first.y))
    excess = [excess_loss(t.loss, best) for t in traces]  # L − L*, down to its round-off
    seen = [samples_seen(t) for t in traces]
    total = max(float(s[-1]) for s in seen)
    right.set_xscale("log")
    right.set_yscale("log")
    right.set_xlim(*with_room(1, total, log=True))
    right.set_ylim(min(e.min() for e in excess) * 0.5, max(e.max() for e in excess) * 2)
    right.set_xlabel("samples seen")
    right.set_ylabel("L − L* (all samples)")
    right.set_title("Loss above least squares, per sample seen")
    runs = [Run(t.theta, s, e, name(t), outcome(f)) for t, s, e, f in zip(traces, seen, excess, found)]
    rows = max(len(t.step) for t in traces)

    def clock_of(row: int) -> float:  # equal time per decade of samples seen, at least a sample per row
        return max(float(row), total ** (row / max(rows - 1, 1)))

    def clock_text(row: int) -> str:
        return f"samples seen {clock_of(row):>6.0f}"

    figure.suptitle("Samples per step: cost against noise")
    return SweepPaths.drawn_on(figure, left, right, runs, clock_text=clock_text, board_ax=right, clock_of=clock_of,
                               board_low=True)
