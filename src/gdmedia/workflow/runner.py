"""Running a figure or scene script: imported by path, or under Snakemake (log, load, render).

A figure script is a plain module (``KIND``, ``SWEEP``, ``STILL`` and
``draw``; ``gdmedia.figure_kit.figure``): the rule runs ``scripts/figure.py``,
which sends stderr to the rule's log before anything can fail and calls
``run_figure``: the medium's traces and the facts written beside them are
loaded and the figure is drawn once into every output of the rule.  A scene
opens with ``gdmedia.workflow.scene_script.begin`` and ends with
``gdmedia.scene_kit.kit.scene`` (Manim also runs it by hand), and
``run_scene`` renders it under Snakemake.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from typing import Callable

from gdmedia import FOOTER
from gdmedia.base.lifetime import die_with_snakemake
from gdmedia.base.options import FigureOptions


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


def under_snakemake(scope: dict, footer: Callable) -> None:
    """Under Snakemake: stderr to the rule's log, die with Snakemake, and leave ``footer(smk, render)`` for the script's last line.

    After ``kill -9`` of Snakemake a job would otherwise keep drawing and race
    the next run for the same outputs (``lifetime.die_with_snakemake``).
    """
    if "snakemake" in scope:
        smk = scope["snakemake"]
        log_to(smk.log[0])
        die_with_snakemake()
        scope[FOOTER] = lambda render: footer(smk, render)


def begin_job(scope: dict) -> None:
    """First thing in a workflow script that is not a figure or scene (it has no footer): under
    Snakemake, stderr to the rule's log and die with Snakemake."""
    if "snakemake" in scope:
        log_to(scope["snakemake"].log[0])
        die_with_snakemake()


def run_figure(smk) -> None:
    """The Snakemake run of a figure: its module (``params.script``) drawn once, from the traces and the
    facts their simulations wrote (never measured again), into every output of the rule."""
    import matplotlib

    matplotlib.use("Agg")  # off-screen, before the figure's pyplot is imported
    from gdmedia.figure_kit.figure import render
    from gdtrace.files import load, load_facts

    figure = import_script(smk.params.script)
    traces = [load(path) for path in smk.input.trace]
    found = [load_facts(path) for path in smk.input.facts]
    trace, found = (traces, found) if smk.params.sweep else (traces[0], found[0])
    first, *rest = smk.output
    render(figure, trace, first, options=FigureOptions.from_mapping(smk.params.options), found=found, also=rest)


def run_scene(smk, render: Callable) -> None:
    """The Snakemake run of a scene: one render writes the MP4, GIF and poster."""
    from gdmedia.base.options import SceneOptions

    trace, found = scene_inputs(smk)
    render(trace, smk.output.mp4, options=SceneOptions.from_mapping(smk.params.options), found=found)


def scene_inputs(smk):
    """A scene job's trace and the facts written beside it (a pair of each with ``compare``)."""
    from gdtrace.files import load, load_facts

    if "compare" in smk.input.keys():
        return (load(smk.input.trace), load(smk.input.compare)), (load_facts(smk.input.trace), load_facts(smk.input.compare))
    return load(smk.input.trace), load_facts(smk.input.trace)
