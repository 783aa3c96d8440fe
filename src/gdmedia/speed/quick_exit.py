"""A Snakemake process that has done its work exits at once instead of scanning its heap again.

At exit CPython tears its modules down and runs the cyclic garbage collector over every
object still alive; after Snakemake's own imports (pandas, SQLAlchemy, pydantic, its
plugins) that is several hundred thousand objects, scanned more than once: about 0.3 s of
a run that has nothing to do, more than the Snakefile's own work.  Here, at exit, one last
collection runs the finalizers of whatever is garbage by then, and ``gc.freeze()`` moves
what is still alive into the permanent generation, which the collector no longer scans;
the operating system reclaims it.  Files and logs are closed by their own exit handlers
(``logging.shutdown``, ``weakref.finalize``), which still run after this one.
"""

from __future__ import annotations

import atexit
import gc

_REGISTERED = [False]


def _collect_then_freeze() -> None:
    gc.collect()
    gc.freeze()


def exit_without_final_scans() -> None:
    """At this process's exit: collect once, then freeze the survivors (once per process)."""
    if not _REGISTERED[0]:
        atexit.register(_collect_then_freeze)
        _REGISTERED[0] = True
