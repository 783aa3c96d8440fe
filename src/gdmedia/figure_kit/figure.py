"""Rendering a figure module: its ``draw`` of a trace and its facts, to every file asked for.

A figure (``figures/<name>.py``) is a plain module: its declarations
``KIND`` (the trace kind it draws), ``SWEEP`` (it draws every member of a
sweep; default False) and ``STILL`` (one picture, PNG and SVG, not an
animation; default False), and ``draw(trace, options, found)``.  Nothing in
it runs when it is imported; the workflow's generic script
(``scripts/figure.py``) and any Python caller render it through here.

The writer is named in ``WRITERS`` and imported only when a figure of its sort
is drawn, as the core's kinds are: a still's job never runs the animation
writer, and the registry adds just the writer a figure uses to its code.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from gdmedia.base.options import FigureOptions

# still? → (module, function): the one table of writers (gdmedia.workflow.jobs.registry reads it).
WRITERS = {
    False: ("gdmedia.figure_kit.animate", "render_animation"),
    True: ("gdmedia.figure_kit.still", "render_still"),
}


def render(figure, trace, out_path, *, options: FigureOptions, found, also=()) -> Path:
    """Draw ``figure`` (a figure module) of ``trace`` (a sweep's list, if it draws a sweep) and its facts
    ``found`` to ``out_path`` and every path in ``also``, all from one drawing: an animation's GIF, last
    frame (.png) and storyboard (.storyboard.png); a still's .png and .svg.

    ``found`` is what the simulation wrote beside each trace (``gdtrace.files.load_facts``), or, for a
    trace in hand, ``gdmedia.workflow.jobs.traces.measured(trace)``."""
    module, function = WRITERS[bool(getattr(figure, "STILL", False))]
    write = getattr(importlib.import_module(module), function)
    write(figure.draw, trace, [out_path, *also], options, found)
    return Path(out_path)
