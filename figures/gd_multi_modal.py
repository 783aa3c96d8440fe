"""gd_multi_modal: several starts descend a surface with several minima.

The surface in 3-D (fixed camera) beside its contour map.  Every start is
marked; a path is neutral while it moves and takes the colour of the minimum it
settled in only once it has settled there (diverged paths turn grey), so the
answer is never given away at step 0.  Every minimum as low as the lowest is a
gold star (Himmelblau has four), the others white: where you start decides
where you end.  Counts come from ``gdsim.facts``.
"""

from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.lines import Line2D

from gdmedia.figure_kit.animate import Drawing as AnimatedDrawing
from gdmedia.figure_kit.gif import Blitter
from gdmedia.base.options import FigureOptions
from gdmedia.base.style import (SURFACE_EDGE_WIDTH, CONTOUR_WIDTH, EDGE_WIDTH, HEAD_IN_STAR_SIZE, LEGEND_SIZE, MONO_FAMILY, PATH_WIDTH,
                                ROLE, MINIMUM_STAR_SIZE, START_SIZE, SURFACE_ALPHA, SURFACE_CMAP, TICK_SIZE, basin_colour, number)
from gdtrace import SurfaceTrace
from gdsim.surfaces import get_surface


KIND = "surface"  # the trace kind it draws

GRID = 90  # surface grid points per axis
CONTOUR_LEVELS = 18
MOVING = ROLE["unsettled"]  # a path's colour before it has settled anywhere


def basin_ranks(trace: SurfaceTrace) -> np.ndarray:
    """Rank of each minimum by depth (0 = lowest; equal minima keep their order), so colours follow depth."""
    values = get_surface(trace.surface).value(trace.minima) if len(trace.minima) else np.array([])
    order = np.argsort(values, kind="stable")
    ranks = np.empty(len(values), dtype=int)
    ranks[order] = np.arange(len(values))
    return ranks


def end_colours(trace: SurfaceTrace) -> list[str]:
    """The colour each path takes once it has settled: its minimum's, grey if diverged or nowhere."""
    ranks = basin_ranks(trace)
    return [basin_colour(ranks[m] if m >= 0 and s != "diverged" else -1) for m, s in zip(trace.end_minimum, trace.status)]


def settled_count(found: dict, step: int) -> str:
    """'settled k/n' (and diverged) at ``step``: only starts whose run has stopped by then.

    The last recorded step ends every run: a start that blew up on the step after
    it left no finite point to record, so it has diverged by the last frame.
    """
    stopped = [e for e, s in zip(found["end"], found["stop_step"]) if s <= step or step >= found["final_step"]]
    text = f"settled {sum(e.startswith('minimum') for e in stopped)}/{found['starts']}"
    diverged = stopped.count("diverged")
    return text + (f", diverged {diverged}" if diverged else "")


@dataclass
class Drawing(AnimatedDrawing):
    trace: SurfaceTrace
    found: dict
    lift: float
    colours: list
    moving: dict
    clock: object

    def update(self, row: int) -> None:
        """Every path to ``row``; a path takes its end colour once its run has stopped."""
        t, m = self.trace, self.moving
        step = int(t.step[row])
        for k, path in enumerate(t.paths):
            seen, z = path[: row + 1], t.values[k, : row + 1] + self.lift
            colour = self.colours[k] if t.stop_step[k] <= step or row == len(t.step) - 1 else MOVING
            m["lines2d"][k].set_data(seen[:, 0], seen[:, 1])
            m["heads2d"][k].set_data([seen[-1, 0]], [seen[-1, 1]])
            m["lines3d"][k].set_data_3d(seen[:, 0], seen[:, 1], z)
            m["heads3d"][k].set_data_3d([seen[-1, 0]], [seen[-1, 1]], [z[-1]])
            for artist in (m["lines2d"][k], m["lines3d"][k], m["heads2d"][k], m["heads3d"][k]):
                artist.set_color(colour)
        self.clock.set_text(f"step {step:>3}   η = {number('learning_rate', t.learning_rate)}   "
                            + settled_count(self.found, step))


def _grid(trace: SurfaceTrace):
    (x0, x1), (y0, y1) = trace.bounds
    gx, gy = np.meshgrid(np.linspace(x0, x1, GRID), np.linspace(y0, y1, GRID))
    return gx, gy, get_surface(trace.surface).value(np.stack([gx, gy], axis=-1))


STAR_Z = 5  # the minima's stars: over the trails, under the heads


def _mark_minima(ax, trace: SurfaceTrace, lowest: list, z=None) -> list:
    """A gold star on every lowest minimum, a white one on the others."""
    marks = []
    for index, (mx, my) in enumerate(trace.minima):
        face = ROLE["global_min" if index in lowest else "local_min"]
        coords = ([mx], [my]) if z is None else ([mx], [my], [z[index]])
        marks.extend(ax.plot(*coords, marker="*", ms=MINIMUM_STAR_SIZE, mec=ROLE["marker_edge"], mfc=face, mew=EDGE_WIDTH,
                             ls="none", zorder=STAR_Z))
    return marks


