import pytest

from conftest import load_script, options_for, sweep_traces
from gifcheck import assert_plays_as_configured

figure = load_script("figures/batch_modes.py")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def traces(config):
    return sweep_traces(config, "batch_modes")


def test_gif_plays_as_configured(tmp_path, config, traces):
    options = options_for(config, "batch_modes")
    out = tmp_path / "batch_modes.gif"
    figure.render(traces, out, options=options)
    assert_plays_as_configured(out, options, max_bytes=1_000_000)


def test_one_path_per_mode_all_seeded(traces):
    assert [t.batch_mode for t in traces] == ["full", "stochastic", "minibatch"]
    full, stochastic, _ = traces
    # The full batch descends monotonically; one sample at a time does not.
    assert (full.loss[1:] <= full.loss[:-1] + 1e-15).all()
    assert (stochastic.loss[1:] > stochastic.loss[:-1]).any()
