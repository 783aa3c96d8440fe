"""Changing one value for one run, from the command line, checked like any other.

Snakemake refuses a dotted key (``--config a.b=1``) and reads a nested value
(``--config simulations='{linreg: …}'``) with YAML's BaseLoader, so every leaf
reaches the workflow as text.  Two things make the command line usable:

- ``--config set=PATH=VALUE`` (several joined by commas, or repeated as a YAML
  list ``set='[A=1, B=2]'``) sets the value at a dotted PATH of the config, e.g.
  ``set=simulations.linreg.optimizer.learning_rate=0.5``.  A list index is a
  number in the path (``start.points.0``).
- Text that came from the command line is typed by the schema: where the
  schema does not allow a string at that place, the text is read as YAML, so
  ``learning_rate: '0.5'`` is the number 0.5.  Values written in config.yaml
  are left as they are: there, a number in quotes is still refused.

A path the schema does not know is refused naming it, the keys allowed there
and the nearest of them; so is a medium or simulation the config does not
have (``set=media.lr_gdd.fps=25``: no medium 'lr_gdd'), which would otherwise
be made from the one value.  Every such refusal is raised at once.  The value
is then checked with everything else by ``check_config``; ``origins`` records
which paths the command line gave, so that its errors are told there
(``config_positions``).
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from gdmedia.workflow.settings.config import ConfigError, load_schema
from gdmedia.workflow.settings.config_file import did_you_mean, unshared

# A comma starts a new assignment only when a dotted key and '=' follow it,
# so values may hold commas themselves: set=start.box=[[0, 1], [0, 1]].
_NEXT_ASSIGNMENT = re.compile(r",\s*(?=[A-Za-z_][\w-]*(?:\.[\w-]+)*\s*=)")
_ASSIGNMENT = re.compile(r"^\s*([A-Za-z_][\w-]*(?:\.[\w-]+)*)\s*=(.*)$", re.S)
MAX_ASSIGNMENTS = 100


def assignments(value: Any) -> list[tuple[list[str], str]]:
    """(path, text) for each ``PATH=VALUE`` in ``set``: a string of them joined by commas, or a list."""
    items = value if isinstance(value, list) else _NEXT_ASSIGNMENT.split(str(value))
    if len(items) > MAX_ASSIGNMENTS:
        raise ConfigError(f"config.set: {len(items)} assignments; at most {MAX_ASSIGNMENTS} are allowed")
    found = []
    for item in items:
        match = _ASSIGNMENT.match(str(item))
        if not match:
            raise ConfigError(f"config.set: {item!r} is not PATH=VALUE "
                              "(e.g. set=simulations.linreg.optimizer.learning_rate=0.5)")
        found.append((match.group(1).split("."), match.group(2).strip()))
    return found


def unparse(changes: dict[str, Any]) -> str:
    """The inverse of ``assignments``: ``PATH=VALUE,…`` for ``--config set=``, values as YAML flow (lists stay lists)."""
    return ",".join(f"{path}={yaml.safe_dump(value, default_flow_style=True).strip().removesuffix('...').strip()}"
                    for path, value in changes.items())


def apply_overrides(config: dict, from_command_line: dict | None = None, schema: dict | None = None,
                    origins: dict | None = None) -> dict:
    """Apply ``config['set']`` and type the command line's text by the schema; returns ``config``.

    ``from_command_line`` is what ``--config`` gave (Snakemake's ``overwrite_config``);
    only its leaves are typed, so a quoted number in config.yaml is still refused.
    ``origins``, when given, gets each path the command line set → the ``--config`` text that set it.
    Every assignment that can be made is; those that cannot are refused together, afterwards.
    """
    schema = schema or load_schema()
    origins = {} if origins is None else origins
    # Blocks YAML anchors share become copies first: a change lands only where its path points.
    fresh = unshared(config)
    config.clear()
    config.update(fresh)
    if from_command_line:
        for path, value in _leaves(from_command_line):
            if path and path[0] != "set":
                origins[tuple(map(str, path))] = f"--config {path[0]}=" + (
                    str(value) if len(path) == 1 else "{…}")  # Snakemake takes no dotted key: a block was given
                _type_leaf(config, path, schema)
    refused = []
    for path, text in assignments(config.pop("set")) if "set" in config else ():
        origins[tuple(path)] = f"--config set={'.'.join(path)}={text}"
        try:
            _assign(config, path, _typed(text, _types_at(schema, path, schema)), schema)
        except ConfigError as error:
            refused.append(f"config.set: {'.'.join(path)}: {error}")
    if refused:
        raise ConfigError(*refused)
    return config


def _leaves(node: Any, path: tuple = ()):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _leaves(value, path + (index,))
    else:
        yield path, node


def _type_leaf(config: dict, path: tuple, schema: dict) -> None:
    parent = config
    for key in path[:-1]:
        try:
            parent = parent[key]
        except (KeyError, IndexError, TypeError):
            return
    try:
        value = parent[path[-1]]
    except (KeyError, IndexError, TypeError):
        return
    if isinstance(value, str):
        parent[path[-1]] = _typed(value, _types_at(schema, [str(p) for p in path], schema, strict=False))


def _typed(text: str, allowed: set[str]) -> Any:
    """The text as YAML unless the schema wants a string here (names, paths)."""
    if "string" in allowed and "number" not in allowed and "integer" not in allowed:
        return text
    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError:
        return text  # check_config names it and says what is allowed
    return text if value is None and text.strip() not in ("null", "~") else value


# The blocks whose keys are names the author gives: a path into one names an entry that must exist.
NAMED = {"media": "medium", "simulations": "simulation", "variants": "variant"}


def _named(config: dict, path: list[str]) -> None:
    """Refuse a path through a medium, simulation or variant the config does not have, with the nearest name."""
    if len(path) > 2 and path[0] in NAMED:
        known = config.get(path[0]) if isinstance(config.get(path[0]), dict) else {}
        if path[1] not in known:
            raise ConfigError(f"no {NAMED[path[0]]} {path[1]!r};{did_you_mean(path[1], known)} "
                              f"{path[0]}: {', '.join(sorted(map(str, known))) or 'none'}")


def _assign(config: dict, path: list[str], value: Any, schema: dict) -> None:
    _named(config, path)
    node = config
    for depth, key in enumerate(path[:-1]):
        node = _child(node, key, path[: depth + 1], create=True)
    last = path[-1]
    if isinstance(node, list):
        node[_index(node, last, path)] = value
    else:
        node[last] = value


def _child(node: Any, key: str, path: list[str], create: bool) -> Any:
    if isinstance(node, list):
        return node[_index(node, key, path)]
    if not isinstance(node, dict):
        raise ConfigError(f"config.{'.'.join(path[:-1])} is a value, not a block: cannot set {'.'.join(path)}")
    if key not in node and create:
        node[key] = {}
    return node[key]


def _index(node: list, key: str, path: list[str]) -> int:
    if not key.isdigit() or int(key) >= len(node):
        raise ConfigError(f"config.{'.'.join(path)}: {key!r} is not an index of a list of {len(node)}")
    return int(key)


def _resolve(node: dict, root: dict) -> dict:
    while "$ref" in node:
        target = root
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def _alternatives(node: dict, root: dict) -> list[dict]:
    """The schema itself and every branch it may take (anyOf, oneOf, then/else)."""
    node = _resolve(node, root)
    found = [node]
    for key in ("anyOf", "oneOf", "allOf"):
        for branch in node.get(key, []):
            found += _alternatives(branch, root)
    for key in ("then", "else"):
        if key in node:
            found += _alternatives(node[key], root)
    return found


def _types_at(node: dict, path: list[str], root: dict, strict: bool = True) -> set[str]:
    """JSON types the schema allows at ``path``; refuses a path it does not know (when strict)."""
    options = _alternatives(node, root)
    if not path:
        types = set()
        for option in options:
            kind = option.get("type")
            types.update([kind] if isinstance(kind, str) else kind or [])
        return types or {"string", "number", "integer", "boolean", "array", "object"}
    key, rest = path[0], path[1:]
    children, known = [], set()
    for option in options:
        properties = option.get("properties", {})
        known.update(properties)
        if key in properties:
            children.append(properties[key])
        elif isinstance(option.get("additionalProperties"), dict):
            children.append(option["additionalProperties"])
        elif key.isdigit() and isinstance(option.get("items"), dict):
            children.append(option["items"])
    if not children:
        if strict:
            raise ConfigError(f"{key!r} is not a key here; allowed: {', '.join(sorted(known)) or 'no keys, a value'}"
                              + did_you_mean(key, known, lead="; "))
        return {"string"}
    types: set[str] = set()
    for child in children:
        try:
            types |= _types_at(child, rest, root, strict)
        except ConfigError:
            if len(children) == 1:
                raise
    if not types and strict:
        raise ConfigError(f"{key!r} leads to no key the schema knows")
    return types


def check_variants(config: dict, schema: dict | None = None) -> None:
    """Every path a variant in ``config['variants']`` changes is a key the schema knows, through a medium
    or simulation the config has (each refused naming it, all at once)."""
    schema = schema or load_schema()
    variants = config.get("variants")
    refused = []
    for name, changes in variants.items() if isinstance(variants, dict) else ():
        for path in changes if isinstance(changes, dict) else ():
            try:
                _types_at(schema, str(path).split("."), schema)
                _named(config, str(path).split("."))
            except ConfigError as error:
                refused.append(f"config.variants.{name}: {path}: {error}")
    if refused:
        raise ConfigError(*refused)