def _moving(ax, count: int, three_d: bool):
    empty = ([], [], []) if three_d else ([], [])
    # Trails under the minima's stars, heads over them: a settled head sits inside its star, both seen
    # (the head fits within the star's pentagon, so the star's gold or white points show around it).
    lines = [ax.plot(*empty, color=MOVING, lw=PATH_WIDTH, zorder=STAR_Z - 1)[0] for _ in range(count)]
    heads = [ax.plot(*empty, "o", color=MOVING, mec=ROLE["marker_edge"], ms=HEAD_IN_STAR_SIZE, mew=EDGE_WIDTH,
                     zorder=STAR_Z + 1)[0] for _ in range(count)]
    return lines, heads


def _three_d(figure, trace, grid, lift, lowest, options):
    gx, gy, gz = grid
    ax3 = figure.add_subplot(1, 2, 1, projection="3d", computed_zorder=False)
    ax3.plot_surface(gx, gy, gz, cmap=SURFACE_CMAP, rstride=2, cstride=2, linewidth=SURFACE_EDGE_WIDTH, antialiased=True,
                     alpha=SURFACE_ALPHA)
    ax3.view_init(elev=options.elevation_deg, azim=options.azimuth_deg)
    ax3.set_xticklabels([])  # no tick labels: in 3-D they collide; the contour map carries the scale
    ax3.set_yticklabels([])
    ax3.set_zticklabels([])
    ax3.set_xlabel("x", labelpad=-12)
    ax3.set_ylabel("y", labelpad=-12)
    ax3.set_zlabel("f", labelpad=-12)
    for axis in (ax3.xaxis, ax3.yaxis, ax3.zaxis):
        axis.set_pane_color(ROLE["background"])
    lines, heads = _moving(ax3, len(trace.paths), three_d=True)
    z_min = get_surface(trace.surface).value(trace.minima) + lift if len(trace.minima) else []
    return lines, heads, _mark_minima(ax3, trace, lowest, z_min)


def draw(trace: SurfaceTrace, options: FigureOptions, found) -> Drawing:
    """Lay out the 3-D view and the contour map with every path at its start."""
    lowest = found["lowest_minima"]
    figure = plt.figure(figsize=options.figsize, dpi=options.dpi, layout="constrained")
    grid = _grid(trace)
    gx, gy, gz = grid
    lift = 0.02 * float(gz.max() - gz.min())  # keep paths just above the surface they ride
    lines3d, heads3d, marks = _three_d(figure, trace, grid, lift, lowest, options)

    ax2 = figure.add_subplot(1, 2, 2)
    # Contour lines on white, as in every other map: paths stay readable over them.
    ax2.contour(gx, gy, gz, levels=CONTOUR_LEVELS, cmap=SURFACE_CMAP, linewidths=CONTOUR_WIDTH,
                negative_linestyles="solid")
    ax2.plot(trace.paths[:, 0, 0], trace.paths[:, 0, 1], "o", ms=START_SIZE, mfc=ROLE["start"],
             mec=ROLE["marker_edge"], mew=EDGE_WIDTH, ls="none", zorder=3)
    ax2.set_aspect("equal")
    ax2.set_xlabel("x")
    ax2.set_ylabel("y")
    ax2.grid(False)
    lines2d, heads2d = _moving(ax2, len(trace.paths), three_d=False)
    marks += _mark_minima(ax2, trace, lowest)

    figure.suptitle("Where you start decides where you end")
    clock = ax2.set_title(" ", fontsize=TICK_SIZE, family=MONO_FAMILY)
    star = dict(marker="*", ms=MINIMUM_STAR_SIZE, mec=ROLE["marker_edge"], ls="none")
    legend = [
        Line2D([], [], mfc=ROLE["global_min"], label="lowest minimum" + ("s" if len(lowest) > 1 else ""), **star),
        Line2D([], [], mfc=ROLE["local_min"], label="other minima", **star),
        Line2D([], [], marker="o", ms=START_SIZE, mfc=ROLE["start"], mec=ROLE["marker_edge"], ls="none", label="start"),
        Line2D([], [], color=MOVING, label="moving: colour once settled"),
    ]
    figure.legend(handles=legend, loc="outside lower center", ncols=4, fontsize=LEGEND_SIZE, frameon=False,
                  handlelength=1.2, columnspacing=1.0)
    moving = {"lines3d": lines3d, "heads3d": heads3d, "lines2d": lines2d, "heads2d": heads2d}
    # Redrawn in zorder each frame: trails, then the minima's stars, then the heads inside them.
    blitter = Blitter(figure, lines3d + heads3d + lines2d + heads2d + marks + [clock])
    return Drawing(figure, blitter, trace, found, lift, end_colours(trace), moving, clock)
