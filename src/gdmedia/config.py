"""The config: checking it with clear messages, and turning it into core specs.

``check_config`` runs before Snakemake's own ``validate`` (which fills in the
schema's defaults) so that a bad value fails with one line naming the key and
what is allowed.  ``check_references`` runs after, on the completed config.
"""

from __future__ import annotations

import copy
import functools
import math
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from gdsim import kinds
from gdsim.descent import StopRule
from gdsim.types import OptimizerSpec, StartSpec

from . import config_file, registry
from .options import FigureOptions
from .sweeps import SweepClash, is_sweep, members

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

# jsonschema and yaml are imported where a check needs them, not here: a `simulate`
# job imports this module for `simulation_spec` alone, and they were a quarter of its start.

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "schemas" / "config.schema.yaml"
CONFIG = ROOT / "config.yaml"

# What each figure and scene draws (kind, still, sweep) is declared in the script
# itself and read by ``registry``; the kinds are ``gdsim.kinds``' table.
SIM_KINDS = tuple(kinds.MODULES)


def __getattr__(name: str):
    """The old tables of scripts, computed from the scripts' own declarations (``registry``)."""
    tables = {
        "FIGURE_KINDS": lambda: {n: s.kind for n, s in registry.figures().items()},
        "STILL_FIGURES": lambda: {n for n, s in registry.figures().items() if s.still},
        "SCENE_KINDS": lambda: {n: s.kind for n, s in registry.scenes().items()},
        "SWEEP_FIGURES": lambda: {n for n, s in registry.figures().items() if s.sweep},
    }
    if name in tables:
        return tables[name]()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_NUMBER_LIKE = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


class ConfigError(ValueError):
    """A config value that is not allowed; the message names the key."""


