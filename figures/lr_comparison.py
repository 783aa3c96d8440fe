"""lr_comparison: one problem, four step sizes side by side, each labelled by what it did.

Every panel is the same loss contour over (θ₀, θ₁), centred on the least-squares
answer with equal aspect, with one step size's path growing on it, all in step.
Each panel's title gives η and η·λmax (``gdsim.facts``); what the run did
(crawls, smooth, zig-zags, diverges, and which arrived first) is written at its
head only once it has happened.
"""

import matplotlib.pyplot as plt
import numpy as np

from gdmedia.base.options import FigureOptions
from gdmedia.figure_kit.panels import Run, SweepPaths, loss_contour, row_of
from gdmedia.base.style import number
from gdsim.measures import DIVERGED, away, ranking


KIND = "regression"  # the trace kind it draws
SWEEP = True  # it draws every member of a sweep


def outcome(found: dict, ranked: dict, name) -> str:
    """What the run did, from its facts and the sweep's ranking: said at its head when it happens."""
    if found["outcome"] == DIVERGED and found["status"] == "diverged":
        return f"diverged at step {found['stop_step']}"
    reached = ranked["steps"][name]
    distance = away(found["final_distance"], found["tolerance"], 2)
    if found["outcome"] == DIVERGED:  # growing, the budget ended before it passed the bound: never "crawls"
        start = away(found["start_distance"], found["tolerance"], 2)
        return f"diverges: {distance} away\nat step {found['final_step']} (from {start})"
    if reached is None:
        return f"{found['outcome']}: still {distance}\naway at step {found['final_step']}"
    first = ", first" if name in ranked["first"] else ""
    return f"{found['outcome']}: arrived\nat step {reached}{first}"


def title(found: dict) -> str:
    return f"η = {number('learning_rate', found['learning_rate'])}   η·λmax = {number('eta_lambda_max', found['eta_lambda_max'])}"


def draw(traces: list, options: FigureOptions, found) -> SweepPaths:
    """A grid of panels, one per step size, on a view framed by the paths that do not diverge."""
    ranked = ranking({i: f for i, f in enumerate(found)})
    figure = plt.figure(figsize=options.figsize, dpi=options.dpi, layout="constrained")
    columns = 2 if len(traces) > 1 else 1
    axes = figure.subplots(int(np.ceil(len(traces) / columns)), columns, squeeze=False).ravel()
    settled = [t.theta for t in traces if t.status != "diverged"] or [traces[0].theta[:2]]
    frame = np.vstack(settled)  # a diverging path leaves the view; its head says when it diverged
    runs = []
    for index, (ax, trace, fact) in enumerate(zip(axes, traces, found)):
        loss_contour(ax, trace.x, trace.y, trace.lstsq, frame, pad=0.08)
        ax.set_title(title(fact))
        ax.label_outer()
        # One colour for every panel: the panels, not colours, tell the runs apart.
        runs.append(Run(trace.theta, trace.step, trace.loss, "", outcome(fact, ranked, index), series=0,
                        outcome_row=row_of(trace.step, ranked["steps"][index])))
    for ax in axes[len(traces):]:
        ax.set_visible(False)
    figure.suptitle(f"One problem, {len(traces)} step sizes η (2/λmax = {number('critical_step', found[0]['critical_step'])})")
    return SweepPaths.drawn_on(figure, list(axes[: len(traces)]), None, runs)
