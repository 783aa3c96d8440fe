"""Running a figure or scene script: imported by path, or under Snakemake (log, load, render)."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from typing import Callable

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
