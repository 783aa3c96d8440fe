"""final_fit (still): the data, the line descent ended on, and the least-squares line."""

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
from gdsim.regression import predict  # noqa: E402
from gdsim.simulate import RegressionTrace  # noqa: E402


def draw(trace: RegressionTrace, options: FigureOptions):
    figure, ax = plt.subplots(figsize=options.figsize, dpi=options.dpi, layout="constrained")
    x_line = np.linspace(trace.x.min(), trace.x.max(), 2)
    final = trace.theta[-1]
    ax.scatter(trace.x, trace.y, s=16, color=ROLE["data"], label="data", zorder=2)
    ax.plot(x_line, predict(final, x_line), color=ROLE["fit"], lw=3,
            label=f"gradient descent, step {trace.step[-1]}: ŷ = {final[0]:.3f} + {final[1]:.3f}·x")
    ax.plot(x_line, predict(trace.lstsq, x_line), color=ROLE["lstsq"], lw=1.8, ls="--",
            label=f"least squares: ŷ = {trace.lstsq[0]:.3f} + {trace.lstsq[1]:.3f}·x")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.legend(loc="upper left", fontsize=9)
    ax.set_title("Where descent ends: on the least-squares line", fontsize=11, weight="bold")
    return figure


def render(trace: RegressionTrace, out_path: str | Path, *, options: FigureOptions) -> None:
    """Write the still to ``out_path`` (.png or .svg)."""
    render_still(draw, trace, out_path, options)


if "snakemake" in globals():
    from gdmedia.runner import run_figure

    run_figure(snakemake, render)  # noqa: F821
