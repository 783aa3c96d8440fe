import numpy as np
import pytest

from scenecheck import full_trace, render_full

pytestmark = pytest.mark.slow


def test_walks_every_step_then_overshoots_with_live_numbers(config, scene_root):
    gentle, steep = full_trace(config, "blindfolded_valley")
    assert gentle.status == "converged" and steep.status == "diverged"
    _, scene, _ = render_full(config, "blindfolded_valley", scene_root)
    # The walker ends where the overshooting trace's last recorded step put it; the numbers say so.
    assert scene.w.get_value() == pytest.approx(float(steep.w[-1]))
    shown = {k: n.get_value() for k, n in scene.numbers.items()}
    assert shown["w"] == pytest.approx(steep.w[-1]) and shown["slope"] == pytest.approx(steep.slope[-1])
    # The step shown is the move itself, Δw = −η × slope: it has the sign of the walker's next move.
    assert shown["step"] == pytest.approx(-steep.learning_rate * steep.slope[-1])
    said = "".join(line.text for line in scene.outcome)
    assert f"step{len(steep.w) - 1})" in said, said  # the last step walked, the one the count shows


def test_says_bounced_out_only_when_the_walker_left_the_view(config, scene_root):
    _, scene, _ = render_full(config, "blindfolded_valley", scene_root)
    _, steep = full_trace(config, "blindfolded_valley")
    low, high = steep.bounds
    assert low <= steep.w[-1] <= high, "in this config the walker stays in view"
    said = "".join(line.text for line in scene.outcome)
    assert "bouncedout" not in said
    ratio = abs(steep.w[-1] / steep.w[-2])
    assert f"{ratio:.1f}×further" in said and "diverged" in said
    # Had it left the view, that is what it would say.
    left = steep._replace(w=np.append(steep.w[:-1], high * 1.2))
    told = "".join(line.text for line in type(scene)._outcome(scene, left, len(left.w) - 1))
    assert "bouncedout" in told


def test_the_first_walk_says_how_far_from_the_bottom_it_stopped(config, scene_root):
    # The stop rule ends it when the loss stops falling by more than its tolerance: near the bottom, not on it.
    from gdmedia.base.style import number

    gentle, _ = full_trace(config, "blindfolded_valley")
    _, scene, _ = render_full(config, "blindfolded_valley", scene_root)
    said = "".join(line.text for line in type(scene)._outcome(scene, gentle, len(gentle.w) - 1))
    away = number("distance", abs(float(gentle.w[-1]) - float(gentle.minimum)))
    assert f"stopped{away}fromthebottom" in said and "converged" not in said, said  # the words, spaces dropped
