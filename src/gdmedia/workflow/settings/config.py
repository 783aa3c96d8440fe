"""The config: checking it with clear messages, and turning it into core specs.

``check_config`` runs before the schema's defaults are filled in, so that a bad
value fails with one line naming the key and what is allowed;
``check_references`` runs after, on the completed config.  ``check_all`` runs
every check on a config as its author wrote it (the Snakefile and
``load_config``): each check finds all its errors, and every error in a config
is raised at once, in one ``ConfigError``.  Their words are ``config_file``'s;
their places, and the report that ends a run, ``config_positions``'.
"""

from __future__ import annotations

import copy
import functools
import itertools
import re
from pathlib import Path
from typing import Iterator

from gdsim import kinds

from gdmedia.workflow.settings import config_file

from gdmedia.workflow.jobs import registry
from gdmedia.workflow.settings.config_file import did_you_mean, dotted, schema_problems
from gdmedia.base.options import FigureOptions
from gdmedia.workflow.settings.specs import kind, simulation_spec  # noqa: F401 (the config's spec, for the config's readers)
from gdmedia.workflow.settings.sweeps import SweepClash, is_sweep, members, sweep_axes

# jsonschema and yaml are imported where a check needs them, not here: a `simulate`
# job imports this module for `simulation_spec` alone, and they were a quarter of its start.
# Nor config_positions or overrides, even inside a function: every module this one imports is
# code input of every simulate and scene job (registry), so editing it would rerun them all.

ROOT = Path(__file__).resolve().parents[4]
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


MAX_SHOWN = 20  # errors one report shows; the rest are counted
MAX_FOUND = 200  # errors one check collects: a config of 200,000 bad values stops here


class ConfigError(ValueError):
    """Config values that are not allowed: one message each, naming its key (``config.a.b: …``)."""

    def __init__(self, *messages: str):
        self.messages = list(dict.fromkeys(messages)) or ["the config is refused"]
        shown, more = self.messages[:MAX_SHOWN], len(self.messages) - MAX_SHOWN
        super().__init__("\n".join(shown + [f"… and {more} more errors"] * (more > 0)))

    def __reduce__(self):  # pickled (pytest-xdist, multiprocessing) with every message
        return type(self), tuple(self.messages)


def _raise_any(messages: list[str]) -> None:
    if messages:
        raise ConfigError(*messages)


