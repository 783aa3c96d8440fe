"""loss_surface (still): the regression loss over (θ0, θ1) as a 3-D surface and as contours.

The least-squares point is starred in both, and the descent's path is drawn on
the contour map, so the bowl and the walk down it read together.
"""

if "snakemake" in globals():  # under Snakemake, stderr goes to the log before anything can fail
    from gdmedia.runner import log_to

    log_to(snakemake.log[0])  # noqa: F821

from pathlib import Path  # noqa: E402

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from gdmedia.options import FigureOptions  # noqa: E402
from gdmedia.panels import GRID, loss_contour, padded  # noqa: E402
from gdmedia.still import render_still  # noqa: E402
from gdmedia.style import ROLE, SURFACE_CMAP  # noqa: E402
from gdsim.regression import loss_grid  # noqa: E402
from gdsim.simulate import RegressionTrace  # noqa: E402


def draw(trace: RegressionTrace, options: FigureOptions):
    figure = plt.figure(figsize=options.figsize, dpi=options.dpi, layout="constrained")
    ax3 = figure.add_subplot(1, 2, 1, projection="3d")
    points = np.vstack([trace.theta, trace.lstsq])
    g0, g1 = np.meshgrid(np.linspace(*padded(points[:, 0].min(), points[:, 0].max(), 0.15), GRID // 2),
                         np.linspace(*padded(points[:, 1].min(), points[:, 1].max(), 0.15), GRID // 2))
    z = loss_grid(g0, g1, trace.x, trace.y)
    ax3.plot_surface(g0, g1, z, cmap=SURFACE_CMAP, linewidth=0, antialiased=False, alpha=0.9)
    best = float(loss_grid(trace.lstsq[0], trace.lstsq[1], trace.x, trace.y))
    ax3.plot([trace.lstsq[0]], [trace.lstsq[1]], [best], marker="*", ms=14, color=ROLE["lstsq"],
             mec=ROLE["marker_edge"], ls="none", zorder=10)
    ax3.view_init(elev=options.elevation_deg, azim=options.azimuth_deg)
    ax3.set_xlabel("θ0", labelpad=-6)
    ax3.set_ylabel("θ1", labelpad=-6)
    ax3.set_zlabel("loss", labelpad=-6)
    ax3.tick_params(labelsize=7, pad=-2)
    ax3.set_title("The loss is a bowl", fontsize=10)
    ax2 = figure.add_subplot(1, 2, 2)
    loss_contour(ax2, trace.x, trace.y, trace.lstsq, trace.theta)
    ax2.plot(trace.theta[:, 0], trace.theta[:, 1], color=ROLE["path"], lw=1.6, label="descent path")
    ax2.plot(*trace.theta[0], "o", color=ROLE["path"], mec=ROLE["marker_edge"], ms=6, label="start")
    ax2.legend(loc="lower left", fontsize=8)
    ax2.set_title("Contours, least squares starred", fontsize=10)
    figure.suptitle("The regression loss over (θ0, θ1)", fontsize=11, weight="bold")
    return figure


def render(trace: RegressionTrace, out_path: str | Path, *, options: FigureOptions) -> None:
    """Write the still to ``out_path`` (.png or .svg)."""
    render_still(draw, trace, out_path, options)


if "snakemake" in globals():
    from gdmedia.runner import run_figure

    run_figure(snakemake, render)  # noqa: F821
