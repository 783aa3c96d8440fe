"""The first line of a scene script: ``begin(globals(), kind=…)``.

Under Snakemake it sends stderr to the rule's log and leaves the render's run
for the script's footer (``gdmedia.scene_kit.kit.scene``); run by hand with
Manim it leaves the way to find the scene's trace, options and facts.  That
way is ``gdmedia.workflow.standalone``, which may simulate: it is named here,
not imported, so it is imported only when a scene runs by hand and is no
job's code (``gdmedia.workflow.registry`` follows imports, and under Snakemake
it never runs).
"""

from __future__ import annotations

import importlib

from gdmedia import BY_HAND

BY_HAND_MODULE = "gdmedia.workflow.standalone"


def begin(scope: dict, *, kind: str) -> None:
    """First thing in a scene script.  ``kind`` (the trace kind it draws) is its declaration, read from
    the source by ``gdmedia.workflow.registry``."""
    if "snakemake" in scope:
        from gdmedia.workflow.runner import run_scene, under_snakemake

        under_snakemake(scope, run_scene)
    else:
        scope[BY_HAND] = by_hand


def by_hand(scene_file: str, script: str):
    """(trace, options, found) for a scene Manim runs by hand (``gdmedia.workflow.standalone.inputs``)."""
    return importlib.import_module(BY_HAND_MODULE).inputs(scene_file, script)
