"""Running a figure or scene script: imported by path, or under Snakemake (log, load, render).

Figures and scenes are plain modules: ``KIND`` and a figure's ``draw``
(``gdmedia.figure_kit.figure``) or a scene's ``TracedScene``
(``gdmedia.scene_kit.kit``).  The rules run ``scripts/figure.py`` and
``scripts/scene.py``, which send stderr to the rule's log before anything can
fail, load the medium's traces and the facts written beside them
(``scene_inputs`` for a scene), and draw the module once into every output of
the rule.  Each lives in its own script, so a figure job's code holds no scene
kit and a scene job's no figure kit.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

from gdmedia.base.lifetime import die_with_snakemake


def import_script(path: str | Path):
    """Import a figure or scene script by its path, as Snakemake runs it, without running its footer."""
    path = Path(path)
    name = f"_script_{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def log_to(path: str) -> None:
    """Send this process's stderr (Python's and any child's) to ``path``."""
    stream = open(path, "w", buffering=1)
    os.dup2(stream.fileno(), 2)
    sys.stderr = stream


def begin_job(scope: dict) -> None:
    """First thing in a workflow script that is not a figure or scene (it has no footer): under
    Snakemake, stderr to the rule's log and die with Snakemake."""
    if "snakemake" in scope:
        log_to(scope["snakemake"].log[0])
        die_with_snakemake()


def scene_inputs(smk):
    """A scene job's trace and the facts written beside it (a pair of each with ``compare``)."""
    from gdtrace.files import load, load_facts

    if "compare" in smk.input.keys():
        return (load(smk.input.trace), load(smk.input.compare)), (load_facts(smk.input.trace), load_facts(smk.input.compare))
    return load(smk.input.trace), load_facts(smk.input.trace)
