"""Config errors that point at the text: ``config.yaml:42:7: config.simulations.…: …``.

Every check names the key path of a bad value (``config.a.b[2].c: …``).  This
module finds where that key is written — the line and column in the last config
file that sets it (``--configfile`` files override ``config.yaml``) — by
composing each file with PyYAML, whose nodes keep their marks, and puts the
place in front of the message.  A value given with ``--config`` names no file.
Files are read only after ``config_file.guard`` has refused the pathological.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import yaml

from .config import ConfigError

_PATH = re.compile(r"^config((?:\.[A-Za-z0-9_-]+|\[\d+\])*)")
_PART = re.compile(r"\.([A-Za-z0-9_-]+)|\[(\d+)\]")


def key_path(message: str) -> tuple:
    """The key path a message names: ``config.a.b[2]: …`` → ``('a', 'b', 2)``."""
    match = _PATH.match(message)
    if not match:
        return ()
    return tuple(name if name else int(index) for name, index in _PART.findall(match.group(1)))


def positions(text: str) -> dict[tuple, tuple[int, int]]:
    """Key path → (line, column), 1-based, of where each key or list item is written."""
    found: dict[tuple, tuple[int, int]] = {}
    root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    stack = [((), root)] if root is not None else []
    # Iterative, and bounded: config_file.guard has refused deep files and alias
    # bombs, so walking a shared anchor once per place it is used stays small.
    while stack:
        path, node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                child = path + (key.value,)
                found.setdefault(child, (key.start_mark.line + 1, key.start_mark.column + 1))
                stack.append((child, value))
        elif isinstance(node, yaml.SequenceNode):
            for index, value in enumerate(node.value):
                child = path + (index,)
                found.setdefault(child, (value.start_mark.line + 1, value.start_mark.column + 1))
                stack.append((child, value))
    return found


def locate(path: tuple, files: list[str | Path]) -> str | None:
    """``file:line:column`` of where ``path`` is written: the file that writes most of it, the last on a tie."""
    best, best_depth = None, 0
    for file in files:
        try:
            table = positions(Path(file).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        depth = next((d for d in range(len(path), 0, -1) if path[:d] in table), 0)
        if depth and depth >= best_depth:
            line, column = table[path[:depth]]
            best, best_depth = f"{file}:{line}:{column}", depth
    return best


@contextmanager
def located(files: list[str | Path]) -> Iterator[None]:
    """Put the file, line and column in front of any ConfigError raised inside."""
    try:
        yield
    except ConfigError as error:
        message = str(error)
        place = locate(key_path(message), files) if key_path(message) else None
        if place is None or message.startswith(place):
            raise
        raise ConfigError(f"{place}: {message}") from None
