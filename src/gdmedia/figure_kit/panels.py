"""Matplotlib pieces more than one figure draws: loss contours framed on the answer,
named surfaces with every minimum marked, the step clock, and compared runs drawn
as dim trails with bright heads, labelled at the head, their outcome written
there only once it has happened."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gdsim.regression import loss_grid

from gdmedia.figure_kit.animate import Drawing
from gdmedia.figure_kit.gif import Blitter
from gdmedia.figure_kit.labels import dense, final_layout
from gdmedia.base.style import (ARRIVAL_MARKER, ARRIVAL_SIZE, ARRIVAL_WIDTH, CONTOUR_WIDTH, CURVE_WIDTH, EDGE_WIDTH,
                                END_ROOM, HEAD_SIZE, LABEL_SIZE, MONO_FAMILY, PANEL_ALPHA, PATH_WIDTH, ROLE, STAR_SIZE,
                                SURFACE_CMAP, TICK_SIZE, TRAIL_ALPHA, series_colour, series_dash, series_marker,
                                text_colour)

CONTOUR_LEVELS = 14  # geometric levels between the minimum loss and the view's largest
GRID = 160  # contour grid points per axis
THETA0, THETA1 = "θ₀ (intercept)", "θ₁ (slope)"


def padded(low: float, high: float, pad: float) -> tuple[float, float]:
    """[low, high] widened by ``pad`` of its span on each side."""
    span = max(high - low, 1e-9)
    return low - pad * span, high + pad * span


def centred_box(centre: np.ndarray, points: np.ndarray, pad: float) -> tuple[tuple, tuple]:
    """A square view (equal spans) centred on ``centre`` holding every point, widened by ``pad``."""
    half = float(np.max(np.abs(np.asarray(points) - centre))) * (1 + pad)
    half = max(half, 1e-6)
    return (centre[0] - half, centre[0] + half), (centre[1] - half, centre[1] + half)


# Room round the farthest point of a parameter view (a start, usually), a share of the view's half-width:
# at 0.05 a start's marker was cut in half by the panel's edge.
CONTOUR_PAD = 0.12


def loss_contour(ax, x: np.ndarray, y: np.ndarray, lstsq: np.ndarray, points: np.ndarray,
                 pad: float = CONTOUR_PAD) -> None:
    """Contours of the mean loss over (θ₀, θ₁), the least-squares θ starred at the centre, equal aspect."""
    (lo0, hi0), (lo1, hi1) = centred_box(np.asarray(lstsq), points, pad)
    g0, g1 = np.meshgrid(np.linspace(lo0, hi0, GRID), np.linspace(lo1, hi1, GRID))
    surface = loss_grid(g0, g1, x, y)
    levels = np.geomspace(surface.min() * 1.02, surface.max(), CONTOUR_LEVELS)
    ax.contour(g0, g1, surface, levels=levels, cmap=SURFACE_CMAP, linewidths=CONTOUR_WIDTH)
    ax.plot(*lstsq, marker="*", ms=STAR_SIZE, color=ROLE["lstsq"], mec=ROLE["marker_edge"], mew=EDGE_WIDTH,
            ls="none", zorder=4)
    ax.set_xlim(lo0, hi0)
    ax.set_ylim(lo1, hi1)
    ax.set_aspect("equal", adjustable="box")
    ax.set_xlabel(THETA0)
    ax.set_ylabel(THETA1)
    ax.grid(False)


SURFACE_LEVELS = 20  # contour levels of a named surface, spaced geometrically above its minimum


def surface_contour(ax, surface, bounds: np.ndarray, lowest: list[int]) -> None:
    """Contours of a named surface over ``bounds``; every lowest minimum a gold star, the others white."""
    (x0, x1), (y0, y1) = bounds
    gx, gy = np.meshgrid(np.linspace(x0, x1, GRID), np.linspace(y0, y1, GRID))
    z = surface.value(np.stack([gx, gy], axis=-1))
    floor = z.min()
    levels = floor + np.geomspace(1e-3 * (z.max() - floor), z.max() - floor, SURFACE_LEVELS)
    ax.contour(gx, gy, z, levels=levels, cmap=SURFACE_CMAP, linewidths=CONTOUR_WIDTH)
    for index, (mx, my) in enumerate(surface.minima()):
        face = ROLE["global_min"] if index in lowest else ROLE["local_min"]
        ax.plot(mx, my, marker="*", ms=STAR_SIZE, mfc=face, mec=ROLE["marker_edge"], mew=EDGE_WIDTH, ls="none",
                zorder=4)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal", adjustable="box")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.grid(False)


def step_clock(figure):
    """The step counter in the figure's top-right corner, updated frame by frame."""
    return figure.text(0.99, 0.99, "", ha="right", va="top", fontsize=TICK_SIZE, family=MONO_FAMILY)


