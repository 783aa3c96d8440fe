"""Trace files: ``<name>.npz`` (arrays) beside ``<name>.json`` (parameters, outcome and facts).

The npz and the json's facts are the only contract between simulation and
picture.  The npz is written with fixed zip timestamps, so the same config
gives the same bytes, to a ``.part`` name unique to the writing process,
renamed into place when whole.  A trace that cannot be read (truncated,
garbage, written before a field existed) is named in one line with the
command that rebuilds it: ``TraceError``.
"""

from __future__ import annotations

import io
import json
import os
import shlex
import zipfile
import zlib
from pathlib import Path

import numpy as np

from .types import TRACES

_EPOCH = (1980, 1, 1, 0, 0, 0)


# What reading a damaged npz or json raises, from zipfile, zlib, numpy and json.
_DAMAGE = (zipfile.BadZipFile, zlib.error, EOFError, KeyError, ValueError, OSError, TypeError)


class TraceError(ValueError):
    """A trace file that cannot be read; the message names it and says how to rebuild it."""

    def __init__(self, path: str | Path, message: str):
        super().__init__(message)
        self.path = Path(path)


def rebuild_command(path: str | Path) -> str:
    """The command that rebuilds the trace ``path`` (its .npz and .json together)."""
    npz = Path(path).with_suffix(".npz")
    return f"snakemake --cores 1 --force {shlex.quote(str(npz))} {shlex.quote(str(npz.with_suffix('.json')))}"


def _damaged(path, error: BaseException) -> TraceError:
    reason = f"{type(error).__name__}: {error}".replace("\n", " ")
    return TraceError(path, f"{path}: damaged or out-of-date trace ({reason}); rebuild it: {rebuild_command(path)}")


def damage(npz_path: str | Path) -> TraceError | None:
    """Why the built trace at ``npz_path`` (or its .json) cannot be read; None when both read or it is not built yet.

    Cheap enough for every dry run: the zip's directory and its ``kind`` member
    are read, not the arrays (``load`` checks those, and names a bad one).
    """
    npz = Path(npz_path)
    try:
        if npz.exists():
            _check_members(npz)
        if npz.with_suffix(".json").exists():
            load_summary(npz.with_suffix(".json"))
    except TraceError as error:
        return error
    return None


def _check_members(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            with archive.open("kind.npy") as member:
                kind = str(np.lib.format.read_array(member, allow_pickle=False))
        cls = trace_class(kind)
        missing = sorted(f for f in cls._fields if f"{f}.npy" not in names and f not in cls._field_defaults)
        if missing:
            raise KeyError(f"no field {', '.join(missing)}")
    except _DAMAGE as error:
        raise _damaged(path, error) from None


def set_aside(error: TraceError) -> Path:
    """Rename the damaged file ``error`` names to ``<name>.damaged``, so a rebuild starts from nothing lost."""
    path = error.path
    aside = path.with_name(path.name + ".damaged")
    os.replace(path, aside)
    return aside


def kind_of(trace) -> str:
    """The kind a trace is of: its class's ``KIND``."""
    return type(trace).KIND


def trace_class(kind: str) -> type:
    """The NamedTuple of a kind named in a file; ValueError (read as damage) for a kind the table does not know."""
    if kind not in TRACES:
        raise ValueError(f"unknown kind {kind!r}; known: {sorted(TRACES)}")
    return TRACES[kind]


def save_npz(trace, path: str | Path) -> None:
    """Write the trace's fields as .npy members of a zip, atomically."""
    fields = {"kind": np.array(kind_of(trace)), **{k: np.asarray(v) for k, v in trace._asdict().items()}}
    with partial_file(path) as tmp:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, array in fields.items():
                buffer = io.BytesIO()
                np.lib.format.write_array(buffer, array, allow_pickle=False)
                info = zipfile.ZipInfo(f"{name}.npy", date_time=_EPOCH)
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, buffer.getvalue())


class partial_file:
    """``with partial_file(path) as tmp:`` write ``tmp``; it replaces ``path`` only if the block succeeds.

    The name carries the process id, so two writers (a killed run's orphan and
    the next run) never share a part file; on any failure the part is removed.
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.part")

    def __enter__(self) -> Path:
        return self.tmp

    def __exit__(self, kind, error, trace) -> None:
        if kind is None:
            os.replace(self.tmp, self.path)
        else:
            self.tmp.unlink(missing_ok=True)


def load(path: str | Path):
    """Read a trace written by ``save_npz`` back into its NamedTuple, or raise ``TraceError`` naming it."""
    try:
        with np.load(path, allow_pickle=False) as archive:
            kind = str(archive["kind"])
            cls = trace_class(kind)
            values = {}
            for name in cls._fields:
                if name not in archive.files and name in cls._field_defaults:
                    continue  # a trace written before the field existed keeps its default
                array = archive[name]
                values[name] = array.item() if array.ndim == 0 else array
    except _DAMAGE as error:
        raise _damaged(path, error) from None
    return cls(**values)


def load_summary(path: str | Path) -> dict:
    """Read the .json beside a trace, or raise ``TraceError`` naming it."""
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
        if not isinstance(document, dict) or not {"parameters", "result"} <= document.keys():
            raise ValueError("not a trace summary: no 'parameters' and 'result'")
    except _DAMAGE as error:  # json.JSONDecodeError and UnicodeDecodeError are ValueErrors
        raise _damaged(path, error) from None
    return document


def load_facts(npz_path: str | Path) -> dict:
    """The facts the simulation measured and wrote beside the trace (``<name>.json``'s ``facts``):
    what a picture says about a run is read, never measured again."""
    json_path = Path(npz_path).with_suffix(".json")
    document = load_summary(json_path)
    if "facts" not in document:
        raise _damaged(json_path, KeyError("no 'facts'"))
    return document["facts"]
