"""MultiModalDescent: balls roll into different minima of one surface.

Storyboard: the first picture is the landscape, seen from one fixed camera,
with every minimum ringed (all equal lowest ones as global, the rest as local)
and held to be read; balls appear at their starts, grey, and roll along their
precomputed paths, drawing trails; each ball turns vermillion (a global
minimum) or blue (a local one) only when the trace says it has settled there
(a diverged one turns the diverged grey where it left the box), never before; a
ball its stop rule halted at no minimum (a saddle, a maximum) keeps its grey and
is counted as such, never as diverged.  When the last has stopped, the tally of
where they ended closes the scene: each start's ending and the lowest minima are
``gdsim.facts``' (``ending``, ``tally``, ``lowest_minima``), never worked out here.

Speed: the camera never moves, so the surface, its rings, title and legend are
drawn once and become the camera's background; every later frame draws only
the balls and trails, projected to the screen once per point.
"""

import numpy as np
from manim import (
    DEGREES, DOWN, LEFT, RIGHT, UP, Circle, DashedVMobject, Dot, FadeIn, Surface, ThreeDAxes, ThreeDScene, ValueTracker, VGroup,
    VMobject, linear,
)

from gdmedia.base.frames import frame_rows
from gdmedia.scene_kit.kit import TracedScene, colour, label, remembered, settle_rows
from gdmedia.base.style import (
    MANIM_BALL, MANIM_LINE, MANIM_MIN_RING, MANIM_NO_STROKE, MANIM_OPAQUE, MANIM_OUTLINE, MANIM_SEAM, MANIM_SMALL_TEXT,
    MANIM_TEXT, MANIM_THIN, MANIM_TITLE,
)
from gdsim.measures import DIVERGED, LOWEST_MINIMUM, NO_MINIMUM, OTHER_MINIMUM, STILL_MOVING
from gdsim.surfaces import get_surface

KIND = "surface"  # the trace kind it draws

# Drawn once (it becomes the background), so it can be fine: 40 × 40 faces look smooth at 750 px.
SURFACE_RESOLUTION = 40
ZOOM = 0.72
SCREEN_SHIFT = (-1.0, 0.35)  # frame units the landscape moves on screen (left, up): room for the legend and tally
LIFT = 0.12  # how far above the surface a ball or ring sits, in frame units
LOCAL_RING_DASHES = 10
ROLL_PARTS = 3  # the roll is played in this many equal parts, a storyboard tile after each
# The tally's words for the endings besides the minima (the facts' own names are for notes and tests).
TALLY_WORDS = {DIVERGED: "diverged", NO_MINIMUM: "stopped at no minimum (a saddle or a peak)",
               STILL_MOVING: "still rolling"}