@dataclass(frozen=True)
class Run:
    """One compared run as the sweep drawing needs it: its path, its loss curve, and what to say at its head."""

    path: np.ndarray  # (R, 2)
    along: np.ndarray  # (R,) the loss curve's x: step, or samples seen
    loss: np.ndarray  # (R,)
    name: str  # shown at the head from the first frame
    outcome: str  # added at the head once the run's last row is reached, never before
    series: int | None = None  # which series style (colour, marker, dash) it wears; None: its place in the list
    outcome_row: int | None = None  # the row the outcome happens at (arrival); None: the run's last row
    arrival_row: int | None = None  # the row it arrived at, ringed on the loss curve once reached; None: no ring


def with_room(first: float, last: float, log: bool = False) -> tuple[float, float]:
    """Axis limits ``style.END_ROOM`` of the axis beyond ``first`` and ``last`` (in decades on a log
    axis), so the markers at a run's first and last steps are drawn whole, not cut by the axis' edge."""
    if log:
        span = (last / first) ** END_ROOM
        return first / span, last * span
    room = (last - first) * END_ROOM
    return first - room, last + room


def label_offset(index: int) -> tuple[float, float]:
    """Offset in points of the ``index``-th head label: alternately above right and below right."""
    return (7.0, 6.0 + 4.0 * (index // 2)) if index % 2 == 0 else (7.0, -14.0 - 4.0 * (index // 2))


BOARD_STEP = 0.085  # axes fraction between lines of a scoreboard
LABEL_Z = 8  # labels and their keys above every line and head, so a crossing line never runs through a word


def board_label(ax, index: int, colour: str, marker: str, low: bool = False):
    """A line of a scoreboard in ``ax``'s upper right (or lower left): the series' marker, then its text."""
    if low:
        y, x_key, x_text, ha = 0.04 + BOARD_STEP * (3 - index), 0.035, 0.06, "left"
    else:
        y, x_key, x_text, ha = 0.97 - BOARD_STEP * index, 0.965, 0.935, "right"
    marker_artist = ax.plot([x_key], [y - 0.025], transform=ax.transAxes, marker=marker, ls="none", color=colour,
                            ms=LABEL_SIZE, mec=ROLE["marker_edge"], mew=EDGE_WIDTH, clip_on=False, zorder=LABEL_Z)[0]
    text = ax.text(x_text, y, "", transform=ax.transAxes, ha=ha, va="top", fontsize=LABEL_SIZE,
                   color=text_colour(colour, ROLE["panel"]),
                   zorder=LABEL_Z,
                   bbox=dict(boxstyle="round,pad=0.15", fc=ROLE["panel"], ec="none", alpha=PANEL_ALPHA))
    return text, marker_artist


def draw_runs(path_ax, loss_ax, runs: list[Run], board_ax=None, board_low: bool = False) -> dict:
    """Trails, heads and head labels on ``path_ax`` (one axes, or one per run); loss curves on ``loss_ax``."""
    drawn = {"trails": [], "heads": [], "labels": [], "curves": [], "curve_heads": []}
    for index, run in enumerate(runs):
        path_ax_of = path_ax[index] if isinstance(path_ax, (list, tuple)) else path_ax
        look = index if run.series is None else run.series
        colour, marker, dash = series_colour(look), series_marker(look), series_dash(look)
        on_top = 3 + 0.1 * (len(runs) - index)  # the first run is drawn over the others, never hidden
        drawn["trails"].append(path_ax_of.plot([], [], color=colour, ls=dash, lw=PATH_WIDTH, alpha=TRAIL_ALPHA,
                                               zorder=on_top)[0])
        drawn["heads"].append(path_ax_of.plot([], [], marker=marker, ls="none", ms=HEAD_SIZE, color=colour,
                                           mec=ROLE["marker_edge"], mew=EDGE_WIDTH, zorder=5)[0])
        if board_ax is not None:  # runs that meet at one point are labelled in a scoreboard instead
            text, key = board_label(board_ax, index, colour, marker, board_low)
            drawn["labels"].append(text)
            drawn.setdefault("keys", []).append(key)
        else:
            drawn["labels"].append(path_ax_of.annotate(
                "", (run.path[0, 0], run.path[0, 1]), xytext=label_offset(index), textcoords="offset points",
                fontsize=LABEL_SIZE, color=text_colour(colour, ROLE["panel"]), annotation_clip=False, zorder=6,
                bbox=dict(boxstyle="round,pad=0.15", fc=ROLE["panel"], ec="none", alpha=PANEL_ALPHA)))
        if loss_ax is not None:
            drawn["curves"].append(loss_ax.plot([], [], color=colour, ls=dash, lw=CURVE_WIDTH)[0])
            drawn["curve_heads"].append(loss_ax.plot([], [], marker=marker, ls="none", ms=HEAD_SIZE, color=colour,
                                                     mec=ROLE["marker_edge"], mew=EDGE_WIDTH)[0])
    if loss_ax is not None and any(run.arrival_row is not None for run in runs):
        drawn["arrivals"] = [loss_ax.plot([], [], marker=ARRIVAL_MARKER, ls="none", ms=ARRIVAL_SIZE, mfc="none",
                                          mec=series_colour(i if r.series is None else r.series), mew=ARRIVAL_WIDTH)[0]
                             for i, r in enumerate(runs)]
    return drawn


def inside(ax, point: np.ndarray, margin: float = 0.04) -> tuple[float, float]:
    """``point`` pulled into ``ax``'s view, so a label stays readable when its run leaves the view."""
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    mx, my = margin * (x1 - x0), margin * (y1 - y0)
    return float(np.clip(point[0], x0 + mx, x1 - 4 * mx)), float(np.clip(point[1], y0 + my, y1 - 4 * my))


HEAD_EDGE = 0.015  # share of the view a head that left it stands inside the edge it crossed


def show_head(head, point: np.ndarray) -> None:
    """The head at ``point``; a head outside its view stands, hollow, at the edge it left by, so a run
    that leaves the picture is never simply gone (a diverging step size before its outcome is said)."""
    ax = head.axes
    (x0, x1), (y0, y1) = sorted(ax.get_xlim()), sorted(ax.get_ylim())
    mx, my = HEAD_EDGE * (x1 - x0), HEAD_EDGE * (y1 - y0)
    away = not (x0 <= point[0] <= x1 and y0 <= point[1] <= y1)
    if away:
        point = (float(np.clip(point[0], x0 + mx, x1 - mx)), float(np.clip(point[1], y0 + my, y1 - my)))
    head.set_data([point[0]], [point[1]])
    if getattr(head, "hollow", False) != away:  # changed only when it crosses: the other frames are untouched
        head.set_markerfacecolor("none" if away else head.get_color())
        head.hollow = away


def face_left(label, xy: tuple[float, float], offset: tuple[float, float]) -> None:
    """Put ``label`` at ``xy``, written towards the middle of its axes: right of it in the left half, left in the right."""
    label.xy = xy
    x0, x1 = label.axes.get_xlim()
    right_half = xy[0] > (x0 + x1) / 2
    label.set_horizontalalignment("right" if right_half else "left")
    label.xyann = (-offset[0] if right_half else offset[0], offset[1])


def left_view(ax, path: np.ndarray) -> int:
    """The first row of ``path`` outside ``ax``'s view (the last row if it never leaves)."""
    (x0, x1), (y0, y1) = sorted(ax.get_xlim()), sorted(ax.get_ylim())
    p = np.asarray(path, dtype=float)
    outside = ~((p[:, 0] >= x0) & (p[:, 0] <= x1) & (p[:, 1] >= y0) & (p[:, 1] <= y1))
    return int(np.argmax(outside)) if outside.any() else len(p) - 1


def row_of(steps: np.ndarray, step: int | None) -> int | None:
    """The first recorded row at or after ``step`` (None stays None)."""
    return None if step is None else int(np.searchsorted(np.asarray(steps), step))




def board_spots(lines: int) -> list[tuple[float, float, str]]:
    """Where a scoreboard of ``lines`` may stand, in axes fractions: (x of the texts' anchor, y of its first
    line, alignment); top right first, then down the right side, then the left side from the top."""
    low = 0.04 + BOARD_STEP * (lines - 1)
    tops = np.arange(0.97, low - 1e-9, -BOARD_STEP / 2)
    return [(0.935, float(top), "right") for top in tops] + [(0.075, float(top), "left") for top in tops]


BOARD_MARGIN_PX = 3  # a line this close to a label counts as touching it
RING_WEIGHT = 50  # sampled curve points one covered arrival ring counts as


def place_board(figure, drawn: dict, runs: list) -> tuple[float, float, str]:
    """Stand the scoreboard where its longest texts cross the fewest points of any loss curve.

    The board is sized by the texts it will show at the end (name and outcome) and every
    candidate spot (``board_spots``) is measured after one layout pass; the curves are sampled
    densely along their drawn segments in display space, so a steep line crossing a label counts.
    """
    labels, keys = drawn["labels"], drawn["keys"]
    for label, run in zip(labels, runs):
        label.set_text(": ".join(filter(None, [run.name, run.outcome])))
    final_layout(figure)  # lays the figure out (constrained layout) so the extents below are final
    renderer = figure.canvas.get_renderer()
    ax = labels[0].axes
    points = np.vstack([dense(ax.transData.transform(np.column_stack([r.along, r.loss]))) for r in runs])
    points = points[np.all(np.isfinite(points), axis=1)]
    # An arrival ring is a mark to be seen, not a stretch of line: it weighs as much as a long crossing.
    rings = [ax.transData.transform([[r.along[r.arrival_row], r.loss[r.arrival_row]]])
             for r in runs if r.arrival_row is not None]
    if rings:
        points = np.vstack([points, np.repeat(np.vstack(rings), RING_WEIGHT, axis=0)])
        points = points[np.all(np.isfinite(points), axis=1)]
    reach = BOARD_MARGIN_PX + HEAD_SIZE * figure.dpi / 72 / 2  # a curve's head is a marker this wide around it

    def cost(spot) -> int:
        _move_board(labels, keys, spot)
        boxes = [a.get_window_extent(renderer).padded(reach) for a in [*labels, *keys]]
        return sum(int(np.count_nonzero((points[:, 0] >= b.x0) & (points[:, 0] <= b.x1) & (points[:, 1] >= b.y0)
                                        & (points[:, 1] <= b.y1))) for b in boxes)

    best = min(board_spots(len(labels)), key=cost)  # ties keep the earlier spot: top right first
    _move_board(labels, keys, best)
    for label in labels:
        label.set_text("")
    return best


def _move_board(labels, keys, spot) -> None:
    x, top, ha = spot
    key_x = x + 0.03 if ha == "right" else x - 0.04
    for index, (label, key) in enumerate(zip(labels, keys)):
        y = top - BOARD_STEP * index
        label.set_position((x, y))
        label.set_horizontalalignment(ha)
        key.set_data([key_x], [y - 0.025])


@dataclass
class SweepPaths(Drawing):
    """Compared runs moving together: row r is step r of each (or its last row, once it stopped)."""

    runs: list
    drawn: dict
    clock: object
    clock_text: object  # row → the clock's text
    clock_of: object = None  # row → a value in the runs' ``along`` units; None: row r is row r of each run

    @classmethod
    def drawn_on(cls, figure, path_ax, loss_ax, runs: list[Run], clock_text=lambda row: f"step {row}",
                 board_ax=None, clock_of=None, board_low: bool = False) -> "SweepPaths":
        drawn = draw_runs(path_ax, loss_ax, runs, board_ax, board_low)
        if board_ax is not None and board_ax is loss_ax:  # a board among the curves: stand it where they are not
            place_board(figure, drawn, runs)
        clock = step_clock(figure)
        moving = [a for group in drawn.values() for a in group] + [clock]
        return cls(figure, Blitter(figure, moving), runs, drawn, clock, clock_text, clock_of)

    def update(self, row: int) -> None:
        d = self.drawn
        for i, run in enumerate(self.runs):
            last = len(run.along) - 1
            if self.clock_of is None:
                upto = min(row, last)
            else:  # runs on a shared clock (samples seen): each at its last row not past the clock
                upto = max(0, int(np.searchsorted(run.along, self.clock_of(row), side="right")) - 1)
            # A run that leaves the view is drawn until the step that takes it out: the steps after it are
            # longer than the view, and only criss-cross it.
            trail = min(upto, left_view(d["trails"][i].axes, run.path))
            d["trails"][i].set_data(run.path[: trail + 1, 0], run.path[: trail + 1, 1])
            show_head(d["heads"][i], run.path[upto])
            if "keys" not in d:
                face_left(d["labels"][i], inside(d["labels"][i].axes, run.path[upto]), label_offset(i))
            happened = upto >= (last if run.outcome_row is None else run.outcome_row)
            said = [run.name] + ([run.outcome] if happened and run.outcome else [])
            d["labels"][i].set_text(": ".join(filter(None, said)))
            if d["curves"]:
                d["curves"][i].set_data(run.along[: upto + 1], run.loss[: upto + 1])
                d["curve_heads"][i].set_data([run.along[upto]], [run.loss[upto]])
            if "arrivals" in d:
                shown = run.arrival_row is not None and upto >= run.arrival_row
                at = [run.arrival_row] if shown else []
                d["arrivals"][i].set_data(run.along[at], run.loss[at])
        self.clock.set_text(self.clock_text(row))
