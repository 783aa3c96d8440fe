"""lr_gd: the regression line fitting itself, because each step moves θ against the gradient.

Three linked views move together: the data with the current line ŷ = θ₀ + θ₁·x
and its residuals y − ŷ; the path of (θ₀, θ₁) on the loss contour (centred on
the least-squares answer, equal aspect) with the arrows −∇L and the step −η∇L
taken from there; and the loss against the step on a log axis.  The readout
gives the live values; the outcome appears on the last frame, when it happens.
The gradient is the one the trace recorded (``grad``), never differenced from θ.
"""

from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.patches import FancyArrowPatch

from gdmedia.figure_kit.animate import Drawing as AnimatedDrawing
from gdmedia.figure_kit.gif import Blitter
from gdmedia.base.options import FigureOptions
from gdmedia.figure_kit.panels import loss_contour, padded
from gdmedia.base.style import (ARROW_HEAD, ARROW_WIDTH, CURVE_WIDTH, DATA_SIZE, EDGE_WIDTH, HEAD_SIZE,
                                LEGEND_SIZE, LINE_WIDTH, MONO_FAMILY, PANEL_ALPHA, PATH_WIDTH, REFERENCE_WIDTH,
                                RESIDUAL_WIDTH, ROLE, number)
from gdsim.regression import excess_loss, gradient, predict
from gdtrace import RegressionTrace


KIND = "regression"  # the trace kind it draws


def recorded(t: RegressionTrace, row: int) -> np.ndarray:
    """∇L at ``row`` as the trace recorded it; a trace from before ``grad`` was stored: the full-batch closed form."""
    stored = getattr(t, "grad", None)
    return np.asarray(stored[row], dtype=float) if stored is not None else gradient(t.theta[row], t.x, t.y)


def readout(t: RegressionTrace, row: int, found: dict) -> str:
    """The live numbers at ``row``; the outcome only on the last row."""
    theta, grad = t.theta[row], recorded(t, row)
    lines = [
        f"step {t.step[row]:>4}   η = {number('learning_rate', t.learning_rate)}",
        f"θ₀ = {number('theta', theta[0])}   θ₁ = {number('theta', theta[1])}",
        f"∂L/∂θ₀ = {number('gradient', grad[0])}  ∂L/∂θ₁ = {number('gradient', grad[1])}",
        f"L = {number('loss', t.loss[row])}",
    ]
    if row == len(t.step) - 1:
        lines.append(f"θ within {number('tolerance', found['tolerance'])} of least squares from step {found['steps_to_tolerance']}"
                     if found["arrived"] else f"{found['outcome']} at step {found['stop_step']}")
    return "\n".join(lines)


@dataclass
class Drawing(AnimatedDrawing):
    trace: RegressionTrace
    found: dict
    x_line: np.ndarray
    artists: dict

    def update(self, row: int) -> None:
        t, a = self.trace, self.artists
        theta = t.theta[row]
        a["fit"].set_ydata(predict(theta, self.x_line))
        fitted = predict(theta, t.x)
        a["residuals"].set_segments([[(x, y), (x, f)] for x, y, f in zip(t.x, t.y, fitted)])
        a["path"].set_data(t.theta[: row + 1, 0], t.theta[: row + 1, 1])
        a["head"].set_data([theta[0]], [theta[1]])
        downhill = -recorded(t, row)
        a["gradient"].set_positions(tuple(theta), tuple(theta + downhill))
        a["step"].set_positions(tuple(theta), tuple(theta + t.learning_rate * downhill))
        above = excess(t, self.found)
        a["loss"].set_data(t.step[: row + 1], above[: row + 1])
        a["loss_head"].set_data([t.step[row]], [above[row]])
        a["readout"].set_text(readout(t, row, self.found))


def _draw_data(ax, t: RegressionTrace, x_line: np.ndarray) -> dict:
    ax.scatter(t.x, t.y, s=DATA_SIZE, color=ROLE["data"], zorder=3, label="data (x, y)")
    residuals = LineCollection([], colors=ROLE["residual"], linewidths=RESIDUAL_WIDTH, zorder=2, label="residual y − ŷ")
    ax.add_collection(residuals)
    ax.plot(x_line, predict(t.lstsq, x_line), ls="--", lw=REFERENCE_WIDTH, color=ROLE["lstsq"], label="least squares")
    (fit,) = ax.plot(x_line, predict(t.theta[0], x_line), color=ROLE["fit"], lw=LINE_WIDTH, label="ŷ = θ₀ + θ₁·x",
                     zorder=4)
    lines = predict(np.stack([t.theta[0], t.lstsq]), x_line)
    ax.set_xlim(x_line[0], x_line[-1])
    low, high = min(t.y.min(), lines.min()), max(t.y.max(), lines.max())
    ax.set_ylim(padded(low, high, 0.08)[0], high + 0.75 * (high - low))  # room above for the readout
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.set_title("Data, the current line, residuals")
    text = ax.text(0.03, 0.97, "", transform=ax.transAxes, va="top", ha="left", family=MONO_FAMILY, zorder=8,
                   fontsize=LEGEND_SIZE, bbox=dict(boxstyle="round", fc=ROLE["panel"], ec=ROLE["grid"],
                                                   alpha=PANEL_ALPHA))
    return {"fit": fit, "residuals": residuals, "readout": text}


