"""What each figure and scene script is, and which code each of its jobs runs, read from source.

Declarations.  A figure is a plain module that declares ``KIND =
"regression"`` (the kind of trace it draws), ``SWEEP = True`` (it draws every
member of a sweep; default False) and ``STILL = True`` (one picture, not an
animation; default False) beside its ``draw``; a scene module declares ``KIND``
beside its scene class.  Both are read with ``ast``; no script is ever
imported here.

Code inputs.  A job's code is the first-party import closure (packages
``gdsim``, ``gdtrace`` and ``gdmedia`` under ``src/``) of its script: ``import a.b``,
``from a import b`` (``b`` a module or a name), relative imports, and imports
inside functions (they run when the function does), package ``__init__`` files
included; plus, for a simulation, the closure of the module that owns the kind
it runs (``gdsim.kinds.MODULES``, read from that file), which the core imports
by name.  A figure or scene draws a loaded trace and the facts written beside
it, so only its script's closure (and, for a figure, its writer's) is its code.
Adding an import is all it takes for an edit of that module to rerun the job.

Everything is cached on (path, mtime, size): in the process, and, for the
workflow, on disk (``code_table(root, cache)``), so a repeated dry run parses
only the files that changed.
"""

from __future__ import annotations

import ast
import json
import os
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]
FIRST_PARTY = ("gdsim", "gdtrace", "gdmedia")
SCRIPT_DIRS = {"figure": "figures", "scene": "scenes"}
FIGURE_SCRIPT = Path("scripts") / "figure.py"  # runs every figure job: the figure module is its other start
SCENE_SCRIPT = Path("scripts") / "scene.py"  # runs every one-job scene: the scene module is its other start
WRITER_TABLE = Path("src") / "gdmedia" / "figure_kit" / "figure.py"  # WRITERS: still? → the writer it imports
DECLARED = {"KIND": str, "SWEEP": bool, "STILL": bool}  # a figure's declarations: name → type
KIND_TABLE = Path("src") / "gdsim" / "kinds" / "__init__.py"
SEGMENT_SCRIPT = Path("scripts") / "scene_part.py"  # runs a scene's segment or join job


class DeclarationError(ValueError):
    """A script whose declaration is missing or wrong; the message names the file and line."""


@dataclass(frozen=True)
class Script:
    """A figure or scene script and what it declares."""

    name: str  # file stem: what a medium's `figure:` or `scene:` names
    role: str  # "figure" or "scene"
    path: str  # relative to the checkout
    kind: str  # the trace kind it draws: a key of gdsim.kinds.MODULES
    still: bool  # one picture (PNG and SVG), not an animation
    sweep: bool  # draws every member of a sweep


def _stamp(path: Path) -> tuple:
    stat = path.stat()
    return str(path), stat.st_mtime_ns, stat.st_size


@lru_cache(maxsize=None)
def _tree(path: str, mtime_ns: int, size: int) -> ast.Module:
    return ast.parse(Path(path).read_text(encoding="utf-8"), filename=path)


def parsed(path: Path) -> ast.Module:
    return _tree(*_stamp(Path(path)))


# -- the kind table ------------------------------------------------------------
def kind_modules(root: Path = ROOT) -> dict[str, str]:
    """``gdsim.kinds.MODULES`` as written in ``root``'s source: kind → module name."""
    path = Path(root) / KIND_TABLE
    for node in parsed(path).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "MODULES" for t in node.targets):
            return ast.literal_eval(node.value)
    raise DeclarationError(f"{path}: no MODULES table")


def writer_modules(root: Path = ROOT) -> dict[bool, str]:
    """``gdmedia.figure_kit.figure.WRITERS`` as written in ``root``'s source: still? → writer module."""
    path = Path(root) / WRITER_TABLE
    for node in parsed(path).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "WRITERS" for t in node.targets):
            return {still: module for still, (module, _) in ast.literal_eval(node.value).items()}
    raise DeclarationError(f"{path}: no WRITERS table")


