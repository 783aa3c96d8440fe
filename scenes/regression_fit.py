"""RegressionFit: the regression line walks down the loss to the least-squares fit.

Storyboard: the data appear; the model and the update rule are written; the
line moves through the descent trace while θ0, θ1, η and L count along and the
loss curve draws itself; the least-squares line is laid on top and labelled.
Everything that moves is a ValueTracker read from the trace.
"""

if "snakemake" in globals():  # under Snakemake, stderr goes to the log before anything can fail
    from gdmedia.runner import log_to

    log_to(snakemake.log[0])  # noqa: F821

import numpy as np  # noqa: E402
from manim import (  # noqa: E402
    DOWN, LEFT, RIGHT, UP, Axes, Create, DashedLine, DecimalNumber, Dot, FadeIn, Line, Scene,
    ValueTracker, VGroup, Write, always_redraw, linear,
)

from gdmedia.frames import frame_rows  # noqa: E402
from gdmedia.live_number import LiveNumber  # noqa: E402
from gdmedia.scene_kit import TracedScene, axis_style, colour, label, maths, nice_step  # noqa: E402
from gdmedia.options import SceneOptions  # noqa: E402
from gdmedia.scene_render import render_scene  # noqa: E402
from gdsim.simulate import RegressionTrace  # noqa: E402


