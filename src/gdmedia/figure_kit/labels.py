"""Placing text beside drawn curves: where a label covers no curve and no other label.

Pure layout over a matplotlib axes already drawn; it imports no animation code, so a
still that labels its curves does not depend on the GIF writer.
"""

from __future__ import annotations

import numpy as np
from matplotlib import patheffects

from gdmedia.base.style import LABEL_HALO, ROLE

CURVE_LABEL_GAP_PT = 3  # a label beside its curve stands this far off the point it names
CURVE_LABEL_TRIES = 40  # points along a curve tried for its label, from its end backwards
CURVE_LABEL_SKIP = 8  # …never in the first eighth of it, where compared curves start together
CURVE_LABEL_DRIFT = 2  # a label moves one try further from the end only to cover two fewer curve points
CURVE_LABEL_APART_PT = 4  # two labels keep at least this much space between them (a word space at 9.5 pt)


def label_curves(ax, curves: list[np.ndarray], labels: list) -> None:
    """Stand each annotation in ``labels`` beside its curve where it covers no other curve and no other label.

    ``curves`` are (N, 2) arrays in data coordinates.  Candidates are points along the label's
    own curve (from its end backwards) with the label above or below, right or left of the point;
    the cost of one counts the curves' points under the label (its own too: beside, not on, its
    line; sampled densely in display space) and forbids leaving the axes or coming within
    ``CURVE_LABEL_APART_PT`` of a label already placed (two names that touch read as one); ties
    go to the point nearest the curve's end, where a reader looks for the name.  Each name gets a halo
    of the background, so a curve that still crosses it passes under the letters.
    """
    figure = ax.figure
    final_layout(figure)  # the layout and limits are final: extents are in their last pixels
    renderer = figure.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    shown = [dense(ax.transData.transform(np.asarray(c, dtype=float))) for c in curves]
    shown = [p[np.all(np.isfinite(p), axis=1)] for p in shown]
    shown = [p[(p[:, 0] >= frame.x0) & (p[:, 0] <= frame.x1) & (p[:, 1] >= frame.y0) & (p[:, 1] <= frame.y1)]
             for p in shown]
    apart = CURVE_LABEL_APART_PT * figure.dpi / 72  # in pixels
    placed = []
    sides = [(1, 1, "left", "bottom"), (1, -1, "left", "top"), (-1, 1, "right", "bottom"), (-1, -1, "right", "top")]
    for index, label in enumerate(labels):
        others = np.vstack(shown)  # its own curve too: a label stands beside its line, not on it
        own = shown[index][len(shown[index]) // CURVE_LABEL_SKIP:][::-1]  # not where every curve starts
        if len(own) == 0:
            continue
        tries = own[np.unique(np.linspace(0, len(own) - 1, CURVE_LABEL_TRIES).astype(int))]
        best = None
        for rank, point in enumerate(tries):
            if best is not None and CURVE_LABEL_DRIFT * rank >= best[0]:
                break  # every later try costs at least its drift, and a tie keeps the earlier: none can win
            for dx, dy, ha, va in sides:
                label.xy = tuple(ax.transData.inverted().transform(point))
                label.xyann = (dx * CURVE_LABEL_GAP_PT, dy * CURVE_LABEL_GAP_PT)
                label.set_horizontalalignment(ha)
                label.set_verticalalignment(va)
                box = label.get_window_extent(renderer)
                clash = any(box.padded(apart).overlaps(other) for other in placed) or not (
                    frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1)
                covered = np.count_nonzero((others[:, 0] >= box.x0) & (others[:, 0] <= box.x1)
                                           & (others[:, 1] >= box.y0) & (others[:, 1] <= box.y1))
                cost = 10**6 * clash + covered + CURVE_LABEL_DRIFT * rank
                if best is None or cost < best[0]:
                    best = (cost, label.xy, label.xyann, ha, va, box)
        _, label.xy, label.xyann, ha, va, box = best
        label.set_horizontalalignment(ha)
        label.set_verticalalignment(va)
        # The best spot may still lie on a curve (compared curves that meet at the floor):
        # the background's halo keeps the letters whole over it.
        label.set_path_effects([patheffects.withStroke(linewidth=LABEL_HALO, foreground=ROLE["background"])])
        placed.append(box)



def final_layout(figure) -> None:
    """Lay ``figure`` out (constrained layout) and keep that layout: the texts placed after it are
    measured in its pixels, and a later draw must not lay the figure out again (another ~0.2–0.4 s
    each; the same pixels)."""
    figure.draw_without_rendering()
    figure.set_layout_engine("none")


def dense(points: np.ndarray, spacing: float = 2.0) -> np.ndarray:
    """Points every ``spacing`` px along the polyline through ``points`` (display coordinates)."""
    out = [points[:1]]
    for a, b in zip(points[:-1], points[1:]):
        if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
            continue
        n = max(int(np.hypot(*(b - a)) / spacing), 1)
        out.append(a + (b - a) * np.linspace(0, 1, n + 1)[1:, None])
    return np.vstack(out)
