"""BlindfoldedValley: gradient descent as a walker who cannot see the valley.

Storyboard: the valley (the loss) appears with its axis (the parameter); the
walker feels the slope (the tangent: the gradient), steps downhill by η × slope
(the learning rate), and repeats until the step is too small to matter.  Then
the same walk with too large an η overshoots and bounces out.  Every position,
slope and step is read from the simulation's traces.
"""

if "snakemake" in globals():  # under Snakemake, stderr goes to the log before anything can fail
    from gdmedia.runner import log_to

    log_to(snakemake.log[0])  # noqa: F821

import numpy as np  # noqa: E402
from manim import (  # noqa: E402
    DOWN, LEFT, RIGHT, UP, Arrow, Axes, Create, Dot, FadeIn, FadeOut, Line, Scene, ValueTracker, VGroup, Write,
)

from gdmedia.scene_kit import TracedScene, axis_style, colour, label, maths, nice_step  # noqa: E402
from gdmedia.options import SceneOptions  # noqa: E402
from gdmedia.scene_render import render_scene  # noqa: E402
from gdsim.curves import get_curve  # noqa: E402
from gdsim.simulate import CurveTrace  # noqa: E402

TANGENT_HALF_WIDTH = 0.9  # half the drawn tangent's length, in units of w


class BlindfoldedValley(TracedScene, Scene):
    script = "blindfolded_valley"

    def construct(self):
        self.paint_background()
        gentle, steep = self.trace
        self.draw_valley(gentle)
        self.name_the_parts(gentle)
        self.walk(gentle, self.options.seconds, "η = {:g}: small steps, all the way down")
        self.clear_walk()
        self.walk(steep, self.options.seconds / 2, "η = {:g}: too big a step overshoots")
        self.wait(self.options.hold_s)

    # -- storyboard steps -------------------------------------------------
    def draw_valley(self, trace: CurveTrace):
        curve = get_curve(trace.curve)
        low, high = trace.bounds
        top = float(curve.value(np.array([[low], [high]])).max())
        self.axes = Axes(x_range=[low, high, 1], y_range=[0, top, nice_step(top, 4)], x_length=8.4, y_length=5.2,
                         tips=False, axis_config=axis_style(22)).to_corner(DOWN + LEFT, buff=0.95)
        self.loss = lambda w: float(curve.value(np.array([[w]]))[0])
        self.valley = self.axes.plot(self.loss, x_range=[low, high], color=colour("loss"), stroke_width=5)
        self.play(Create(self.axes), Create(self.valley), run_time=1.5)

    def name_the_parts(self, trace: CurveTrace):
        self.w = ValueTracker(float(trace.w[0]))
        self.walker = Dot(radius=0.14, color=colour("fit"))
        self.walker.add_updater(lambda m: m.move_to(self._point(self.w.get_value())))
        self.walker.update()
        low = trace.bounds[0]
        loss_name = label("loss L(w): how wrong", 24, "loss").next_to(self.axes.c2p(low, self.loss(low)), RIGHT, buff=0.3)
        param_name = label("parameter w", 24).next_to(self.axes.x_axis, DOWN, buff=0.5)
        param_name.align_to(self.axes.x_axis, RIGHT)
        self.play(FadeIn(self.walker), Write(loss_name), Write(param_name), run_time=1.2)
        self.parts = [self.axes, self.valley, self.walker, loss_name, param_name]

    def walk(self, trace: CurveTrace, seconds: float, title: str):
        heading = label(title.format(trace.learning_rate), 30).to_edge(UP, buff=0.35)
        self.play(FadeIn(heading), self.w.animate.set_value(float(trace.w[0])), run_time=0.6)
        steps = min(len(trace.w) - 1, self.options.frames)
        per_step = seconds / max(steps, 1)
        first = True
        for k in range(steps):
            self._one_step(trace, k, per_step, first)
            first = False
        outcome = self._outcome(trace).next_to(self.axes, RIGHT, buff=0.3).align_to(self.axes, DOWN).shift(UP * 0.8)
        self.play(FadeIn(outcome), run_time=0.5)
        self.heading = heading

    def clear_walk(self):
        self.play(*[FadeOut(m) for m in self.mobjects if m not in self.parts and m is not self.w], run_time=0.6)

    # -- pieces -------------------------------------------------------------
    def _point(self, w):
        return self.axes.c2p(float(w), self.loss(float(w)))

    def _one_step(self, trace: CurveTrace, k: int, seconds: float, named: bool):
        w, slope, eta = float(trace.w[k]), float(trace.slope[k]), trace.learning_rate
        nxt = float(trace.w[k + 1])
        tangent = Line(self.axes.c2p(w - TANGENT_HALF_WIDTH, self.loss(w) - slope * TANGENT_HALF_WIDTH),
                       self.axes.c2p(w + TANGENT_HALF_WIDTH, self.loss(w) + slope * TANGENT_HALF_WIDTH),
                       color=colour("lstsq"), stroke_width=4)
        stride = Arrow(self.axes.c2p(w, 0), self.axes.c2p(nxt, 0), buff=0, color=colour("fit"),
                       stroke_width=5, max_tip_length_to_length_ratio=0.25)
        shown = [Create(tangent), Create(stride)]
        if named:
            slope_name = VGroup(label("gradient dL/dw:", 22, "lstsq"), label("the slope underfoot", 22, "lstsq"))
            step_name = VGroup(label("learning rate η:", 22, "fit"), label("how big a step", 22, "fit"),
                               maths(r"\Delta w = -\eta\,\frac{dL}{dw}", size=32, role="fit"))
            for block in (slope_name, step_name):
                block.arrange(DOWN, aligned_edge=LEFT, buff=0.12)
            self.named = VGroup(slope_name, step_name).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
            self.named.next_to(self.axes, RIGHT, buff=0.3).align_to(self.axes, UP).shift(DOWN * 0.6)
            shown += [FadeIn(self.named)]
        self.play(*shown, run_time=0.45 * seconds)
        self.play(self.w.animate.set_value(nxt), run_time=0.45 * seconds)
        self.play(FadeOut(tangent), FadeOut(stride), run_time=0.1 * seconds)

    def _outcome(self, trace: CurveTrace):
        if trace.status == "diverged":
            lines = (f"diverged at step {trace.stop_step}:", "it bounced out")
            role = "fit"
        elif trace.status == "converged":
            lines, role = (f"step {trace.stop_step}: the step is", "too small to matter"), "loss"
        else:
            lines, role = (f"still walking after {trace.stop_step} steps",), "text"
        return VGroup(*[label(line, 22, role) for line in lines]).arrange(DOWN, aligned_edge=LEFT, buff=0.12)


def render(trace: tuple[CurveTrace, CurveTrace], out_path, *, options: SceneOptions):
    """``trace`` is (the sensible walk, the overshooting one); writes .mp4, .gif and .png."""
    return render_scene(BlindfoldedValley, trace, out_path, options)


if "snakemake" in globals():
    from gdmedia.runner import run_scene

    run_scene(snakemake, render)  # noqa: F821
