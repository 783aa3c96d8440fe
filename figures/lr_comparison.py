"""lr_comparison: one problem, several step sizes side by side, each titled with its fate.

Every panel is the same loss contour over (θ0, θ1) with one step size's path
growing on it, all in step: too small crawls, a good one converges, a large
one zig-zags across the valley, a larger one runs away and stops honestly at
the step where it diverged.  ``render(traces, out_path, options=…)`` takes the
sweep's traces in config order.
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
from gdmedia.panels import loss_contour, step_clock  # noqa: E402
from gdmedia.style import ROLE  # noqa: E402
from gdsim.regimes import CONVERGED, DIVERGED, OSCILLATING, TOO_SLOW, regime  # noqa: E402
from gdsim.simulate import RegressionTrace  # noqa: E402

FATE = {
    TOO_SLOW: "too small: crawls",
    CONVERGED: "good: converges",
    OSCILLATING: "large: zig-zags",
    DIVERGED: "too large: runs away",
}


def fate(trace: RegressionTrace) -> str:
    """The panel's title: its η, its regime and how it ended."""
    name = regime(trace.theta, trace.status)
    ending = {
        "diverged": f"diverged at step {trace.stop_step}",
        "converged": f"converged at step {trace.stop_step}",
        "max_steps": f"still far after {trace.stop_step} steps",
    }[trace.status]
    return f"η = {trace.learning_rate:g}: {FATE[name]}\n{ending}"


@dataclass
class Drawing(AnimatedDrawing):
    traces: list
    paths: list
    heads: list
    clock: object

    def update(self, row: int) -> None:
        """Every panel at step ``row`` (or its last step, if it stopped before)."""
        for trace, path, head in zip(self.traces, self.paths, self.heads):
            upto = min(row, len(trace.step) - 1)
            path.set_data(trace.theta[: upto + 1, 0], trace.theta[: upto + 1, 1])
            head.set_data([trace.theta[upto, 0]], [trace.theta[upto, 1]])
        self.clock.set_text(f"step {row}")


def draw(traces: list, options: FigureOptions) -> Drawing:
    """A grid of panels, one per step size, on a view framed by the paths that stay put."""
    figure = plt.figure(figsize=options.figsize, dpi=options.dpi, layout="constrained")
    columns = 2 if len(traces) > 1 else 1
    rows = int(np.ceil(len(traces) / columns))
    axes = figure.subplots(rows, columns, squeeze=False).ravel()
    settled = [t.theta for t in traces if t.status != "diverged"] or [traces[0].theta[:2]]
    frame = np.vstack(settled)  # a diverging path is allowed to leave the view
    paths, heads = [], []
    for ax, trace in zip(axes, traces):
        loss_contour(ax, trace.x, trace.y, trace.lstsq, frame, pad=0.1)
        colour = ROLE["diverged"] if trace.status == "diverged" else ROLE["path"]
        paths.append(ax.plot([], [], color=colour, lw=1.6, marker=".", ms=3)[0])
        heads.append(ax.plot([], [], "o", color=colour, mec=ROLE["marker_edge"], ms=6)[0])
        ax.set_title(fate(trace), fontsize=9.5)
        ax.label_outer()
    for ax in axes[len(traces):]:
        ax.set_visible(False)
    figure.suptitle("The same descent with four step sizes η", fontsize=11, weight="bold")
    clock = step_clock(figure)
    blitter = Blitter(figure, paths + heads + [clock])
    return Drawing(figure, blitter, traces, paths, heads, clock)


def render(traces: list, out_path: str | Path, *, options: FigureOptions) -> None:
    """Write the animation to ``out_path`` (.gif), or its last frame (.png)."""
    render_animation(draw, traces, out_path, options)


if "snakemake" in globals():
    from gdmedia.runner import run_figure

    run_figure(snakemake, render)  # noqa: F821
