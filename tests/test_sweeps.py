import yaml

from gdmedia.workflow.settings.config import CONFIG, load_config
from gdmedia.workflow.settings.sweeps import is_sweep, members, trace_ids, traces_of


def test_a_list_expands_to_one_member_per_value(config):
    sweep = config["simulations"]["lr_regimes"]
    expanded = members(sweep)
    rates = sweep["optimizer"]["learning_rate"]
    assert list(expanded) == [f"lr-{r:g}" for r in rates]
    assert [m["optimizer"]["learning_rate"] for m in expanded.values()] == rates
    assert all(m["regression"] == sweep["regression"] for m in expanded.values())
    assert is_sweep(sweep) and not is_sweep(config["simulations"]["linreg"])


def test_trace_ids_name_each_member(config):
    ids = trace_ids(config)
    assert "linreg" in ids and "lr_regimes/lr-0.4" in ids and "lr_regimes" not in ids
    assert traces_of(config, "lr_regimes")[0] == "lr_regimes/lr-0.02"


def test_several_lists_give_every_combination():
    sim = {"optimizer": [{"name": "gd", "learning_rate": [0.1, 0.2]}, {"name": "adam", "learning_rate": 0.01}],
           "start": {"seed": [1, 2]}, "surface": {"name": "rosenbrock"}}
    assert list(members(sim)) == [
        "opt-gd_lr-0.1_seed-1", "opt-gd_lr-0.1_seed-2", "opt-gd_lr-0.2_seed-1", "opt-gd_lr-0.2_seed-2",
        "opt-adam_seed-1", "opt-adam_seed-2",
    ]


def test_sweep_lists_are_validated(tmp_path):
    import pytest

    from gdmedia.workflow.settings.config import ConfigError

    raw = yaml.safe_load(CONFIG.read_text())
    raw["simulations"]["lr_regimes"]["optimizer"]["learning_rate"] = [0.1, -1.0]
    path = tmp_path / "c.yaml"
    path.write_text(yaml.safe_dump(raw))
    with pytest.raises(ConfigError, match=r"learning_rate\[1\]: -1.0 is less than or equal to the minimum of 0"):
        load_config(path)
    raw["simulations"]["lr_regimes"]["optimizer"]["learning_rate"] = 0.5  # no longer a sweep
    path.write_text(yaml.safe_dump(raw))
    with pytest.raises(ConfigError, match="lr_comparison' draws a sweep"):
        load_config(path)
