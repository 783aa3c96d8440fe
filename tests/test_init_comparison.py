import pytest

from conftest import load_script, options_for, sweep_traces
from gifcheck import assert_plays_as_configured

figure = load_script("figures/init_comparison.py")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def traces(config):
    return sweep_traces(config, "init_starts")


def test_gif_plays_as_configured(tmp_path, config, traces):
    options = options_for(config, "init_comparison")
    out = tmp_path / "init_comparison.gif"
    figure.render(traces, out, options=options)
    assert_plays_as_configured(out, options, max_bytes=1_000_000)


def test_informed_starts_arrive_sooner(traces):
    informed = [figure.arrival(t) for t in traces if t.informed]
    random = [figure.arrival(t) for t in traces if not t.informed]
    assert len(informed) == len(random) == 4
    assert sum(informed) < sum(random)
