"""batch_modes: full-batch, stochastic and mini-batch descent on the same data.

Left, the three paths on the loss contour over (θ0, θ1): the full batch walks
smoothly, one sample at a time staggers, mini-batches sit between.  Right,
their full-data loss against the step.  All seeded, so the stagger is the same
every build.  ``render(traces, out_path, options=…)`` takes the sweep's traces.
"""

if "snakemake" in globals():  # under Snakemake, stderr goes to the log before anything can fail
    from gdmedia.runner import log_to

    log_to(snakemake.log[0])  # noqa: F821

from pathlib import Path  # noqa: E402

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from gdmedia.animate import render_animation  # noqa: E402
from gdmedia.options import FigureOptions  # noqa: E402
from gdmedia.panels import SweepPaths, loss_contour  # noqa: E402
from gdmedia.style import ROLE, series_colour  # noqa: E402

MODE_NAMES = {"full": "full batch", "stochastic": "stochastic (1 sample)", "minibatch": "mini-batch"}


def draw(traces: list, options: FigureOptions) -> SweepPaths:
    figure = plt.figure(figsize=options.figsize, dpi=options.dpi, layout="constrained")
    left, right = figure.subplots(1, 2, width_ratios=[1.1, 1])
    first = traces[0]
    loss_contour(left, first.x, first.y, first.lstsq, np.vstack([t.theta for t in traces]), pad=0.08)
    left.set_title("Paths on the loss contour", fontsize=10)
    floor = float(np.min([t.loss.min() for t in traces]))
    right.axhline(floor, ls="--", lw=1.2, color=ROLE["lstsq"])
    right.set_xlim(0, max(int(t.step[-1]) for t in traces))
    right.set_ylim(floor * 0.7, max(t.loss.max() for t in traces) * 1.5)
    right.set_yscale("log")
    right.set_xlabel("step")
    right.set_ylabel("loss L (all samples)")
    right.set_title("Loss against step", fontsize=10)
    paths, curves = [], []
    for index, trace in enumerate(traces):
        colour = series_colour(index)
        name = MODE_NAMES.get(trace.batch_mode, trace.batch_mode)
        paths.append(left.plot([], [], color=colour, lw=1.4)[0])
        curves.append(right.plot([], [], color=colour, lw=1.6, label=name)[0])
    right.legend(handles=curves, loc="upper right", fontsize=8)
    figure.suptitle("How many samples each step sees", fontsize=11, weight="bold")
    return SweepPaths.drawn(figure, traces, paths, curves)


def render(traces: list, out_path: str | Path, *, options: FigureOptions) -> None:
    """Write the animation to ``out_path`` (.gif), or its last frame (.png)."""
    render_animation(draw, traces, out_path, options)


if "snakemake" in globals():
    from gdmedia.runner import run_figure

    run_figure(snakemake, render)  # noqa: F821
