import numpy as np
import pytest

from conftest import load_script, options_for
from gdmedia.style import basin_colour
from gifcheck import assert_plays_as_configured

gd_multi_modal = load_script("figures/gd_multi_modal.py")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def rendered(tmp_path_factory, config, multi_modal_trace):
    options = options_for(config, "gd_multi_modal")
    out = tmp_path_factory.mktemp("mm") / "gd_multi_modal.gif"
    gd_multi_modal.render(multi_modal_trace, out, options=options)
    return out, options


def test_gif_plays_as_configured(rendered):
    out, options = rendered
    assert_plays_as_configured(out, options, max_bytes=2_000_000)


def test_paths_are_coloured_by_the_minimum_they_reach(multi_modal_trace):
    colours = gd_multi_modal.path_colours(multi_modal_trace)
    ranks = gd_multi_modal.basin_ranks(multi_modal_trace)
    assert ranks[multi_modal_trace.global_minimum] == 0
    for colour, end in zip(colours, multi_modal_trace.end_minimum):
        assert colour == basin_colour(ranks[end] if end >= 0 else -1)
    assert len(set(colours)) >= 2


def test_last_frame_shows_each_basin_colour(rendered, multi_modal_trace):
    import imageio.v3 as iio

    out, _ = rendered
    last = iio.imread(out, index=None, mode="RGB")[-1].reshape(-1, 3).astype(int)
    for colour in set(gd_multi_modal.path_colours(multi_modal_trace)):
        rgb = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)])
        assert np.sum(np.abs(last - rgb).sum(axis=1) < 30) > 30, colour
