"""init_comparison: random starts against starts from prior information, and the steps each needs.

Left, every path on the loss contour (centred on the least-squares answer):
random starts (drawn from a box) wear one colour, marker and dash, informed
starts (least squares on a handful of samples) another; every start is marked.
Right, the loss above least squares against the step (log).  Once every run has
arrived, the board gives each pair's steps to arrive (``gdsim.facts``): by how
many steps the informed start is sooner, truthfully.
"""

from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.lines import Line2D

from gdmedia.figure_kit.gif import Blitter
from gdmedia.base.options import FigureOptions
from gdmedia.figure_kit.panels import Run, SweepPaths, draw_runs, loss_contour, row_of, step_clock, with_room
from gdmedia.base.style import (START_EDGE_WIDTH, LEGEND_SIZE, MONO_FAMILY, PANEL_ALPHA, ROLE, START_SIZE,
                                series_colour, series_dash, series_marker)
from gdsim.regression import excess_loss


KIND = "regression"  # the trace kind it draws
SWEEP = True  # it draws every member of a sweep

RANDOM, INFORMED = 1, 0  # series styles: informed the first colour, random the second


def summary(traces: list, found: list) -> str:
    """Steps to arrive, random → informed, per pair (a pair shares its seed, in config order)."""
    random = [f["steps_to_tolerance"] for t, f in zip(traces, found) if not t.informed]
    informed = [f["steps_to_tolerance"] for t, f in zip(traces, found) if t.informed]
    pairs = "  ".join(f"{r}→{i}" for r, i in zip(random, informed))
    return f"steps to arrive, random→informed:\n{pairs}"


@dataclass
class Drawing(SweepPaths):
    board: object = None
    board_text: str = ""
    board_row: int = 0

    def update(self, row: int) -> None:
        super().update(row)
        self.board.set_text(self.board_text if row >= self.board_row else "")


def draw(traces: list, options: FigureOptions, found) -> Drawing:
    figure = plt.figure(figsize=options.figsize, dpi=options.dpi, layout="constrained")
    left, right = figure.subplots(1, 2, width_ratios=[1, 1.2])
    first = traces[0]
    loss_contour(left, first.x, first.y, first.lstsq, np.vstack([t.theta for t in traces]))
    left.set_title("Paths from random and informed starts")
    best = found[0]["least_squares_loss"]
    excess = [excess_loss(t.loss, best) for t in traces]  # L − L*, down to its round-off
    right.set_yscale("log")
    right.set_xlim(*with_room(0, max(f["steps_to_tolerance"] or f["final_step"] for f in found) * 1.3))
    arrived_at = [e[row_of(t.step, f["steps_to_tolerance"] or int(t.step[-1]))] for t, e, f in zip(traces, excess, found)]
    right.set_ylim(min(arrived_at) * 0.3, max(e.max() for e in excess) * 2)  # down to where the last one arrives
    right.set_xlabel("step")
    right.set_ylabel("L − L*")
    right.set_title("Loss above least squares (log)")
    # Each start's arrival (within tolerance of least squares, and staying) ringed on its curve.
    arrived = [row_of(t.step, f["steps_to_tolerance"]) for t, f in zip(traces, found)]
    runs = [Run(t.theta, t.step, e, "", "", series=INFORMED if t.informed else RANDOM, outcome_row=row,
                arrival_row=row) for t, e, row in zip(traces, excess, arrived)]
    for t, run in zip(traces, runs):
        left.plot(*t.theta[0], marker=series_marker(run.series), ms=START_SIZE, mfc=ROLE["start"],
                  mec=series_colour(run.series), mew=START_EDGE_WIDTH, ls="none", zorder=2)
    keys = [Line2D([], [], color=series_colour(s), marker=series_marker(s), ls=series_dash(s), label=name)
            for s, name in ((RANDOM, "random start"), (INFORMED, "informed start"))]
    left.legend(handles=keys, loc="upper left", fontsize=LEGEND_SIZE)  # the upper right has a random start
    drawn = draw_runs(left, right, runs)
    clock = step_clock(figure)
    # Upper right, where no curve runs (they fall from the upper left): in the lower left it covered
    # the steps where the informed starts arrive.
    board = right.text(0.97, 0.97, "", transform=right.transAxes, family=MONO_FAMILY, fontsize=LEGEND_SIZE,
                       ha="right", va="top", multialignment="left",
                       bbox=dict(boxstyle="round", fc=ROLE["panel"], ec=ROLE["grid"], alpha=PANEL_ALPHA))
    everyone = max(row_of(t.step, f["steps_to_tolerance"] or int(t.step[-1])) for t, f in zip(traces, found))
    figure.suptitle("Starting from prior information")
    moving = [a for group in drawn.values() for a in group] + [clock, board]
    return Drawing(figure, Blitter(figure, moving), runs, drawn, clock, lambda row: f"step {row}", None,
                   board, summary(traces, found), everyone)
