import numpy as np
import pytest

from scenecheck import check_outputs, render_small, short_options, short_trace

pytestmark = pytest.mark.slow


def test_balls_settle_where_the_paths_end(tmp_path, config):
    trace = short_trace(config, "multi_modal", max_steps=600)
    options = short_options(config, "multi_modal_descent", frames=10, seconds=1.0)
    mp4, scene = render_small("multi_modal_descent", trace, tmp_path, options)
    check_outputs(mp4, scene, options)
    assert mp4.with_suffix(".gif").stat().st_size < 2_000_000