# -- declarations --------------------------------------------------------------
def _declare_module(path: Path, relative: str, root: Path, role: str) -> Script:
    """A figure or scene module's ``KIND`` (and a figure's ``SWEEP`` and ``STILL``), read from its top level."""
    said, lines = {}, {}
    for node in parsed(path).body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        for target in targets:
            name = getattr(target, "id", None)
            if name in DECLARED and node.value is not None:
                try:
                    said[name] = ast.literal_eval(node.value)
                except ValueError:
                    raise DeclarationError(f"{relative}:{node.lineno}: {name} must be a literal") from None
                lines[name] = node.lineno
    body = parsed(path).body
    if role == "figure" and "draw" not in {n.name for n in body if isinstance(n, ast.FunctionDef)}:
        raise DeclarationError(f"{relative}: no draw(trace, options, found); a figure module defines one")
    if role == "scene" and not any(isinstance(n, ast.ClassDef) and any(
            isinstance(m, ast.FunctionDef) and m.name == "construct" for m in n.body) for n in body):
        raise DeclarationError(f"{relative}: no scene class with construct(); a scene module defines one")
    kinds = kind_modules(root)
    if "KIND" not in said:
        raise DeclarationError(f"{relative}: no KIND = …; a {role} module declares the kind it draws, "
                               f"one of {sorted(kinds)}")
    if said["KIND"] not in kinds:
        raise DeclarationError(f"{relative}:{lines['KIND']}: KIND must be one of {sorted(kinds)}, got {said['KIND']!r}")
    for name in ("SWEEP", "STILL"):
        if not isinstance(said.get(name, False), DECLARED[name]):
            raise DeclarationError(f"{relative}:{lines[name]}: {name} must be True or False")
    return Script(name=path.stem, role=role, path=relative, kind=said["KIND"],
                  still=said.get("STILL", False), sweep=said.get("SWEEP", False))


def _declare(path: Path, role: str, root: Path) -> Script:
    relative = path.relative_to(root).as_posix() if path.is_absolute() else path.as_posix()
    return _declare_module(path, relative, root, role)


def _declared(path: Path, role: str, root: Path) -> Script:
    fields = _remembered("scripts", *_stamp(path), lambda: list(_declare(path, role, root).__dict__.values()))
    return Script(*fields)


def _scripts(role: str, root: Path) -> dict[str, Script]:
    folder = Path(root) / SCRIPT_DIRS[role]
    return {p.stem: _declared(p, role, Path(root)) for p in sorted(folder.glob("*.py")) if not p.name.startswith("_")}


def figures(root: Path = ROOT) -> dict[str, Script]:
    """Every figure script in ``root/figures``, by name."""
    return _scripts("figure", root)


def scenes(root: Path = ROOT) -> dict[str, Script]:
    """Every scene script in ``root/scenes``, by name."""
    return _scripts("scene", root)


def script_of(medium: dict, root: Path = ROOT) -> Script:
    """The script a medium's config block names (``figure:`` or ``scene:``)."""
    role = "figure" if "figure" in medium else "scene"
    return _scripts(role, root)[medium[role]]


