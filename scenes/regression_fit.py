"""RegressionFit: the regression line walks down the loss to the least-squares fit.

Storyboard: the first picture, held to be read, is the data with the starting
line and its residuals y − ŷ; the model ŷ = θ₀ + θ₁x and the update rule
θ ← θ − η∇L; the parameter plane (θ₀, θ₁) with the loss's level lines
around the least-squares θ and the start; the live numbers (θ₀, θ₁,
∂L/∂θ₀, ∂L/∂θ₁ in their parameter's colour, η, L); an empty loss plot on a log
axis.  Then the step is taught once, slowly: the arrow −∇L grows from θ, then
the step −η∇L, and θ moves along it while the line swings and the residuals
change.  The descent then runs through the trace, both arrows redrawn at every
row, the numbers counting along and the loss curve drawing itself; the
least-squares line is laid on top and labelled.  Everything that moves is read
from the trace, ∇L included (never differenced from θ).
"""

import numpy as np
from manim import (
    DOWN, LEFT, RIGHT, UP, Arrow, Axes, Create, DashedLine, Dot, FadeIn, Line, LogBase, Scene, Star,
    ValueTracker, VGroup, VMobject, always_redraw, linear,
)

from gdmedia.base.frames import frame_rows
from gdmedia.scene_kit.kit import (
    TracedScene, axis_style, colour, label, least_squares_loss, maths, nice_step, number, recorded_gradient,
    static_first,
)
from gdmedia.base.style import (
    MANIM_ARROW, MANIM_ARROW_TIP, MANIM_CONTOUR, MANIM_DOT, MANIM_HEAD, MANIM_LINE, MANIM_MATH, MANIM_NO_STROKE,
    MANIM_NUMBER, MANIM_OPAQUE, MANIM_RESIDUAL, MANIM_SMALL_MATH, MANIM_SMALL_TEXT, MANIM_STAR, MANIM_THIN, MANIM_TICK,
    MANIM_TRAIL_OPACITY,
)
from gdsim.regression import excess_loss

KIND = "regression"  # the trace kind it draws

PLANE_SIDE = 3.0  # the parameter plane's side, in frame units (equal aspect: a circle stays a circle)
PLANE_PAD = 0.12  # room around the path and the first −∇L arrow in that plane
CONTOUR_RATIO = 0.25  # each level line encloses a quarter of the excess loss of the one outside it
CONTOURS = 6
LOSS_LABELS = 5  # at most this many decades labelled on the loss axis
ARROW_WIDTH = {"gradient": MANIM_THIN, "step": MANIM_ARROW}  # the step, shorter, drawn thicker on top
TEACH_S = 0.9  # each beat of the first step: the arrow grows, or θ moves along it
READ_S = 0.6  # then a still moment to read it (with the frames around it, short of MAX_STILL_S)


