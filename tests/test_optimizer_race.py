import pytest

from conftest import load_script, options_for, sweep_traces
from gifcheck import assert_plays_as_configured

figure = load_script("figures/optimizer_race.py")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def traces(config):
    return sweep_traces(config, "optimizer_race")


def test_gif_plays_as_configured(tmp_path, config, traces):
    options = options_for(config, "optimizer_race")
    out = tmp_path / "optimizer_race.gif"
    figure.render(traces, out, options=options)
    assert_plays_as_configured(out, options, max_bytes=1_000_000)


def test_every_optimizer_races_from_the_same_start(traces):
    assert [t.optimizer for t in traces] == ["gd", "momentum", "nesterov", "rmsprop", "adam"]
    starts = {tuple(t.paths[0, 0]) for t in traces}
    assert len(starts) == 1
    final = {t.optimizer: t.values[0, -1] for t in traces}
    assert final["adam"] < final["gd"]  # the adaptive step wins this valley
    assert "Adam (η = 0.02" in figure.legend_name(traces[-1])
