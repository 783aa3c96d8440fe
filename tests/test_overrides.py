"""One value for one run: `--config set=PATH=VALUE`, and command-line text typed by the schema."""

import copy

import pytest

from gdmedia.config import ConfigError, check_config
from gdmedia.overrides import apply_overrides, assignments


def test_assignments_split_on_commas_that_start_a_new_path():
    found = assignments("simulations.linreg.optimizer.learning_rate=0.5, media.lr_gd.fps=20,"
                        "simulations.linreg.start.box=[[0, 1], [2, 3]]")
    assert found == [(["simulations", "linreg", "optimizer", "learning_rate"], "0.5"),
                     (["media", "lr_gd", "fps"], "20"),
                     (["simulations", "linreg", "start", "box"], "[[0, 1], [2, 3]]")]
    assert assignments(["a.b=1", "c=x"]) == [(["a", "b"], "1"), (["c"], "x")]


def test_set_changes_one_value_typed_by_the_schema(config):
    changed = copy.deepcopy(config)
    changed["set"] = "simulations.linreg.optimizer.learning_rate=0.25,media.lr_gd.fps=25,docs=my notes"
    apply_overrides(changed)
    assert changed["simulations"]["linreg"]["optimizer"]["learning_rate"] == 0.25
    assert changed["media"]["lr_gd"]["fps"] == 25
    assert changed["docs"] == "my notes"  # a string where the schema wants one, never parsed
    assert "set" not in changed
    check_config(changed)
    rest = copy.deepcopy(config)
    for block in ("simulations", "media"):
        rest[block]["linreg" if block == "simulations" else "lr_gd"] = changed[block][
            "linreg" if block == "simulations" else "lr_gd"]
    rest["docs"] = "my notes"
    assert changed == rest  # nothing else moved


def test_nested_command_line_text_is_typed_but_the_files_quotes_are_not(config):
    given = copy.deepcopy(config)
    given["simulations"]["linreg"]["optimizer"]["learning_rate"] = "0.5"  # as Snakemake's BaseLoader gives it
    given["simulations"]["linreg"]["stop"]["max_steps"] = "300"
    apply_overrides(given, {"simulations": {"linreg": {"optimizer": {"learning_rate": "0.5"},
                                                          "stop": {"max_steps": "300"}}}})
    assert given["simulations"]["linreg"]["optimizer"]["learning_rate"] == 0.5
    assert given["simulations"]["linreg"]["stop"]["max_steps"] == 300
    written = copy.deepcopy(config)
    written["simulations"]["linreg"]["optimizer"]["learning_rate"] = "0.5"  # quoted in config.yaml
    apply_overrides(written, {})
    with pytest.raises(ConfigError, match="learning_rate"):
        check_config(written)


def test_a_sweep_list_can_be_set_whole(config):
    changed = copy.deepcopy(config)
    changed["set"] = "simulations.lr_regimes.optimizer.learning_rate=[0.1, 0.2]"
    apply_overrides(changed)
    assert changed["simulations"]["lr_regimes"]["optimizer"]["learning_rate"] == [0.1, 0.2]


@pytest.mark.parametrize("text, message", [
    ("simulations.linreg.optimiser.learning_rate=0.5", "config.set: simulations.linreg.optimiser.learning_rate: "
                                                       "'optimiser' is not a key here; allowed: "),
    ("nonsense=1", "'nonsense' is not a key here; allowed: docs, media, simulations"),
    ("learning_rate", "'learning_rate' is not PATH=VALUE"),
])
def test_a_path_the_schema_does_not_know_is_refused_naming_it(config, text, message):
    changed = copy.deepcopy(config)
    changed["set"] = text
    with pytest.raises(ConfigError) as caught:
        apply_overrides(changed)
    assert message in str(caught.value)


def test_a_bad_value_is_refused_by_the_usual_check(config):
    changed = copy.deepcopy(config)
    changed["set"] = "simulations.linreg.optimizer.learning_rate=-1"
    apply_overrides(changed)
    with pytest.raises(ConfigError, match="learning_rate"):
        check_config(changed)
