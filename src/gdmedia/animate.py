"""From a drawing to a file: the one render loop every animated figure shares.

A figure's ``Drawing`` moves its artists to a trace row in ``update(row)``;
``show(row)`` then grabs the pixels.  The loop picks the rows for the frame
budget and writes the GIF, for a ``.png`` path the last frame alone, and for a
``.storyboard.png`` path the key frames in a grid at the embedded width (the
quick way to review a change, and the still a printed handout embeds).  A
sweep's traces animate in step: row r is step r of each (or its last, if it
stopped sooner).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

import matplotlib.pyplot as plt

from . import figure_render
from .frames import distinct_rows
from .gif import Blitter, write_gif, write_png
from .storyboard import STORYBOARD_SUFFIX, key_frames, write_storyboard
from .options import FigureOptions
from .style import styled


@dataclass
class Drawing:
    """A figure whose moving artists (drawn by ``blitter``) follow the trace row by row."""

    figure: object
    blitter: Blitter

    def update(self, row: int) -> None:
        raise NotImplementedError

    def show(self, row: int) -> np.ndarray:
        """Pixels of the figure with its artists at ``row``."""
        self.update(row)
        return self.blitter.grab()


def row_count(trace) -> int:
    """Rows to animate: a trace's, or the longest of a sweep's."""
    return max(len(t.step) for t in trace) if isinstance(trace, list) else len(trace.step)


def render_animation(draw: Callable, trace, out_path: str | Path, options: FigureOptions) -> None:
    """Draw ``trace`` (one, or a sweep's list) with ``draw(trace, options)`` and write it to ``out_path``."""
    with styled():
        drawing = draw(trace, options)
        try:
            picked = distinct_rows(row_count(trace), options.frames, options.early_bias)
            if str(out_path).endswith(STORYBOARD_SUFFIX):
                keys = key_frames(len(picked))
                write_storyboard([drawing.show(picked[i]) for i in keys], out_path, options.width_px)
            elif str(out_path).endswith(".png"):
                write_png(drawing.show(picked[-1]), out_path)
            else:
                write_gif(lambda i: drawing.show(picked[i]), len(picked), out_path,
                          fps=options.fps, hold_s=options.hold_s)
        finally:
            plt.close(drawing.figure)


def animated(draw: Callable, scope: dict | None = None) -> Callable:
    """The last line of an animated figure: its ``render``; under Snakemake (``runner.begin``) also run."""

    def write(trace, out_path, options: FigureOptions) -> None:
        """Write the GIF, its last frame (.png) or its storyboard (.storyboard.png)."""
        render_animation(draw, trace, out_path, options)

    return figure_render(write, scope)
