"""The one dispatch table of problem kinds: kind name → the module that owns it.

Each kind's module (``regression``, ``surface``, ``curve`` here) owns that
kind's spec (``Spec``, built from a config block by ``from_config``), its trace
(``Trace``), how a run ends (``summary``), the facts a teacher quotes
(``facts``) and its simulation (``simulate``).  Modules are named as strings and
imported only when a kind is asked for, so code that dispatches on kind
(``gdsim.simulate``, ``gdsim.facts``, ``gdmedia.workflow.jobs.traces``, ``gdmedia.workflow.settings.config``)
imports no kind it does not run; the workflow's registry reads this table to
add a kind's module to the code inputs of each job that runs it.
"""

from __future__ import annotations

import importlib

MODULES = {
    "regression": "gdsim.kinds.regression",
    "surface": "gdsim.kinds.surface",
    "curve": "gdsim.kinds.curve",
}


def module(kind: str):
    """The module that owns ``kind``; a clear error for a kind the table does not know."""
    if kind not in MODULES:
        raise ValueError(f"unknown kind {kind!r}; known: {sorted(MODULES)}")
    return importlib.import_module(MODULES[kind])


def of(thing) -> str:
    """The kind of a spec or a trace (its class's ``KIND``)."""
    return type(thing).KIND


def owner(thing):
    """The module that owns the kind of a spec or a trace."""
    return module(of(thing))