class MultiModalDescent(TracedScene, ThreeDScene):
    script = "multi_modal_descent"

    def construct(self):
        self.paint_background()
        self.set_camera_orientation(phi=(90 - self.options.elevation_deg) * DEGREES,
                                    theta=self.options.azimuth_deg * DEGREES, zoom=ZOOM)
        # Colour by height carries the shape; Manim's lighting washes cividis out to white on the slopes.
        self.renderer.camera.should_apply_shading = False
        static = self.landscape()
        self.open_with(*static)
        self.bake(static)
        self.roll_balls()
        self.tally()
        self.close()

    # -- storyboard steps -------------------------------------------------
    def landscape(self) -> list:
        """Surface, rings on the minima, title and legend: everything that never moves."""
        t = self.trace
        surface_fn = get_surface(t.surface).value
        (x0, x1), (y0, y1) = t.bounds
        grid = np.stack(np.meshgrid(np.linspace(x0, x1, 60), np.linspace(y0, y1, 60)), axis=-1)
        z = surface_fn(grid)
        self.axes = ThreeDAxes(x_range=[x0, x1, 1], y_range=[y0, y1, 1], z_range=[float(z.min()), float(z.max()), 1],
                               x_length=7, y_length=7, z_length=3.2, axis_config={"color": colour("text")})
        self.height = lambda x, y: float(surface_fn(np.array([x, y])))
        # The axes are linear, so c2p is affine: one matrix, not a c2p call per face corner.
        # Raised on screen (not by moving the camera, which would move the fixed texts too).
        origin = self.axes.c2p(0, 0, 0)
        basis = np.array([self.axes.c2p(*e) - origin for e in np.eye(3)])
        origin = origin + self.renderer.camera.get_rotation_matrix().T @ np.array([*SCREEN_SHIFT, 0])
        self.to_space = lambda x, y, h: origin + np.array([x, y, h]) @ basis
        # 1600 faces take seconds to build: the drawing gets a copy of the plan's (scene_kit.remembered).
        surface = remembered(("landscape", t.surface, (x0, x1, y0, y1)), lambda: self._surface(x0, x1, y0, y1))

        self.facts = self.found  # as the simulation wrote them: endings, tally, lowest minima
        self.is_global = np.isin(np.arange(len(t.minima)), self.facts["lowest_minima"])
        rings = [self._ring(m, "global_min" if g else "local_min") for m, g in zip(t.minima, self.is_global)]
        self.rings = rings
        self.add_foreground_mobjects(*rings)  # on top of the surface, even on a well's far wall

        title = label(f"Gradient descent from {len(t.paths)} starts on one surface", MANIM_TITLE)
        title.to_edge(UP, buff=0.3)
        legend = self._legend(int(self.is_global.sum()), int((~self.is_global).sum()))
        self.add_fixed_in_frame_mobjects(title, legend)
        return [surface, *rings, title, legend]

    def _surface(self, x0: float, x1: float, y0: float, y1: float) -> Surface:
        """The landscape, coloured by height, with no seams between its faces."""
        surface = Surface(lambda u, v: self.to_space(u, v, self.height(u, v)), u_range=[x0, x1], v_range=[y0, y1],
                          resolution=(SURFACE_RESOLUTION, SURFACE_RESOLUTION), fill_opacity=MANIM_OPAQUE,
                          stroke_width=MANIM_NO_STROKE)
        surface.set_fill_by_value(axes=self.axes, colorscale=_cividis_steps(), axis=2)
        for face in surface:  # a hairline of its own colour hides the seams between faces
            face.set_stroke(face.get_fill_color(), width=MANIM_SEAM, opacity=MANIM_OPAQUE)
        return surface

    def bake(self, static: list) -> None:
        """Make the picture on screen the camera's background and stop drawing ``static``."""
        camera = self.renderer.camera
        camera.background = np.array(camera.pixel_array, copy=True)
        self.remove(*static)

    def roll_balls(self):
        t = self.trace
        rows = frame_rows(len(t.step), self.options.frames, self.options.early_bias)
        settle = settle_rows(t.status, t.stop_step, t.step)
        screen = self._screen_paths()
        progress = ValueTracker(0.0)
        self.outcomes = ["rolling"] * len(t.paths)
        self.settled_row = [None] * len(t.paths)  # the trace row on screen when each ball changed colour

        def frame_index():
            """The last of ``rows`` reached: a row is shown once the roll has got to it."""
            return int(np.floor(progress.get_value() * (len(rows) - 1) + 1e-9))

        visible = _VisibleRows(rows, t.paths, t.bounds)
        heads = {"at": None}  # this frame's heads: the trail's and the ball's updater ask for the same one

        def head(k):
            """(rows reached, the ball's screen point): between two trace rows the ball glides
            along the straight segment the trail draws, so motion is smooth at every frame."""
            at = progress.get_value()
            if heads["at"] != at:
                heads.clear()
                heads["at"] = at
            if k in heads:
                return heads[k]
            i = frame_index()
            seen = visible(k, i + 1)
            point = screen[k][seen[-1]]
            ahead = visible(k, i + 2)[-1]
            if ahead != seen[-1]:
                point = point + (at * (len(rows) - 1) - i) * (screen[k][ahead] - point)
            heads[k] = seen, point
            return seen, point

        movers = []
        for k in range(len(t.paths)):
            ball = Dot(screen[k][0], radius=MANIM_BALL, color=colour("rolling"), stroke_width=MANIM_THIN,
                       stroke_color=colour("marker_edge"))
            trail = VMobject(stroke_color=colour("rolling"), stroke_width=MANIM_THIN)
            trail.set_points_as_corners([screen[k][0], screen[k][0]])
            ended = self.facts["ending"][k]
            settled = {LOWEST_MINIMUM: colour("reached_global"), OTHER_MINIMUM: colour("reached_local"),
                       DIVERGED: colour("diverged")}.get(ended)  # no minimum: it keeps the grey it rolled in

            def draw_trail(mob, k=k):
                seen, point = head(k)
                mob.set_points_as_corners([screen[k][r] for r in seen] + [point])

            def roll(mob, k=k, trail=trail, settled=settled):
                mob.move_to(head(k)[1])
                if rows[frame_index()] >= settle[k] and self.outcomes[k] == "rolling" \
                        and self.facts["ending"][k] != STILL_MOVING:
                    self.settled_row[k] = int(rows[frame_index()])
                    self._settle(k, mob, trail, settled)

            trail.add_updater(draw_trail)
            ball.add_updater(roll)
            movers.append((trail, ball))
        self.add_fixed_in_frame_mobjects(*[m for pair in movers for m in pair])
        self.add_foreground_mobjects(*[ball for _, ball in movers])
        self.play(*[FadeIn(ball) for _, ball in movers], run_time=0.6)
        for part in range(1, ROLL_PARTS + 1):
            self.play(progress.animate.set_value(part / ROLL_PARTS), run_time=self.options.seconds / ROLL_PARTS,
                      rate_func=linear)
            self.key_frame()
        for k, (trail, ball) in enumerate(movers):
            ball.clear_updaters()
            trail.clear_updaters()
            if self.outcomes[k] == "rolling":  # the trace ended with this ball still moving
                self.outcomes[k] = STILL_MOVING
        self.balls = [ball for _, ball in movers]

    def tally(self):
        """Where the balls ended (``gdsim.facts``' tally), shown once the last has stopped."""
        count, n = self.facts["tally"], self.facts["starts"]
        parts = [f"{count[LOWEST_MINIMUM]} of {n} reached a global minimum", f"{count[OTHER_MINIMUM]} a local one"]
        parts += [f"{count[kind]} {TALLY_WORDS[kind]}" for kind in (DIVERGED, NO_MINIMUM, STILL_MOVING) if count[kind]]
        summary = label(", ".join(parts), MANIM_TEXT)
        closing = label("Where you start decides where you end.", MANIM_TEXT)
        block = VGroup(summary, closing).arrange(DOWN, buff=0.15).to_edge(DOWN, buff=0.3)
        # Shown at once: a fade of fixed-in-frame text blends its glyphs in an order
        # that varies run to run, and the MP4 would differ by a few pixels.
        self.add_fixed_in_frame_mobjects(block)
        self.wait(0.5)
        self.summary = summary

    # -- pieces -------------------------------------------------------------
    def _settle(self, k, ball, trail, settled_colour):
        """The ball takes the colour of where it ended (diverged: the diverged grey, where it left the
        box); one halted at no minimum keeps the grey it rolled in and only stops."""
        self.outcomes[k] = self.facts["ending"][k]
        if settled_colour is None:
            return
        ball.set_fill(settled_colour)
        trail.set_stroke(settled_colour, width=MANIM_LINE)

    def _ring(self, minimum, role):
        """A ring round a minimum, wider than a ball; a local one is dashed, so the two differ by more than colour."""
        centre = self._lifted(*minimum)
        outline = Circle(radius=MANIM_MIN_RING, stroke_color=colour("marker_edge"), stroke_width=MANIM_OUTLINE)
        ring = Circle(radius=MANIM_MIN_RING, stroke_color=colour(role), stroke_width=MANIM_LINE)
        if role == "local_min":
            outline, ring = (DashedVMobject(c, num_dashes=LOCAL_RING_DASHES) for c in (outline, ring))
        ring = VGroup(outline, ring).move_to(centre)
        ring.dashed = role == "local_min"
        return ring

    def _legend(self, n_global: int, n_local: int):
        lowest = "yellow ring: global minimum" if n_global == 1 else f"yellow rings: {n_global} equal global minima"
        lines = [label(lowest, MANIM_SMALL_TEXT)]
        if n_local:
            lines.append(label("dashed white ring: local minimum", MANIM_SMALL_TEXT))
        lines += [label("once a ball settles it turns", MANIM_SMALL_TEXT),
                  label("vermillion in a global minimum,", MANIM_SMALL_TEXT, "reached_global"),
                  label("blue in a local one", MANIM_SMALL_TEXT, "reached_local")]
        return VGroup(*lines).arrange(DOWN, aligned_edge=LEFT, buff=0.1).to_corner(RIGHT, buff=0.3).shift(DOWN * 0.9)

    def _lifted(self, x, y):
        """A point just above the surface, so balls and rings sit on it rather than in it."""
        return self.to_space(x, y, self.height(x, y)) + np.array([0, 0, LIFT])

    def _screen_paths(self) -> list[np.ndarray]:
        """Every path's points as the fixed camera shows them (frame coordinates), projected once."""
        camera = self.renderer.camera
        (x0, x1), (y0, y1) = self.trace.bounds
        projected = []
        for path in self.trace.paths:
            inside = np.clip(path, [x0, y0], [x1, y1])  # a diverged path is cut at the box it left
            lifted = np.array([self._lifted(x, y) for x, y in inside])
            projected.append(camera.project_points(lifted))
        return projected


