"""From a drawing to a file: the one render loop every animated figure shares.

A drawing is anything with a ``figure`` and a ``show(row) -> RGB pixels``; the
loop picks the trace rows for the frame budget, then writes the GIF, or for a
``.png`` path the last frame alone.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import matplotlib.pyplot as plt

from .frames import frame_rows
from .gif import write_gif, write_png
from .options import FigureOptions
from .style import styled


def render_animation(draw: Callable, trace, rows: int, out_path: str | Path, options: FigureOptions) -> None:
    """Draw ``trace`` with ``draw(trace, options)`` and write it to ``out_path``."""
    with styled():
        drawing = draw(trace, options)
        try:
            picked = frame_rows(rows, options.frames, options.early_bias)
            if str(out_path).endswith(".png"):
                write_png(drawing.show(picked[-1]), out_path)
            else:
                write_gif(lambda i: drawing.show(picked[i]), len(picked), out_path,
                          fps=options.fps, hold_s=options.hold_s)
        finally:
            plt.close(drawing.figure)
