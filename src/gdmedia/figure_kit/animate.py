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

from gdmedia.base.frames import distinct_rows
from gdmedia.figure_kit.gif import Blitter, palette_probes, write_gif, write_png
from gdmedia.base.storyboard import STORYBOARD_SUFFIX, key_frames, write_storyboard
from gdmedia.base.options import FigureOptions
from gdmedia.base.style import styled


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


def _paths(out_path) -> list[str]:
    """One output path, or several, as a list of strings."""
    return [str(out_path)] if isinstance(out_path, (str, Path)) else [str(p) for p in out_path]


class Frames:
    """``drawing.show(rows[i])`` by frame index, keeping the pixels of the frames in ``keep``:
    the palette probes, the storyboard's key frames and the last frame are drawn once per job."""

    def __init__(self, drawing: Drawing, rows, keep):
        self.drawing, self.rows, self.keep, self.kept = drawing, rows, set(keep), {}

    def __call__(self, index: int) -> np.ndarray:
        if index in self.kept:
            return self.kept[index]
        pixels = self.drawing.show(self.rows[index])
        if index in self.keep:
            self.kept[index] = pixels
        return pixels


def render_animation(draw: Callable, trace, out_path, options: FigureOptions, found) -> None:
    """Draw ``trace`` (one, or a sweep's list) and its facts ``found`` with ``draw(trace, options, found)``
    once and write it to ``out_path``: one path or several (.gif, .png, .storyboard.png), all from
    the same drawing."""
    paths = _paths(out_path)
    with styled():
        drawing = draw(trace, options, found)
        try:
            picked = distinct_rows(row_count(trace), options.frames, options.early_bias)
            keys = key_frames(len(picked))
            frame = Frames(drawing, picked, [*palette_probes(len(picked)), *keys, len(picked) - 1])
            for path in paths:
                if path.endswith(STORYBOARD_SUFFIX):
                    write_storyboard([frame(i) for i in keys], path, options.width_px)
                elif path.endswith(".png"):
                    write_png(frame(len(picked) - 1), path)
                else:
                    write_gif(frame, len(picked), path, fps=options.fps, hold_s=options.hold_s)
        finally:
            plt.close(drawing.figure)
