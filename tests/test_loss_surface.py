import pytest

from conftest import check_still, load_script, options_for, sweep_traces

figure = load_script("figures/loss_surface.py")

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_still_is_written_at_its_size(tmp_path, config, linreg_trace, suffix):
    options = options_for(config, "loss_surface")
    trace = sweep_traces(config, config["media"]["loss_surface"]["simulation"]) if "loss_surface" == "lr_sweep" else linreg_trace
    out = tmp_path / f"loss_surface{suffix}"
    figure.render(trace, out, options=options)
    check_still(out, options)
    again = tmp_path / f"again{suffix}"
    figure.render(trace, again, options=options)
    assert again.read_bytes() == out.read_bytes()
