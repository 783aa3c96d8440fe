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
        make_optimizer("sgd-with-magic", learning_rate=0.1)
