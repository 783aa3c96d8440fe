"""GradientDerivation: the chain rule for ∂L/∂θ1 and ∂L/∂θ0, step by step.

Storyboard: the model and the loss; ∂L/∂θ1 through ŷ, factor by factor; the same
for ∂L/∂θ0, where ∂ŷ/∂θ0 = 1; the two update rules; and the first step of the
regression trace worked with its own numbers.  The chain for θ0 runs through
ŷ: ∂L/∂ŷ · ∂ŷ/∂θ0 = −(y − ŷ)·1, not ∂L/∂θ0 · ∂L/∂θ1.
"""

if "snakemake" in globals():  # under Snakemake, stderr goes to the log before anything can fail
    from gdmedia.runner import log_to

    log_to(snakemake.log[0])  # noqa: F821

from manim import DOWN, LEFT, RIGHT, UP, FadeIn, Scene, TransformMatchingTex, VGroup, Write  # noqa: E402

from gdmedia.scene_kit import TracedScene, label, maths  # noqa: E402
from gdmedia.options import SceneOptions  # noqa: E402
from gdmedia.scene_render import render_scene  # noqa: E402
from gdsim.simulate import RegressionTrace  # noqa: E402

DL_DYHAT = r"\frac{\partial L}{\partial \hat y}"
RESIDUAL = r"-(y - \hat y)"

# Each derivative as the chain it is rewritten through, one factor at a time.
CHAINS = {
    "1": [
        [r"\frac{\partial L}{\partial \theta_1}", "=", DL_DYHAT, r"\cdot", r"\frac{\partial \hat y}{\partial \theta_1}"],
        [r"\frac{\partial L}{\partial \theta_1}", "=", RESIDUAL, r"\cdot", r"\frac{\partial \hat y}{\partial \theta_1}"],
        [r"\frac{\partial L}{\partial \theta_1}", "=", RESIDUAL, r"\cdot", "x"],
    ],
    "0": [
        [r"\frac{\partial L}{\partial \theta_0}", "=", DL_DYHAT, r"\cdot", r"\frac{\partial \hat y}{\partial \theta_0}"],
        [r"\frac{\partial L}{\partial \theta_0}", "=", RESIDUAL, r"\cdot", r"\frac{\partial \hat y}{\partial \theta_0}"],
        [r"\frac{\partial L}{\partial \theta_0}", "=", RESIDUAL, r"\cdot", "1"],
    ],
}
# Of each beat, the share spent moving; the rest holds still so the line can be read.
MOVING_SHARE = 0.3
UPDATES = [
    [r"\theta_0", r"\leftarrow", r"\theta_0", r"-\,\eta", r"\frac{\partial L}{\partial \theta_0}"],
    [r"\theta_1", r"\leftarrow", r"\theta_1", r"-\,\eta", r"\frac{\partial L}{\partial \theta_1}"],
]


class GradientDerivation(TracedScene, Scene):
    script = "gradient_derivation"

    def construct(self):
        self.paint_background()
        self.beat = self.options.seconds / 12  # the derivation has twelve beats
        self.state_the_model()
        theta1 = self.derive("1", "by the chain rule, through ŷ")
        theta0 = self.derive("0", "the same chain; ∂ŷ/∂θ0 = 1")
        self.write_updates(VGroup(theta1, theta0))
        self.work_first_step()
        self.wait(self.options.hold_s)

    def show(self, *animations, beats: float = 1.0):
        """One beat: the change takes its first part, and the rest is still, to read the result."""
        self.play(*animations, run_time=beats * self.beat * MOVING_SHARE)
        self.wait(beats * self.beat * (1 - MOVING_SHARE))

    def state_the_model(self):
        model = maths(r"\hat y = \theta_0 + \theta_1 x", r"\qquad", r"L = \tfrac{1}{2}(y - \hat y)^2", size=40)
        model.to_edge(UP, buff=0.4)
        inner = maths(DL_DYHAT, "=", RESIDUAL, size=36).next_to(model, DOWN, buff=0.35)
        self.show(Write(model))
        self.show(FadeIn(inner))
        self.anchor = inner

    def derive(self, which: str, why: str):
        lines = [maths(*parts, size=40) for parts in CHAINS[which]]
        place = self.anchor.get_bottom() + DOWN * (1.0 if which == "1" else 2.9)
        for line in lines:
            line.move_to(place).to_edge(LEFT, buff=0.8)
        note = label(why, 22).next_to(lines[0], DOWN, buff=0.15, aligned_edge=LEFT)
        self.show(Write(lines[0]), FadeIn(note))
        for before, after in zip(lines, lines[1:]):
            self.show(TransformMatchingTex(before, after))
        self.show(note.animate.set_opacity(0), beats=0.5)
        return lines[-1]

    def write_updates(self, derivatives):
        rules = VGroup(*[maths(*parts, size=40) for parts in UPDATES]).arrange(DOWN, aligned_edge=LEFT, buff=0.6)
        rules.next_to(derivatives, RIGHT, buff=2.4)
        heading = label("so each step updates", 22).next_to(rules, UP, buff=0.3)
        self.show(FadeIn(heading), Write(rules), beats=1.5)
        self.rules = rules

    def work_first_step(self):
        t = self.trace
        before, after = t.theta[0], t.theta[1]
        grad = (before - after) / t.learning_rate  # θ_1 = θ_0 − η∇L, so ∇L = (θ_0 − θ_1)/η
        worked = maths(
            rf"\eta = {t.learning_rate:g}:\quad "
            rf"\theta_0: {before[0]:.3f} - {t.learning_rate:g}\cdot({grad[0]:.3f}) = {after[0]:.3f},\quad "
            rf"\theta_1: {before[1]:.3f} - {t.learning_rate:g}\cdot({grad[1]:.3f}) = {after[1]:.3f}",
            size=28,
        ).to_edge(DOWN, buff=0.45)
        self.show(FadeIn(worked, shift=UP * 0.2), beats=1.5)
        self.worked = worked


def render(trace: RegressionTrace, out_path, *, options: SceneOptions):
    """Write ``out_path`` (.mp4) and, beside it, the .gif and the .png poster; return the scene."""
    return render_scene(GradientDerivation, trace, out_path, options)


if "snakemake" in globals():
    from gdmedia.runner import run_scene

    run_scene(snakemake, render)  # noqa: F821
