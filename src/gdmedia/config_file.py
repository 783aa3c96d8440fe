"""Reading a config file someone else wrote: refuse it fast when it is too big to be a config.

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

from pathlib import Path

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
