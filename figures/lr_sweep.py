"""lr_sweep (still): the loss curves of a learning-rate sweep on one log scale, and steps against η.

Left, every step size's loss above least squares against the step, on one log
axis, coloured by η (ordered) and dashed by its regime from η·λmax
(``gdsim.facts``: solid monotone, dashed zig-zag, dotted diverges), labelled at
the curve's end.  Right, the measured steps to arrive against η, with the
critical step 2/λmax and the best step 2/(λmin+λmax) marked: the fastest is
not the smallest, and past the critical step nothing arrives.
"""

import matplotlib.pyplot as plt
import numpy as np

from gdmedia.figure_kit.labels import label_curves
from gdmedia.base.options import FigureOptions
from gdmedia.base.style import (CURVE_WIDTH, EDGE_WIDTH, HEAD_SIZE, LABEL_SIZE, REFERENCE_DASH,
                                REFERENCE_WIDTH, REGIME_DASHES, ROLE, SEQUENCE_CMAP, SEQUENCE_RANGE, number,
                                text_colour)
from gdsim.measures import ranking
from gdsim.regression import excess_loss


KIND = "regression"  # the trace kind it draws
SWEEP = True  # it draws every member of a sweep
STILL = True  # one picture (PNG and SVG), not an animation

AXIS_FLOOR = 1e-9  # the loss axis ends here; the fast rates' curves leave it through the bottom
FASTEST_OFFSET_PT = 2  # "fastest" ends this far to the side of its marker's centre
NEVER = "never"


def colours(count: int) -> list:
    return list(plt.get_cmap(SEQUENCE_CMAP)(np.linspace(*SEQUENCE_RANGE, count)))


def _curves(ax, traces, found, tints) -> tuple[list, list]:
    """The loss curves, and their η labels still to be placed (once the whole figure is laid out)."""
    best = found[0]["least_squares_loss"]
    curves = []
    for trace, fact, tint in zip(traces, found, tints):
        above = excess_loss(trace.loss, best)
        ax.plot(trace.step, above, color=tint, lw=CURVE_WIDTH, ls=REGIME_DASHES.get(fact["regime"], "-"))
        curves.append(np.column_stack([trace.step, above]))
    ax.set_yscale("log")
    ax.set_ylim(AXIS_FLOOR, None)
    # Each η named beside its own curve, where no other curve or label runs through the name.
    labels = [ax.annotate(f"η = {number('learning_rate', fact['learning_rate'])}", (0, 0), xytext=(0, 0),
                          textcoords="offset points", fontsize=LABEL_SIZE, color=text_colour(tint))
              for fact, tint in zip(found, tints)]
    ax.set_xlabel("step")
    ax.set_ylabel("L − L*")
    ax.set_title("Loss above least squares (log)")
    return curves, labels


def _steps(ax, found, tints) -> None:
    ranked = ranking({i: f for i, f in enumerate(found)})
    budget = max(f["final_step"] for f in found)
    for index, (fact, tint) in enumerate(zip(found, tints)):
        steps = ranked["steps"][index]
        y = steps if steps is not None else budget
        ax.plot([fact["learning_rate"]], [y], marker="o" if steps is not None else "X", ms=HEAD_SIZE, color=tint,
                mec=ROLE["marker_edge"], mew=EDGE_WIDTH, ls="none")
    marks = ((found[0]["optimal_step"], "2/(λmin+λmax)", -4, "right"), (found[0]["critical_step"], "2/λmax", 4, "left"))
    fastest = ranked["fastest"]
    if fastest is not None:
        # Under its marker, on the side away from the nearest marked step, so the word and a line never cross.
        eta = found[fastest]["learning_rate"]
        y = ranked["steps"][fastest]
        nearest = min((value for value, *_ in marks), key=lambda value: abs(value - eta))
        side = -1 if nearest >= eta else 1
        ax.annotate("fastest", (eta, y), xytext=(side * FASTEST_OFFSET_PT, -16), textcoords="offset points",
                    ha="right" if side < 0 else "left", fontsize=LABEL_SIZE)
    for value, name, dx, side in marks:  # the best step labelled left of its line, the critical one right
        ax.axvline(value, color=ROLE["lstsq"], lw=REFERENCE_WIDTH, ls=REFERENCE_DASH)
        ax.annotate(f"{name} = {number('critical_step', value)}", (value, 0.45), xycoords=("data", "axes fraction"),
                    xytext=(dx, 0), textcoords="offset points", rotation=90, ha=side, va="center",
                    fontsize=LABEL_SIZE, color=ROLE["lstsq"])
    ax.set_ylim(0, budget * 1.08)
    ax.set_xlabel("η")
    ax.set_ylabel(f"steps to arrive (✕: not within {budget})")
    ax.set_title("Steps to arrive against η")


def draw(traces: list, options: FigureOptions, found):
    tints = colours(len(traces))
    figure, (left, right) = plt.subplots(1, 2, figsize=options.figsize, dpi=options.dpi, layout="constrained",
                                         width_ratios=[1.25, 1])

    curves, labels = _curves(left, traces, found, tints)
    _steps(right, found, tints)
    figure.suptitle(f"{len(traces)} learning rates: solid monotone, dashed zig-zag, dotted diverges")
    label_curves(left, curves, labels)  # last: the layout is final, so the labels' pixels are too
    return figure
