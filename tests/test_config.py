import copy

import pytest
import yaml

from gdmedia.workflow.settings.config import (
    CONFIG, ConfigError, apply_defaults, check_config, check_references, load_schema,
    refuse_templates, simulation_spec,
)
from gdmedia.workflow.jobs import registry
from gdsim.kinds.regression import RegressionSpec
from gdsim.kinds.surface import SurfaceSpec

RAW = yaml.safe_load(CONFIG.read_text())

# The blocks that say which kind a simulation or medium is carry no default on
# purpose: a default would put every kind into every entry.
DISCRIMINATORS = {"regression", "surface", "curve", "figure", "scene"}


def complete(raw):
    check_config(raw)
    apply_defaults(raw)
    check_references(raw)
    return raw


def changed(path, value):
    raw = copy.deepcopy(RAW)
    node = raw
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return raw


LR = ("simulations", "linreg", "optimizer", "learning_rate")
STEPS = ("simulations", "linreg", "stop", "max_steps")

BAD = [
    (changed(LR, 0), "learning_rate: 0 is less than or equal to the minimum of 0"),
    (changed(LR, -0.5), "learning_rate: -0.5"),
    (changed(LR, float("nan")), "learning_rate: nan is not allowed"),
    (changed(LR, "fast"), "learning_rate: 'fast' is not of type 'number'"),
    (changed(LR, "1e-3"), "write 1.0e-3"),
    (changed(STEPS, 0), "max_steps: 0 is less than the minimum of 1"),
    (changed(STEPS, 10**7), "max_steps: 10000000 is greater than the maximum"),
    (changed(("simulations", "multi_modal", "surface", "name"), "volcano"), "surface.name: 'volcano' is not one of"),
    (changed(("simulations", "../x"), RAW["simulations"]["linreg"]), "config.simulations: '../x' does not match"),
    (changed(("media", "../x"), RAW["media"]["lr_gd"]), "config.media: '../x' does not match"),
    (changed(("media", "lr_gd", "fps"), 30), "fps: 30 is not one of"),
    (changed(("media", "lr_gd", "colour"), "red"), "'colour' was unexpected"),
    (changed(("media", "lr_gd", "simulation"), "nope"), "no simulation called 'nope'"),
    (changed(("media", "lr_gd", "simulation"), "multi_modal"), "draws a regression simulation"),
    (changed(("simulations", "linreg", "surface"), {"name": "saddle"}), "exactly one of the blocks"),
    (changed(("simulations", "linreg", "start", "points"), [[0, 0], [1, 1]]), "exactly one start"),
    (changed(("simulations", "nested"), {"__use_yte__": True, "surface": {}}), "'__use_yte__' is refused"),
    (changed(("media", "blindfolded_valley", "compare_with"), "linreg"), "compare_with: 'blindfolded_valley' draws a curve"),
    (changed(("media", "regression_fit", "quality"), "ultra"), "quality: 'ultra' is not one of"),
    (changed(("media", "regression_fit", "figure"), "lr_gd"), "exactly one of 'figure' or 'scene'"),
    (changed(("simulations", "valley", "curve", "name"), "cliff"), "curve.name: 'cliff' is not one of"),
    (changed(("simulations", "linreg", "optimizer", "name"), "sgd"), "optimizer.name: 'sgd' is not one of"),
    (changed(("simulations", "linreg", "optimizer", "beta1"), 1.0), "beta1: 1.0 is greater than or equal to the maximum of 1"),
]


@pytest.mark.parametrize("raw, message", BAD, ids=[m for _, m in BAD])
def test_bad_config_is_refused_naming_the_key(raw, message):
    with pytest.raises(ConfigError, match=None) as caught:
        complete(raw)
    assert message in str(caught.value)
    assert str(caught.value).startswith("config")


def test_defaults_fill_a_minimal_config():
    config = complete({"simulations": {"s": {"surface": {}}}, "media": {"m": {
        "figure": "gd_multi_modal", "simulation": "s", "alt": "Ten balls roll into the wells of a surface."}}})
    assert config["simulations"]["s"]["surface"]["name"] == "gaussian_wells"
    assert config["simulations"]["s"]["optimizer"]["learning_rate"] > 0
    assert config["media"]["m"]["width_px"] == 750
    assert isinstance(simulation_spec(config["simulations"]["s"]), SurfaceSpec)


MINIMAL = {"simulations": {"s": {"surface": {}}, "c": {"curve": {}}},
           "media": {"m": {"figure": "gd_multi_modal", "simulation": "s", "alt": "Ten balls roll into the wells."},
                     "v": {"scene": "blindfolded_valley", "simulation": "c", "alt": "A ball feels its way down."}}}


