"""lr_gd: the regression line fitting itself, beside its path on the loss contour.

Three linked views move together: the data with the current line
ŷ = θ0 + θ1·x, the path of (θ0, θ1) over the loss contour, and the loss
against the step.  ``render(trace, out_path, options=…)`` writes the GIF
(or, for a ``.png`` path, the last frame).
"""


from dataclasses import dataclass
from pathlib import Path

if "snakemake" in globals():  # under Snakemake, stderr goes to the log before anything can fail
    from gdmedia.runner import log_to

    log_to(snakemake.log[0])  # noqa: F821

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from gdmedia.animate import Drawing as AnimatedDrawing  # noqa: E402
from gdmedia.animate import render_animation  # noqa: E402
from gdmedia.gif import Blitter  # noqa: E402
from gdmedia.options import FigureOptions  # noqa: E402
from gdmedia.panels import loss_contour, padded  # noqa: E402
from gdmedia.style import ROLE  # noqa: E402
from gdsim.regression import loss_grid, predict  # noqa: E402
from gdsim.simulate import RegressionTrace  # noqa: E402

OUTCOME = {"converged": "converged", "diverged": "diverged", "max_steps": "step budget used up"}


@dataclass
class Drawing(AnimatedDrawing):
    """A figure whose moving artists follow one trace row at a time."""

    data_axes: plt.Axes
    trace: RegressionTrace
    fit_line: object
    path_line: object
    path_head: object
    loss_line: object
    readout: object
    x_line: np.ndarray

    def update(self, row: int) -> None:
        """Move every moving artist to the trace at ``row``."""
        t = self.trace
        theta = t.theta[row]
        self.fit_line.set_ydata(predict(theta, self.x_line))
        self.path_line.set_data(t.theta[: row + 1, 0], t.theta[: row + 1, 1])
        self.path_head.set_data([theta[0]], [theta[1]])
        self.loss_line.set_data(t.step[: row + 1], t.loss[: row + 1])
        outcome = f"\n{OUTCOME[t.status]} at step {t.stop_step}" if row == len(t.step) - 1 else ""
        self.readout.set_text(
            f"step {t.step[row]}   η = {t.learning_rate:g}\n"
            f"θ0 = {theta[0]:+.4g}   θ1 = {theta[1]:+.4g}\n"
            f"L = {t.loss[row]:.4g}{outcome}"
        )


def _draw_data(ax, t: RegressionTrace, x_line: np.ndarray):
    ax.scatter(t.x, t.y, s=14, color=ROLE["data"], zorder=2, label="data")
    ax.plot(x_line, predict(t.lstsq, x_line), ls="--", lw=1.5, color=ROLE["lstsq"], label="least squares")
    (fit,) = ax.plot(x_line, predict(t.theta[0], x_line), color=ROLE["fit"], lw=2.5, label="ŷ = θ0 + θ1·x")
    # Frame the data, the first line and the answer; a diverging line flies out of view.
    lines = predict(np.stack([t.theta[0], t.lstsq]), x_line)
    ax.set_xlim(x_line[0], x_line[-1])
    ax.set_ylim(*padded(min(t.y.min(), lines.min()), max(t.y.max(), lines.max()), 0.08))
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.set_title("Data and the current line")
    ax.legend(loc="lower right", fontsize=8, framealpha=0.9)
    readout = ax.text(0.03, 0.97, "", transform=ax.transAxes, va="top", ha="left", fontsize=9,
                      family="DejaVu Sans Mono",
                      bbox=dict(boxstyle="round", fc="white", ec=ROLE["grid"], alpha=0.9))
    return fit, readout


def _draw_contour(ax, t: RegressionTrace):
    loss_contour(ax, t.x, t.y, t.lstsq, t.theta)
    (path,) = ax.plot(t.theta[:1, 0], t.theta[:1, 1], color=ROLE["path"], lw=1.8)
    (head,) = ax.plot(t.theta[:1, 0], t.theta[:1, 1], "o", color=ROLE["path"], mec=ROLE["marker_edge"], ms=6)
    ax.set_title("Path on the loss contour", fontsize=10)
    return path, head


def _draw_loss(ax, t: RegressionTrace):
    floor = float(np.min(loss_grid(t.lstsq[0], t.lstsq[1], t.x, t.y)))
    ax.axhline(floor, ls="--", lw=1.2, color=ROLE["lstsq"])
    (curve,) = ax.plot(t.step[:1], t.loss[:1], color=ROLE["loss"], lw=2)
    ax.set_xlim(0, max(int(t.step[-1]), 1))
    ax.set_ylim(floor * 0.7, t.loss.max() * 1.5)
    ax.set_yscale("log")
    ax.set_xlabel("step")
    ax.set_ylabel("loss L")
    ax.set_title("Loss (dashed: least squares)", fontsize=10)
    return curve


def draw(trace: RegressionTrace, options: FigureOptions) -> Drawing:
    """Lay out the three views with the trace at its first row."""
    figure = plt.figure(figsize=options.figsize, dpi=options.dpi, layout="constrained")
    grid = figure.add_gridspec(2, 2, width_ratios=[1.25, 1])
    data_ax = figure.add_subplot(grid[:, 0])
    x_line = np.linspace(*padded(trace.x.min(), trace.x.max(), 0.05), 2)
    fit, readout = _draw_data(data_ax, trace, x_line)
    path, head = _draw_contour(figure.add_subplot(grid[0, 1]), trace)
    curve = _draw_loss(figure.add_subplot(grid[1, 1]), trace)
    figure.suptitle("Gradient descent fits the line by following −∇L", fontsize=11, weight="bold")
    blitter = Blitter(figure, [fit, path, head, curve, readout])
    return Drawing(figure, blitter, data_ax, trace, fit, path, head, curve, readout, x_line)


def render(trace: RegressionTrace, out_path: str | Path, *, options: FigureOptions) -> None:
    """Write the animation to ``out_path`` (.gif), or its last frame (.png)."""
    render_animation(draw, trace, out_path, options)


if "snakemake" in globals():
    from gdmedia.runner import run_figure

    run_figure(snakemake, render)  # noqa: F821
