"""The config: checking it with clear messages, and turning it into core specs.

``check_config`` runs before Snakemake's own ``validate`` (which fills in the
schema's defaults) so that a bad value fails with one line naming the key and
what is allowed.  ``check_references`` runs after, on the completed config.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any, Iterator

import yaml
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match

from gdsim.data import DatasetSpec
from gdsim.descent import StopRule
from gdsim.simulate import (
    BatchSpec, CurveSpec, OptimizerSpec, RegressionSpec, StartSpec, SurfaceSpec,
)

from .options import FigureOptions
from .sweeps import is_sweep, members

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "schemas" / "config.schema.yaml"
CONFIG = ROOT / "config.yaml"

# Which kind of simulation each figure or scene script draws.
FIGURE_KINDS = {
    "lr_gd": "regression",
    "gd_multi_modal": "surface",
    "lr_comparison": "regression",
    "batch_modes": "regression",
    "init_comparison": "regression",
    "optimizer_race": "surface",
    "final_fit": "regression",
    "loss_surface": "regression",
    "lr_sweep": "regression",
}
# Figures that are one picture (PNG and SVG), not an animation.
STILL_FIGURES = {"final_fit", "loss_surface", "lr_sweep"}
SCENE_KINDS = {
    "regression_fit": "regression",
    "multi_modal_descent": "surface",
    "blindfolded_valley": "curve",
    "gradient_derivation": "regression",
}
SIM_KINDS = ("regression", "surface", "curve")
# Figures that draw every member of a sweep side by side.
SWEEP_FIGURES = {"lr_comparison", "lr_sweep", "batch_modes", "optimizer_race", "init_comparison"}

_NUMBER_LIKE = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


class ConfigError(ValueError):
    """A config value that is not allowed; the message names the key."""


def _walk(node: Any, path: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, path + (index,))


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
    """Refuse config files that ask for YAML templating, reading them as plain YAML.

    Snakemake runs ``__use_yte__`` templates (arbitrary code) when it loads a
    config file; the Snakefile calls this before its ``configfile:`` directive.
    """
    for path in paths:
        document = yaml.safe_load(Path(path).read_text())
        if isinstance(document, dict) and "__use_yte__" in document:
            raise ConfigError(f"{path}: '__use_yte__' is refused: YAML templating would run code from the config")


_BOUNDS = (("minimum", ">="), ("exclusiveMinimum", ">"), ("maximum", "<="), ("exclusiveMaximum", "<"))


def _allowed(schema: dict) -> str:
    """What a schema node allows, in words: its description, then its bounds or choices."""
    parts = [schema["description"]] if "description" in schema else []
    if "enum" in schema:
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
    return f"{where}: {error.message}. Allowed: {_allowed(error.schema)}"


def load_schema(path: Path = SCHEMA) -> dict:
    return yaml.safe_load(Path(path).read_text())


def check_config(config: dict, schema_path: Path = SCHEMA) -> None:
    """Refuse a config that breaks the schema, carries NaN, or hides numbers in strings."""
    _refuse_unsafe_values(config)
    error = best_match(Draft202012Validator(load_schema(schema_path)).iter_errors(config))
    if error is not None:
        raise ConfigError(_message(error))


def check_references(config: dict) -> None:
    """After defaults are filled: each medium names a simulation of the kind its figure draws."""
    sims = config["simulations"]
    for name, sim in sims.items():
        for member in members(sim).values():
            start = member["start"]
            if kind(sim) == "regression" and start["points"] is None and start["box"] is None and start["subsample"] is None:
                raise ConfigError(f"config.simulations.{name}.start: a regression needs start.points, start.box or start.subsample")
            if kind(sim) == "regression" and (len(start["points"] or [0]) != 1 or (start["points"] is None and start["count"] != 1)):
                raise ConfigError(f"config.simulations.{name}.start: a regression descends from exactly one start")
    for name, medium in config["media"].items():
        script = medium.get("figure") or medium["scene"]
        want = (FIGURE_KINDS | SCENE_KINDS)[script]
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
            if is_sweep(sims[sim]) != (script in SWEEP_FIGURES):
                need = "a sweep (a list for learning_rate, seed, batch mode or optimizer)" if script in SWEEP_FIGURES else "a single simulation, not a sweep"
                raise ConfigError(f"config.media.{name}.{key}: {script!r} draws {need}; {sim!r} is not one")


def apply_defaults(config: dict, schema_path: Path = SCHEMA) -> dict:
    """Fill the schema's defaults in place through Snakemake's own validator."""
    from snakemake.utils import validate

    validate(config, str(schema_path))
    return config


def load_config(path: Path = CONFIG, schema_path: Path = SCHEMA) -> dict:
    """Read, check and complete a config file the way the Snakefile does."""
    config = yaml.safe_load(Path(path).read_text()) or {}
    check_config(config, schema_path)
    apply_defaults(config, schema_path)
    check_references(config)
    return config


def kind(sim: dict) -> str:
    """Which of the simulation blocks a completed simulation carries."""
    return next(k for k in SIM_KINDS if k in sim)


def _pairs(value):
    return None if value is None else tuple(tuple(float(v) for v in pair) for pair in value)


def simulation_spec(sim: dict) -> RegressionSpec | SurfaceSpec | CurveSpec:
    """The core spec for one completed simulation block (one sweep member: single values)."""
    start = sim["start"]
    common = dict(
        start=StartSpec(points=_pairs(start["points"]), count=start["count"],
                        box=_pairs(start["box"]), seed=start["seed"], subsample=start["subsample"]),
        optimizer=OptimizerSpec(**sim["optimizer"]),
        stop=StopRule(**sim["stop"]),
    )
    if kind(sim) == "surface":
        return SurfaceSpec(surface=sim["surface"]["name"], **common)
    if kind(sim) == "curve":
        return CurveSpec(curve=sim["curve"]["name"], start=float(sim["curve"]["start"]),
                         optimizer=common["optimizer"], stop=common["stop"])
    data, batch = sim["regression"]["data"], sim["regression"]["batch"]
    dataset = DatasetSpec(
        n=data["n"], x_low=data["x_range"][0], x_high=data["x_range"][1],
        theta_true=tuple(data["theta_true"]), noise=data["noise"], seed=data["seed"],
    )
    return RegressionSpec(data=dataset, batch=BatchSpec(**batch), **common)


def figure_options(medium: dict) -> FigureOptions:
    return FigureOptions.from_mapping(medium)
