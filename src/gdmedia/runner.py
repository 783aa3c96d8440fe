"""Running a script under Snakemake: stderr to the log first, then load, then render."""

from __future__ import annotations

import os
import sys
from typing import Callable

from .options import FigureOptions
from .traces import load


def log_to(path: str) -> None:
    """Send this process's stderr (Python's and any child's) to ``path``."""
    stream = open(path, "w", buffering=1)
    os.dup2(stream.fileno(), 2)
    sys.stderr = stream


def run_figure(smk, render: Callable) -> None:
    """The footer of every figure script: ``render(trace, out_path, options=…)`` per output.

    The script has already sent its stderr to the log (``log_to``) first thing.
    """
    trace = load(smk.input.trace)
    options = FigureOptions.from_mapping(smk.params.options)
    for out_path in smk.output:
        render(trace, out_path, options=options)


def run_scene(smk, render: Callable) -> None:
    """The footer of every scene script: one render writes the MP4, GIF and poster."""
    from .scene_render import SceneOptions

    trace = load(smk.input.trace)
    if "compare" in smk.input.keys():
        trace = (trace, load(smk.input.compare))
    render(trace, smk.output.mp4, options=SceneOptions.from_mapping(smk.params.options))
