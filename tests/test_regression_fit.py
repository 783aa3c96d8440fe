import numpy as np
import pytest

from scenecheck import full_trace, render_full

pytestmark = pytest.mark.slow


def test_live_numbers_end_on_the_traces_last_row(config, scene_root):
    from gdmedia.scene_kit import recorded_gradient

    _, scene, _ = render_full(config, "regression_fit", scene_root)
    trace = full_trace(config, "regression_fit")
    last = len(trace.step) - 1
    expected = {"theta0": trace.theta[last, 0], "theta1": trace.theta[last, 1], "loss": trace.loss[last],
                **dict(zip(("grad0", "grad1"), recorded_gradient(trace, last)))}
    for key, number in scene.numbers.items():  # what is on screen is the last row, as rounded for display
        assert number._get_num_string(number.get_value()) == number._get_num_string(expected[key]), key
    assert scene.numbers["theta0"].num_decimal_places == scene.numbers["grad0"].num_decimal_places == 3


def test_gradient_shown_is_the_mean_gradient_at_each_row_not_a_difference_of_theta(config, scene_root):
    _, scene, _ = render_full(config, "regression_fit", scene_root)
    t = full_trace(config, "regression_fit")
    residual = t.y - (t.theta[:, :1] + t.theta[:, 1:] * t.x)
    np.testing.assert_allclose(scene.grad, np.stack([-residual.mean(1), -(residual * t.x).mean(1)], 1), rtol=1e-9)


def test_loss_is_drawn_on_a_log_axis_spanning_the_traces_decades(config, scene_root):
    from manim import Axes, LogBase

    _, scene, _ = render_full(config, "regression_fit", scene_root)
    t = full_trace(config, "regression_fit")
    log_axes = [m for m in scene.shown if isinstance(m, Axes) and isinstance(m.y_axis.scaling, LogBase)]
    assert len(log_axes) == 1
    low, high = log_axes[0].y_range[:2]
    assert 10**low <= t.loss.min() and t.loss.max() <= 10**high and high - low >= 2
