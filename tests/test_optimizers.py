import numpy as np
import pytest

from gdsim.optimizers import OPTIMIZERS, gd, make_optimizer


def test_gd_step_is_minus_eta_times_gradient():
    opt = gd(0.25)
    params = np.array([[1.0, -2.0]])
    grads = np.array([[4.0, 8.0]])
    state = opt.init(params)
    step, new_state = opt.update(grads, state, params)
    np.testing.assert_array_equal(params + step, [[0.0, -4.0]])
    assert new_state == state


@pytest.mark.parametrize("bad", [0, -0.1, float("nan"), float("inf"), "0.1", None, True])
def test_bad_learning_rate_is_named(bad):
    with pytest.raises(ValueError, match="learning_rate"):
        gd(bad)


def test_registry():
    assert "gd" in OPTIMIZERS
    with pytest.raises(ValueError, match="optimizer must be one of"):
        make_optimizer("sgd-with-magic", 0.1)


def run_steps(opt, grads_seq, params):
    state = opt.init(params)
    for grads in grads_seq:
        step, state = opt.update(grads, state, params)
        params = params + step
    return params


def test_momentum_two_steps_by_hand():
    # v1 = g1 = 1;  θ1 = 0 − 0.1·1 = −0.1.  v2 = 0.5·1 + 2 = 2.5;  θ2 = −0.1 − 0.1·2.5 = −0.35.
    out = run_steps(make_optimizer("momentum", 0.1, momentum=0.5), [np.array([[1.0]]), np.array([[2.0]])], np.zeros((1, 1)))
    np.testing.assert_allclose(out, [[-0.35]])


def test_nesterov_two_steps_by_hand():
    # v1 = 1;  θ1 = −0.1·(1 + 0.5·1) = −0.15.  v2 = 0.5 + 2 = 2.5;  θ2 = −0.15 − 0.1·(2 + 1.25) = −0.475.
    out = run_steps(make_optimizer("nesterov", 0.1, momentum=0.5), [np.array([[1.0]]), np.array([[2.0]])], np.zeros((1, 1)))
    np.testing.assert_allclose(out, [[-0.475]])


def test_rmsprop_one_step_by_hand():
    # s = 0.1·4 = 0.4;  θ = 1 − 0.01·2/(√0.4 + 1e-8).
    out = run_steps(make_optimizer("rmsprop", 0.01, decay=0.9, eps=1e-8), [np.array([[2.0]])], np.ones((1, 1)))
    np.testing.assert_allclose(out, [[1 - 0.01 * 2 / (np.sqrt(0.4) + 1e-8)]])


def test_adam_first_step_is_eta_times_sign():
    # t = 1: m̂ = g, v̂ = g², so the step is −η·g/(|g| + ε) ≈ −η·sign(g) whatever |g| is.
    out = run_steps(make_optimizer("adam", 0.1, beta1=0.9, beta2=0.999, eps=1e-8),
                    [np.array([[3.0, -0.02]])], np.zeros((1, 2)))
    np.testing.assert_allclose(out, [[-0.1 * 3 / (3 + 1e-8), 0.1 * 0.02 / (0.02 + 1e-8)]])


HYPER = {"momentum": 0.9, "decay": 0.9, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}
# Per problem and optimizer: a learning rate that suits it, and the step budget.
PARABOLA = {"gd": 0.1, "momentum": 0.05, "nesterov": 0.05, "rmsprop": 0.001, "adam": 0.05}
ROSENBROCK = {"gd": 1e-3, "momentum": 2e-4, "nesterov": 2e-4, "rmsprop": 1e-3, "adam": 2e-2}


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_every_optimizer_finds_the_parabola_minimum(name):
    from gdsim.descent import StopRule, descend

    value = lambda p: 0.5 * (p**2 * [1.0, 4.0]).sum(-1)  # noqa: E731
    grad = lambda p: p * [1.0, 4.0]  # noqa: E731
    run = descend(value, grad, np.array([[2.0, -1.5]]), make_optimizer(name, PARABOLA[name], **HYPER),
                  StopRule(20000, 1e-16, 20, 1e6, 1000))
    np.testing.assert_allclose(run.params[0, -1], [0, 0], atol=1e-3)


@pytest.mark.slow  # up to 200,000 steps for plain GD in the curved valley
@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_every_optimizer_finds_the_rosenbrock_minimum(name):
    from gdsim.descent import StopRule, descend
    from gdsim.surfaces import get_surface

    surface = get_surface("rosenbrock")
    run = descend(surface.value, surface.grad, np.array([[-1.2, 1.0]]), make_optimizer(name, ROSENBROCK[name], **HYPER),
                  StopRule(200000, 1e-18, 50, 1e6, 10000))
    assert run.status[0] != "diverged"
    np.testing.assert_allclose(run.params[0, -1], [1, 1], atol=2e-2)


@pytest.mark.parametrize("field, value", [("momentum", 1.0), ("decay", -0.1), ("beta1", 1.5), ("eps", 0.0)])
def test_bad_hyper_parameters_are_named(field, value):
    name = {"momentum": "momentum", "decay": "rmsprop", "beta1": "adam", "eps": "adam"}[field]
    with pytest.raises(ValueError, match=field):
        make_optimizer(name, 0.1, **{**HYPER, field: value})
