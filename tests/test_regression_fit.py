import numpy as np
import pytest

from scenecheck import check_outputs, render_small, short_options, short_trace

pytestmark = pytest.mark.slow


def test_renders_and_shows_the_traces_last_theta(tmp_path, config):
    trace = short_trace(config, "linreg", max_steps=40)
    options = short_options(config, "regression_fit", frames=20)
    mp4, scene = render_small("regression_fit", trace, tmp_path, options)
    check_outputs(mp4, scene, options)
    # The live numbers on screen at the end are the trace's last θ and loss, as rounded for display.
    shown = {k: number.get_value() for k, number in scene.numbers.items()}
    np.testing.assert_allclose([shown["theta0"], shown["theta1"]], trace.theta[-1])
    np.testing.assert_allclose(shown["loss"], trace.loss[-1])
    assert scene.numbers["theta0"].num_decimal_places == 3
