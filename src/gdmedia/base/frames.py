"""Which trace rows become animation frames.

Descent moves fast early and crawls late, so frames are spaced as
row(i) = round(R_last · (i/(F−1))^bias): with bias > 1 early rows are denser.
A trace shorter than the budget repeats rows, so the play time stays
frames / fps + holds whatever the trace length.

Pacing for a first-time viewer: the first picture holds ``FIRST_HOLD_S`` (time
to read the layout before anything moves), the last one the medium's
``hold_s`` (at least ``LAST_HOLD_S``, time to read the outcome).
"""

from __future__ import annotations

import numpy as np

FIRST_HOLD_S = 1.5  # the first picture stays this long before anything moves
LAST_HOLD_S = 3.0  # the shortest hold of the last picture
MIN_FPS = 20  # motion at this rate or faster


def frame_rows(rows: int, frames: int, bias: float) -> np.ndarray:
    """Indices (non-decreasing, first 0, last rows−1) of ``frames`` rows out of ``rows``."""
    if rows < 1 or frames < 1:
        raise ValueError(f"rows and frames must be >= 1, got rows={rows}, frames={frames}")
    if not bias > 0:
        raise ValueError(f"early_bias must be > 0, got {bias!r}")
    if frames == 1:
        return np.array([rows - 1])
    u = np.linspace(0.0, 1.0, frames)
    return np.rint((rows - 1) * u**bias).astype(int)


def distinct_rows(rows: int, frames: int, bias: float) -> np.ndarray:
    """Like ``frame_rows`` but every frame a new row (strictly increasing), so no two frames repeat a
    picture: a trace with fewer rows than the budget plays each row once, in fewer frames.

    Spacing follows row(i) = R_last · (i/(F−1))^bias, each pushed past the one before and
    kept low enough to leave a row for every later frame.
    """
    count = min(rows, frames)
    picked = frame_rows(rows, count, bias)
    for i in range(1, count):
        picked[i] = max(picked[i], picked[i - 1] + 1)
    return np.minimum(picked, rows - count + np.arange(count))


def delays_cs(frames: int, fps: int, hold_s: float, first_hold_s: float = FIRST_HOLD_S) -> list[int]:
    """GIF frame delays in hundredths of a second; the first and last frames hold longer.

    GIF delays are whole centiseconds, so fps must divide 100 for the clip to
    play at the stated rate.
    """
    if 100 % fps:
        raise ValueError(f"fps must divide 100 (1, 2, 4, 5, 10, 20, 25, 50), got {fps}")
    step = 100 // fps
    delays = [step] * frames
    if frames > 1:
        delays[0] += int(round(first_hold_s * 100))
    delays[-1] += int(round(hold_s * 100))
    return delays
