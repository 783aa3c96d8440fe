"""A simulated trace's json: its resolved parameters, how it ended and the facts measured from it.

The npz beside it is the trace contract's (``gdtrace.files.save_npz``); this
module adds what only the workflow knows: the parameters it was run with, and
the core's summary and facts (``gdsim.facts``), measured once, here, and read
by every picture and note after (``gdtrace.files.load_facts``).
"""

from __future__ import annotations

import json
from pathlib import Path

from gdsim import kinds
from gdsim.facts import facts


def summary(trace) -> dict:
    """How the run ended, for the .json beside the trace (the kind's own ``summary``)."""
    return kinds.owner(trace).summary(trace)


def save_json(params: dict, trace, path: str | Path) -> None:
    """Write the resolved parameters, the outcome and the measured facts (``gdsim.facts``), sorted."""
    document = {"parameters": params, "result": summary(trace), "facts": facts(trace)}
    Path(path).write_text(json.dumps(document, indent=2, sort_keys=True) + "\n")


def measured(trace):
    """The facts of ``trace`` (or of each of a sweep's list, or of a scene's pair), measured by the core, as ``save_json``
    writes them: for a figure rendered from Python with a freshly simulated trace
    (``render(…, found=measured(trace))``).  Under Snakemake a figure reads what was written."""
    if isinstance(trace, list):
        return [facts(t) for t in trace]
    if type(trace) is tuple:  # a scene's pair (a trace and the one it compares with), not a trace's own NamedTuple
        return tuple(facts(t) for t in trace)
    return facts(trace)
