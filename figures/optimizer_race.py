"""optimizer_race: five optimizers from one start on one surface, and when each arrives.

Left, the paths on the surface's contour map (equal aspect, the minimum starred),
each a dim trail with a bright head labelled with its optimizer; right, the loss
on a log axis against the step.  "arrived at step k" (within ``gdsim.facts``'
tolerance of the minimum, and staying to the last step shown: ``ranking``)
appears at a head when it happens, and a ring marks that step on its loss
curve; "first" marks every member with the fewest steps, measured.
"""

import matplotlib.pyplot as plt
import numpy as np

from gdmedia.base.options import FigureOptions
from gdmedia.figure_kit.panels import Run, SweepPaths, row_of, surface_contour, with_room
from gdmedia.base.style import number
from gdsim.measures import away, ranking
from gdsim.surfaces import get_surface


KIND = "surface"  # the trace kind it draws
SWEEP = True  # it draws every member of a sweep

NAMES = {"gd": "GD", "momentum": "momentum", "nesterov": "Nesterov", "rmsprop": "RMSProp", "adam": "Adam"}
LOSS_FLOOR = 1e-8  # the loss axis starts here: below it every optimizer has arrived


def outcome(found: dict, ranked: dict, name) -> str:
    """What the run did, from its facts and the comparison's ranking (arrival checked to the last step shown)."""
    if found["status"][0] == "diverged":
        return f"diverged at step {found['stop_step'][0]}"
    if name in ranked["unchecked"]:  # stopped early inside the tolerance: whether it stays is not known
        return f"stopped at step {found['stop_step'][0]}, {away(found['final_distance'][0], 0.0, 3)} away"
    reached = ranked["steps"][name]
    if reached is None:  # how far, not just "not arrived": at the map's scale it may look as if it had
        distance = away(found["final_distance"][0], found["tolerance"], 3)
        return f"still {distance} away at step {found['final_step']}"
    near = found["first_within"][0]
    if near is not None and near < reached:  # it came near, was carried out again, and came back
        return f"near at {near}, left; arrived {reached}" + (", first" if name in ranked["first"] else "")
    return f"arrived at step {reached}" + (", first" if name in ranked["first"] else "")


def draw(traces: list, options: FigureOptions, found) -> SweepPaths:
    ranked = ranking({i: f for i, f in enumerate(found)})
    figure = plt.figure(figsize=options.figsize, dpi=options.dpi, layout="constrained")
    left, right = figure.subplots(1, 2, width_ratios=[1, 1.2])
    surface = get_surface(traces[0].surface)
    surface_contour(left, surface, traces[0].bounds, found[0]["lowest_minima"])
    left.set_title(f"{surface.title}: paths from one start")
    right.set_yscale("log")
    right.set_xlim(*with_room(0, max(int(t.step[-1]) for t in traces)))
    right.set_ylim(LOSS_FLOOR, max(t.values.max() for t in traces) * 2)
    right.set_xlabel("step")
    right.set_ylabel("loss f")
    right.set_title("Loss against step (log)")
    # A curve that falls below the axis leaves it through the bottom (and its head with it), rather
    # than running flat along it as if the loss had stopped falling; f = 0 exactly (the minimum) is
    # given the smallest positive float, far below the view, as the log axis has no place for it.
    arrived = [row_of(t.step, ranked["steps"][i]) for i, t in enumerate(traces)]  # said and ringed there
    runs = [Run(t.paths[0], t.step, np.maximum(t.values[0], np.finfo(float).tiny),
                f"{NAMES.get(t.optimizer, t.optimizer)} η = {number('learning_rate', t.learning_rate)}",
                outcome(f, ranked, i), outcome_row=arrived[i], arrival_row=arrived[i])
            for i, (t, f) in enumerate(zip(traces, found))]
    figure.suptitle(f"{len(traces)} optimizers from one start: who arrives, and when")
    # The paths meet at the start and at the minimum: their labels stand in a scoreboard on the loss panel.
    return SweepPaths.drawn_on(figure, left, right, runs, board_ax=right)
