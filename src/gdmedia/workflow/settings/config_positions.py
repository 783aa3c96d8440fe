"""Config errors told at their source, all at once, without a traceback.

Every check names the key path of a bad value (``config.a.b[2].c: …``), in the
words of ``config_file.schema_problems`` and the checks themselves.  This module
owns how such a message reaches the author:

- its place: the line and column in the last config file that writes the key
  (``--configfile`` files override ``config.yaml``), found by composing each
  file with PyYAML, whose nodes keep their marks; or the ``--config`` text
  that gave the value (``origins``, recorded by ``overrides.apply_overrides``);
- its key path: the one the author wrote.  A block shared by a YAML anchor is
  checked once per alias; its errors are told once, at the anchor;
- the report (``reported``): every error, in the order of the text, up to
  ``config.MAX_SHOWN``, then exit 1 without a Python traceback, which is for
  bugs, not for a typo (``GDMEDIA_DEBUG=1`` or ``--verbose`` shows it).

Files are read only after ``config_file.guard`` has refused the pathological.
"""

from __future__ import annotations

import os
import re
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import yaml

from gdmedia.workflow.settings.config import ConfigError, dotted

_PATH = re.compile(r"^config((?:\.[A-Za-z0-9_-]+|\[\d+\])*)")
_PART = re.compile(r"\.([A-Za-z0-9_-]+)|\[(\d+)\]")
_SET = re.compile(r"^config\.set: ([A-Za-z_][\w-]*(?:\.[\w-]+)*): ")


# --- Places ----------------------------------------------------------------------------------

def key_path(message: str) -> tuple:
    """The key path a message names: ``config.a.b[2]: …`` → ``('a', 'b', 2)``."""
    match = _PATH.match(message)
    if not match:
        return ()
    return tuple(name if name else int(index) for name, index in _PART.findall(match.group(1)))


def layout(text: str) -> dict[tuple, tuple[int, int, tuple]]:
    """Key path → (line, column, written path) of where each key or list item is written, 1-based.

    The written path is the one the author wrote: through an alias (``start: *linreg_start``)
    the keys inside are written at the anchor (``simulations.linreg.start.points``), while the
    key holding the alias is written where it stands.
    """
    found: dict[tuple, tuple[int, int, tuple]] = {}
    root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    # Pre-order, in the order of the text, so a node is first met where it is written (an anchor
    # comes before its aliases).  Iterative, and bounded: config_file.guard has refused deep files
    # and alias bombs, so walking a shared anchor once per place it is used stays small.
    stack = [((), (), root)] if root is not None else []
    written_at: dict[int, tuple] = {}
    while stack:
        path, written, node = stack.pop()
        base = written_at.setdefault(id(node), written)
        children = []
        if isinstance(node, yaml.MappingNode):
            pairs = [(k, v) for k, v in node.value if k.tag != "tag:yaml.org,2002:merge"]
            given = {k.value for k, _ in pairs}
            for key, value in node.value:  # `<<: *base` merges keys the block does not give itself
                if key.tag == "tag:yaml.org,2002:merge":
                    for merged in value.value if isinstance(value, yaml.SequenceNode) else [value]:
                        source = written_at.get(id(merged), base)
                        children += [(k.value, v, k.start_mark, source + (k.value,))
                                     for k, v in getattr(merged, "value", []) if k.value not in given]
                else:
                    children.append((key.value, value, key.start_mark, base + (key.value,)))
        elif isinstance(node, yaml.SequenceNode):
            children = [(index, value, value.start_mark, base + (index,)) for index, value in enumerate(node.value)]
        for key, value, mark, child_written in reversed(children):
            child = path + (key,)
            found.setdefault(child, (mark.line + 1, mark.column + 1, child_written))
            stack.append((child, child_written, value))
    return found


def positions(text: str) -> dict[tuple, tuple[int, int]]:
    """Key path → (line, column), 1-based, of where each key or list item is written."""
    return {path: (line, column) for path, (line, column, _) in layout(text).items()}


def place(path: tuple, files: list[str | Path], tables: dict | None = None) -> tuple[str | None, tuple]:
    """(``file:line:column``, written path) of ``path``: the file that writes most of it, the last on a tie."""
    best, best_depth, written = None, 0, path
    for file in files:
        if tables is None or file not in tables:
            try:
                table = layout(Path(file).read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, yaml.YAMLError):
                table = {}
            if tables is not None:
                tables[file] = table
        table = tables[file] if tables is not None else table
        depth = next((d for d in range(len(path), 0, -1) if path[:d] in table), 0)
        if depth and depth >= best_depth:
            line, column, at = table[path[:depth]]
            best, best_depth, written = f"{file}:{line}:{column}", depth, at + path[depth:]
    return best, written


def locate(path: tuple, files: list[str | Path]) -> str | None:
    """``file:line:column`` of where ``path`` is written: the file that writes most of it, the last on a tie."""
    return place(path, files)[0]