class _VisibleRows:
    """``_visible_rows(rows[:n], path k, bounds)`` for every ``n`` and path, from one pass over the rows.

    The distinct rows of any prefix of ``rows`` are a prefix of the distinct rows of all of
    them (first seen first), so each prefix is a count, and each path is cut at its first
    distinct row outside the box: no walk over the rows so far at every frame.
    """

    def __init__(self, rows: np.ndarray, paths, bounds: np.ndarray):
        (x0, x1), (y0, y1) = bounds
        self.order = list(dict.fromkeys(int(r) for r in rows))
        seen: set[int] = set()
        self.counts = [len(seen.add(int(r)) or seen) for r in rows]  # distinct rows among rows[:i+1]
        self.stops = []
        for path in paths:
            xy = np.asarray(path)[self.order]
            inside = (x0 <= xy[:, 0]) & (xy[:, 0] <= x1) & (y0 <= xy[:, 1]) & (xy[:, 1] <= y1)
            self.stops.append(int(np.argmin(inside)) if not inside.all() else len(self.order))

    def __call__(self, k: int, n: int) -> list[int]:
        """The distinct rows among the first ``n`` of ``rows`` shown for path ``k`` (as ``_visible_rows``)."""
        count = self.counts[min(n, len(self.counts)) - 1]
        return self.order[: min(count, self.stops[k])] or [0]


def _visible_rows(rows: np.ndarray, path: np.ndarray, bounds: np.ndarray) -> list[int]:
    """The distinct rows shown so far, up to the last one still inside the drawn box."""
    (x0, x1), (y0, y1) = bounds
    seen = []
    for row in dict.fromkeys(int(r) for r in rows):
        x, y = path[row]
        if not (x0 <= x <= x1 and y0 <= y <= y1):
            break
        seen.append(row)
    return seen or [0]


def _cividis_steps():
    """The style's surface colormap as a few Manim colours, low to high."""
    import matplotlib

    from gdmedia.base.style import SURFACE_CMAP
    from manim import ManimColor

    cmap = matplotlib.colormaps[SURFACE_CMAP]
    return [ManimColor(matplotlib.colors.to_hex(cmap(v))) for v in np.linspace(0, 1, 6)]
