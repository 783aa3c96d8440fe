"""Matplotlib pieces more than one figure draws: loss contours, and a sweep's
regression paths moving on the contour beside their loss curves."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gdsim.regression import loss_grid

from .animate import Drawing
from .gif import Blitter
from .style import MONO_FAMILY, ROLE, SURFACE_CMAP

CONTOUR_LEVELS = 14  # geometric levels between the minimum loss and the view's largest
GRID = 160  # contour grid points per axis


def padded(low: float, high: float, pad: float) -> tuple[float, float]:
    """[low, high] widened by ``pad`` of its span on each side."""
    span = max(high - low, 1e-9)
    return low - pad * span, high + pad * span


def loss_contour(ax, x: np.ndarray, y: np.ndarray, lstsq: np.ndarray, points: np.ndarray, pad: float = 0.15) -> None:
    """Contours of the mean loss over (θ0, θ1) around ``points``, the least-squares θ starred."""
    points = np.vstack([points, lstsq])
    lo0, hi0 = padded(points[:, 0].min(), points[:, 0].max(), pad)
    lo1, hi1 = padded(points[:, 1].min(), points[:, 1].max(), pad)
    g0, g1 = np.meshgrid(np.linspace(lo0, hi0, GRID), np.linspace(lo1, hi1, GRID))
    surface = loss_grid(g0, g1, x, y)
    levels = np.geomspace(surface.min() * 1.02, surface.max(), CONTOUR_LEVELS)
    ax.contour(g0, g1, surface, levels=levels, cmap=SURFACE_CMAP, linewidths=0.9)
    ax.plot(*lstsq, marker="*", ms=12, color=ROLE["lstsq"], mec=ROLE["marker_edge"], mew=0.6, ls="none")
    ax.set_xlim(lo0, hi0)
    ax.set_ylim(lo1, hi1)
    ax.set_xlabel("θ0 (intercept)")
    ax.set_ylabel("θ1 (slope)")
    ax.ticklabel_format(style="sci", scilimits=(-3, 4))  # a diverging path spans 10⁶
    ax.grid(False)


SURFACE_LEVELS = 20  # contour levels of a named surface, spaced geometrically above its minimum


def surface_contour(ax, surface, bounds: np.ndarray) -> None:
    """Contours of a named surface over ``bounds``, dense near its minima (log-spaced)."""
    (x0, x1), (y0, y1) = bounds
    gx, gy = np.meshgrid(np.linspace(x0, x1, GRID), np.linspace(y0, y1, GRID))
    z = surface.value(np.stack([gx, gy], axis=-1))
    floor = z.min()
    levels = floor + np.geomspace(1e-3 * (z.max() - floor), z.max() - floor, SURFACE_LEVELS)
    ax.contour(gx, gy, z, levels=levels, cmap=SURFACE_CMAP, linewidths=0.8)
    for mx, my in surface.minima():
        ax.plot(mx, my, marker="*", ms=13, mfc=ROLE["global_min"], mec=ROLE["marker_edge"], mew=0.8, ls="none")
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_xlabel("θ0")
    ax.set_ylabel("θ1")
    ax.grid(False)


def step_clock(figure):
    """The step counter in the figure's top-right corner, updated frame by frame."""
    return figure.text(0.99, 0.99, "", ha="right", va="top", fontsize=9, family=MONO_FAMILY)


@dataclass
class SweepPaths(Drawing):
    """Each regression trace's path (θ0, θ1) and loss curve, all at the same step."""

    traces: list
    paths: list
    curves: list
    clock: object

    @classmethod
    def drawn(cls, figure, traces: list, paths: list, curves: list) -> "SweepPaths":
        """The drawing of ``figure``, with a step clock, blitting its paths, curves and clock."""
        clock = step_clock(figure)
        return cls(figure, Blitter(figure, paths + curves + [clock]), traces, paths, curves, clock)

    def update(self, row: int) -> None:
        for trace, path, curve in zip(self.traces, self.paths, self.curves):
            upto = min(row, len(trace.step) - 1) + 1
            path.set_data(trace.theta[:upto, 0], trace.theta[:upto, 1])
            curve.set_data(trace.step[:upto], trace.loss[:upto])
        self.clock.set_text(f"step {row}")
