"""init_comparison: random starts against starts from prior information.

Left, every path on the loss contour: random starts (drawn from a box) in one
colour, informed starts (least squares on a handful of samples) in another.
Right, their loss against the step, with how many steps each group needs, on
average, to come within 1 % of the least-squares loss.  ``render(traces, …)``
takes the sweep's traces.
"""

if "snakemake" in globals():  # under Snakemake, stderr goes to the log before anything can fail
    from gdmedia.runner import log_to

    log_to(snakemake.log[0])  # noqa: F821

from pathlib import Path  # noqa: E402

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402

from gdmedia.animate import render_animation  # noqa: E402
from gdmedia.options import FigureOptions  # noqa: E402
from gdmedia.panels import SweepPaths, loss_contour  # noqa: E402
from gdmedia.style import ROLE, series_colour  # noqa: E402
from gdsim.regression import loss  # noqa: E402

ARRIVED = 0.01  # "arrived": the loss is within 1 % of the least-squares loss


def is_informed(trace) -> bool:
    """Informed starts begin far closer to the answer than any random one could be expected to."""
    return bool(trace.informed)


def arrival(trace) -> int:
    """First step at which the loss is within ``ARRIVED`` of the least-squares loss."""
    best = float(loss(trace.lstsq, trace.x, trace.y))
    close = np.nonzero(trace.loss <= best * (1 + ARRIVED))[0]
    return int(trace.step[close[0]]) if len(close) else int(trace.step[-1])


def draw(traces: list, options: FigureOptions) -> SweepPaths:
    figure = plt.figure(figsize=options.figsize, dpi=options.dpi, layout="constrained")
    left, right = figure.subplots(1, 2, width_ratios=[1.05, 1])
    first = traces[0]
    loss_contour(left, first.x, first.y, first.lstsq, np.vstack([t.theta for t in traces]), pad=0.06)
    left.set_title("Paths from random and informed starts", fontsize=10)
    best = float(loss(first.lstsq, first.x, first.y))
    right.axhline(best, ls="--", lw=1.2, color=ROLE["lstsq"])
    right.set_yscale("log")
    right.set_xlim(0, max(int(t.step[-1]) for t in traces) // 2)
    right.set_ylim(best * 0.7, max(t.loss.max() for t in traces) * 1.5)
    right.set_xlabel("step")
    right.set_ylabel("loss L")
    right.set_title("Loss against step", fontsize=10)
    colours = {False: series_colour(1), True: series_colour(0)}
    paths, curves = [], []
    for trace in traces:
        colour = colours[is_informed(trace)]
        paths.append(left.plot([], [], color=colour, lw=1.4)[0])
        left.plot(*trace.theta[0], "o", color=colour, mec=ROLE["marker_edge"], ms=5)
        curves.append(right.plot([], [], color=colour, lw=1.4)[0])
    summary = []
    for informed, name in ((False, "random"), (True, "informed")):
        group = [arrival(t) for t in traces if is_informed(t) == informed]
        if group:
            summary.append(Line2D([], [], color=colours[informed],
                                  label=f"{name} starts: within 1 % after {np.mean(group):.0f} steps"))
    right.legend(handles=summary, loc="upper right", fontsize=8)
    figure.suptitle("Starting from prior information arrives sooner", fontsize=11, weight="bold")
    return SweepPaths.drawn(figure, traces, paths, curves)


def render(traces: list, out_path: str | Path, *, options: FigureOptions) -> None:
    """Write the animation to ``out_path`` (.gif), or its last frame (.png)."""
    render_animation(draw, traces, out_path, options)


if "snakemake" in globals():
    from gdmedia.runner import run_figure

    run_figure(snakemake, render)  # noqa: F821
