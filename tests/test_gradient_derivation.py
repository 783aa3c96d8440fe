import types

import numpy as np
import pytest

from scenecheck import full_trace, render_full


@pytest.mark.slow
def test_each_derivative_pairs_with_its_own_update_and_the_first_step_is_the_traces(config, scene_root):
    _, scene, _ = render_full(config, "gradient_derivation", scene_root)
    trace = full_trace(config, "gradient_derivation")
    for which in "01":
        rule = scene.rules[which].get_tex_string()
        assert rf"\theta_{which} \leftarrow \theta_{which}" in rule and rf"\partial \theta_{which}" in rule
        assert scene.rules[which].get_y() == pytest.approx(scene.lines[which].get_y(), abs=0.3)  # on its row
    residual = trace.y - (trace.theta[0, 0] + trace.theta[0, 1] * trace.x)
    # The worked gradient is the mean over the samples at the start: −mean(y − ŷ), −mean((y − ŷ)·x).
    np.testing.assert_allclose(scene.worked_gradient, [-residual.mean(), -(residual * trace.x).mean()], rtol=1e-9)
    for which, row in zip("01", scene.worked):
        tex = row.get_tex_string()
        index = int(which)
        assert f"{scene.worked_gradient[index]:.3f}" in tex
        assert f"{trace.theta[0, index]:.3f}" in tex and f"{trace.theta[1, index]:.3f}" in tex


@pytest.mark.slow
def test_the_loss_is_the_mean_of_the_per_sample_losses(config, scene_root):
    _, scene, _ = render_full(config, "gradient_derivation", scene_root)
    texts = " ".join(getattr(m, "tex_string", "") or getattr(m, "text", "") for m in scene.shown)
    assert r"\tfrac{1}{N}" in texts and "L_i" in texts and "N=40samples" in texts


def test_the_gradient_comes_from_the_trace_when_it_stores_one(linreg_trace):
    from gdmedia.scene_kit.kit import recorded_gradient

    stored = np.array([[7.0, -8.0]] * len(linreg_trace.step))
    np.testing.assert_array_equal(recorded_gradient(linreg_trace._replace(grad=stored), 0), [7.0, -8.0])
    # The trace's own record is the mean gradient at the recorded θ.
    t = linreg_trace
    residual = t.y - (t.theta[5, 0] + t.theta[5, 1] * t.x)
    np.testing.assert_allclose(recorded_gradient(t, 5), [-residual.mean(), -(residual * t.x).mean()], rtol=1e-9)
    # A trace saved before the field existed: the closed form for full batch, refused for other batch modes.
    old = {k: v for k, v in t._asdict().items() if k != "grad"}
    np.testing.assert_allclose(recorded_gradient(types.SimpleNamespace(**old), 5), recorded_gradient(t, 5), rtol=1e-9)
    with pytest.raises(ValueError, match="stored gradient"):
        recorded_gradient(types.SimpleNamespace(**{**old, "batch_mode": "stochastic"}), 0)


def test_theta0_chain_goes_through_y_hat():
    from conftest import load_script

    module = load_script("scenes/gradient_derivation.py")
    chain = module.CHAINS["0"]
    assert chain[0][2] == module.DL_DYHAT and "theta_0" in chain[0][4]
    assert chain[2][2:] == [module.RESIDUAL, r"\cdot", "1"]
    assert chain[2][2:4] == module.CHAINS["1"][2][2:4]
    assert chain[-1][0] == module.partial("0") and module.MEAN in chain[-1]  # the mean over the samples
    assert module.UPDATES["0"][-1] == module.partial("0") and module.UPDATES["1"][-1] == module.partial("1")
