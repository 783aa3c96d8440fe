"""Writing a still figure: PNG at the medium's pixel size, or SVG, reproducibly."""

from __future__ import annotations

from pathlib import Path

from typing import Callable

import matplotlib.pyplot as plt

from gdmedia.base.options import FigureOptions
from gdmedia.base.style import styled
from gdmedia.base.lifetime import part_name

# Savefig metadata that would change from run to run (a date) or name a version.
_QUIET = {".png": {"Software": None}, ".svg": {"Date": None, "Creator": None}}


def save_still(figure, out_path: str | Path) -> None:
    """Save ``figure`` to ``out_path`` (.png or .svg), the same bytes every time (the caller closes it)."""
    suffix = Path(out_path).suffix
    if suffix not in _QUIET:
        raise ValueError(f"a still is written as .png or .svg, not {suffix!r}")
    partial = part_name(out_path)
    try:
        figure.savefig(partial, format=suffix[1:], dpi=figure.dpi, metadata=_QUIET[suffix])
        partial.replace(out_path)
    finally:
        partial.unlink(missing_ok=True)


def render_still(draw: Callable, trace, out_path, options: FigureOptions, found) -> None:
    """Draw ``trace`` and its facts ``found`` with ``draw(trace, options, found)`` in the house style and save it to ``out_path``: one
    path or several (.png, .svg).  Each file gets a drawing of its own: a second ``savefig`` lays the
    figure out again from where the first left it (loss_surface's 3-D axes move), so a shared
    drawing would change what the second file shows."""
    paths = [out_path] if isinstance(out_path, (str, Path)) else list(out_path)
    with styled():
        for path in paths:
            figure = draw(trace, options, found)
            try:
                save_still(figure, path)
            finally:
                plt.close(figure)
