"""Storyboards: an animation's key frames in one grid, as wide as the notes embed it.

Key frames are the first, the last and evenly spaced ones between, read left to
right, top to bottom; each keeps the frame's own step clock, so the grid says
when each picture happens.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

from gdmedia.base.style import ROLE
from gdmedia.base.lifetime import part_name

STORYBOARD_SUFFIX = ".storyboard.png"
COLUMNS, ROWS = 2, 3  # six key frames, each half the embedded width: text stays near legible size
GAP_PX = 4


def key_frames(count: int, wanted: int = COLUMNS * ROWS) -> list[int]:
    """Indices of ``wanted`` frames out of ``count``: first, last and evenly between (fewer if too few)."""
    return sorted({int(round(i)) for i in np.linspace(0, count - 1, min(wanted, count))})


def write_storyboard(frames: list[np.ndarray], out_path: str | Path, width_px: int) -> None:
    """Tile RGB ``frames`` into a grid ``width_px`` wide and save it as PNG, atomically."""
    cell_w = (width_px - GAP_PX * (COLUMNS - 1)) // COLUMNS
    height, width = frames[0].shape[:2]
    cell_h = round(height * cell_w / width)
    rows = -(-len(frames) // COLUMNS)
    sheet = Image.new("RGB", (width_px, rows * cell_h + GAP_PX * (rows - 1)), ROLE["background"])
    for index, pixels in enumerate(frames):
        cell = Image.fromarray(pixels).resize((cell_w, cell_h), Image.Resampling.LANCZOS)
        row, column = divmod(index, COLUMNS)
        sheet.paste(cell, (column * (cell_w + GAP_PX), row * (cell_h + GAP_PX)))
    partial = part_name(out_path)
    try:
        sheet.save(partial, format="PNG", optimize=True)
        partial.replace(out_path)
    finally:
        partial.unlink(missing_ok=True)
