"""optimizer_race: GD, momentum, Nesterov, RMSProp and Adam from one start on one surface.

Left, the paths on the surface's contour map (log-spaced levels, the minimum
starred); right, each optimizer's loss against the step, on a log scale.  The
legend names each optimizer and its step size, and the clock counts steps, so
who arrives first is plain.  ``render(traces, out_path, options=…)`` takes the
sweep's traces, one start each.
"""

if "snakemake" in globals():  # under Snakemake, stderr goes to the log before anything can fail
    from gdmedia.runner import log_to

    log_to(snakemake.log[0])  # noqa: F821

from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from gdmedia.animate import Drawing as AnimatedDrawing  # noqa: E402
from gdmedia.animate import render_animation  # noqa: E402
from gdmedia.gif import Blitter  # noqa: E402
from gdmedia.options import FigureOptions  # noqa: E402
from gdmedia.panels import surface_contour, step_clock  # noqa: E402
from gdmedia.style import ROLE, series_colour  # noqa: E402
from gdsim.surfaces import get_surface  # noqa: E402

NAMES = {"gd": "GD", "momentum": "momentum", "nesterov": "Nesterov", "rmsprop": "RMSProp", "adam": "Adam"}
LOSS_FLOOR = 1e-8  # the loss axis starts here: below it every optimizer has arrived


def legend_name(trace) -> str:
    arrived = f", done at {trace.stop_step[0]}" if trace.status[0] == "converged" else ""
    return f"{NAMES.get(trace.optimizer, trace.optimizer)} (η = {trace.learning_rate:g}{arrived})"


@dataclass
class Drawing(AnimatedDrawing):
    traces: list
    paths: list
    heads: list
    curves: list
    clock: object

    def update(self, row: int) -> None:
        for trace, path, head, curve in zip(self.traces, self.paths, self.heads, self.curves):
            upto = min(row, len(trace.step) - 1)
            points = trace.paths[0, : upto + 1]
            path.set_data(points[:, 0], points[:, 1])
            head.set_data([points[-1, 0]], [points[-1, 1]])
            curve.set_data(trace.step[: upto + 1], np.maximum(trace.values[0, : upto + 1], LOSS_FLOOR))
        self.clock.set_text(f"step {row}")


def draw(traces: list, options: FigureOptions) -> Drawing:
    figure = plt.figure(figsize=options.figsize, dpi=options.dpi, layout="constrained")
    left, right = figure.subplots(1, 2, width_ratios=[1.05, 1])
    surface = get_surface(traces[0].surface)
    surface_contour(left, surface, traces[0].bounds)
    left.set_title(f"{surface.title}: paths from one start", fontsize=10)
    right.set_yscale("log")
    right.set_xlim(0, max(int(t.step[-1]) for t in traces))
    right.set_ylim(LOSS_FLOOR, max(t.values.max() for t in traces) * 2)
    right.set_xlabel("step")
    right.set_ylabel("loss")
    right.set_title("Loss against step", fontsize=10)
    paths, heads, curves = [], [], []
    for index, trace in enumerate(traces):
        colour = series_colour(index)
        paths.append(left.plot([], [], color=colour, lw=1.5)[0])
        heads.append(left.plot([], [], "o", color=colour, mec=ROLE["marker_edge"], ms=5)[0])
        curves.append(right.plot([], [], color=colour, lw=1.6, label=legend_name(trace))[0])
    right.legend(handles=curves, loc="lower left", fontsize=7.5)
    figure.suptitle("Five optimizers race to the minimum", fontsize=11, weight="bold")
    clock = step_clock(figure)
    return Drawing(figure, Blitter(figure, paths + heads + curves + [clock]), traces, paths, heads, curves, clock)


def render(traces: list, out_path: str | Path, *, options: FigureOptions) -> None:
    """Write the animation to ``out_path`` (.gif), or its last frame (.png)."""
    render_animation(draw, traces, out_path, options)


if "snakemake" in globals():
    from gdmedia.runner import run_figure

    run_figure(snakemake, render)  # noqa: F821
