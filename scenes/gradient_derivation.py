"""GradientDerivation: the chain rule for ∂L/∂θ0 and ∂L/∂θ1, the mean, the updates, one step in numbers.

Storyboard: the first picture is the model, the per-sample loss Lᵢ and the
loss L as their mean over the N samples, held to be read.  Then ∂Lᵢ/∂ŷᵢ; the
chain for θ0 through ŷ, factor by factor (∂ŷ/∂θ0 = 1), and the same for θ1
(∂ŷ/∂θ1 = x); each per-sample derivative becomes its mean over the samples,
∂L/∂θ; each is paired, on its own row and in its own colour, with its own
update; and the first step of the regression trace is worked with its numbers,
the gradient read from the trace.  The chain for θ0 runs through ŷ:
∂Lᵢ/∂ŷᵢ · ∂ŷᵢ/∂θ0 = −(yᵢ − ŷᵢ)·1, not ∂L/∂θ0 · ∂L/∂θ1.
"""

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, FadeIn, Scene, TransformMatchingTex, VGroup, Write

from gdmedia.scene_kit.kit import MAX_STILL_S, TracedScene, label, maths, recorded_gradient, text_tint
from gdmedia.base.style import MANIM_MATH, MANIM_SMALL_MATH, MANIM_SMALL_TEXT

KIND = "regression"  # the trace kind it draws

DL_DYHAT = r"\frac{\partial L_i}{\partial \hat y_i}"
RESIDUAL = r"-(y_i - \hat y_i)"
MEAN = r"\frac{1}{N}\sum_{i}"


def partial(which: str, per_sample: bool = False) -> str:
    """∂L/∂θ0 (or ∂Lᵢ/∂θ0 for one sample) in TeX."""
    return rf"\frac{{\partial L{'_i' if per_sample else ''}}}{{\partial \theta_{which}}}"


# Each per-sample derivative as the chain it is rewritten through, one factor at a time,
# then its mean over the samples: the derivative of L itself.
CHAINS = {
    "0": [
        [partial("0", True), "=", DL_DYHAT, r"\cdot", r"\frac{\partial \hat y_i}{\partial \theta_0}"],
        [partial("0", True), "=", RESIDUAL, r"\cdot", r"\frac{\partial \hat y_i}{\partial \theta_0}"],
        [partial("0", True), "=", RESIDUAL, r"\cdot", "1"],
        [partial("0"), "=", MEAN, RESIDUAL, r"\cdot", "1"],
    ],
    "1": [
        [partial("1", True), "=", DL_DYHAT, r"\cdot", r"\frac{\partial \hat y_i}{\partial \theta_1}"],
        [partial("1", True), "=", RESIDUAL, r"\cdot", r"\frac{\partial \hat y_i}{\partial \theta_1}"],
        [partial("1", True), "=", RESIDUAL, r"\cdot", "x_i"],
        [partial("1"), "=", MEAN, RESIDUAL, r"\cdot", "x_i"],
    ],
}
# Each update on the row of its own derivative: θ0 with ∂L/∂θ0, θ1 with ∂L/∂θ1.
UPDATES = {which: [rf"\theta_{which}", r"\leftarrow", rf"\theta_{which}", r"-\,\eta", partial(which)] for which in "01"}
BEATS = 13  # the derivation's beats after the opening picture; the still part of each stays ≤ MAX_STILL_S
# Where each row sits (frame y): the derivative of θ0 with its update, its worked numbers under it; then θ1.
ROW_Y = {"0": 0.75, "1": -1.35}
WORKED_DROP = 0.95  # a worked line sits this far under its row