def _refusing(found: Iterator) -> Iterator:
    """``found`` (a walk of config_file's), its refusal of a config too big or deep as a ConfigError."""
    try:
        yield from found
    except config_file.ConfigFileError as error:
        raise ConfigError(str(error)) from None


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
        if not isinstance(document, dict):  # else Snakemake's loading refuses it with a traceback
            raise ConfigError(f"{path}: a config file is YAML with keys at top level (simulations:, media:, …); "
                              f"this one is {'empty' if document is None else 'a ' + type(document).__name__}")


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
    what a schema cannot say: ordered ranges and distinct sweep member names.  Every error is
    raised at once, in one ``ConfigError``.

    Integral floats where the schema means an integer (``seed: 1.0``) become integers, in place.
    """
    from jsonschema import Draft202012Validator

    unsafe = list(_refusing(config_file.unsafe_values(config)))
    messages = [f"{dotted(path)}: {text}" for path, text in unsafe]
    refused, broken = {path for path, _ in unsafe}, {path[:2] for path, _ in unsafe}
    schema = load_schema(schema_path)
    for error in itertools.islice(Draft202012Validator(schema).iter_errors(config), MAX_FOUND):
        for path, text in schema_problems(error):
            # A value refused above is not explained again by the schema's view of it.
            if not any(path[: len(r)] == r or r[: len(path)] == path for r in refused):
                messages.append(f"{dotted(path)}: {text}")
                broken.add(path[:2])
    coerce_integers(config, schema)
    sims = config.get("simulations")
    for name, sim in sims.items() if isinstance(sims, dict) else ():
        if ("simulations", name) not in broken:
            messages += _check_simulation(f"config.simulations.{name}", sim)
    _raise_any(messages)


def _check_simulation(where: str, sim: dict) -> list[str]:
    """Checks across keys of one simulation block, before any job runs it."""
    data = sim.get("regression", {}).get("data", {})
    found = []
    if "x_range" in data:
        found += _ordered(f"{where}.regression.data.x_range", data["x_range"])
    start = sim.get("start", {})
    for axis, pair in enumerate(start.get("box") or []):
        found += _ordered(f"{where}.start.box[{axis}]", pair)
    try:
        members(sim)
    except SweepClash as clash:
        found.append(f"{where}.{clash}")
    return found


def _check_start(where: str, sim: dict) -> list[str]:
    """A completed member's starts lie inside its bound, and an informed start fits its data."""
    start, bound = sim["start"], sim["stop"]["bound"]
    box = start["box"]
    if box is None and start["points"] is None:
        box = kinds.module(kind(sim)).default_box(sim)  # a surface's random starts fill its drawn box
    far = [p for p in (start["points"] or []) + (box or []) if max(map(abs, p)) > bound]
    if "curve" in sim and abs(sim["curve"]["start"]) > bound:
        far.append([sim["curve"]["start"]])
    found = []
    if far:
        found.append(f"{where}.start: {far[0]} lies outside stop.bound = {bound:g}; starts must lie inside it")
    if "regression" in sim and start["subsample"] is not None and start["subsample"] > sim["regression"]["data"]["n"]:
        found.append(f"{where}.start.subsample: {start['subsample']} is more than the "
                     f"{sim['regression']['data']['n']} samples of regression.data.n")
    return found


def _ordered(where: str, pair: list) -> list[str]:
    if not pair[0] < pair[1]:
        return [f"{where}: {pair} is not an ordered range; give [low, high] with low < high"]
    return []


def check_kinds(config: dict, schema_path: Path = SCHEMA) -> None:
    """Refuse a key written on a medium of a kind it does nothing for (``quality`` on a figure, ``dpi``
    on a scene): the schema's ``only_for`` says which kinds each such key means something to.

    On the config as written: the completed config carries every default on every medium.
    """
    properties = load_schema(schema_path)["$defs"]["medium"]["properties"]
    media = config.get("media")
    messages = []
    for name, medium in media.items() if isinstance(media, dict) else ():
        if not isinstance(medium, dict) or ("figure" in medium) == ("scene" in medium):
            continue  # no kind, or two: the schema says so
        role = "figure" if "figure" in medium else "scene"
        for key in medium:
            meant_for = properties.get(key, {}).get("only_for")
            if meant_for and role not in meant_for:
                messages.append(f"{dotted(('media', name, key))}: {key!r} does nothing for a {role} "
                                f"({medium[role]!r} is one); it is for {' and '.join(k + 's' for k in meant_for)} "
                                f"only: {properties[key].get('description', key)}. Remove it")
    _raise_any(messages)


def scripts_root(near: Path | None = None) -> Path:
    """The checkout whose figures/ and scenes/ a config's media name: ``near`` (a config file's folder,
    else the working folder, where Snakemake runs) when it holds them, else this package's."""
    for folder in (near, Path.cwd()):
        if folder is not None and (folder / "figures").is_dir() and (folder / "scenes").is_dir():
            return Path(folder).resolve()
    return ROOT