# -- import closure ------------------------------------------------------------
def _module_file(name: str, root: Path) -> Path | None:
    """The file of a first-party module: ``src/a/b.py`` or ``src/a/b/__init__.py``."""
    base = Path(root) / "src" / Path(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _with_parents(name: str, root: Path) -> list[Path]:
    """The files that importing ``a.b.c`` runs: each package's ``__init__`` on the way, then the module."""
    parts = name.split(".")
    files = (_module_file(".".join(parts[:i]), root) for i in range(1, len(parts) + 1))
    return [f for f in files if f is not None]


def _package_of(path: Path, root: Path) -> list[str]:
    src = Path(root) / "src"
    if not path.is_relative_to(src):
        return []
    parts = list(path.relative_to(src).with_suffix("").parts)
    return parts if parts[-1] == "__init__" and parts.pop() is not None else parts[:-1]


def _imported_names(path: Path, root: Path) -> set[str]:
    """Every first-party module name ``path`` imports, anywhere in the file."""
    names = set()
    for node in ast.walk(parsed(path)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                package = _package_of(path, root)
                if node.level - 1 > len(package):
                    continue
                base = package[: len(package) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names if alias.name != "*")
    return {n for n in names if n.split(".")[0] in FIRST_PARTY}


# What earlier runs found, from the disk cache: path → [mtime_ns, size, value].
_KNOWN: dict[str, dict[str, list]] = {"imports": {}, "scripts": {}}
_CHANGED = [False]


def _remembered(table: str, path: str, mtime_ns: int, size: int, compute):
    known = _KNOWN[table].get(path)
    if known is not None and known[:2] == [mtime_ns, size]:
        return known[2]
    value = compute()
    _KNOWN[table][path] = [mtime_ns, size, value]
    _CHANGED[0] = True
    return value


@lru_cache(maxsize=None)
def _direct(path: str, mtime_ns: int, size: int, root: str) -> tuple[str, ...]:
    def compute():
        files = {f for name in _imported_names(Path(path), Path(root)) for f in _with_parents(name, Path(root))}
        return sorted(str(f) for f in files)

    return tuple(_remembered("imports", path, mtime_ns, size, compute))


def _graph(starts, root: str) -> dict[str, tuple[str, ...]]:
    """Absolute file → the first-party files it imports, for every file reachable from ``starts``
    (each file stat'ed once; parsed only when its mtime or size is new)."""
    graph, todo = {}, [str(f) for f in starts]
    while todo:
        file = todo.pop()
        if file not in graph:
            graph[file] = _direct(*_stamp(Path(file)), root)
            todo.extend(graph[file])
    return graph


def _reach(graph: dict[str, tuple[str, ...]], start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        file = todo.pop()
        if file not in seen:
            seen.add(file)
            todo.extend(graph[file])
    return seen


def _relative(files, root: Path) -> list[str]:
    prefix = str(root) + os.sep
    return sorted(f[len(prefix):] if f.startswith(prefix) else os.path.relpath(f, root) for f in files)


def closure(path: str | Path, root: Path = ROOT) -> tuple[str, ...]:
    """``path`` and every first-party file it reaches by imports, relative to ``root``, sorted."""
    root = Path(root).resolve()
    start = str(Path(path) if Path(path).is_absolute() else root / path)
    return tuple(_relative(_reach(_graph([start], str(root)), start), root))


def _starts(script: str | Path, kind: str, root: Path) -> list[str]:
    """The files a job starts from: its script, and what importing its kind's module runs first."""
    script = Path(script) if Path(script).is_absolute() else root / script
    return [str(script), *(str(f) for f in _with_parents(kind_modules(root)[kind], root))]


def _inputs(graph: dict, starts: list[str], root: Path) -> list[str]:
    return _relative(set().union(*(_reach(graph, s) for s in starts)), root)


def code_inputs(script: str | Path, kind: str, root: Path = ROOT) -> list[str]:
    """What a job running ``script`` on a ``kind`` trace executes: the script's closure and that of
    importing the kind's module (its packages' ``__init__`` files included), relative to ``root``."""
    root = Path(root).resolve()
    starts = _starts(script, kind, root)
    return _inputs(_graph(starts, str(root)), starts, root)


def code_table(root: Path = ROOT, cache: str | Path | None = None) -> dict[str, list[str]]:
    """Every job's code inputs at once: ``figure:<name>``, ``scene:<name>``, ``segment:<name>`` and ``simulate:<kind>``.

    ``cache`` (a JSON file) keeps what was parsed between runs, keyed by each file's
    mtime and size; a cache that cannot be read or written is only slower.
    """
    root = Path(root).resolve()
    if cache is not None:
        _load(Path(cache))
    # A figure or scene draws a loaded trace and the facts written beside it: the trace contract,
    # never its kind's simulation, so no kind module is among its code.
    writers = writer_modules(root)
    jobs = {f"figure:{s.name}": [str(root / FIGURE_SCRIPT), str(root / s.path),
                                 *(str(f) for f in _with_parents(writers[s.still], root))]
            for s in figures(root).values()}
    jobs.update({f"scene:{s.name}": [str(root / SCENE_SCRIPT), str(root / s.path)] for s in scenes(root).values()})
    jobs.update({f"simulate:{kind}": _starts("scripts/simulate.py", kind, root) for kind in kind_modules(root)})
    # A scene cut into segments runs its own script inside scripts/scene_part.py: both closures.
    jobs.update({f"segment:{s.name}": [str(root / s.path), str(root / SEGMENT_SCRIPT)]
                 for s in scenes(root).values()})
    graph = _graph({f for starts in jobs.values() for f in starts}, str(root))
    table = {job: _inputs(graph, starts, root) for job, starts in jobs.items()}
    if cache is not None and _CHANGED[0]:
        _save(Path(cache), root)
    return table


def load_cache(cache: str | Path) -> None:
    """Know what earlier runs parsed (``code_table``'s cache) before anything asks: the Snakefile's
    config checks read the scripts' declarations before its rules build the code table."""
    _load(Path(cache))


# The cache files already read in this process, with the (mtime, size) they had then.
_READ: dict[str, tuple] = {}


def _load(cache: Path) -> None:
    try:
        stamp = _stamp(cache)
        if _READ.get(stamp[0]) == stamp[1:]:
            return  # read already, unchanged since: what it holds is in _KNOWN
        document = json.loads(cache.read_text(encoding="utf-8"))
        for table in _KNOWN:
            _KNOWN[table].update(document[table])
        _READ[stamp[0]] = stamp[1:]
    except (OSError, ValueError, KeyError, TypeError):
        pass  # no cache yet, or a damaged one: everything is parsed again


def _save(cache: Path, root: Path) -> None:
    """Write what is known about ``root``'s files (a copied cache's entries for another checkout are dropped)."""
    inside = str(root) + os.sep
    known = {table: {path: entry for path, entry in entries.items() if path.startswith(inside)}
             for table, entries in _KNOWN.items()}
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=cache.parent, delete=False, suffix=".part") as part:
            json.dump(known, part)
        os.replace(part.name, cache)
        _CHANGED[0] = False
    except OSError:
        pass