ARROW_Z = 8  # over the path's head: a short arrow late in the descent still shows where it points


def _arrow(ax, colour: str, label: str) -> FancyArrowPatch:
    # From θ's edge, not its centre: the step is short (η of −∇L) and under the head it was hidden.
    arrow = FancyArrowPatch((0, 0), (0, 0), arrowstyle="-|>", mutation_scale=ARROW_HEAD, lw=ARROW_WIDTH,
                            color=colour, zorder=ARROW_Z, label=label, shrinkA=HEAD_SIZE / 2 + EDGE_WIDTH)
    ax.add_patch(arrow)
    return arrow


def _arrow_key():
    """A legend entry for an arrow drawn as an arrow (matplotlib's default is a filled box)."""
    from matplotlib.legend_handler import HandlerPatch

    def arrow(legend, orig_handle, xdescent, ydescent, width, height, fontsize):
        middle = height / 2 - ydescent
        return FancyArrowPatch((-xdescent, middle), (width - xdescent, middle), arrowstyle="-|>",
                               mutation_scale=ARROW_HEAD, lw=ARROW_WIDTH, color=orig_handle.get_edgecolor())

    return HandlerPatch(patch_func=arrow)


def _draw_contour(ax, t: RegressionTrace) -> dict:
    start_gradient = t.theta[0] - recorded(t, 0)
    loss_contour(ax, t.x, t.y, t.lstsq, np.vstack([t.theta, start_gradient]))
    (path,) = ax.plot([], [], color=ROLE["path"], lw=PATH_WIDTH)
    (head,) = ax.plot([], [], "o", color=ROLE["path"], mec=ROLE["marker_edge"], mew=EDGE_WIDTH, ms=HEAD_SIZE, zorder=7)
    found = {"gradient": _arrow(ax, ROLE["gradient"], "−∇L"), "step": _arrow(ax, ROLE["step"], "step −η∇L")}
    ax.set_title("Path of θ on the loss")
    return {"path": path, "head": head, **found}


def excess(t: RegressionTrace, found: dict) -> np.ndarray:
    """L − L*: how far the loss is above the least-squares loss, which is what descent removes
    (down to its round-off, so the curve falls as far as the trace does and never runs flat)."""
    return excess_loss(t.loss, found["least_squares_loss"])


def _draw_loss(ax, t: RegressionTrace, found: dict) -> dict:
    above = excess(t, found)
    (curve,) = ax.plot([], [], color=ROLE["loss"], lw=CURVE_WIDTH)
    # The limits hold every value, so the head is never outside them: unclipped, it stays whole at the
    # last step and the lowest loss, on the axes' edge.
    (head,) = ax.plot([], [], "o", color=ROLE["loss"], mec=ROLE["marker_edge"], mew=EDGE_WIDTH, ms=HEAD_SIZE,
                      clip_on=False, zorder=3)
    head.set_in_layout(False)  # not a part of the layout: it moves (and is empty when the layout is made)
    ax.set_xlim(0, max(int(t.step[-1]), 1))
    ax.set_ylim(above.min() * 0.5, above.max() * 2)
    ax.set_yscale("log")  # it falls by decades: fast at first, then at a steady rate
    ax.set_xlabel("step")
    ax.set_ylabel("L − L*")
    ax.set_title("Loss above least squares (log)")
    return {"loss": curve, "loss_head": head}


def draw(trace: RegressionTrace, options: FigureOptions, found) -> Drawing:
    """Lay out the three views with the trace at its first row."""
    figure = plt.figure(figsize=options.figsize, dpi=options.dpi, layout="constrained")
    grid = figure.add_gridspec(2, 2, width_ratios=[1.1, 1], height_ratios=[1.25, 1])
    x_line = np.linspace(*padded(trace.x.min(), trace.x.max(), 0.05), 2)
    artists = _draw_data(figure.add_subplot(grid[:, 0]), trace, x_line)
    artists |= _draw_contour(figure.add_subplot(grid[0, 1]), trace)
    data_ax = artists["fit"].axes
    handles, _ = data_ax.get_legend_handles_labels()
    legend = data_ax.legend(handles=handles + [artists["gradient"], artists["step"]], loc="lower right",
                   fontsize=LEGEND_SIZE, ncols=2, handlelength=1.4, columnspacing=0.8,
                   handler_map={FancyArrowPatch: _arrow_key()})
    artists |= _draw_loss(figure.add_subplot(grid[1, 1]), trace, found)
    figure.suptitle("Each step moves θ against the gradient: θ ← θ − η∇L")
    # The legend stands over the moving lines (the first frames' line ran through its words).
    return Drawing(figure, Blitter(figure, list(artists.values()), over=[legend]), trace, found, x_line, artists)
