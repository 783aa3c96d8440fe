"""Config errors point at the text: file, line and column of the key, and the key path, once."""

import pytest

from gdmedia.workflow.settings.config import ConfigError, check_config, load_config
from gdmedia.workflow.settings.config_file import ConfigFileError, guard
from gdmedia.workflow.settings.config_positions import key_path, locate, located, positions

TEXT = """\
simulations:
  linreg:
    start: &start
      points: [[3.0, -1.5]]
    optimizer:
      learning_rate: 0.3
  again:
    start: *start
"""


def test_key_paths_are_read_from_messages():
    assert key_path("config.simulations.linreg.start.points[0][1]: bad") == (
        "simulations", "linreg", "start", "points", 0, 1)
    assert key_path("config.media.lr_gd.fps: 24 is not one of") == ("media", "lr_gd", "fps")
    assert key_path("something else") == ()


def test_every_key_and_item_has_its_line_and_column():
    table = positions(TEXT)
    assert table[("simulations", "linreg", "optimizer", "learning_rate")] == (6, 7)
    assert table[("simulations", "linreg", "start", "points", 0, 1)] == (4, 22)
    assert table[("simulations", "again", "start")] == (8, 5)
    assert table[("simulations", "again", "start", "points")] == (4, 7)  # through the alias, where it is written


def test_the_last_file_that_sets_a_key_is_the_one_named(tmp_path):
    base, override = tmp_path / "config.yaml", tmp_path / "mine.yaml"
    base.write_text(TEXT)
    override.write_text("simulations:\n  linreg:\n    optimizer: {learning_rate: -1}\n")
    path = ("simulations", "linreg", "optimizer", "learning_rate")
    assert locate(path, [base, override]) == f"{override}:3:17"
    assert locate(("simulations", "linreg", "start", "points"), [base, override]) == f"{base}:4:7"
    assert locate(("media", "nowhere"), [base]) is None


def test_a_check_error_gets_its_place_in_front(tmp_path, config):
    path = tmp_path / "config.yaml"
    path.write_text(TEXT)
    bad = dict(config)
    bad["simulations"] = {**config["simulations"], "linreg": {**config["simulations"]["linreg"],
                                                              "optimizer": {"name": "gd", "learning_rate": -1}}}
    with pytest.raises(ConfigError) as caught:
        with located([path]):
            check_config(bad)
    assert str(caught.value).startswith(f"{path}:6:7: config.simulations.linreg.optimizer.learning_rate: -1 ")


def test_an_enum_is_listed_once(config):
    bad = dict(config)
    bad["simulations"] = {**config["simulations"], "multi_modal": {
        **config["simulations"]["multi_modal"], "surface": {"name": "volcano"}}}
    with pytest.raises(ConfigError) as caught:
        check_config(bad)
    assert str(caught.value).count("gaussian_wells") == 1


def test_a_yaml_mistake_names_the_file_line_and_column(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text("simulations:\n  linreg:\n    optimizer:\n      learning_rate: [0.1\n")
    with pytest.raises(ConfigFileError) as caught:
        guard(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:5:1: not valid YAML") and "unicode string" not in message


def test_the_projects_config_locates_every_key_it_writes():
    from conftest import ROOT

    table = positions((ROOT / "config.yaml").read_text())
    config = load_config(ROOT / "config.yaml")
    for name in config["simulations"]:
        assert ("simulations", name) in table
