"""lr_sweep (still): small multiples of the loss curve, one panel per learning rate.

Every panel shares its axes, so the curves compare at a glance: a crawl, a
clean drop, a ragged zig-zag, a run-away cut off where it diverged.
"""

if "snakemake" in globals():  # under Snakemake, stderr goes to the log before anything can fail
    from gdmedia.runner import log_to

    log_to(snakemake.log[0])  # noqa: F821

from pathlib import Path  # noqa: E402

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from gdmedia.options import FigureOptions  # noqa: E402
from gdmedia.still import render_still  # noqa: E402
from gdmedia.style import ROLE  # noqa: E402
from gdsim.regimes import regime  # noqa: E402


def draw(traces: list, options: FigureOptions):
    # Panels as near square as the figure allows: columns ≈ √(n · width / height).
    aspect = options.width_px / options.height_px
    columns = max(1, min(len(traces), round(np.sqrt(len(traces) * aspect))))
    rows = int(np.ceil(len(traces) / columns))
    figure, axes = plt.subplots(rows, columns, figsize=options.figsize, dpi=options.dpi, sharex=True,
                                sharey=True, squeeze=False, layout="constrained")
    floor = min(t.loss.min() for t in traces)
    top = max(t.loss[0] for t in traces)
    for ax, trace in zip(axes.ravel(), traces):
        colour = ROLE["diverged"] if trace.status == "diverged" else ROLE["loss"]
        ax.plot(trace.step, trace.loss, color=colour, lw=1.6)
        ax.axhline(trace.loss.min() if trace.status == "converged" else floor, ls=":", lw=0.8, color=ROLE["lstsq"])
        ax.set_yscale("log")
        ax.set_ylim(floor * 0.5, top * 20)
        name = regime(trace.theta, trace.status)
        fate = f"diverged at step {trace.stop_step}" if trace.status == "diverged" else name
        ax.set_title(f"η = {trace.learning_rate:g}\n{fate}", fontsize=8.5)
    for ax in axes.ravel()[len(traces):]:
        ax.set_visible(False)
    for column in axes.T:  # the lowest drawn panel of each column carries the step axis
        lowest = [ax for ax in column if ax.get_visible()][-1]
        lowest.xaxis.set_tick_params(labelbottom=True)
        lowest.set_xlabel("step")
    for ax in axes[:, 0]:
        ax.set_ylabel("loss L")
    figure.suptitle("Loss curves across learning rates", fontsize=11, weight="bold")
    return figure


def render(traces: list, out_path: str | Path, *, options: FigureOptions) -> None:
    """Write the still to ``out_path`` (.png or .svg)."""
    render_still(draw, traces, out_path, options)


if "snakemake" in globals():
    from gdmedia.runner import run_figure

    run_figure(snakemake, render)  # noqa: F821
