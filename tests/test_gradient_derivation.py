import numpy as np
import pytest

from scenecheck import check_outputs, render_small, short_options, short_trace

pytestmark = pytest.mark.slow


def test_renders_the_chain_rule_and_the_traces_first_step(tmp_path, config):
    trace = short_trace(config, "linreg", max_steps=5)
    options = short_options(config, "gradient_derivation", seconds=3.0)
    mp4, scene = render_small("gradient_derivation", trace, tmp_path, options)
    check_outputs(mp4, scene, options)
    tex = scene.worked.get_tex_string()
    for value in (*trace.theta[0], *trace.theta[1]):
        assert f"{value:.3f}" in tex
    gradient = (trace.theta[0] - trace.theta[1]) / trace.learning_rate
    # The worked gradient is the true one: −mean(y − ŷ), −mean((y − ŷ)·x) at the start.
    residual = trace.y - (trace.theta[0, 0] + trace.theta[0, 1] * trace.x)
    np.testing.assert_allclose(gradient, [-residual.mean(), -(residual * trace.x).mean()], rtol=1e-9)


def test_theta0_chain_goes_through_y_hat():
    from conftest import load_script

    module = load_script("scenes/gradient_derivation.py")
    chain = module.CHAINS["0"]
    assert chain[0][2] == module.DL_DYHAT and "theta_0" in chain[0][4]
    assert chain[-1][2:] == [module.RESIDUAL, r"\cdot", "1"]
    assert chain[-1][2:4] == module.CHAINS["1"][-1][2:4]
