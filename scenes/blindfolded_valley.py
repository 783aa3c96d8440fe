"""BlindfoldedValley: gradient descent as a walker who cannot see the valley.

Storyboard: the first picture is the valley (the loss) over its axis (the
parameter) with the walker at its start, held to be read.  The walker feels
the slope (the tangent: the gradient) and steps Δw = −η·dL/dw; beside the
valley w, the slope and the step count along, live, with Δw = −η × slope written
out (the move itself, so a negative slope reads as a step to the right).
Early steps are slow to follow, later ones quicker (they are small), and the
walk runs to the step the trace stopped at.  Then the same walk with too large
an η.  Headings name only η; each outcome is said when the trace reaches it,
and only what is true: "bounced out" only if the walker has left the view,
otherwise how much further out each step lands.  Every position, slope and
step is read from the simulation's traces.
"""

import numpy as np
from manim import (
    DOWN, LEFT, RIGHT, UP, Arrow, Axes, Create, Dot, FadeIn, FadeOut, Line, Scene, ValueTracker, VGroup,
)

from gdmedia.scene_kit.kit import (
    MAX_STILL_S, TracedScene, axis_style, colour, held, label, maths, nice_step, number, static_first, text_tint,
)
from gdmedia.scene_kit.live_number import LiveNumber
from gdmedia.base.style import (
    MANIM_BALL, MANIM_LINE, MANIM_MATH, MANIM_SMALL_MATH, MANIM_SMALL_TEXT, MANIM_TEXT, MANIM_THIN, MANIM_TITLE,
    number as number_text,
)
from gdsim.curves import get_curve
from gdtrace import CurveTrace

KIND = "curve"  # the trace kind it draws

TANGENT_HALF_WIDTH = 0.9  # half the drawn tangent's length, in units of w
# Step k of a walk takes a share ∝ max(FLOOR, DECAY^k) of its time: the first steps are
# slow enough to follow, the later, tiny ones go by quickly (their numbers still change).
DECAY, FLOOR = 0.7, 0.25