@pytest.mark.parametrize("raw", [RAW, MINIMAL], ids=["project", "minimal"])
def test_defaults_are_filled_exactly_as_snakemakes_validate_fills_them(raw):
    """apply_defaults reads the schema once per process (libyaml) instead of calling
    snakemake.utils.validate, which parses it again each time; the config it completes is the same."""
    from snakemake.utils import validate

    ours, theirs = copy.deepcopy(raw), copy.deepcopy(raw)
    apply_defaults(ours)
    validate(theirs, str(CONFIG.parent / "schemas" / "config.schema.yaml"))
    assert ours == theirs and ours != raw


def test_the_schema_read_once_is_the_schema_snakemake_reads():
    import io

    import yte

    text = (CONFIG.parent / "schemas" / "config.schema.yaml").read_text()
    assert load_schema() == yte.process_yaml(io.StringIO(text), require_use_yte=True)
    first = load_schema()
    first["$defs"].clear()  # a caller that edits its copy changes no one else's
    assert load_schema()["$defs"]


def test_project_config_is_valid_and_builds_specs():
    config = complete(copy.deepcopy(RAW))
    assert isinstance(simulation_spec(config["simulations"]["linreg"]), RegressionSpec)
    assert isinstance(simulation_spec(config["simulations"]["multi_modal"]), SurfaceSpec)


def _properties(schema, path=()):
    for key, sub in schema.get("properties", {}).items():
        yield path + (key,), sub
        yield from _properties(sub, path + (key,))
    for key in ("$defs",):
        for name, sub in schema.get(key, {}).items():
            yield from _properties(sub, path + (name,))


def _required(node) -> set:
    """Keys some object in the schema requires (they have no default: the author must give them)."""
    found = set(node.get("required", [])) if isinstance(node, dict) and "properties" in node else set()
    children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else []
    for child in children:
        found |= _required(child)
    return found


def test_every_medium_must_say_its_alt_text():
    with pytest.raises(ConfigError) as caught:
        complete({"simulations": {"s": {"surface": {}}}, "media": {"m": {"figure": "gd_multi_modal", "simulation": "s"}}})
    assert "config.media.m" in str(caught.value) and "'alt' is a required property" in str(caught.value)


def test_every_schema_key_has_a_description_and_a_default():
    schema = load_schema()
    required = _required(schema)
    assert "alt" in required
    missing = []
    for path, sub in _properties(schema):
        if "description" not in sub:
            missing.append(("description", path))
        if "default" not in sub and path[-1] not in DISCRIMINATORS and path[-1] not in required:
            missing.append(("default", path))
    assert not missing


def test_schema_figures_and_scenes_match_the_scripts():
    """The schema's enums name exactly the scripts in figures/ and scenes/ (each declares itself)."""
    schema = load_schema()
    assert sorted(schema["$defs"]["medium"]["properties"]["figure"]["enum"]) == sorted(registry.figures())
    assert sorted(schema["$defs"]["medium"]["properties"]["scene"]["enum"]) == sorted(registry.scenes())


def test_old_tables_are_computed_from_the_scripts():
    from gdmedia.workflow.settings import config

    assert config.STILL_FIGURES == {n for n, s in registry.figures().items() if s.still}
    assert config.FIGURE_KINDS["optimizer_race"] == "surface" and config.SCENE_KINDS["blindfolded_valley"] == "curve"
    assert "lr_sweep" in config.SWEEP_FIGURES and "lr_gd" not in config.SWEEP_FIGURES


def test_templated_config_file_is_refused_before_loading(tmp_path):
    templated = tmp_path / "t.yaml"
    templated.write_text("__use_yte__: true\nsimulations: {}\n")
    with pytest.raises(ConfigError, match="__use_yte__"):
        refuse_templates([CONFIG, templated])
    refuse_templates([CONFIG])


def test_optimizer_chosen_by_name_runs_with_its_hyper_parameters():
    from gdsim.simulate import simulate

    raw = changed(("simulations", "linreg", "optimizer"), {"name": "adam", "learning_rate": 0.05, "beta1": 0.8})
    config = complete(raw)
    spec = simulation_spec(config["simulations"]["linreg"])
    assert (spec.optimizer.name, spec.optimizer.beta1, spec.optimizer.beta2) == ("adam", 0.8, 0.999)
    trace = simulate(spec)
    assert trace.loss[-1] < trace.loss[0]