def _walk(node: Any, path: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    """Every (path, value) of the config, refusing one too deep or too big to be a config.

    A config that did not come through ``config_file.guard`` (``--config``, a
    test's dict) may still share sub-trees as an alias bomb does, so the walk
    counts what it visits instead of trusting the size of the file.
    """
    todo, seen = [(path, node)], 0
    while todo:
        path, node = todo.pop()
        seen += 1
        if seen > config_file.MAX_VALUES or len(path) > config_file.MAX_DEPTH:
            what = f"more than {config_file.MAX_VALUES:,} values" if seen > config_file.MAX_VALUES \
                else f"nested deeper than {config_file.MAX_DEPTH} levels"
            raise ConfigError(f"{dotted(path)}: the config holds {what}; refused")
        yield path, node
        if isinstance(node, dict):
            todo.extend((path + (key,), value) for key, value in reversed(node.items()))
        elif isinstance(node, list):
            todo.extend((path + (index,), value) for index, value in reversed(list(enumerate(node))))


def dotted(path) -> str:
    """``simulations.linreg.start.points[0]`` from a path of keys and indices."""
    text = "config"
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


def _refuse_unsafe_values(config: dict) -> None:
    for path, value in _walk(config):
        if isinstance(value, dict) and "__use_yte__" in value:
            raise ConfigError(
                f"{dotted(path)}: '__use_yte__' is refused: YAML templating would run code from the config"
            )
        if isinstance(value, float) and not math.isfinite(value):
            raise ConfigError(f"{dotted(path)}: {value} is not allowed; give a finite number")
        if isinstance(value, str) and _NUMBER_LIKE.match(value.strip()):
            hint = ""
            if "e" in value.lower() and "." not in value:
                mantissa, exponent = value.lower().split("e")
                hint = f" (YAML reads {value} as text: write {mantissa}.0e{exponent})"
            raise ConfigError(f"{dotted(path)}: {value!r} is a string, not a number{hint}")


def refuse_templates(paths) -> None:
    """Refuse config files that are too big, too deep or alias bombs (``config_file.guard``), or
    that ask for YAML templating, reading them as plain YAML.

    Snakemake runs ``__use_yte__`` templates (arbitrary code) when it loads a
    config file; the Snakefile calls this before its ``configfile:`` directive,
    so config.yaml is checked before Snakemake reads it.  A ``--configfile`` is
    read by Snakemake's command line before any Snakefile runs: this refuses it
    before any job, but cannot stop what Snakemake's own loading did.
    """
    for path in paths:
        try:
            document = config_file.read(path)
        except config_file.ConfigFileError as error:
            raise ConfigError(str(error)) from None
        if isinstance(document, dict) and "__use_yte__" in document:
            raise ConfigError(f"{path}: '__use_yte__' is refused: YAML templating would run code from the config")


_BOUNDS = (("minimum", ">="), ("exclusiveMinimum", ">"), ("maximum", "<="), ("exclusiveMaximum", "<"))


def _allowed(schema: dict, said_choices: bool = False) -> str:
    """What a schema node allows, in words: its description, then its bounds or choices (unless said)."""
    parts = [schema["description"]] if "description" in schema else []
    if "enum" in schema and not said_choices:
        parts.append(f"one of {schema['enum']}")
    bounds = [f"{sign} {schema[key]:g}" for key, sign in _BOUNDS if key in schema]
    if bounds:
        parts.append(f"{schema.get('type', 'number')} " + " and ".join(bounds))
    return "; ".join(parts) or "see schemas/config.schema.yaml"


def _message(error: ValidationError) -> str:
    where = dotted(error.absolute_path)
    if error.validator == "anyOf" and error.context:
        # A value or a list of values: explain against the branch of the value's own shape.
        wants_list = isinstance(error.instance, list)
        branch = [e for e in error.context if (e.schema_path[0] == 1) == wants_list] or error.context
        from jsonschema.exceptions import best_match

        return _message(best_match(branch))
    if error.validator == "oneOf":
        if "figure" in error.schema.get("properties", {}):
            return f"{where}: give exactly one of 'figure' or 'scene'"
        return f"{where}: give exactly one of the blocks 'regression', 'surface' or 'curve'"
    if error.validator == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        return f"{where}: {error.message}; allowed keys: {allowed}"
    if error.validator == "propertyNames":
        return f"{where}: {error.message}; names are letters, digits, '_' and '-', starting with a letter or digit"
    return f"{where}: {error.message}. Allowed: {_allowed(error.schema, said_choices=error.validator == 'enum')}"


def load_schema(path: Path = SCHEMA) -> dict:
    """The schema at ``path``, parsed once per process (the Snakefile's checks each ask for it).

    Each caller gets its own copy, so no caller can change what the next one reads.
    """
    return copy.deepcopy(_parsed_schema(Path(path).read_text()))


@functools.lru_cache(maxsize=4)
def _parsed_schema(text: str) -> dict:
    # libyaml's scanner and parser build the same document as the pure-Python
    # loader (the constructor is PyYAML's own in both), about ten times faster.
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@functools.cache
def _strict():
    """JSON Schema calls 1000.0 an integer; Python's range() and the core do not.  This
    validator's "integer" is a true int, so its type errors find every integral
    float that stands where the schema means an integer."""
    from jsonschema import Draft202012Validator, validators

    return validators.extend(
        Draft202012Validator,
        type_checker=Draft202012Validator.TYPE_CHECKER.redefine(
            "integer", lambda checker, value: isinstance(value, int) and not isinstance(value, bool)
        ),
    )


def _integral_floats(errors) -> Iterator[tuple]:
    for error in errors:
        wants_int = "integer" in (error.validator_value if isinstance(error.validator_value, list) else [error.validator_value])
        if error.validator == "type" and wants_int and isinstance(error.instance, float) and error.instance.is_integer():
            yield tuple(error.absolute_path)
        yield from _integral_floats(error.context or ())


def _set_path(config: dict, path: tuple, value) -> None:
    node = config
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value


def coerce_integers(config: dict, schema: dict) -> None:
    """Turn ``max_steps: 1000.0`` into 1000 wherever the schema means an integer, in place."""
    for path in set(_integral_floats(_strict()(schema).iter_errors(config))):
        node = config
        for key in path:
            node = node[key]
        _set_path(config, path, int(node))


def check_config(config: dict, schema_path: Path = SCHEMA) -> None:
    """Refuse a config that breaks the schema, carries NaN, or hides numbers in strings; then check
    what a schema cannot say: ordered ranges and distinct sweep member names.

    Integral floats where the schema means an integer (``seed: 1.0``) become integers, in place.
    """
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match

    _refuse_unsafe_values(config)
    schema = load_schema(schema_path)
    error = best_match(Draft202012Validator(schema).iter_errors(config))
    if error is not None:
        raise ConfigError(_message(error))
    coerce_integers(config, schema)
    for name, sim in (config.get("simulations") or {}).items():
        _check_simulation(f"config.simulations.{name}", sim)


def _check_simulation(where: str, sim: dict) -> None:
    """Checks across keys of one simulation block, before any job runs it."""
    data = sim.get("regression", {}).get("data", {})
    if "x_range" in data:
        _ordered(f"{where}.regression.data.x_range", data["x_range"])
    start = sim.get("start", {})
    for axis, pair in enumerate(start.get("box") or []):
        _ordered(f"{where}.start.box[{axis}]", pair)
    try:
        members(sim)
    except SweepClash as clash:
        raise ConfigError(f"{where}.{clash}") from None


def _check_start(where: str, sim: dict) -> None:
    """A completed member's starts lie inside its bound, and an informed start fits its data."""
    start, bound = sim["start"], sim["stop"]["bound"]
    box = start["box"]
    if box is None and start["points"] is None:
        box = kinds.module(kind(sim)).default_box(sim)  # a surface's random starts fill its drawn box
    far = [p for p in (start["points"] or []) + (box or []) if max(map(abs, p)) > bound]
    if "curve" in sim and abs(sim["curve"]["start"]) > bound:
        far.append([sim["curve"]["start"]])
    if far:
        raise ConfigError(f"{where}.start: {far[0]} lies outside stop.bound = {bound:g}; starts must lie inside it")
    if "regression" in sim and start["subsample"] is not None and start["subsample"] > sim["regression"]["data"]["n"]:
        raise ConfigError(f"{where}.start.subsample: {start['subsample']} is more than the "
                          f"{sim['regression']['data']['n']} samples of regression.data.n")


def _ordered(where: str, pair: list) -> None:
    if not pair[0] < pair[1]:
        raise ConfigError(f"{where}: {pair} is not an ordered range; give [low, high] with low < high")


def scripts_root(near: Path | None = None) -> Path:
    """The checkout whose figures/ and scenes/ a config's media name: ``near`` (a config file's folder,
    else the working folder, where Snakemake runs) when it holds them, else this package's."""
    for folder in (near, Path.cwd()):
        if folder is not None and (folder / "figures").is_dir() and (folder / "scenes").is_dir():
            return Path(folder).resolve()
    return ROOT


def check_references(config: dict, root: Path | None = None) -> None:
    """After defaults are filled: each medium names a simulation of the kind (and the sweep or single
    run) its script declares; the scripts are read from ``root`` (default ``scripts_root()``)."""
    root = root or scripts_root()
    sims = config["simulations"]
    for name, sim in sims.items():
        for member in members(sim).values():
            _check_start(f"config.simulations.{name}", member)
            start = member["start"]
            if kind(sim) == "regression" and start["points"] is None and start["box"] is None and start["subsample"] is None:
                raise ConfigError(f"config.simulations.{name}.start: a regression needs start.points, start.box or start.subsample")
            if kind(sim) == "regression" and (len(start["points"] or [0]) != 1 or (start["points"] is None and start["count"] != 1)):
                raise ConfigError(f"config.simulations.{name}.start: a regression descends from exactly one start")
    for name, medium in config["media"].items():
        declared = registry.script_of(medium, root)
        script, want = declared.name, declared.kind
        for key in ("simulation", "compare_with"):
            sim = medium.get(key)
            if sim is None:
                continue
            if sim not in sims:
                raise ConfigError(
                    f"config.media.{name}.{key}: no simulation called {sim!r}; known: {sorted(sims)}"
                )
            if kind(sims[sim]) != want:
                raise ConfigError(
                    f"config.media.{name}.{key}: {script!r} draws a {want} simulation, but {sim!r} is a {kind(sims[sim])}"
                )
            if is_sweep(sims[sim]) != declared.sweep:
                need = "a sweep (a list for learning_rate, seed, batch mode or optimizer)" if declared.sweep else "a single simulation, not a sweep"
                raise ConfigError(f"config.media.{name}.{key}: {script!r} draws {need}; {sim!r} is not one")


def _filling_defaults(validator_class):
    """``validator_class`` that also fills each property's default in place, before checking it:
    the extension of jsonschema's FAQ that ``snakemake.utils.validate`` applies, so the config is
    completed exactly as Snakemake would (tests/test_config.py compares the two)."""
    from jsonschema import validators

    check_properties = validator_class.VALIDATORS["properties"]

    def set_defaults(validator, properties, instance, schema):
        for name, subschema in properties.items():
            if "default" in subschema:
                instance.setdefault(name, subschema["default"])
        yield from check_properties(validator, properties, instance, schema)

    return validators.extend(validator_class, {"properties": set_defaults})


@functools.cache
def _defaulting():
    from jsonschema import Draft202012Validator

    return _filling_defaults(Draft202012Validator)


def apply_defaults(config: dict, schema_path: Path = SCHEMA) -> dict:
    """Fill the schema's defaults in place, as ``snakemake.utils.validate`` does, from the schema
    parsed once per process (Snakemake's own call parses it again with its pure-Python YAML loader)."""
    from jsonschema.exceptions import best_match

    error = best_match(_defaulting()(load_schema(schema_path)).iter_errors(config))
    if error is not None:
        raise ConfigError(_message(error))
    return config


def load_config(path: Path = CONFIG, schema_path: Path = SCHEMA) -> dict:
    """Read, check and complete a config file the way the Snakefile does."""
    refuse_templates([path])
    config = config_file.read(path) or {}
    check_config(config, schema_path)
    apply_defaults(config, schema_path)
    check_references(config, scripts_root(Path(path).resolve().parent))
    return config


def kind(sim: dict) -> str:
    """Which of the simulation blocks a completed simulation carries."""
    return next(k for k in SIM_KINDS if k in sim)


def _pairs(value):
    return None if value is None else tuple(tuple(float(v) for v in pair) for pair in value)


def simulation_spec(sim: dict):
    """The core spec for one completed simulation block (one sweep member: single values), built
    by the module that owns its kind."""
    start = sim["start"]
    return kinds.module(kind(sim)).from_config(
        sim,
        start=StartSpec(points=_pairs(start["points"]), count=start["count"],
                        box=_pairs(start["box"]), seed=start["seed"], subsample=start["subsample"]),
        optimizer=OptimizerSpec(**sim["optimizer"]),
        stop=StopRule(**sim["stop"]),
    )


def figure_options(medium: dict) -> FigureOptions:
    return FigureOptions.from_mapping(medium)
