import numpy as np
import pytest

from conftest import load_script
from gdsim.regression import ROUND_OFF_ULPS, excess_loss
from scenecheck import full_trace, render_full

slow = pytest.mark.slow


@pytest.fixture(scope="module")
def scene_module():
    return load_script("scenes/regression_fit.py")


def test_the_step_arrow_is_eta_times_the_recorded_gradient_and_lands_on_the_next_row(config, scene_module):
    """Drawn from the trace's grad, the step −η∇L ends where plain GD's next recorded θ is."""
    t = full_trace(config, "regression_fit")
    assert t.optimizer == "gd" and t.batch_mode == "full"
    for row in (0, 1, 5, 40):
        start, gradient_tip = scene_module.arrow_ends(t.theta[row], t.grad[row], t.learning_rate, "gradient")
        _, step_tip = scene_module.arrow_ends(t.theta[row], t.grad[row], t.learning_rate, "step")
        np.testing.assert_allclose(start, t.theta[row])
        np.testing.assert_allclose(gradient_tip - start, -t.grad[row])
        np.testing.assert_allclose(step_tip, t.theta[row + 1], rtol=1e-9, atol=1e-12)


def test_level_lines_are_level_sets_of_the_loss_nested_around_least_squares(config, scene_module):
    from gdsim.regression import loss

    t = full_trace(config, "regression_fit")
    rings = scene_module.level_lines(t.x, np.asarray(t.lstsq), t.theta[0], 4, 0.25)
    floor = loss(t.lstsq, t.x, t.y)
    first = loss(t.theta[0], t.x, t.y) - floor
    for k, ring in enumerate(rings):
        np.testing.assert_allclose(loss(ring, t.x, t.y) - floor, first * 0.25**k, rtol=1e-8)


@slow
def test_residuals_join_each_sample_to_the_line_shown(config, scene_root):
    _, scene, _ = render_full(config, "regression_fit", scene_root)
    t = full_trace(config, "regression_fit")
    theta = t.theta[len(t.step) - 1]
    residuals = scene.residuals.get_subpaths()
    assert len(residuals) == len(t.x)
    ends = np.array([[scene.axes.p2c(path[0]), scene.axes.p2c(path[-1])] for path in residuals])
    np.testing.assert_allclose(ends[:, 0, 1], t.y, atol=1e-6)
    np.testing.assert_allclose(ends[:, 1, 1], theta[0] + theta[1] * t.x, atol=1e-6)


@slow
def test_live_numbers_end_on_the_traces_last_row(config, scene_root):
    from gdmedia.scene_kit.kit import recorded_gradient

    _, scene, _ = render_full(config, "regression_fit", scene_root)
    trace = full_trace(config, "regression_fit")
    last = len(trace.step) - 1
    expected = {"theta0": trace.theta[last, 0], "theta1": trace.theta[last, 1], "loss": trace.loss[last],
                **dict(zip(("grad0", "grad1"), recorded_gradient(trace, last)))}
    for key, number in scene.numbers.items():  # what is on screen is the last row, as rounded for display
        assert number._get_num_string(number.get_value()) == number._get_num_string(expected[key]), key
    assert scene.numbers["theta0"].num_decimal_places == scene.numbers["grad0"].num_decimal_places == 3


@slow
def test_gradient_shown_is_the_mean_gradient_at_each_row_not_a_difference_of_theta(config, scene_root):
    _, scene, _ = render_full(config, "regression_fit", scene_root)
    t = full_trace(config, "regression_fit")
    residual = t.y - (t.theta[:, :1] + t.theta[:, 1:] * t.x)
    np.testing.assert_allclose(scene.grad, np.stack([-residual.mean(1), -(residual * t.x).mean(1)], 1), rtol=1e-9)


@slow
def test_loss_above_least_squares_is_drawn_on_a_log_axis_spanning_its_decades(config, scene_root, scene_module):
    from manim import Axes, LogBase

    from gdsim.regression import loss

    _, scene, _ = render_full(config, "regression_fit", scene_root)
    t = full_trace(config, "regression_fit")
    best = loss(t.lstsq, t.x, t.y)
    above = excess_loss(t.loss, best)  # what the scene draws (loss_plot)
    # Every value above round-off is drawn as it is: the curve never runs flat along a typed floor.
    real = t.loss - best > ROUND_OFF_ULPS * np.spacing(best)
    np.testing.assert_array_equal(above[real], (t.loss - best)[real])
    log_axes = [m for m in scene.shown if isinstance(m, Axes) and isinstance(m.y_axis.scaling, LogBase)]
    assert log_axes == [scene.loss_axes]
    low, high = log_axes[0].y_range[:2]
    assert 10**low <= above.min() and above.max() <= 10**high and high - low >= 2


@slow
def test_the_arrows_are_taught_before_the_descent_and_follow_it(config, scene_root):
    """Both arrows are fully grown, and at the last row they sit at θ with the trace's last gradient."""
    _, scene, _ = render_full(config, "regression_fit", scene_root)
    assert {k: v.get_value() for k, v in scene.grown.items()} == {"gradient": 1.0, "step": 1.0}
    assert scene.at.get_value() == len(scene.trace.step) - 1


def test_level_lines_are_cut_at_the_planes_edge(scene_module):
    turn = np.linspace(0, 2 * np.pi, 73)
    ring = np.stack([1.8 * np.cos(turn), 1.8 * np.sin(turn)], 1)  # radius 1.8 around 0, square half-side 1.5
    pieces = scene_module.inside_square(ring, np.zeros(2), 1.5)
    assert len(pieces) == 4 and all(np.all(np.abs(p) <= 1.5) for p in pieces)
    assert sum(len(p) for p in pieces) == int(np.sum(np.all(np.abs(ring) <= 1.5, axis=1)))
    assert len(scene_module.inside_square(ring * 0.5, np.zeros(2), 1.5)) == 1
