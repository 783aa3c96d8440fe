"""Running a figure or scene script: imported by path, or under Snakemake (log, load, render).

A figure script holds its drawing only.  It opens with ``begin(globals())``
(under Snakemake: stderr to the rule's log, before anything can fail) and ends
with ``render = animated(draw, globals())`` or ``render = still(draw, globals())``,
which makes its ``render(trace, out_path, options=…)`` and, under Snakemake,
runs it for every output of the rule.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from typing import Callable

from .lifetime import die_with_snakemake
from .options import FigureOptions
from .traces import load


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


def begin(scope: dict) -> None:
    """First thing in a script: under Snakemake, send stderr to the rule's log, and die with Snakemake.

    After ``kill -9`` of Snakemake a job would otherwise keep drawing and race
    the next run for the same outputs (``lifetime.die_with_snakemake``).
    """
    if "snakemake" in scope:
        log_to(scope["snakemake"].log[0])
        die_with_snakemake()


def _footer(scope: dict | None, render: Callable) -> None:
    if scope is not None and "snakemake" in scope:
        run_figure(scope["snakemake"], render)


def animated(draw: Callable, scope: dict | None = None) -> Callable:
    """``render`` of an animated figure whose ``draw(trace, options)`` returns a ``Drawing``."""
    from .animate import render_animation

    def render(trace, out_path, *, options: FigureOptions) -> Path:
        """Write the GIF, its last frame (.png) or its storyboard (.storyboard.png); return its path."""
        render_animation(draw, trace, out_path, options)
        return Path(out_path)

    _footer(scope, render)
    return render


def still(draw: Callable, scope: dict | None = None) -> Callable:
    """``render`` of a still figure whose ``draw(trace, options)`` returns a matplotlib figure."""
    from .still import render_still

    def render(trace, out_path, *, options: FigureOptions) -> Path:
        """Write the still as .png or .svg; return its path."""
        render_still(draw, trace, out_path, options)
        return Path(out_path)

    _footer(scope, render)
    return render


def run_figure(smk, render: Callable) -> None:
    """The footer of every figure script: ``render(trace, out_path, options=…)`` per output.

    The script has already sent its stderr to the log (``log_to``) first thing.
    """
    traces = [load(path) for path in smk.input.trace]
    trace = traces if smk.params.sweep else traces[0]
    options = FigureOptions.from_mapping(smk.params.options)
    for out_path in smk.output:
        render(trace, out_path, options=options)


def run_scene(smk, render: Callable) -> None:
    """The footer of every scene script: one render writes the MP4, GIF and poster."""
    from .options import SceneOptions

    trace = load(smk.input.trace)
    if "compare" in smk.input.keys():
        trace = (trace, load(smk.input.compare))
    render(trace, smk.output.mp4, options=SceneOptions.from_mapping(smk.params.options))