class GradientDerivation(TracedScene, Scene):
    script = "gradient_derivation"

    def construct(self):
        self.paint_background()
        self.beat = self.options.seconds / BEATS
        self.open_with(*self.model())
        self.show(FadeIn(self.inner))
        derivatives = {which: self.derive(which) for which in "01"}
        for which in "01":
            self.show(TransformMatchingTex(self.lines[which], derivatives[which]))
        self.key_frame()
        self.rules = {which: self.write_update(which, derivatives[which]) for which in "01"}
        self.key_frame()
        self.work_first_step()
        self.close()

    def show(self, *animations, beats: float = 1.0):
        """One beat: the change takes its first part, then it holds still (never > MAX_STILL_S) to be read."""
        moving = beats * self.beat - min(MAX_STILL_S, 0.55 * beats * self.beat)
        self.play(*animations, run_time=moving)
        self.wait(beats * self.beat - moving)

    def model(self) -> list:
        n = len(self.trace.x)
        model = maths(r"\hat y_i = \theta_0 + \theta_1 x_i", r"\qquad", r"L_i = \tfrac{1}{2}(y_i - \hat y_i)^2",
                      r"\qquad", r"L = \tfrac{1}{N}\textstyle\sum_{i} L_i", size=MANIM_MATH)
        model.to_edge(UP, buff=0.3)
        where = label(f"N = {n} samples: the loss L is the mean of the per-sample losses", MANIM_SMALL_TEXT)
        where.next_to(model, DOWN, buff=0.15)
        self.inner = maths(DL_DYHAT, "=", RESIDUAL, size=MANIM_MATH).next_to(where, DOWN, buff=0.2)
        self.top = VGroup(model, where, self.inner)
        return [model, where]

    def derive(self, which: str):
        """Write ∂Lᵢ/∂θ through ŷ factor by factor; return its mean form (not yet shown)."""
        role = f"theta{which}"
        lines = [maths(*parts, size=MANIM_MATH) for parts in CHAINS[which]]
        for line in lines:
            line.set_y(ROW_Y[which]).to_edge(LEFT, buff=0.6)
            line[0].set_color(text_tint(role))  # the derivative wears its parameter's colour, here and in its number
        self.show(Write(lines[0]))
        for before, after in zip(lines[:2], lines[1:3]):
            self.show(TransformMatchingTex(before, after))
        self.lines = getattr(self, "lines", {})
        self.lines[which] = lines[2]
        return lines[3]

    def write_update(self, which: str, derivative):
        rule = maths(*UPDATES[which], size=MANIM_MATH)
        for part in (0, 2, 4):
            rule[part].set_color(text_tint(f"theta{which}"))
        rule.next_to(derivative, RIGHT, buff=0.8)
        rule.set_x(4.2)
        self.show(Write(rule))
        return rule

    def work_first_step(self):
        t = self.trace
        eta = t.learning_rate
        grad = recorded_gradient(t, 0)
        before, after = t.theta[0], t.theta[1]
        heading = label(f"The numbers: the first step of the trace, with η = {eta:g}", MANIM_SMALL_TEXT)
        rows = []
        for index, which in enumerate("01"):
            stepped = before[index] - eta * grad[index]
            # θ_new = θ − η·∂L/∂θ is the update of plain gradient descent; another optimizer's first step may differ.
            shown = after[index] if np.isclose(stepped, after[index], rtol=1e-9, atol=1e-12) else stepped
            row = maths(rf"\partial L/\partial \theta_{which}", rf"= {grad[index]:.3f}", r"\quad\Rightarrow\quad",
                        rf"\theta_{which} = {before[index]:.3f} - {eta:g}\cdot({grad[index]:.3f}) = {shown:.3f}",
                        size=MANIM_SMALL_MATH)
            row[0].set_color(text_tint(f"theta{which}"))
            row[1].set_color(text_tint(f"theta{which}"))
            row.set_y(ROW_Y[which] - WORKED_DROP).to_edge(LEFT, buff=0.6)
            rows.append(row)
        heading.to_edge(DOWN, buff=0.3).to_edge(LEFT, buff=0.6)
        self.show(FadeIn(heading), FadeIn(rows[0], shift=UP * 0.2))
        self.show(FadeIn(rows[1], shift=UP * 0.2))
        self.worked = VGroup(*rows)
        self.worked_gradient = grad