def _origin(path: tuple, origins: dict) -> tuple[str, tuple, bool] | None:
    """(the ``--config`` text, the path it set, whether the bad value lies inside it) of a path the
    command line gave, or of a block it changed; None where the files gave it."""
    parts = tuple(str(p) for p in path)
    for given, text in origins.items():
        if parts[: len(given)] == given:
            return text, given, True
    for given, text in origins.items():
        if len(parts) >= 2 and given[: len(parts)] == parts:
            return text, given, False
    return None


def told(messages: list[str], files: list[str | Path], origins: dict | None = None) -> list[str]:
    """Each message at its source, once (the aliases of one block fold into its anchor), in the order
    of the text: command-line values first, then each file's by line, then the rest."""
    files = [str(f) for f in files]
    tables: dict = {}
    found: dict[str, list] = {}  # message told → [sort key, written path, paths it was found at]
    for order, message in enumerate(messages):
        text, sort, written, path = _at_source(message, files, origins or {}, tables)
        found.setdefault(text, [(*sort, order), written, set()])[2].add(path)
    result = []
    for text, (_, written, paths) in sorted(found.items(), key=lambda item: item[1][0]):
        # Simulations or media that use the block by alias, named so none is a surprise.
        users = sorted({".".join(map(str, p[:2])) for p in paths if len(p) > 2} - {".".join(map(str, written[:2]))})
        result.append(text + (f" (also {', '.join(users)}, by YAML alias)" if users else ""))
    return result


def _at_source(message: str, files: list[str], origins: dict, tables: dict) -> tuple[str, tuple, tuple, tuple]:
    """(the message told at its source, its sort key, the path the author wrote, the path it named)."""
    match = _SET.match(message)
    if match:  # a `set=PATH=VALUE` that apply_overrides refused: named as it was typed
        given = tuple(match.group(1).split("."))
        return f"{origins.get(given, f'--config set={match.group(1)}')}: {message[match.end():]}", (0,), (), ()
    if message.startswith("config.set: "):
        return f"--config set: {message[len('config.set: '):]}", (0,), (), ()
    prefix, path = _PATH.match(message), key_path(message)
    if not path or not message.startswith(": ", prefix.end()):
        return message, (3,), (), ()
    rest = message[prefix.end() + 2:]
    origin = _origin(path, origins)
    if origin is not None and origin[2]:
        text, given, _ = origin
        named = tuple(str(p) for p in path) == given and text.startswith("--config set=")
        return (f"{text}: {rest}" if named else f"{text}: {dotted(path)}: {rest}"), (0,), path, path
    where, written = place(path, files, tables)
    if where is None:
        return message, (3,), path, path
    file, line, column = where.rsplit(":", 2)
    text = f"{where}: {dotted(written)}: {rest}"
    if origin is not None:  # a block the command line changed, checked as a whole
        text += f" (with {origin[0]})"
    return text, (1, files.index(file), int(line), int(column)), written, path


@contextmanager
def located(files: list[str | Path], origins: dict | None = None) -> Iterator[None]:
    """Tell any ConfigError raised inside at its source (``told``)."""
    try:
        yield
    except ConfigError as error:
        messages = told(error.messages, files, origins)
        if messages == error.messages:
            raise
        raise ConfigError(*messages) from None


# --- The report ------------------------------------------------------------------------------

class Report:
    """What a run found wrong with its config so far, and what its command line set (``origins``:
    the path a ``--config`` value gave → the text that gave it)."""

    def __init__(self, files: list[str | Path]):
        self.files = [str(f) for f in files]
        self.origins: dict[tuple, str] = {}
        self.messages: list[str] = []
        self.raised: list[ConfigError] = []

    @contextmanager
    def going_on(self) -> Iterator[None]:
        """Note a ConfigError raised inside, and go on to find the rest."""
        try:
            yield
        except ConfigError as error:
            self.messages += error.messages
            self.raised.append(error)


def debugging(verbose: bool = False) -> bool:
    """Whether a config error shows its Python traceback: ``GDMEDIA_DEBUG=1``, or Snakemake's ``--verbose``."""
    return verbose or os.environ.get("GDMEDIA_DEBUG", "") not in ("", "0")


@contextmanager
def reported(files: list[str | Path], verbose: bool = False) -> Iterator[Report]:
    """Check a config inside: every ConfigError raised or noted (``Report.going_on``) is told at its
    source on stderr, and the process exits 1.  Other exceptions are bugs and keep their tracebacks."""
    report = Report(files)
    try:
        yield report
    except ConfigError as error:
        report.messages += error.messages
        report.raised.append(error)
    if not report.messages:
        return
    error = ConfigError(*told(report.messages, report.files, report.origins))
    if debugging(verbose):
        import traceback

        for raised in report.raised:
            traceback.print_exception(raised, file=sys.stderr)
    count = len(error.messages)
    sys.stderr.write(f"{error}\n{count} config error{'s' * (count > 1)}: nothing was run"
                     f"{'' if debugging(verbose) else ' (GDMEDIA_DEBUG=1 shows the Python traceback)'}.\n")
    sys.stderr.flush()
    sys.exit(1)
