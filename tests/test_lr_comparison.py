import pytest

from conftest import load_script, options_for
from gdmedia.config import simulation_spec
from gdmedia.sweeps import members
from gdsim.simulate import simulate
from gifcheck import assert_plays_as_configured

lr_comparison = load_script("figures/lr_comparison.py")

pytestmark = pytest.mark.slow


def test_four_panels_titled_with_their_fate(tmp_path, config):
    traces = [simulate(simulation_spec(m)) for m in members(config["simulations"]["lr_regimes"]).values()]
    titles = [lr_comparison.fate(t) for t in traces]
    assert "too small" in titles[0] and "good" in titles[1] and "zig-zags" in titles[2]
    assert f"diverged at step {traces[3].stop_step}" in titles[3]
    options = options_for(config, "lr_comparison")
    out = tmp_path / "lr_comparison.gif"
    lr_comparison.render(traces, out, options=options)
    assert_plays_as_configured(out, options, max_bytes=1_000_000)
