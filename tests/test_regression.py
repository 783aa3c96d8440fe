import numpy as np
import pytest

from gdsim import regression


@pytest.fixture
def data():
    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 3, 25)
    return x, 0.5 - 1.5 * x + 0.2 * rng.standard_normal(25)


def finite_difference(f, theta, h=1e-6):
    return np.array([(f(theta + h * e) - f(theta - h * e)) / (2 * h) for e in np.eye(2)])


@pytest.mark.parametrize("theta", [(0.0, 0.0), (1.3, -2.2), (-4.0, 5.0)])
def test_gradient_matches_finite_differences(data, theta):
    x, y = data
    theta = np.array(theta)
    numeric = finite_difference(lambda t: regression.loss(t, x, y), theta)
    np.testing.assert_allclose(regression.gradient(theta, x, y), numeric, rtol=1e-6, atol=1e-8)


def test_gradient_is_the_correct_chain_rule(data):
    # ∂L/∂θ0 = mean(−(y − ŷ)·1) and ∂L/∂θ1 = mean(−(y − ŷ)·x), written out by hand.
    x, y = data
    theta = np.array([0.7, 0.3])
    residual = y - (theta[0] + theta[1] * x)
    expected = np.array([np.mean(-residual), np.mean(-residual * x)])
    np.testing.assert_allclose(regression.gradient(theta, x, y), expected)


def test_loss_grid_equals_direct_loss(data):
    x, y = data
    t0, t1 = np.meshgrid(np.linspace(-2, 2, 7), np.linspace(-3, 1, 5))
    direct = regression.loss(np.stack([t0, t1], axis=-1), x, y)
    np.testing.assert_allclose(regression.loss_grid(t0, t1, x, y), direct, rtol=1e-12)


def test_least_squares_zeroes_the_gradient(data):
    x, y = data
    np.testing.assert_allclose(regression.gradient(regression.least_squares(x, y), x, y), 0, atol=1e-12)


def test_curvature_is_the_hessian_spectrum(data):
    x, _ = data
    low, high = regression.curvature(x)
    assert 0 < low < high
    hessian = np.array([[1, x.mean()], [x.mean(), (x * x).mean()]])
    np.testing.assert_allclose(sorted(np.linalg.eigvalsh(hessian)), [low, high])


@pytest.mark.parametrize("best", [0.024, 3.0, 1e-6])
def test_the_excess_loss_is_cut_only_at_its_round_off(best):
    from gdsim.regression import ROUND_OFF_ULPS, excess_loss

    level = ROUND_OFF_ULPS * np.spacing(best)
    loss = best + np.array([1.0, 1e-3, 1e-9, 100 * level, level / 2, 0.0, -level])
    above = excess_loss(loss, best)
    assert np.array_equal(above[:4], loss[:4] - best)  # every value above round-off, as it is
    assert np.array_equal(above[4:], np.full(3, level))  # round-off (and below) at its level, positive
