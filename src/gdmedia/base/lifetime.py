"""Processes that die with the run that started them, and part files no later run trips over.

After ``kill -9`` of Snakemake its job processes are re-parented to init and
keep rendering, racing the next run for the same outputs; ffmpeg, fed by a
job, outlives the job too.  Linux's ``prctl(PR_SET_PDEATHSIG)`` asks the kernel
to signal a process when its parent dies.  A part file carries the writer's
pid, so two writers never share one, and a part whose writer is gone is stale.
"""

from __future__ import annotations

import ctypes
import glob
import os
import shutil
import signal
from pathlib import Path

PR_SET_PDEATHSIG = 1


def _set_death_signal(sig: int) -> bool:
    """Ask for ``sig`` when the parent dies; False where prctl is not available (not Linux)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def kill_with_parent() -> None:
    """``preexec_fn`` for a child (ffmpeg) that must not outlive the process that feeds it."""
    parent = os.getppid()
    _set_death_signal(signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _arguments(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").split("\0")
    except OSError:
        return []


def is_snakemake(pid: int) -> bool:
    """Whether ``pid`` runs Snakemake: ``…/bin/snakemake …`` or ``python -m snakemake …``."""
    args = _arguments(pid)
    return any(Path(a).name == "snakemake" for a in args) or any(
        a == "-m" and b == "snakemake" for a, b in zip(args, args[1:]))


def die_with_snakemake() -> bool:
    """If this process's parent is Snakemake, end this process (SIGTERM) when it dies.

    Only then: a job under a scheduler's shell, or a render run from a test,
    must not die when that shell exits.  Returns whether the signal was set.
    """
    parent = os.getppid()
    if not is_snakemake(parent) or not _set_death_signal(signal.SIGTERM):
        return False
    if os.getppid() != parent:
        os.kill(os.getpid(), signal.SIGTERM)
    return True


def part_name(path: str | Path) -> Path:
    """``<name>.<pid>.part`` beside ``path``: this process's own part file."""
    path = Path(path)
    return path.with_name(f"{path.name}.{os.getpid()}.part")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_parts(path: str | Path) -> list[Path]:
    """Remove the part files (and part folders) of ``path`` whose writer is no longer running; returns them."""
    path = Path(path)
    removed = []
    for part in path.parent.glob(f"{glob.escape(path.name)}.*.part"):
        pid = part.name[len(path.name) + 1 : -len(".part")]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            if part.is_dir() and not part.is_symlink():  # a part folder (a scene's chunks)
                shutil.rmtree(part, ignore_errors=True)
            else:
                part.unlink(missing_ok=True)
            removed.append(part)
    return removed
