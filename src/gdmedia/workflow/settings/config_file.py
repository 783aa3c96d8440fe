"""A config someone else wrote: read it, refusing it fast when it is too big to be a config;
refuse the values no config holds (``unsafe_values``); and say in words what is wrong with it
(``schema_problems``: one message per unknown key, at the key, with the nearest name).

A YAML alias bomb is a few hundred bytes that expand to 10⁹ values; PyYAML
builds it cheaply with shared references, and whatever walks the result then
stalls for minutes.  A document nested thousands deep overflows PyYAML's
recursive composer.  A multi-megabyte file costs the pure-Python loader
Snakemake uses about 12 s per MB.  So before anything builds the document,
``guard`` checks the file's size, then walks PyYAML's event stream once (a
flat iterator: no recursion, linear in the file) counting nesting depth and
the number of values the document holds with every alias expanded.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

# A real config is about 12 kB, 6 levels deep and 2,000 values; these leave
# room for big sweeps (256 learning rates × 1,000 start points is 768,000 values
# only if written out, which nobody does) while refusing a bomb in milliseconds.
MAX_BYTES = 1_000_000
MAX_DEPTH = 32
MAX_VALUES = 200_000



def _yaml():
    """PyYAML and its fastest safe loader, imported on first use: a `simulate` job never reads a config."""
    import yaml

    return yaml, getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ConfigFileError(ValueError):
    """A config file refused before it was loaded; the message names the file and what was refused."""


def guard(path: str | Path) -> str:
    """The text of ``path`` if it is a plausible config; otherwise raise ``ConfigFileError``."""
    path = Path(path)
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ConfigFileError(f"{path}: {size:,} bytes is refused: a config file is at most {MAX_BYTES:,} bytes")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ConfigFileError(f"{path}: not UTF-8 text (byte {error.start}); save the config as UTF-8") from None
    yaml, _ = _yaml()
    try:
        _count(text, path)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark is not None else str(path)
        problem = getattr(error, "problem", None) or str(error)
        raise ConfigFileError(f"{where}: not valid YAML: {problem}") from None
    return text


def _count(text: str, path: Path) -> None:
    """Walk the events once: depth of nesting, and values with aliases expanded (anchors remember their size)."""
    sizes: dict[str, int] = {}
    stack: list[list] = [[0, None]]  # [values so far, anchor] of each open collection
    yaml, loader = _yaml()
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            stack.append([1, event.anchor])
            if len(stack) - 1 > MAX_DEPTH:
                raise ConfigFileError(
                    f"{path}: line {event.start_mark.line + 1}: nested deeper than {MAX_DEPTH} levels is refused"
                )
            continue
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            count, anchor = stack.pop()
        elif isinstance(event, yaml.ScalarEvent):
            count, anchor = 1, event.anchor
        elif isinstance(event, yaml.AliasEvent):
            if event.anchor not in sizes:
                raise ConfigFileError(f"{path}: line {event.start_mark.line + 1}: alias *{event.anchor} "
                                      "refers to an anchor that is still open or undefined")
            count, anchor = sizes[event.anchor], None
        else:
            continue
        if anchor is not None:
            sizes[anchor] = count
        stack[-1][0] += count
        if stack[-1][0] > MAX_VALUES:
            raise ConfigFileError(
                f"{path}: line {event.start_mark.line + 1}: more than {MAX_VALUES:,} values once aliases are "
                "expanded is refused: "
                "a YAML alias bomb or a runaway config"
            )


def read(path: str | Path):
    """The guarded file, parsed as plain YAML (no templates, no Python objects), every alias its own copy."""
    yaml, loader = _yaml()
    return unshared(yaml.load(guard(path), Loader=loader))


def unshared(node):
    """``node`` with every block and list rebuilt, so no two places of the tree are one object.

    PyYAML gives an alias (``*linreg_start``) the very object its anchor built;
    a change made through one place of the config (``set=…start.points.0=…``, a
    ``--configfile`` merged key by key) would then change every place that names
    the anchor.  ``copy.deepcopy`` keeps such sharing (its memo), so this walks
    the tree itself.  ``guard`` has already bounded its size and depth.
    """
    if isinstance(node, dict):
        return {key: unshared(value) for key, value in node.items()}
    if isinstance(node, list):
        return [unshared(value) for value in node]
    return node


def dotted(path) -> str:
    """``config.simulations.linreg.start.points[0]`` from a path of keys and indices."""
    text = "config"
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


def walk(node: Any, path: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    """Every (path, value) of a config, refusing one too deep or too big to be a config.

    A config that did not come through ``guard`` (``--config``, a test's dict)
    may still share sub-trees as an alias bomb does, so the walk counts what it
    visits instead of trusting the size of the file.
    """
    todo, seen = [(path, node)], 0
    while todo:
        path, node = todo.pop()
        seen += 1
        if seen > MAX_VALUES or len(path) > MAX_DEPTH:
            what = f"more than {MAX_VALUES:,} values" if seen > MAX_VALUES else f"nested deeper than {MAX_DEPTH} levels"
            raise ConfigFileError(f"{dotted(path)}: the config holds {what}; refused")
        yield path, node
        if isinstance(node, dict):
            todo.extend((path + (key,), value) for key, value in reversed(node.items()))
        elif isinstance(node, list):
            todo.extend((path + (index,), value) for index, value in reversed(list(enumerate(node))))


_NUMBER_LIKE = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def unsafe_values(config: Any) -> Iterator[tuple[tuple, str]]:
    """(path, what is wrong) of each value no config holds: templating, NaN and infinities, numbers in quotes."""
    for path, value in walk(config):
        if isinstance(value, dict) and "__use_yte__" in value:
            yield path, "'__use_yte__' is refused: YAML templating would run code from the config"
        if isinstance(value, float) and not math.isfinite(value):
            yield path, f"{value} is not allowed; give a finite number"
        if isinstance(value, str) and _NUMBER_LIKE.match(value.strip()):
            hint = ""
            if "e" in value.lower() and "." not in value:
                mantissa, exponent = value.lower().split("e")
                hint = f" (YAML reads {value} as text: write {mantissa}.0e{exponent})"
            yield path, f"{value!r} is a string, not a number{hint}"


def did_you_mean(word, choices, lead: str = " ") -> str:
    """``lead`` + ``did you mean 'learning_rate'?`` for the nearest of ``choices`` (difflib's ratio
    ≥ 0.6), else ''."""
    import difflib  # here: a `simulate` job imports this module and never suggests a name

    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1)
    return f"{lead}did you mean {close[0]!r}?" if close else ""


_BOUNDS = (("minimum", ">="), ("exclusiveMinimum", ">"), ("maximum", "<="), ("exclusiveMaximum", "<"))


def _allowed(schema: dict, said_choices: bool = False) -> str:
    """What a schema node allows, in words: its description, then its bounds or choices (unless said)."""
    parts = [schema["description"]] if "description" in schema else []
    if "enum" in schema and not said_choices:
        parts.append(f"one of {schema['enum']}")
    bounds = [f"{sign} {schema[key]:g}" for key, sign in _BOUNDS if key in schema]
    if bounds:
        kind = schema.get("type", "number")
        kind = " or ".join(kind) if isinstance(kind, list) else kind
        parts.append(f"{kind} " + " and ".join(bounds))
    return "; ".join(parts) or "see schemas/config.schema.yaml"


def schema_problems(error: ValidationError) -> list[tuple[tuple, str]]:
    """(key path, what is wrong) for one error JSON Schema found."""
    path = tuple(error.absolute_path)
    if error.validator == "anyOf" and error.context:
        # A value or a list of values: explain against the branch of the value's own shape.
        wants_list = isinstance(error.instance, list)
        branch = [e for e in error.context if (e.schema_path[0] == 1) == wants_list] or error.context
        from jsonschema.exceptions import best_match

        return schema_problems(best_match(branch))
    if error.validator == "oneOf":
        if "figure" in error.schema.get("properties", {}):
            return [(path, "give exactly one of 'figure' or 'scene'")]
        return [(path, "give exactly one of the blocks 'regression', 'surface' or 'curve'")]
    if error.validator == "additionalProperties":
        # One error per unknown key, at the key itself: its own line, and the name it was meant to be.
        allowed = sorted(error.schema.get("properties", {}))
        return [(path + (key,), f"{key!r} was unexpected: not a key here;{did_you_mean(key, allowed)} "
                                f"allowed keys: {allowed}")
                for key in error.instance if key not in allowed]
    if error.validator == "propertyNames":
        return [(path, f"{error.message}; names are letters, digits, '_' and '-', starting with a letter or digit")]
    said = error.message + "."
    if error.validator == "enum" and isinstance(error.instance, str):
        said += did_you_mean(error.instance, error.validator_value).replace(" did", " Did")
    if error.validator == "type" and isinstance(error.instance, str):
        wanted = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        if {"number", "integer"} & set(wanted):
            said = f"{said[:-1]} ({error.instance!r} is not a number)."
    return [(path, f"{said} Allowed: {_allowed(error.schema, said_choices=error.validator == 'enum')}")]
