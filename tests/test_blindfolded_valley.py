import pytest

from scenecheck import check_outputs, render_small, short_options, short_trace

pytestmark = pytest.mark.slow


def test_walks_the_valley_then_overshoots(tmp_path, config):
    gentle = short_trace(config, "valley")
    steep = short_trace(config, "valley_overshoot")
    assert gentle.status == "converged" and steep.status == "diverged"
    options = short_options(config, "blindfolded_valley", frames=4)
    mp4, scene = render_small("blindfolded_valley", (gentle, steep), tmp_path, options)
    check_outputs(mp4, scene, options)
    # The walker ends where the overshooting trace's last step put it.
    assert scene.w.get_value() == pytest.approx(float(steep.w[min(len(steep.w) - 1, options.frames)]))