class RegressionFit(TracedScene, Scene):
    script = "regression_fit"

    def construct(self):
        self.paint_background()
        self.show_data()
        self.write_model()
        self.descend()
        self.reveal_least_squares()
        self.wait(self.options.hold_s)

    # -- storyboard steps -------------------------------------------------
    def show_data(self):
        t = self.trace
        y_low, y_high = _span(np.concatenate([t.y, _line(t.theta[0], t.x), _line(t.lstsq, t.x)]))
        self.axes = Axes(
            x_range=[*_span(t.x), _tick(_span(t.x))], y_range=[y_low, y_high, _tick((y_low, y_high))],
            x_length=6.2, y_length=5.2, tips=False, axis_config=axis_style(22),
        ).to_edge(LEFT, buff=0.6).shift(UP * 0.2)
        names = self.axes.get_axis_labels(label("x", 26), label("y", 26))
        dots = VGroup(*[Dot(self.axes.c2p(x, y), radius=0.045, color=colour("data")) for x, y in zip(t.x, t.y)])
        self.play(Create(self.axes), FadeIn(names), FadeIn(dots, lag_ratio=0.02), run_time=1.5)

    def write_model(self):
        model = maths(r"\hat y = \theta_0 + \theta_1 x", size=38)
        rule = maths(r"\theta \leftarrow \theta - \eta\,\nabla L", size=38)
        VGroup(model, rule).arrange(DOWN, aligned_edge=LEFT, buff=0.3).to_corner(UP + RIGHT, buff=0.5)
        self.play(Write(model), Write(rule), run_time=1.5)
        self.rule = rule

    def descend(self):
        t = self.trace
        rows = frame_rows(len(t.step), self.options.frames, self.options.early_bias)
        self.progress = ValueTracker(0.0)
        self.theta0, self.theta1, self.loss = (ValueTracker(v) for v in (*t.theta[0], t.loss[0]))
        self.row = ValueTracker(0)

        def follow(mob):
            row = rows[int(round(self.progress.get_value() * (len(rows) - 1)))]
            self.row.set_value(row)
            self.theta0.set_value(t.theta[row, 0])
            self.theta1.set_value(t.theta[row, 1])
            self.loss.set_value(t.loss[row])

        driver = VGroup().add_updater(follow)
        fit = always_redraw(lambda: self._model_line(self.theta0.get_value(), self.theta1.get_value(), "fit", 5))
        readout = self._readout()
        curve_axes, curve = self._loss_curve()
        self.add(driver, fit, readout)
        self.play(Create(curve_axes), run_time=0.5)
        self.add(curve)
        self.play(self.progress.animate.set_value(1.0), run_time=self.options.seconds, rate_func=linear)
        driver.clear_updaters()

    def reveal_least_squares(self):
        t = self.trace
        answer = self._model_line(*t.lstsq, "lstsq", 3, dashed=True)
        note = label(f"least squares: ŷ = {t.lstsq[0]:.3f} + {t.lstsq[1]:.3f}·x", size=22, role="lstsq")
        note.next_to(self.axes, DOWN, buff=0.2)
        self.play(Create(answer), FadeIn(note), run_time=1.2)

    # -- pieces -------------------------------------------------------------
    def _model_line(self, theta0, theta1, role, width, dashed=False):
        (x0, x1) = self.axes.x_range[:2]
        kind = DashedLine if dashed else Line
        return kind(self.axes.c2p(x0, theta0 + theta1 * x0), self.axes.c2p(x1, theta0 + theta1 * x1),
                    color=colour(role), stroke_width=width)

    def _readout(self):
        """θ0, θ1, η and L as live numbers under the update rule."""
        rows = []
        for symbol, tracker, places, sign in ((r"\theta_0", self.theta0, 3, True),
                                              (r"\theta_1", self.theta1, 3, True), (r"L", self.loss, 4, False)):
            number = LiveNumber(tracker.get_value(), num_decimal_places=places, font_size=32,
                                color=colour("text"), include_sign=sign).follow(tracker)
            rows.append(VGroup(maths(symbol + "=", size=32), number).arrange(RIGHT, buff=0.15))
        eta = VGroup(maths(r"\eta =", size=32),
                     DecimalNumber(self.trace.learning_rate, num_decimal_places=2, font_size=32, color=colour("text")))
        rows.insert(2, eta.arrange(RIGHT, buff=0.15))
        block = VGroup(*rows).arrange(DOWN, aligned_edge=LEFT, buff=0.18)
        block.next_to(self.rule, DOWN, aligned_edge=LEFT, buff=0.35)
        self.numbers = {"theta0": rows[0][1], "theta1": rows[1][1], "loss": rows[3][1]}
        return block

    def _loss_curve(self):
        t = self.trace
        last = max(int(t.step[-1]), 1)
        top = float(np.ceil(t.loss.max()))
        axes = Axes(x_range=[0, last, _tick((0, last))], y_range=[0, top, _tick((0, top))],
                    x_length=4.6, y_length=2.0, tips=False, axis_config=axis_style(18),
                    x_axis_config={"decimal_number_config": {"num_decimal_places": 0, "color": colour("text")}})
        axes.to_corner(DOWN + RIGHT, buff=0.5)
        caption = label("loss L against step", size=18).next_to(axes, UP, buff=0.1)

        def drawn():
            upto = int(self.row.get_value()) + 1
            points = [axes.c2p(s, v) for s, v in zip(t.step[:upto], t.loss[:upto])]
            path = VGroup()
            if len(points) > 1:
                from manim import VMobject

                path = VMobject(color=colour("loss"), stroke_width=4).set_points_as_corners(points)
            return path

        return VGroup(axes, caption), always_redraw(drawn)


def _span(values):
    low, high = float(np.min(values)), float(np.max(values))
    pad = 0.08 * max(high - low, 1e-9)
    return np.floor((low - pad) * 2) / 2, np.ceil((high + pad) * 2) / 2


def _tick(span):
    return nice_step(span[1] - span[0])


def _line(theta, x):
    return theta[0] + theta[1] * x


def render(trace: RegressionTrace, out_path, *, options: SceneOptions):
    """Write ``out_path`` (.mp4) and, beside it, the .gif and the .png poster; return the scene."""
    return render_scene(RegressionFit, trace, out_path, options)


if "snakemake" in globals():
    from gdmedia.runner import run_scene

    run_scene(snakemake, render)  # noqa: F821
