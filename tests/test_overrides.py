"""One value for one run: `--config set=PATH=VALUE`, and command-line text typed by the schema."""

import copy

import pytest

from gdmedia.workflow.settings.config import ConfigError, check_config
from gdmedia.workflow.settings.overrides import apply_overrides, assignments


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
    ("nonsense=1", "'nonsense' is not a key here; allowed: docs, machine, media, simulations"),
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


# --- Scoped changes: a YAML anchor shares one object between blocks; a change must not ---

def _anchored_paths(text: str) -> list[tuple]:
    """Paths in config.yaml of every block an anchor defines (``&name``) and every place an alias reuses it."""
    import yaml

    found, stack = [], []  # stack: [container kind, current key or index, expecting a key]
    def here():
        return tuple(frame[1] for frame in stack)
    def advance():
        if stack:
            frame = stack[-1]
            if frame[0] == "map":
                frame[2] = not frame[2]
            else:
                frame[1] += 1
    for event in yaml.parse(text):
        if isinstance(event, yaml.ScalarEvent) and stack and stack[-1][0] == "map" and stack[-1][2]:
            stack[-1][1] = event.value
            stack[-1][2] = False
            continue
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if event.anchor:
                found.append(here())
            stack.append(["map", None, True] if isinstance(event, yaml.MappingStartEvent) else ["seq", 0, False])
            continue
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            stack.pop()
        elif isinstance(event, yaml.AliasEvent):
            found.append(here())
        advance()
    return found


def _leaf(node, path=()):
    """The first (key path, index path) leaves under a block: one reached by a key, one through a list index."""
    key_leaf = index_leaf = None
    def walk(value, where):
        nonlocal key_leaf, index_leaf
        if isinstance(value, dict):
            for key, child in value.items():
                walk(child, where + (key,))
        elif isinstance(value, list):
            for index, child in enumerate(value):
                walk(child, where + (str(index),))
        else:
            through_index = any(part.isdigit() for part in where)
            if through_index and index_leaf is None and isinstance(value, (int, float)) and not isinstance(value, bool):
                index_leaf = where
            if not through_index and key_leaf is None and isinstance(value, (int, float)) and not isinstance(value, bool):
                key_leaf = where
    walk(node, path)
    return key_leaf, index_leaf


def _anchored_overrides():
    from gdmedia.workflow.settings.config import CONFIG

    text = CONFIG.read_text()
    import yaml

    config = yaml.safe_load(text)
    cases = []
    for path in _anchored_paths(text):
        node = config
        for part in path:
            node = node[part]
        for leaf in _leaf(node, path):
            if leaf is not None:
                cases.append(leaf)
    return sorted(set(cases))


ANCHORED = _anchored_overrides()


def test_config_yaml_has_anchored_blocks_with_index_and_key_leaves():
    assert any(any(p.isdigit() for p in path) for path in ANCHORED)  # start.points.0.0, x_range.1, …
    assert any(not any(p.isdigit() for p in path) for path in ANCHORED)  # data.n, start.seed, …
    assert {path[1] for path in ANCHORED} >= {"linreg", "lr_regimes", "lr_sweep", "batch_modes"}


@pytest.mark.parametrize("path", ANCHORED, ids=".".join)
def test_an_override_of_an_anchored_block_changes_only_the_simulation_it_names(path):
    """``set=`` through the Snakefile's own reading of config.yaml (``config_file.read``), and
    Snakemake's PyYAML reading of it (aliases shared): only the named simulation moves."""
    import yaml

    from gdmedia.workflow.settings import config_file
    from gdmedia.workflow.settings.config import CONFIG

    for loaded in (config_file.read(CONFIG), yaml.safe_load(CONFIG.read_text())):
        before = copy.deepcopy(loaded)
        node = before
        for part in path:
            node = node[int(part)] if part.isdigit() else node[part]
        loaded["set"] = f"{'.'.join(path)}={node + 7}"
        apply_overrides(loaded)
        for name, block in loaded["simulations"].items():
            if name != path[1]:
                assert block == before["simulations"][name], f"set {'.'.join(path)} changed {name}"
        assert loaded["simulations"][path[1]] != before["simulations"][path[1]]


def test_a_configfile_merged_key_by_key_changes_only_what_it_names():
    """``--configfile`` and ``--config`` blocks are merged into config.yaml's tree key by key
    (``snakemake.utils.update_config``): into a shared anchor, that would reach every alias."""
    from snakemake.utils import update_config

    from gdmedia.workflow.settings import config_file
    from gdmedia.workflow.settings.config import CONFIG

    config = config_file.read(CONFIG)
    before = copy.deepcopy(config)
    update_config(config, {"simulations": {"linreg": {"start": {"seed": 5}, "regression": {"data": {"n": 12}}}}})
    for name, block in config["simulations"].items():
        if name != "linreg":
            assert block == before["simulations"][name], name
    assert config["simulations"]["linreg"]["start"]["seed"] == 5
    assert config["simulations"]["linreg"]["regression"]["data"]["n"] == 12
