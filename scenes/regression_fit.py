"""RegressionFit: the regression line walks down the loss to the least-squares fit.

Storyboard: the first picture, held to be read, is the data with the starting
line, the model, the update rule θ ← θ − η∇L and its live numbers at the start
(θ0, θ1, ∂L/∂θ0, ∂L/∂θ1, η, L: each derivative in its parameter's colour), and
an empty loss plot on a log axis (the loss spans decades).  The line then moves
through the descent trace while the numbers count along and the loss curve
draws itself; the least-squares line is laid on top and labelled.  Everything
that moves is read from the trace, ∇L included (never differenced from θ).
"""

from gdmedia.standalone import begin

begin(globals(), kind="regression")

import numpy as np  # noqa: E402
from manim import (  # noqa: E402
    DOWN, LEFT, RIGHT, UP, Axes, Create, DashedLine, Dot, FadeIn, Line, LogBase, Scene, ValueTracker, VGroup,
    VMobject, always_redraw, linear,
)

from gdmedia.frames import frame_rows  # noqa: E402
from gdmedia.scene_kit import (  # noqa: E402
    TracedScene, axis_style, colour, label, maths, nice_step, number, recorded_gradient,
)
from gdmedia.style import (  # noqa: E402
    MANIM_DOT, MANIM_LINE, MANIM_MATH, MANIM_NUMBER, MANIM_SMALL_MATH, MANIM_SMALL_TEXT, MANIM_THIN, MANIM_TICK,
)
from gdmedia.scene_kit import scene  # noqa: E402


