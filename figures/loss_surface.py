"""loss_surface (still): the regression loss over (θ₀, θ₁) as a 3-D bowl and as contours.

Both views are centred on the least-squares point (starred), so the bowl's one
minimum sits in the middle, not on an edge; the surface is coloured by √L so its
floor is not one flat colour, and its 3-D axes carry names only (tick labels
collide in 3-D; the contour map carries the scale).  The descent path is drawn
on the contour map, so the bowl and the walk down it read together.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import PowerNorm

from gdmedia.base.options import FigureOptions
from gdmedia.figure_kit.panels import GRID, THETA0, THETA1, centred_box, loss_contour
from gdmedia.base.style import (START_EDGE_WIDTH, SURFACE_EDGE_WIDTH, EDGE_WIDTH, LEGEND_SIZE, PATH_WIDTH, ROLE, STAR_SIZE, START_SIZE,
                                SURFACE_ALPHA, SURFACE_CMAP, SURFACE_GAMMA)
from gdsim.regression import loss_grid
from gdtrace import RegressionTrace


KIND = "regression"  # the trace kind it draws
STILL = True  # one picture (PNG and SVG), not an animation


def draw(trace: RegressionTrace, options: FigureOptions, found):
    figure = plt.figure(figsize=options.figsize, dpi=options.dpi, layout="constrained")
    ax3 = figure.add_subplot(1, 2, 1, projection="3d")
    (lo0, hi0), (lo1, hi1) = centred_box(trace.lstsq, trace.theta, 0.1)
    g0, g1 = np.meshgrid(np.linspace(lo0, hi0, GRID // 2), np.linspace(lo1, hi1, GRID // 2))
    z = loss_grid(g0, g1, trace.x, trace.y)
    ax3.plot_surface(g0, g1, z, cmap=SURFACE_CMAP, norm=PowerNorm(SURFACE_GAMMA), linewidth=SURFACE_EDGE_WIDTH, antialiased=True,
                     alpha=SURFACE_ALPHA, rstride=1, cstride=1)
    best = float(loss_grid(trace.lstsq[0], trace.lstsq[1], trace.x, trace.y))
    ax3.plot([trace.lstsq[0]], [trace.lstsq[1]], [best], marker="*", ms=STAR_SIZE, color=ROLE["lstsq"],
             mec=ROLE["marker_edge"], mew=EDGE_WIDTH, ls="none", zorder=10)
    ax3.view_init(elev=options.elevation_deg, azim=options.azimuth_deg)
    for axis in (ax3.xaxis, ax3.yaxis, ax3.zaxis):
        axis.set_ticklabels([])
        axis.set_pane_color(ROLE["background"])
    ax3.set_xlabel("θ₀", labelpad=-12)
    ax3.set_ylabel("θ₁", labelpad=-12)
    ax3.set_zlabel("L", labelpad=-12)
    ax3.set_title("The loss is a bowl")
    ax2 = figure.add_subplot(1, 2, 2)
    loss_contour(ax2, trace.x, trace.y, trace.lstsq, trace.theta)
    ax2.plot(trace.theta[:, 0], trace.theta[:, 1], color=ROLE["path"], lw=PATH_WIDTH, label="descent path")
    ax2.plot(*trace.theta[0], "o", mfc=ROLE["start"], mec=ROLE["path"], mew=START_EDGE_WIDTH, ms=START_SIZE, ls="none",
             label="start")
    ax2.plot([], [], marker="*", ms=STAR_SIZE, color=ROLE["lstsq"], mec=ROLE["marker_edge"], ls="none",
             label="least squares")
    ax2.legend(loc="lower left", fontsize=LEGEND_SIZE)
    ax2.set_title("Contours: one minimum")
    figure.suptitle(f"The regression loss over ({THETA0.split()[0]}, {THETA1.split()[0]})")
    return figure
