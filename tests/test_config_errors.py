"""Errors at their source (issue 28): each config error is told where the author wrote it, in the
path they wrote, with the name they meant; every error at once; no Python traceback.

The fast tests run the Snakefile's own sequence in-process (``checked``); the slow ones run a real
``snakemake -n`` on a copy of the project, to see what a user sees.
"""

from __future__ import annotations

import copy
import re

import pytest

from conftest import ROOT, copy_project, snakemake
from gdmedia.workflow.settings import config_file
from gdmedia.workflow.settings.config import MAX_SHOWN, ConfigError, check_all, load_config
from gdmedia.workflow.settings.config_positions import layout, reported, told
from gdmedia.workflow.settings.overrides import apply_overrides, check_variants

TEXT = (ROOT / "config.yaml").read_text()
SET_FAST = "set=simulations.linreg.optimizer.learning_rate=fast"


def edited(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def line_of(text: str, needle: str) -> int:
    """1-based line of the only line holding ``needle``."""
    lines = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
    assert len(lines) == 1, needle
    return lines[0]


def checked(tmp_path, text: str = TEXT, command_line: dict | None = None) -> list[str]:
    """What the Snakefile's config block tells of ``text`` given ``--config`` values ``command_line``
    (merged into the file's config as Snakemake merges them): the messages, [] if none."""
    from snakemake.utils import update_config

    path = tmp_path / "config.yaml"
    path.write_text(text)
    config = config_file.read(path)
    update_config(config, copy.deepcopy(command_line or {}))
    origins, messages = {}, []
    for check in (lambda: apply_overrides(config, command_line, origins=origins), lambda: check_variants(config),
                  lambda: check_all(config, ROOT)):
        try:
            check()
        except ConfigError as error:
            messages += error.messages
    return told(messages, [path], origins)


# --- Command-line values are blamed on the command line -------------------------------------------

def test_a_bad_set_value_is_told_as_typed_on_the_command_line(tmp_path):
    [message] = checked(tmp_path, command_line={"set": SET_FAST[len("set="):]})
    assert message.startswith(f"--config {SET_FAST}: 'fast' is not of type 'number'")
    assert "'fast' is not a number" in message and "config.yaml" not in message


def test_a_bad_nested_config_value_is_told_as_the_command_lines_too(tmp_path):
    given = {"simulations": {"linreg": {"optimizer": {"learning_rate": "fast"}}}}
    [message] = checked(tmp_path, command_line=given)
    assert message.startswith("--config simulations={…}: config.simulations.linreg.optimizer.learning_rate: 'fast'")


def test_a_refused_set_and_the_files_own_errors_are_told_together(tmp_path):
    text = edited(TEXT, "      learning_rate: 0.45 ", "      learning_rate: -1.0 ")
    messages = checked(tmp_path, text, {"set": "simulations.linreg.optimiser.learning_rate=1"})
    assert messages[0].startswith("--config set=simulations.linreg.optimiser.learning_rate=1: 'optimiser' is not a key")
    assert messages[0].endswith("did you mean 'optimizer'?")
    assert messages[1].startswith(f"{tmp_path / 'config.yaml'}:{line_of(text, 'learning_rate: -1.0')}:7: "
                                  "config.simulations.valley.optimizer.learning_rate: -1.0")
    assert len(messages) == 2


# --- A key's own line, in the path the author wrote ------------------------------------------------

def test_a_misspelt_key_is_told_at_its_own_line_with_the_name_it_meant(tmp_path):
    text = edited(TEXT, "      learning_rate: 0.3 ", "      learning_rat: 0.3 ")
    [message] = checked(tmp_path, text)
    assert message.startswith(f"{tmp_path / 'config.yaml'}:{line_of(text, 'learning_rat:')}:7: "
                              "config.simulations.linreg.optimizer.learning_rat: 'learning_rat' was unexpected")
    assert "did you mean 'learning_rate'?" in message


def test_an_error_in_an_anchored_block_is_told_once_in_the_path_written(tmp_path):
    text = edited(TEXT, "        n: 40 ", "        n: forty ")
    [message] = checked(tmp_path, text)  # five simulations share the block: one error
    assert message.startswith(f"{tmp_path / 'config.yaml'}:{line_of(text, 'n: forty')}:9: "
                              "config.simulations.linreg.regression.data.n: 'forty' is not of type 'integer'")
    assert "also simulations.batch_modes, simulations.init_starts, simulations.lr_regimes, simulations.lr_sweep" in message


def test_a_key_holding_an_alias_is_written_where_it_stands():
    text = "a: &x\n  k: 1\nb:\n  v: *x\nc:\n  <<: *x\n  j: 2\n"
    table = layout(text)
    assert table[("b", "v")] == (4, 3, ("b", "v"))  # the key itself is b's
    assert table[("b", "v", "k")] == (2, 3, ("a", "k"))  # what it holds is written at the anchor
    assert table[("c", "k")] == (2, 3, ("a", "k"))  # a merge key's keys too
    assert table[("c", "j")] == (7, 3, ("c", "j"))


def test_a_cross_key_error_through_an_alias_is_told_where_the_alias_stands(tmp_path):
    """lr_sweep's start is linreg's by alias; a start outside lr_sweep's bound is lr_sweep's error."""
    text = edited(TEXT, "      points: [[3.0, -1.5]] ", "      points: [[300.0, -1.5]] ")
    messages = checked(tmp_path, text)
    assert all("config.simulations.linreg.start:" not in m for m in messages)  # bound 1e6: linreg is fine
    assert f"{tmp_path / 'config.yaml'}:{line_of(text, '  lr_sweep:               # a sweep') + 2}:5: config.simulations.lr_sweep.start: " \
           "[300.0, -1.5] lies outside stop.bound = 100; starts must lie inside it" in messages


# --- Unknown names say so, with the nearest ---------------------------------------------------------

def test_an_unknown_medium_is_refused_as_one_with_the_nearest_name(tmp_path):
    [message] = checked(tmp_path, command_line={"set": "media.lr_gdd.fps=25"})
    assert message.startswith("--config set=media.lr_gdd.fps=25: no medium 'lr_gdd'; did you mean 'lr_gd'?")
    assert "required" not in message


def test_an_unknown_simulation_in_a_variant_is_refused_with_the_nearest_name(config):
    bad = {**config, "variants": {"v": {"simulations.linreeg.stop.max_steps": 10, "media.lr_gdd.fps": 25}}}
    with pytest.raises(ConfigError) as caught:
        check_variants(bad)
    assert caught.value.messages == [
        f"config.variants.v: simulations.linreeg.stop.max_steps: no simulation 'linreeg'; did you mean 'linreg'? "
        f"simulations: {', '.join(sorted(config['simulations']))}",
        f"config.variants.v: media.lr_gdd.fps: no medium 'lr_gdd'; did you mean 'lr_gd'? "
        f"media: {', '.join(sorted(config['media']))}"]


def test_a_misnamed_simulation_and_enum_value_get_the_nearest_name(tmp_path):
    text = edited(TEXT, "    simulation: lr_regimes\n", "    simulation: lr_regime\n")
    text = edited(text, "      name: ravine\n", "      name: raveen\n")
    messages = checked(tmp_path, text)
    assert any("surface.name: 'raveen' is not one of" in m and "Did you mean 'ravine'?" in m for m in messages)
    assert any("media.lr_comparison.simulation: no simulation called 'lr_regime'; did you mean 'lr_regimes'?" in m
               for m in messages)


# --- Keys that do nothing for a kind are refused ---------------------------------------------------

@pytest.mark.parametrize("medium, key, value, kind", [
    ("final_fit", "quality", "high", "figure"),
    ("lr_gd", "seconds", 4, "figure"),
    ("lr_gd", "segments", 2, "figure"),
    ("regression_fit", "dpi", 200, "scene"),
    ("regression_fit", "height_px", 404, "scene"),
])
def test_a_key_that_does_nothing_for_the_mediums_kind_is_refused(tmp_path, medium, key, value, kind):
    text = edited(TEXT, f"  {medium}:", f"  {medium}:\n    {key}: {value}")
    [message] = checked(tmp_path, text)
    assert message.startswith(f"{tmp_path / 'config.yaml'}:{line_of(text, f'    {key}: {value}')}:5: "
                              f"config.media.{medium}.{key}: {key!r} does nothing for a {kind}")
    assert message.endswith("Remove it")


def test_the_completed_config_keeps_every_default_on_every_medium(config):
    """Only what the author wrote is refused: defaults fill quality into figures, as before."""
    assert config["media"]["lr_gd"]["quality"] == "medium" and config["media"]["regression_fit"]["dpi"] == 100


# --- Every error at once, up to a cap --------------------------------------------------------------

def test_every_error_in_a_config_is_told_in_one_run_in_the_order_of_the_text(tmp_path):
    text = edited(TEXT, "      learning_rate: 0.3 ", "      learning_rat: 0.3 ")
    text = edited(text, "        n: 40 ", "        n: forty ")
    text = edited(text, "    simulation: lr_regimes\n", "    simulation: nowhere\n")
    text = edited(text, "  final_fit:", "  final_fit:\n    quality: high")
    text = edited(text, "      bound: 4.8 ", "      bound: 0.5 ")
    text = edited(text, "      name: parabola              # parabola", "      name: parabol              # parabola")
    messages = checked(tmp_path, text)
    said = ["n: 'forty'", "'learning_rat' was unexpected", "curve.name: 'parabol'", "valley_overshoot.start: [1.0] lies outside stop.bound = 0.5",
            "no simulation called 'nowhere'", "'quality' does nothing"]
    assert len(messages) == len(said)
    for message, expected in zip(messages, said):
        assert expected in message, (message, expected)
    lines = [int(m.split(": config.")[0].rsplit(":", 2)[1]) for m in messages]
    assert lines == sorted(lines)


def test_a_report_shows_the_first_errors_and_counts_the_rest():
    many = [f"config.media.m{i}.fps: bad" for i in range(MAX_SHOWN + 7)]
    error = ConfigError(*many, many[0])  # the same error twice is told once
    assert error.messages == many
    assert str(error).splitlines() == many[:MAX_SHOWN] + ["… and 7 more errors"]


def test_one_check_stops_collecting_at_its_own_bound(config):
    from gdmedia.workflow.settings.config import MAX_FOUND, check_config

    bad = copy.deepcopy(config)
    for i in range(MAX_FOUND * 2):
        bad["media"][f"m{i}"] = {**bad["media"]["lr_gd"], "fps": 3}
    with pytest.raises(ConfigError) as caught:
        check_config(bad)
    assert MAX_SHOWN < len(caught.value.messages) <= MAX_FOUND


def test_load_config_tells_every_error_at_once(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text(edited(edited(TEXT, "      learning_rate: 0.3 ", "      learning_rate: 0 "),
                           "      max_steps: 40\n", "      max_steps: -1\n"))
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert {m.split(":")[0] for m in caught.value.messages} == {
        "config.simulations.linreg.optimizer.learning_rate", "config.simulations.valley.stop.max_steps"}


# --- No traceback for a user's error ---------------------------------------------------------------

def test_the_report_tells_errors_at_their_source_and_exits_without_a_traceback(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("GDMEDIA_DEBUG", raising=False)
    path = tmp_path / "config.yaml"
    path.write_text(TEXT)
    with pytest.raises(SystemExit) as exited:
        with reported([path]) as report:
            with report.going_on():
                raise ConfigError("config.set: media.x.fps: no medium 'x'")
            raise ConfigError("config.simulations.linreg.optimizer.learning_rate: too big")
    err = capsys.readouterr().err
    assert exited.value.code == 1
    assert err.splitlines() == [
        "--config set=media.x.fps: no medium 'x'",
        f"{path}:{line_of(TEXT, 'learning_rate: 0.3 ')}:7: config.simulations.linreg.optimizer.learning_rate: too big",
        "2 config errors: nothing was run (GDMEDIA_DEBUG=1 shows the Python traceback)."]


def test_the_debug_switch_shows_the_traceback(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("GDMEDIA_DEBUG", "1")
    with pytest.raises(SystemExit):
        with reported([tmp_path / "none.yaml"]):
            raise ConfigError("config.docs: bad")
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err and 'File "' in err and err.endswith("nothing was run.\n")


def test_a_bug_keeps_its_traceback(tmp_path):
    with pytest.raises(KeyError):
        with reported([tmp_path / "config.yaml"]):
            raise KeyError("not the user's fault")


def test_nothing_is_reported_when_nothing_is_wrong(tmp_path):
    with reported([tmp_path / "config.yaml"]) as report:
        with report.going_on():
            pass


# --- What a user sees ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("errors"))


def dry_run(project, text: str = TEXT, *args: str):
    (project / "config.yaml").write_text(text)
    result = snakemake(project, "-n", *args, check=False)
    return result.returncode, result.stdout + result.stderr


@pytest.mark.slow
def test_a_dry_run_tells_a_command_line_value_on_the_command_line_without_a_traceback(project):
    code, said = dry_run(project, TEXT, "--config", SET_FAST)
    assert code == 1
    assert f"--config {SET_FAST}: 'fast' is not of type" in said
    assert "Traceback" not in said and 'File "' not in said and "ConfigError in file" not in said


@pytest.mark.slow
def test_a_dry_run_tells_every_error_at_its_line(project):
    text = edited(TEXT, "      learning_rate: 0.3 ", "      learning_rat: 0.3 ")
    text = edited(text, "        n: 40 ", "        n: forty ")
    text = edited(text, "  final_fit:", "  final_fit:\n    quality: high")
    code, said = dry_run(project, text, "--config", "set=media.lr_gdd.fps=25")
    told_lines = [line for line in said.splitlines() if re.match(r"(config\.yaml:\d+:\d+|--config set=)", line)]
    assert code == 1 and len(told_lines) == 4, said
    assert told_lines[0].startswith("--config set=media.lr_gdd.fps=25: no medium 'lr_gdd'; did you mean 'lr_gd'?")
    assert told_lines[1].startswith(f"config.yaml:{line_of(text, 'n: forty')}:9: config.simulations.linreg.regression.data.n")
    assert told_lines[2].startswith(f"config.yaml:{line_of(text, 'learning_rat:')}:7: ")
    assert told_lines[3].startswith(f"config.yaml:{line_of(text, 'quality: high')}:5: config.media.final_fit.quality")
    assert "4 config errors: nothing was run" in said and 'File "' not in said


@pytest.mark.slow
def test_a_dry_run_with_the_debug_switch_shows_the_traceback(project, monkeypatch):
    monkeypatch.setenv("GDMEDIA_DEBUG", "1")
    code, said = dry_run(project, TEXT, "--config", SET_FAST)
    assert code == 1 and "Traceback (most recent call last)" in said and f"--config {SET_FAST}" in said


@pytest.mark.slow
def test_a_dry_run_of_the_projects_config_still_plans(project):
    code, said = dry_run(project, TEXT)
    assert code == 0, said