class BlindfoldedValley(TracedScene, Scene):
    script = "blindfolded_valley"

    def construct(self):
        self.paint_background()
        gentle, steep = self.trace
        # Still pieces first, drawn once per animation (static_first); the title stays above the walker.
        shown = [*self.valley(gentle), *self.readout(gentle), self.heading(1, gentle)]
        self.open_with(*static_first(shown, above_moving=(self.title,)))
        self.walk(gentle, self.options.seconds)
        self.restart(steep)
        self.walk(steep, self.options.seconds / 2)
        self.close()

    # -- storyboard steps -------------------------------------------------
    def valley(self, trace: CurveTrace) -> list:
        curve = get_curve(trace.curve)
        low, high = trace.bounds
        top = float(curve.value(np.array([[low], [high]])).max())
        self.axes = Axes(x_range=[low, high, nice_step(high - low, 5)], y_range=[0, top, nice_step(top, 4)],
                         x_length=7.6, y_length=5.0, tips=False, axis_config=axis_style(places=0))
        self.axes.to_corner(DOWN + LEFT, buff=0.7)
        self.loss = lambda w: float(curve.value(np.array([[w]]))[0])
        self.curve = self.axes.plot(self.loss, x_range=[low, high], color=colour("loss"), stroke_width=MANIM_LINE)
        self.w = ValueTracker(float(trace.w[0]))
        walker = Dot(radius=MANIM_BALL, color=colour("fit"), stroke_width=MANIM_THIN, stroke_color=colour("marker_edge"))
        walker.add_updater(lambda m: m.move_to(self._point(self.w.get_value())))
        walker.update()
        self.walker = walker
        loss_name = label("loss L(w)", MANIM_SMALL_TEXT, "loss").next_to(self.axes.c2p(low, top), RIGHT, buff=0.2)
        param_name = label("parameter w", MANIM_SMALL_TEXT).next_to(self.axes.x_axis, UP, buff=0.15)
        param_name.align_to(self.axes.x_axis, RIGHT)
        return [self.axes, self.curve, loss_name, param_name, walker]

    def readout(self, trace: CurveTrace) -> list:
        """The rule, and w, the slope and the step as live numbers: step Δw = −η × slope."""
        eta = trace.learning_rate
        self.k, self.at, self.slope, self.stride = (ValueTracker(v) for v in (0, trace.w[0], trace.slope[0],
                                                                               _move(eta, trace.slope[0])))
        rule = maths(r"\Delta w = -\eta\,\frac{dL}{dw}", size=MANIM_MATH)
        rule[0].set_color(text_tint("step"))
        count = VGroup(label("step number", MANIM_TEXT), number(0, 0, role="text").follow(self.k)).arrange(RIGHT, buff=0.15)
        where = VGroup(maths("w =", size=MANIM_SMALL_MATH), number(trace.w[0], 3, sign=True).follow(self.at))
        slope = VGroup(label("slope", MANIM_TEXT, "slope"), maths(r"dL/dw =", size=MANIM_SMALL_MATH, role="slope"),
                       number(trace.slope[0], 3, role="slope", sign=True).follow(self.slope))
        times = self._times(eta)
        stride = VGroup(maths("=", size=MANIM_SMALL_MATH, role="step"),
                        number(_move(eta, trace.slope[0]), 3, role="step", sign=True).follow(self.stride))
        for row in (where, slope, times, stride):
            row.arrange(RIGHT, buff=0.15)
        self.panel = VGroup(rule, count, where, slope, times, stride).arrange(DOWN, aligned_edge=LEFT, buff=0.28)
        self.panel.next_to(self.axes, RIGHT, buff=0.45).align_to(self.axes, UP)
        self.numbers = {"w": where[1], "slope": slope[2], "step": stride[1]}
        # Each piece apart: a number follows its tracker, the words and formulas stand still (static_first).
        return [self.panel[0], *(part for row in self.panel[1:] for part in row)]

    def heading(self, walk: int, trace: CurveTrace):
        """Names the walk and its η only: what happens is said when it happens."""
        self.title = label(f"Walk {walk}: η = {trace.learning_rate:g}", MANIM_TITLE).to_edge(UP, buff=0.35)
        return self.title

    def walk(self, trace: CurveTrace, seconds: float):
        # Every step of the trace is walked, so the outcome is said when the walker gets there;
        # the first ``frames`` at a pace to follow, any later ones quickly.
        steps = len(trace.w) - 1
        k = np.arange(steps)
        weights = np.where(k < self.options.frames, np.maximum(FLOOR, DECAY**k), FLOOR / 4)
        for k, share in enumerate(weights / weights.sum()):
            self._one_step(trace, k, share * seconds)
        self.outcome = self._outcome(trace, steps)
        self.outcome.next_to(self.panel, DOWN, buff=0.45, aligned_edge=LEFT)
        self.play(FadeIn(self.outcome), run_time=0.4)
        self.key_frame()
        self.wait(MAX_STILL_S)

    def restart(self, trace: CurveTrace):
        """Clear the first walk's outcome; the panel takes the new η, and the walker is carried to the second start."""
        nxt = self.heading(2, trace)
        eta = trace.learning_rate
        times = self._times(eta)
        times.arrange(RIGHT, buff=0.15).move_to(self.panel[4], aligned_edge=LEFT)
        # The walker is carried first, the numbers still the first walk's; then the panel takes the new η
        # and the new start at once, so no frame mixes the two walks' numbers.
        self.play(FadeOut(self.outcome), FadeOut(self.title_shown), FadeIn(nxt), self.w.animate.set_value(trace.w[0]),
                  run_time=0.8)
        self.remove(*self.panel[4])  # its pieces were shown one by one
        self.panel.submobjects[4] = times
        self.add(*times)
        self.at.set_value(trace.w[0])
        self.slope.set_value(trace.slope[0])
        self.stride.set_value(_move(eta, trace.slope[0]))
        self.k.set_value(0)
        self.title_shown = nxt

    def open_with(self, *mobjects):
        self.title_shown = self.title
        super().open_with(*mobjects)

    # -- pieces -------------------------------------------------------------
    def _point(self, w):
        return self.axes.c2p(float(w), self.loss(float(w)))

    def _one_step(self, trace: CurveTrace, k: int, seconds: float):
        w, slope, eta = float(trace.w[k]), float(trace.slope[k]), trace.learning_rate
        nxt = float(trace.w[k + 1])
        tangent = Line(self.axes.c2p(w - TANGENT_HALF_WIDTH, self.loss(w) - slope * TANGENT_HALF_WIDTH),
                       self.axes.c2p(w + TANGENT_HALF_WIDTH, self.loss(w) + slope * TANGENT_HALF_WIDTH),
                       color=colour("slope"), stroke_width=MANIM_LINE)
        stride = Arrow(self.axes.c2p(w, 0), self.axes.c2p(nxt, 0), buff=0, color=colour("step"),
                       stroke_width=MANIM_LINE, max_tip_length_to_length_ratio=0.3)
        # Feel the slope (the numbers show it), then take the step.
        self.k.set_value(k)
        self.at.set_value(w)
        self.slope.set_value(slope)
        self.stride.set_value(_move(eta, slope))
        # The walker and the numbers stand still while the tangent and arrow come and go: held, they
        # are drawn once per play, not every frame (the pictures are the same).
        with held(*self._standing()):
            self.play(Create(tangent), Create(stride), run_time=0.45 * seconds)
        if k == 0:
            self.key_frame()
        self.play(self.w.animate.set_value(nxt), self.at.animate.set_value(nxt), run_time=0.4 * seconds)
        # Arrived: the count moves on and the walker feels the slope where it now stands.
        self.k.set_value(k + 1)
        self.slope.set_value(float(trace.slope[k + 1]))
        self.stride.set_value(_move(eta, float(trace.slope[k + 1])))
        with held(*self._standing()):
            self.play(FadeOut(tangent), FadeOut(stride), run_time=0.15 * seconds)

    def _times(self, eta: float) -> VGroup:
        """The step row's left side: step Δw = −η × dL/dw = −η × (the live slope)."""
        return VGroup(label("step", MANIM_TEXT, "step"),
                      maths(rf"-\eta \times dL/dw = -{eta:g} \times", size=MANIM_SMALL_MATH, role="step"),
                      number(self.slope.get_value(), 3, role="slope", sign=True).follow(self.slope))

    def _standing(self) -> list:
        """The walker and the panel's live numbers: what follows a tracker."""
        return [self.walker, *(m for m in self.panel.get_family() if isinstance(m, LiveNumber))]

    def _outcome(self, trace: CurveTrace, walked: int):
        """What the trace shows at the end of the walk, in words that are true now."""
        low, high = trace.bounds
        last = float(trace.w[walked])
        if trace.status == "diverged":
            if not low <= last <= high:
                lines = (f"step {walked}: bounced out", "of the valley: diverged")
            else:
                ratio = abs(last / float(trace.w[walked - 1])) if walked and trace.w[walked - 1] else float("nan")
                lines = (f"each step lands {ratio:.1f}× further", "from the bottom: diverged", f"(stopped after step {walked})")
            role = "fit"
        elif trace.status == "converged":  # the stop rule: the loss stopped falling by more than its tolerance
            # The facts the simulation wrote for this walk (each walk has its own η).
            found = next(f for t, f in zip(self.trace, self.found) if t.learning_rate == trace.learning_rate)
            away = number_text("distance", found["final_distance"])
            lines = (f"step {trace.stop_step}: the steps got", "too small to matter: stopped", f"{away} from the bottom")
            role = "loss"
        else:
            lines, role = (f"still walking after {trace.stop_step} steps",), "text"
        return VGroup(*[label(line, MANIM_TEXT, role) for line in lines]).arrange(DOWN, aligned_edge=LEFT, buff=0.1)


def _move(eta: float, slope: float) -> float:
    """The step the walker takes: Δw = −η · dL/dw."""
    return -eta * slope
