"""Reading a GIF back the way a viewer would: every frame, its delays and loop flag."""

from __future__ import annotations

import imageio.v3 as iio
import numpy as np
from PIL import Image


def read_gif(path):
    """(frames as RGB (N, H, W, 3), delays in ms, loop count)."""
    frames = iio.imread(path, index=None, mode="RGB")
    with Image.open(path) as gif:
        loop = gif.info.get("loop")
        delays = []
        for i in range(gif.n_frames):
            gif.seek(i)
            delays.append(gif.info["duration"])
    return frames, delays, loop


def assert_plays_as_configured(path, options, *, max_bytes, play_s=None):
    """``play_s``: the expected play time when it differs from the options' (a trace shorter than the budget)."""
    frames, delays, loop = read_gif(path)
    assert frames.shape[2] == options.width_px
    assert frames.shape[1] == options.height_px
    assert loop == 0, "the GIF must loop forever"
    assert sum(delays) == round(1000 * (options.play_s if play_s is None else play_s))
    assert delays[-1] >= 1000 * options.hold_s
    assert 4 <= sum(delays) / 1000 <= 12
    assert path.stat().st_size <= max_bytes
    changed = [not np.array_equal(a, b) for a, b in zip(frames[:-1], frames[1:])]
    assert not np.array_equal(frames[0], frames[-1])
    assert sum(changed) >= len(changed) // 2, "most frames should move"
    return frames