class RegressionFit(TracedScene, Scene):
    script = "regression_fit"

    def construct(self):
        self.paint_background()
        # Still pieces first, drawn once per animation (static_first); the dots and the residuals' key stay
        # above the residuals and the line, so the picture is the same as in this order.
        shown = [*self.data(), *self.model(), *self.plane(), *self.readout(), *self.loss_plot()]
        self.open_with(*static_first(shown, above_moving=(self.dots, self.data_key)))
        self.show_gradient()
        self.show_step()
        self.take_first_step()
        self.descend()
        self.reveal_least_squares()
        self.close()

    # -- storyboard steps -------------------------------------------------
    def data(self) -> list:
        """The samples, the current line and its residuals y − ŷ (what the loss squares and averages)."""
        t = self.trace
        self.grad = np.array([recorded_gradient(t, r) for r in range(len(t.step))])
        self.at = ValueTracker(0.0)  # the row shown; between two rows while θ moves along a step
        y_low, y_high = _span(np.concatenate([t.y, _line(t.theta[0], t.x), _line(t.lstsq, t.x)]))
        self.axes = Axes(
            x_range=[*_span(t.x), _tick(_span(t.x))], y_range=[y_low, y_high, _tick((y_low, y_high))],
            x_length=5.2, y_length=6.0, tips=False, axis_config=axis_style(),
        ).to_corner(DOWN + LEFT, buff=0.5)
        names = self.axes.get_axis_labels(maths("x", size=MANIM_SMALL_MATH), maths("y", size=MANIM_SMALL_MATH))
        # One shape of N discs, not N Dots: drawn above the moving residuals, so redrawn every frame (one fill, not N).
        discs = [Dot(self.axes.c2p(x, y), radius=MANIM_DOT).points for x, y in zip(t.x, t.y)]
        dots = VMobject(fill_color=colour("data"), fill_opacity=MANIM_OPAQUE, stroke_width=MANIM_NO_STROKE)
        dots.set_points(np.concatenate(discs))
        # Redrawn in place each frame (new points, same style): as always_redraw draws them, without building
        # and `become`-copying a new mobject per frame.
        segments = VMobject(stroke_color=colour("residual"), stroke_width=MANIM_RESIDUAL)
        self.cubic_t = segments._bezier_t_values  # t = 0, ⅓, ⅔, 1 along a straight cubic
        self.residuals = redrawn(segments, self._residual_points)
        fit = self._model_line(self._theta(), "fit", MANIM_LINE)
        fit.add_updater(lambda line: line.set_points_as_corners(self._line_ends(self._theta())))
        key = VGroup(label("residuals", MANIM_SMALL_TEXT, "residual"),
                     maths(r"y-\hat y", size=MANIM_SMALL_MATH, role="residual")).arrange(RIGHT, buff=0.15)
        key.next_to(self.axes.c2p(self.axes.x_range[0], self.axes.y_range[1]), DOWN + RIGHT, buff=0.2)
        self.data_key, self.dots = key, dots
        return [self.axes, names, self.residuals, dots, fit, key]

    def model(self) -> list:
        model = maths(r"\hat y = \theta_0 + \theta_1 x", size=MANIM_MATH)
        rule = maths(r"\theta", r"\leftarrow", r"\theta", r"-\,\eta", r"\nabla L", size=MANIM_MATH)
        model.to_edge(UP, buff=0.35).match_x(self.axes)
        rule.to_corner(UP + RIGHT, buff=0.35).match_y(model)
        self.rule = rule
        return [model, rule]

    def plane(self) -> list:
        """(θ0, θ1) with equal aspect, centred on the least-squares θ: level lines, the path, −∇L and −η∇L."""
        t = self.trace
        centre = np.asarray(t.lstsq, dtype=float)
        rings = level_lines(t.x, centre, t.theta[0], CONTOURS, CONTOUR_RATIO)
        # The square holds the path and the first −∇L arrow, as close as that allows, so the first step
        # (η times shorter) is long enough to see; level lines reaching past it are cut at its edge.
        reach = np.vstack([t.theta, t.theta[0] - self.grad[0]])
        half = float(np.max(np.abs(reach - centre))) * (1 + PLANE_PAD)
        self.plane_low = centre - half
        # Axes from 0 to 2·half on each side, so they frame the square's lower-left corner; θ maps by −plane_low.
        plane = Axes(x_range=[0, 2 * half, 2 * half], y_range=[0, 2 * half, 2 * half], x_length=PLANE_SIDE,
                     y_length=PLANE_SIDE, tips=False, axis_config={**axis_style(), "include_numbers": False})
        plane.next_to(self.axes, RIGHT, buff=1.0).to_edge(UP, buff=1.1)
        self.plane_axes = plane
        names = VGroup(maths(r"\theta_0", size=MANIM_SMALL_MATH, role="theta0").next_to(plane, DOWN, buff=0.12),
                       maths(r"\theta_1", size=MANIM_SMALL_MATH, role="theta1").next_to(plane, LEFT, buff=0.12))
        levels = VGroup(*[VMobject(stroke_color=colour("contour"), stroke_width=MANIM_CONTOUR)
                          .set_points_smoothly([self._p(p) for p in piece])
                          for ring in rings for piece in inside_square(ring, centre, half)])
        star = Star(outer_radius=MANIM_STAR, color=colour("lstsq"), fill_opacity=MANIM_OPAQUE).move_to(self._p(centre))
        points = np.array([self._p(p) for p in t.theta])  # once, not per frame
        trail = VMobject(stroke_color=colour("path"), stroke_width=MANIM_THIN, stroke_opacity=MANIM_TRAIL_OPACITY)
        trail.add_updater(lambda mob: mob.set_points_as_corners([*points[: self._row() + 1], self._p(self._theta())]))
        trail.update()
        # A Dot's points are its circle's, shifted to its centre: the same sum Dot(point) makes.
        disc = Dot(radius=MANIM_HEAD).points.copy()
        head = redrawn(Dot(radius=MANIM_HEAD, color=colour("path")), lambda: disc + self._p(self._theta()))
        self.grown = {"gradient": ValueTracker(0.0), "step": ValueTracker(0.0)}  # 0 → 1 while it is taught
        self.arrows = {kind: always_redraw(lambda kind=kind: self._arrow(kind)) for kind in ("gradient", "step")}
        keys = VGroup(*[VGroup(Arrow(LEFT * 0.25, RIGHT * 0.25, buff=0, color=colour(kind), stroke_width=ARROW_WIDTH[kind],
                                     max_tip_length_to_length_ratio=0.5, tip_length=MANIM_ARROW_TIP),
                               maths(text, size=MANIM_SMALL_MATH, role="text")).arrange(RIGHT, buff=0.12)
                        for kind, text in (("gradient", r"-\nabla L"), ("step", r"-\eta\,\nabla L\ \mathrm{(step)}"))])
        keys.arrange(DOWN, aligned_edge=LEFT, buff=0.15).next_to(plane, RIGHT, buff=0.3).align_to(plane, UP)
        self.arrow_keys = keys
        return [plane, names, levels, star, trail, *self.arrows.values(), head]

    def readout(self) -> list:
        """θ0, θ1, ∂L/∂θ0, ∂L/∂θ1, η, L in one column beside the plane: live numbers from the trace's rows."""
        t = self.trace
        self.live = {key: ValueTracker(v) for key, v in zip(("theta0", "theta1", "grad0", "grad1", "loss"),
                                                           self._values(0))}

        def row(symbol, key, places, role="text", sign=True):
            shown = number(self.live[key].get_value(), places, role=role, sign=sign).follow(self.live[key])
            return VGroup(maths(symbol, "=", size=MANIM_SMALL_MATH, role=role), shown).arrange(RIGHT, buff=0.12)

        eta = VGroup(maths(r"\eta", "=", size=MANIM_SMALL_MATH),
                     label(f"{t.learning_rate:g}", MANIM_NUMBER)).arrange(RIGHT, buff=0.12)
        rows = VGroup(row(r"\theta_0", "theta0", 3, "theta0"), row(r"\theta_1", "theta1", 3, "theta1"),
                      row(r"\partial L/\partial\theta_0", "grad0", 3, "theta0"),
                      row(r"\partial L/\partial\theta_1", "grad1", 3, "theta1"), eta, row("L", "loss", 4, sign=False))
        rows.arrange(DOWN, aligned_edge=LEFT, buff=0.2).next_to(self.arrow_keys, DOWN, buff=0.3)
        rows.align_to(self.arrow_keys, LEFT)
        self.readout_block = rows
        self.numbers = {"theta0": rows[0][1], "theta1": rows[1][1], "grad0": rows[2][1], "grad1": rows[3][1],
                        "loss": rows[5][1]}
        # Each symbol and number apart: a number follows its tracker, its symbol stands still (static_first).
        return [self.arrow_keys, *(part for line in rows for part in line)]

    def loss_plot(self) -> list:
        """L − L*, the loss above least squares, on a log axis: it falls by decades, fast at first, then steadily.

        (L itself levels off at the noise floor L* after a few dozen steps and hides the rest of the descent.)
        """
        t = self.trace
        above = excess_loss(t.loss, least_squares_loss(t))  # down to its round-off: it falls as far as the trace
        last = max(int(t.step[-1]), 1)
        low, high = np.floor(np.log10(above.min())), np.ceil(np.log10(above.max()))
        every = max(1, int(np.ceil((high - low) / LOSS_LABELS)))
        axes = Axes(x_range=[0, last, _tick((0, last))], y_range=[low, high, 1], x_length=5.6, y_length=1.7,
                    tips=False, axis_config=axis_style(places=0),
                    y_axis_config={"scaling": LogBase(custom_labels=False), "include_numbers": False})
        axes.to_corner(DOWN + RIGHT, buff=0.45)
        # Decades in the sans, like every other number: 1e−6, 1e−3, 1.
        decades = VGroup(*[label(decade(k), MANIM_TICK).next_to(axes.c2p(0, 10.0**k), LEFT, buff=0.15)
                           for k in range(int(high), int(low) - 1, -every)])
        caption = VGroup(label("loss above least squares", MANIM_SMALL_TEXT),
                         maths(r"L-L^{*}", size=MANIM_SMALL_MATH), label("(log scale)", MANIM_SMALL_TEXT))
        caption.arrange(RIGHT, buff=0.12).next_to(axes, UP, buff=0.15)
        # The x axis' name, under it between 0 and the first numbered tick (its numbers are the steps).
        steps = label("step", MANIM_TICK).next_to(axes.c2p(_tick((0, last)) / 2, 10.0**low), DOWN, buff=0.22)
        self.loss_axes = axes

        points = np.array([axes.c2p(s, v) for s, v in zip(t.step, above)])  # once, not per frame

        drawn = VMobject(stroke_color=colour("loss"), stroke_width=MANIM_LINE)
        drawn.add_updater(lambda mob: mob.set_points_as_corners(points[:max(self._row() + 1, 2)]))
        drawn.update()
        return [axes, decades, caption, steps, drawn]

    def show_gradient(self):
        """−∇L grows from θ: the way downhill, its components the numbers ∂L/∂θ0, ∂L/∂θ1."""
        self.play(self.grown["gradient"].animate.set_value(1.0), run_time=TEACH_S, rate_func=linear)
        self.wait(READ_S)

    def show_step(self):
        """−η∇L grows along it: η times as long, the step the rule takes."""
        self.play(self.grown["step"].animate.set_value(1.0), run_time=TEACH_S, rate_func=linear)
        self.wait(READ_S)
        self.key_frame()

    def take_first_step(self):
        """θ moves along the step to the trace's next row; the line swings, the residuals change."""
        self.play(self.at.animate.set_value(1.0), run_time=TEACH_S, rate_func=linear)
        self._show_numbers(1)
        self.wait(READ_S)
        self.key_frame()

    def descend(self):
        rows = frame_rows(len(self.trace.step), self.options.frames, self.options.early_bias)
        rows = rows[rows >= 1]  # the first step has been taken
        progress = ValueTracker(0.0)

        def follow(mob):
            row = int(rows[int(round(progress.get_value() * (len(rows) - 1)))])
            self.at.set_value(row)
            self._show_numbers(row)

        driver = VGroup().add_updater(follow)
        self.add(driver)
        self.play(progress.animate.set_value(0.5), run_time=self.options.seconds / 2, rate_func=linear)
        self.key_frame()
        self.play(progress.animate.set_value(1.0), run_time=self.options.seconds / 2, rate_func=linear)
        driver.clear_updaters()
        self.key_frame()

    def reveal_least_squares(self):
        t = self.trace
        answer = self._model_line(t.lstsq, "lstsq", MANIM_THIN, dashed=True)
        note = VGroup(label("least squares", MANIM_SMALL_TEXT, "lstsq"),
                      maths(rf"\hat y = {t.lstsq[0]:.3f} {t.lstsq[1]:+.3f}\,x", size=MANIM_SMALL_MATH, role="lstsq"))
        # Below the fitted line, above the x axis at the right: empty once the line has arrived.
        note.arrange(DOWN, aligned_edge=RIGHT, buff=0.12)
        note.next_to(self.axes.c2p(self.axes.x_range[1], 0), UP + LEFT, buff=0.25)
        self.play(Create(answer), FadeIn(note), run_time=1.0)

    # -- pieces -------------------------------------------------------------
    def _row(self) -> int:
        return int(self.at.get_value())

    def _p(self, theta) -> np.ndarray:
        """The frame point of ``theta`` in the parameter plane."""
        return self.plane_axes.c2p(*(np.asarray(theta, dtype=float) - self.plane_low))

    def _theta(self) -> np.ndarray:
        """θ at the shown position: a recorded row, or on the straight step between two rows."""
        theta, at = self.trace.theta, self.at.get_value()
        row = min(int(at), len(theta) - 1)
        nxt = min(row + 1, len(theta) - 1)
        return theta[row] + (at - row) * (theta[nxt] - theta[row])

    def _values(self, row: int) -> tuple:
        t = self.trace
        return t.theta[row, 0], t.theta[row, 1], self.grad[row, 0], self.grad[row, 1], t.loss[row]

    def _show_numbers(self, row: int) -> None:
        for key, value in zip(("theta0", "theta1", "grad0", "grad1", "loss"), self._values(row)):
            self.live[key].set_value(value)

    def _arrow(self, kind: str):
        """−∇L or −η∇L at the shown row, drawn from θ in the plane; nothing while too short to see."""
        row = self._row()
        start, tip = arrow_ends(self.trace.theta[row], self.grad[row], self.trace.learning_rate, kind)
        start, tip = self._p(start), self._p(tip)
        tip = start + self.grown[kind].get_value() * (tip - start)
        if np.linalg.norm(tip - start) < MANIM_HEAD:
            return VMobject()
        # The step lies along −∇L and is shorter: drawn over it, thicker, so both show; never thinned when short.
        return Arrow(start, tip, buff=0, color=colour(kind), stroke_width=ARROW_WIDTH[kind], tip_length=MANIM_ARROW_TIP,
                     max_tip_length_to_length_ratio=0.45, max_stroke_width_to_length_ratio=np.inf)

    def _residual_points(self) -> np.ndarray:
        """One segment per sample from (x, y) to (x, ŷ), all in one VMobject's points.

        They are what ``start_new_path(p)`` then ``add_line_to(q)`` per sample append, one
        straight cubic (1 − t)·p + t·q at t = 0, ⅓, ⅔, 1, computed for all samples at once.
        """
        t, theta = self.trace, self._theta()
        x = np.asarray(t.x, dtype=float)
        if not hasattr(self, "_data_points"):  # the samples never move: placed once
            self._data_points = np.asarray(self.axes.c2p(x, np.asarray(t.y, dtype=float))).T
        starts = self._data_points
        ends = np.asarray(self.axes.c2p(x, _line(theta, x))).T
        cubic = np.stack([(1 - a) * starts + a * ends for a in self.cubic_t], axis=1)
        return cubic.reshape(-1, 3)

    def _line_ends(self, theta) -> list:
        (x0, x1) = self.axes.x_range[:2]
        return [self.axes.c2p(x0, _line(theta, x0)), self.axes.c2p(x1, _line(theta, x1))]

    def _model_line(self, theta, role, width, dashed=False):
        kind = DashedLine if dashed else Line
        return kind(*self._line_ends(theta), color=colour(role), stroke_width=width)