def check_references(config: dict, root: Path | None = None, unchecked: frozenset = frozenset()) -> None:
    """After defaults are filled: each medium names a simulation of the kind (and the sweep or single
    run) its script declares; the scripts are read from ``root`` (default ``scripts_root()``).
    ``unchecked``: simulations that exist but are not in ``config`` (they have errors of their own).
    Every error is raised at once."""
    root = root or scripts_root()
    sims = config["simulations"]
    found = []
    for name, sim in sims.items():
        for member in members(sim).values():
            found += _check_start(f"config.simulations.{name}", member)
            start = member["start"]
            if kind(sim) == "regression" and start["points"] is None and start["box"] is None and start["subsample"] is None:
                found.append(f"config.simulations.{name}.start: a regression needs start.points, start.box or start.subsample")
            if kind(sim) == "regression" and (len(start["points"] or [0]) != 1 or (start["points"] is None and start["count"] != 1)):
                found.append(f"config.simulations.{name}.start: a regression descends from exactly one start")
    for name, medium in config["media"].items():
        declared = registry.script_of(medium, root)
        script, want = declared.name, declared.kind
        for key in ("simulation", "compare_with"):
            sim = medium.get(key)
            where = f"config.media.{name}.{key}"
            if sim is None or sim in unchecked:
                continue
            if sim not in sims:
                known = sorted({*sims, *unchecked})
                found.append(f"{where}: no simulation called {sim!r};{did_you_mean(sim, known)} known: {known}")
            elif kind(sims[sim]) != want:
                found.append(f"{where}: {script!r} draws a {want} simulation, but {sim!r} is a {kind(sims[sim])}")
            elif is_sweep(sims[sim]) != declared.sweep:
                need = f"a sweep (a list for {sweep_axes()})" if declared.sweep else "a single simulation, not a sweep"
                found.append(f"{where}: {script!r} draws {need}; {sim!r} is not one")
    _raise_any(found)


def check_all(config: dict, root: Path | None = None, schema_path: Path = SCHEMA) -> dict:
    """Check a config as its author wrote it, then complete it in place (defaults) and return it.

    Every error is raised at once: values, keys a medium's kind ignores, and the references of every
    simulation and medium no other error was found in.  (Variants are ``overrides.check_variants``'.)
    """
    for _ in _refusing(config_file.walk(config)):  # a shared-subtree bomb is refused before any check walks it
        pass
    messages = []
    for check in (lambda: check_config(config, schema_path), lambda: check_kinds(config, schema_path)):
        try:
            check()
        except ConfigError as error:
            messages += error.messages
    if not messages:
        apply_defaults(config, schema_path)
        check_references(config, root)
        return config
    raise ConfigError(*messages, *_references_of_the_rest(config, messages, root, schema_path))


def _references_of_the_rest(config: dict, messages: list[str], root: Path | None, schema_path: Path) -> list[str]:
    """``check_references`` on a completed copy of the simulations and media no error names, so that
    one run tells bad references along with bad values.  None where an error is about a whole block."""
    sims, media = config.get("simulations"), config.get("media")
    if not isinstance(sims, dict) or not isinstance(media, dict) or any(
            not m.startswith("config.") or m.startswith(("config.simulations:", "config.media:")) for m in messages):
        return []

    def named(section: str, name: str) -> bool:
        return any(re.match(rf"config\.{section}\.{re.escape(str(name))}[.:\[]", m) for m in messages)

    rest = {"simulations": {n: copy.deepcopy(s) for n, s in sims.items() if not named("simulations", n)},
            "media": {n: copy.deepcopy(m) for n, m in media.items() if not named("media", n)}}
    try:
        apply_defaults(rest, schema_path)
    except ConfigError:
        return []
    try:
        check_references(rest, root, unchecked=frozenset(sims) - set(rest["simulations"]))
    except ConfigError as error:
        return error.messages
    return []


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
    errors = itertools.islice(_defaulting()(load_schema(schema_path)).iter_errors(config), MAX_FOUND)
    _raise_any([f"{dotted(path)}: {text}" for error in errors for path, text in schema_problems(error)])
    return config


def load_config(path: Path = CONFIG, schema_path: Path = SCHEMA) -> dict:
    """Read, check and complete a config file the way the Snakefile does (its variants aside)."""
    refuse_templates([path])
    return check_all(config_file.read(path), scripts_root(Path(path).resolve().parent), schema_path)


def figure_options(medium: dict) -> FigureOptions:
    return FigureOptions.from_mapping(medium)
