import numpy as np
import pytest

from gdsim.curves import CURVES, get_curve
from gdsim.descent import StopRule
from gdsim.kinds.curve import CurveSpec
from gdsim.simulate import simulate
from gdsim.types import OptimizerSpec


@pytest.mark.parametrize("name", sorted(CURVES))
def test_derivative_matches_finite_differences_and_minimum(name):
    curve = CURVES[name]
    w = np.linspace(*curve.bounds, 41)[:, None]
    h = 1e-6
    numeric = (curve.value(w + h) - curve.value(w - h)) / (2 * h)
    np.testing.assert_allclose(curve.grad(w)[:, 0], numeric, rtol=1e-6, atol=1e-7)
    assert curve.grad(np.array([[curve.minimum]]))[0, 0] == pytest.approx(0, abs=1e-12)
    assert np.all(curve.value(w) >= curve.value(np.array([[curve.minimum]]))[0])


def walk(eta, start=4.0, steps=60, bound=1e3):
    return simulate(CurveSpec("parabola", start, OptimizerSpec("gd", eta), StopRule(steps, 1e-10, 1, bound, 1)))


def test_each_step_is_w_minus_eta_times_slope():
    trace = walk(0.45)
    np.testing.assert_allclose(trace.w[1:], trace.w[:-1] - 0.45 * trace.slope[:-1])
    np.testing.assert_allclose(trace.slope, get_curve("parabola").grad(trace.w[:, None])[:, 0])


@pytest.mark.parametrize("eta, status", [(0.45, "converged"), (1.8, "converged"), (2.3, "diverged"), (0.001, "max_steps")])
def test_step_size_decides_the_fate(eta, status):
    # On L = ½w² one step maps w to (1 − η)·w: creep, bounce in, or bounce out.
    trace = walk(eta, bound=50.0)
    assert trace.status == status
    assert np.isfinite(trace.w).all() and np.abs(trace.w).max() <= 50.0
    if eta == 1.8:
        assert np.all(np.sign(trace.w[1:6]) != np.sign(trace.w[:5]))  # it overshoots every step


def test_unknown_curve_is_named():
    with pytest.raises(ValueError, match="curve must be one of"):
        get_curve("cliff")