class RegressionFit(TracedScene, Scene):
    script = "regression_fit"

    def construct(self):
        self.paint_background()
        self.open_with(*self.data(), *self.model(), *self.readout(), *self.loss_plot())
        self.descend()
        self.reveal_least_squares()
        self.close()

    # -- storyboard steps -------------------------------------------------
    def data(self) -> list:
        t = self.trace
        y_low, y_high = _span(np.concatenate([t.y, _line(t.theta[0], t.x), _line(t.lstsq, t.x)]))
        self.axes = Axes(
            x_range=[*_span(t.x), _tick(_span(t.x))], y_range=[y_low, y_high, _tick((y_low, y_high))],
            x_length=6.0, y_length=5.6, tips=False, axis_config=axis_style(),
        ).to_edge(LEFT, buff=0.6).shift(DOWN * 0.2)
        names = self.axes.get_axis_labels(maths("x", size=MANIM_SMALL_MATH), maths("y", size=MANIM_SMALL_MATH))
        dots = VGroup(*[Dot(self.axes.c2p(x, y), radius=MANIM_DOT, color=colour("data")) for x, y in zip(t.x, t.y)])
        self.row = ValueTracker(0)
        fit = always_redraw(lambda: self._model_line(t.theta[self._row()], "fit", MANIM_LINE))
        return [self.axes, names, dots, fit]

    def model(self) -> list:
        model = maths(r"\hat y = \theta_0 + \theta_1 x", size=MANIM_MATH)
        rule = maths(r"\theta", r"\leftarrow", r"\theta", r"-\,\eta", r"\nabla L", size=MANIM_MATH)
        VGroup(model, rule).arrange(RIGHT, buff=0.7).to_corner(UP + RIGHT, buff=0.4)
        self.rule = rule
        return [model, rule]

    def readout(self) -> list:
        """θ0, θ1, η in one column; ∂L/∂θ0, ∂L/∂θ1, L in the next: live numbers from the trace's rows."""
        t = self.trace
        self.grad = np.array([recorded_gradient(t, r) for r in range(len(t.step))])
        self.live = {key: ValueTracker(v) for key, v in
                     (("theta0", t.theta[0, 0]), ("theta1", t.theta[0, 1]), ("grad0", self.grad[0, 0]),
                      ("grad1", self.grad[0, 1]), ("loss", t.loss[0]))}

        def row(symbol, key, places, role="text", sign=True):
            shown = number(self.live[key].get_value(), places, role=role, sign=sign).follow(self.live[key])
            return VGroup(maths(symbol, "=", size=MANIM_SMALL_MATH, role=role), shown).arrange(RIGHT, buff=0.12)

        eta = VGroup(maths(r"\eta", "=", size=MANIM_SMALL_MATH),
                     label(f"{t.learning_rate:g}", MANIM_NUMBER)).arrange(RIGHT, buff=0.12)
        left = VGroup(row(r"\theta_0", "theta0", 3, "theta0"), row(r"\theta_1", "theta1", 3, "theta1"), eta)
        right = VGroup(row(r"\partial L/\partial\theta_0", "grad0", 3, "theta0"),
                       row(r"\partial L/\partial\theta_1", "grad1", 3, "theta1"), row("L", "loss", 4, sign=False))
        for column in (left, right):
            column.arrange(DOWN, aligned_edge=LEFT, buff=0.22)
        block = VGroup(left, right).arrange(RIGHT, buff=0.6, aligned_edge=UP)
        block.next_to(self.rule, DOWN, buff=0.45).align_to(self.rule, RIGHT)
        self.readout_block = block
        self.numbers = {"theta0": left[0][1], "theta1": left[1][1], "grad0": right[0][1], "grad1": right[1][1],
                        "loss": right[2][1]}
        return [block]

    def loss_plot(self) -> list:
        """The loss against the step on a log axis: it falls by decades, then levels off at the noise floor."""
        t = self.trace
        last = max(int(t.step[-1]), 1)
        low, high = np.floor(np.log10(t.loss.min())), np.ceil(np.log10(t.loss.max()))
        axes = Axes(x_range=[0, last, _tick((0, last))], y_range=[low, high, 1], x_length=5.2, y_length=2.3,
                    tips=False, axis_config=axis_style(places=0),
                    y_axis_config={"scaling": LogBase(custom_labels=False), "include_numbers": False})
        axes.to_corner(DOWN + RIGHT, buff=0.45)
        # Decades labelled as plain numbers (0.01, 0.1, 1, 10) in the sans, like every other number.
        decades = VGroup(*[label(f"{10.0 ** k:g}", MANIM_TICK).next_to(axes.c2p(0, 10.0**k), LEFT, buff=0.15)
                           for k in range(int(low), int(high) + 1)])
        caption = label("loss L against step (log scale)", MANIM_SMALL_TEXT).next_to(axes, UP, buff=0.15)

        points = np.array([axes.c2p(s, v) for s, v in zip(t.step, t.loss)])  # once, not per frame

        def drawn():
            upto = max(self._row() + 1, 2)
            return VMobject(stroke_color=colour("loss"), stroke_width=MANIM_LINE).set_points_as_corners(points[:upto])

        return [axes, decades, caption, always_redraw(drawn)]

    def descend(self):
        t = self.trace
        rows = frame_rows(len(t.step), self.options.frames, self.options.early_bias)
        progress = ValueTracker(0.0)

        def follow(mob):
            row = int(rows[int(round(progress.get_value() * (len(rows) - 1)))])
            self.row.set_value(row)
            for key, value in (("theta0", t.theta[row, 0]), ("theta1", t.theta[row, 1]), ("grad0", self.grad[row, 0]),
                               ("grad1", self.grad[row, 1]), ("loss", t.loss[row])):
                self.live[key].set_value(value)

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
        note = VGroup(label("least squares:", MANIM_SMALL_TEXT, "lstsq"),
                      maths(rf"\hat y = {t.lstsq[0]:.3f} {t.lstsq[1]:+.3f}\,x", size=MANIM_SMALL_MATH, role="lstsq"))
        note.arrange(RIGHT, buff=0.15).next_to(self.readout_block, DOWN, buff=0.6).align_to(self.readout_block, LEFT)
        self.play(Create(answer), FadeIn(note), run_time=1.0)

    # -- pieces -------------------------------------------------------------
    def _row(self) -> int:
        return int(self.row.get_value())

    def _model_line(self, theta, role, width, dashed=False):
        (x0, x1) = self.axes.x_range[:2]
        kind = DashedLine if dashed else Line
        return kind(self.axes.c2p(x0, _line(theta, x0)), self.axes.c2p(x1, _line(theta, x1)),
                    color=colour(role), stroke_width=width)


def _span(values):
    low, high = float(np.min(values)), float(np.max(values))
    pad = 0.08 * max(high - low, 1e-9)
    return np.floor((low - pad) * 2) / 2, np.ceil((high + pad) * 2) / 2


def _tick(span):
    return nice_step(span[1] - span[0])


def _line(theta, x):
    return theta[0] + theta[1] * x


render = scene(RegressionFit, globals())