def redrawn(mob, points):
    """``mob`` with its points set to ``points()`` now and at every frame (its style kept)."""
    mob.add_updater(lambda m: m.set_points(points()))
    return mob.set_points(points())


def decade(k: int) -> str:
    """10ᵏ written for a tick: 1, 10, 0.1 near 1, else 1e−6 (with a true minus)."""
    return f"{10.0 ** k:g}" if -2 <= k <= 2 else f"1e{k}".replace("-", "\u2212")


def arrow_ends(theta: np.ndarray, grad: np.ndarray, learning_rate: float, kind: str) -> tuple:
    """Where an arrow starts and ends in (θ0, θ1): −∇L from θ, or the step −η∇L the update rule takes."""
    scale = 1.0 if kind == "gradient" else learning_rate
    return np.asarray(theta, dtype=float), np.asarray(theta, dtype=float) - scale * np.asarray(grad, dtype=float)


def level_lines(x: np.ndarray, centre: np.ndarray, through: np.ndarray, count: int, ratio: float) -> list:
    """Level lines of the squared-error loss around its minimum ``centre``: ellipses, the first through ``through``.

    The loss is quadratic in θ, L(θ) = L* + (θ − θ*)ᵀ M (θ − θ*) with M ∝ [[1, x̄], [x̄, mean x²]]
    (the constant does not change the shape), so the set where the excess is ``ratio``ᵏ of the
    excess at ``through`` is the ellipse θ* + V diag(√(c/λ)) (cos t, sin t) with M = V diag(λ) Vᵀ.
    """
    m = np.array([[1.0, np.mean(x)], [np.mean(x), np.mean(np.square(x))]])
    eigen, vectors = np.linalg.eigh(m)
    d = np.asarray(through, dtype=float) - centre
    excess = float(d @ m @ d)
    turn = np.linspace(0, 2 * np.pi, 73)
    circle = np.stack([np.cos(turn), np.sin(turn)])
    return [(centre[:, None] + vectors @ (np.sqrt(excess * ratio**k / eigen)[:, None] * circle)).T
            for k in range(count)]


def inside_square(points: np.ndarray, centre: np.ndarray, half: float) -> list[np.ndarray]:
    """The runs of a closed polyline that lie inside the square of half-side ``half`` around ``centre``."""
    inside = np.all(np.abs(np.asarray(points) - centre) <= half, axis=1)
    if inside.all():
        return [points]
    start = int(np.argmin(inside))  # begin the walk outside, so no run is split across the seam
    order = np.roll(np.arange(len(points)), -start)
    runs, run = [], []
    for index in order:
        if inside[index]:
            run.append(points[index])
        elif run:
            runs.append(np.array(run))
            run = []
    if run:
        runs.append(np.array(run))
    return [r for r in runs if len(r) >= 2]


def _span(values):
    low, high = float(np.min(values)), float(np.max(values))
    pad = 0.08 * max(high - low, 1e-9)
    return np.floor((low - pad) * 2) / 2, np.ceil((high + pad) * 2) / 2


def _tick(span):
    return nice_step(span[1] - span[0])


def _line(theta, x):
    return theta[0] + theta[1] * x
