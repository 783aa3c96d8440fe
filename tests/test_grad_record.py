"""Traces keep, per recorded row, the gradient the optimizer was given at that row's θ."""

import numpy as np
import pytest

from gdsim import regression
from gdsim.curves import get_curve
from gdsim.descent import StopRule, descend
from gdsim.optimizers import gd, momentum
from gdsim.kinds.curve import CurveSpec
from gdsim.kinds.regression import BatchSpec, fit
from gdsim.kinds.surface import SurfaceSpec
from gdsim.simulate import simulate
from gdsim.types import OptimizerSpec, StartSpec
from gdsim.surfaces import get_surface

EVERY = StopRule(max_steps=200, tolerance=0.0, patience=3, bound=1e6, record_every=1)


def bowl(c=(1.0, 4.0)):
    """f(p) = ½(c0·x² + c1·y²), ∇f = (c0·x, c1·y)."""
    c = np.array(c)
    return (lambda p: 0.5 * (c * p**2).sum(-1)), (lambda p: c * p)


def test_full_batch_gd_records_the_analytic_gradient_and_it_takes_the_next_step():
    value, grad = bowl()
    run = descend(value, grad, np.array([[1.0, -2.0], [3.0, 0.5]]), gd(0.1), EVERY)
    assert run.grads.shape == run.params.shape
    np.testing.assert_allclose(run.grads, np.array([1.0, 4.0]) * run.params)
    # Plain GD: θ_{k+1} = θ_k − η·g_k for every recorded row but the last.
    np.testing.assert_allclose(run.params[:, 1:], run.params[:, :-1] - 0.1 * run.grads[:, :-1])


def test_momentum_grad_is_the_gradient_not_the_step():
    value, grad = bowl()
    run = descend(value, grad, np.array([[1.0, -2.0]]), momentum(0.1, 0.9), EVERY)
    np.testing.assert_allclose(run.grads, np.array([1.0, 4.0]) * run.params)
    step_as_grad = (run.params[:, :-1] - run.params[:, 1:]) / 0.1
    # The first step from rest equals the gradient (v₁ = g₀); later ones carry velocity.
    np.testing.assert_allclose(step_as_grad[:, 0], run.grads[:, 0])
    assert not np.allclose(step_as_grad[:, 1:], run.grads[:, 1:-1])


def test_sparse_recording_keeps_the_gradient_of_each_kept_row_and_the_last():
    value, grad = bowl()
    rule = StopRule(max_steps=1000, tolerance=1e-14, patience=3, bound=1e6, record_every=7)
    run = descend(value, grad, np.array([[1.0, -2.0]]), gd(0.05), rule)
    assert run.steps[-1] % 7 != 0  # the last row is off the grid and still has its gradient
    np.testing.assert_allclose(run.grads, np.array([1.0, 4.0]) * run.params)


def test_grad_is_called_once_per_step():
    value, grad = bowl()
    calls = []
    counted = lambda p: calls.append(1) or grad(p)  # noqa: E731
    run = descend(value, counted, np.array([[1.0, -2.0]]), gd(0.01),
                  StopRule(max_steps=50, tolerance=0.0, patience=3, bound=1e6, record_every=10))
    assert run.steps[-1] == 50
    assert len(calls) == 50 + 1  # one per step, and one for the last row after the loop


def test_regression_trace_grad_full_batch_is_the_analytic_gradient(config):
    from gdmedia.workflow.settings.config import simulation_spec

    trace = simulate(simulation_spec(config["simulations"]["linreg"]))
    assert trace.grad.shape == trace.theta.shape
    np.testing.assert_allclose(trace.grad, regression.gradient(trace.theta, trace.x, trace.y), rtol=1e-12)


@pytest.mark.parametrize("mode", ["stochastic", "minibatch"])
def test_stochastic_grad_is_the_batch_gradient_that_took_the_step(mode):
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 2, 40)
    y = 1.0 + 2.0 * x + rng.normal(0, 0.1, 40)
    trace = fit(x, y, np.array([[0.0, 0.0]]), BatchSpec(mode, 8, 3), OptimizerSpec("gd", 0.05),
                StopRule(max_steps=60, tolerance=0.0, patience=3, bound=1e6, record_every=1))
    np.testing.assert_allclose(trace.theta[1:], trace.theta[:-1] - 0.05 * trace.grad[:-1])
    # A batch gradient, not the full one.
    assert not np.allclose(trace.grad, regression.gradient(trace.theta, x, y))


def test_surface_and_curve_traces_carry_grad():
    stop = StopRule(max_steps=100, tolerance=1e-12, patience=3, bound=1e6, record_every=3)
    surface = simulate(SurfaceSpec("himmelblau", StartSpec(None, 5, None, 1), OptimizerSpec("gd", 0.01), stop))
    assert surface.grad.shape == surface.paths.shape
    np.testing.assert_allclose(surface.grad, get_surface("himmelblau").grad(surface.paths))
    curve = simulate(CurveSpec("soft_valley", 3.0, OptimizerSpec("gd", 0.3), stop))
    assert curve.grad.shape == curve.w.shape
    np.testing.assert_allclose(curve.grad, get_curve("soft_valley").grad(curve.w[:, None])[:, 0])
