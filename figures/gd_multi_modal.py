"""gd_multi_modal: several starts descend a surface with several minima.

The surface in 3-D (fixed camera) beside its contour map; every path is
coloured by the minimum it ends in, and the global minimum is marked apart
from the local ones: where you start decides where you end.
``render(trace, out_path, options=…)`` writes the GIF (or, for ``.png``, the last frame).
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
from matplotlib.lines import Line2D  # noqa: E402

from gdmedia.animate import Drawing as AnimatedDrawing  # noqa: E402
from gdmedia.animate import render_animation  # noqa: E402
from gdmedia.gif import Blitter  # noqa: E402
from gdmedia.options import FigureOptions  # noqa: E402
from gdmedia.style import ROLE, SURFACE_CMAP, basin_colour  # noqa: E402
from gdsim.simulate import SurfaceTrace  # noqa: E402
from gdsim.surfaces import get_surface  # noqa: E402

GRID = 90  # surface grid points per axis
CONTOUR_LEVELS = 18


def basin_ranks(trace: SurfaceTrace) -> np.ndarray:
    """Rank of each minimum by depth (0 = global), so colours follow depth."""
    order = np.argsort(get_surface(trace.surface).value(trace.minima)) if len(trace.minima) else []
    ranks = np.empty(len(trace.minima), dtype=int)
    ranks[order] = np.arange(len(trace.minima))
    return ranks


def path_colours(trace: SurfaceTrace) -> list[str]:
    ranks = basin_ranks(trace)
    return [basin_colour(ranks[m] if m >= 0 else -1) for m in trace.end_minimum]


@dataclass
class Drawing(AnimatedDrawing):
    trace: SurfaceTrace
    lift: float
    lines3d: list
    heads3d: list
    lines2d: list
    heads2d: list
    clock: object

    def update(self, row: int) -> None:
        """Move every moving artist to the trace at ``row``."""
        t = self.trace
        for k, path in enumerate(t.paths):
            seen, z = path[: row + 1], t.values[k, : row + 1] + self.lift
            self.lines2d[k].set_data(seen[:, 0], seen[:, 1])
            self.heads2d[k].set_data([seen[-1, 0]], [seen[-1, 1]])
            self.lines3d[k].set_data_3d(seen[:, 0], seen[:, 1], z)
            self.heads3d[k].set_data_3d([seen[-1, 0]], [seen[-1, 1]], [z[-1]])
        settled = int(np.sum(t.stop_step <= t.step[row]))
        self.clock.set_text(f"step {t.step[row]}   η = {t.learning_rate:g}   settled {settled}/{len(t.paths)}")


def _grid(trace: SurfaceTrace):
    (x0, x1), (y0, y1) = trace.bounds
    gx, gy = np.meshgrid(np.linspace(x0, x1, GRID), np.linspace(y0, y1, GRID))
    return gx, gy, get_surface(trace.surface).value(np.stack([gx, gy], axis=-1))


def _mark_minima(ax, trace: SurfaceTrace, z=None) -> list:
    """Star on the global minimum, rings on the local ones."""
    marks = []
    for index, (mx, my) in enumerate(trace.minima):
        is_global = index == trace.global_minimum
        style = dict(marker="*" if is_global else "o", ms=15 if is_global else 7, mec=ROLE["marker_edge"],
                     mfc=ROLE["global_min" if is_global else "local_min"], mew=0.9, ls="none", zorder=5)
        coords = ([mx], [my]) if z is None else ([mx], [my], [z[index]])
        marks.extend(ax.plot(*coords, **style))
    return marks


def _moving(ax, colours, three_d: bool):
    lines, heads = [], []
    for colour in colours:
        empty = ([], [], []) if three_d else ([], [])
        lines.append(ax.plot(*empty, color=colour, lw=1.8)[0])
        heads.append(ax.plot(*empty, "o", color=colour, mec=ROLE["marker_edge"], ms=5.5, mew=0.8)[0])
    return lines, heads


def draw(trace: SurfaceTrace, options: FigureOptions) -> Drawing:
    """Lay out the 3-D view and the contour map with every path at its start."""
    figure = plt.figure(figsize=options.figsize, dpi=options.dpi, layout="constrained")
    gx, gy, gz = _grid(trace)
    lift = 0.02 * float(gz.max() - gz.min())  # keep paths just above the surface they ride
    colours = path_colours(trace)
    minima_z = get_surface(trace.surface).value(trace.minima) + lift if len(trace.minima) else []

    ax3 = figure.add_subplot(1, 2, 1, projection="3d", computed_zorder=False)
    ax3.plot_surface(gx, gy, gz, cmap=SURFACE_CMAP, rstride=2, cstride=2, linewidth=0, antialiased=False, alpha=0.85)
    ax3.view_init(elev=options.elevation_deg, azim=options.azimuth_deg)
    ax3.set_xlabel("θ0", labelpad=-10)
    ax3.set_ylabel("θ1", labelpad=-10)
    ax3.set_zlabel("loss", labelpad=-14)
    ax3.tick_params(labelsize=7, pad=-3)
    ax3.set_zticklabels([])
    for axis in (ax3.xaxis, ax3.yaxis, ax3.zaxis):
        axis.set_pane_color((1, 1, 1, 0))
    lines3d, heads3d = _moving(ax3, colours, three_d=True)
    marks = _mark_minima(ax3, trace, minima_z)

    ax2 = figure.add_subplot(1, 2, 2)
    ax2.contourf(gx, gy, gz, levels=CONTOUR_LEVELS, cmap=SURFACE_CMAP, alpha=0.85)
    ax2.contour(gx, gy, gz, levels=CONTOUR_LEVELS, colors="white", linewidths=0.4, alpha=0.6,
                negative_linestyles="solid")
    ax2.set_aspect("equal")
    ax2.set_xlabel("θ0")
    ax2.set_ylabel("θ1")
    ax2.grid(False)
    lines2d, heads2d = _moving(ax2, colours, three_d=False)
    marks += _mark_minima(ax2, trace)

    figure.suptitle("Where you start decides where you end", fontsize=11, weight="bold")
    clock = ax2.set_title(" ", fontsize=9, family="DejaVu Sans Mono")
    legend = [
        Line2D([], [], marker="*", ms=12, mfc=ROLE["global_min"], mec=ROLE["marker_edge"], ls="none", label="global minimum"),
        Line2D([], [], marker="o", ms=7, mfc=ROLE["local_min"], mec=ROLE["marker_edge"], ls="none", label="local minimum"),
        Line2D([], [], color=basin_colour(0), label="path to the global minimum"),
        Line2D([], [], color=basin_colour(1), label="paths to local minima (one colour each)"),
    ]
    figure.legend(handles=legend, loc="outside lower center", ncols=2, fontsize=8, frameon=False)
    # Minima are redrawn after the paths each frame so heads never hide them.
    blitter = Blitter(figure, lines3d + heads3d + lines2d + heads2d + marks + [clock])
    return Drawing(figure, blitter, trace, lift, lines3d, heads3d, lines2d, heads2d, clock)


def render(trace: SurfaceTrace, out_path: str | Path, *, options: FigureOptions) -> None:
    """Write the animation to ``out_path`` (.gif), or its last frame (.png)."""
    render_animation(draw, trace, out_path, options)


if "snakemake" in globals():
    from gdmedia.runner import run_figure

    run_figure(snakemake, render)  # noqa: F821
