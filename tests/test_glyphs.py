"""Text drawn from remembered glyphs has matplotlib's own pixels, bit for bit."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from gdmedia.speed.glyphs import GlyphRenderer, remember_glyphs  # noqa: E402
from gdmedia.base.style import MONO_FAMILY, styled  # noqa: E402

TEXTS = [  # (text, keywords): plain, mono with subscripts, rotated, mathtext with a rule, unhinted, aliased
    ("step  12  η = 0.1", {}),
    ("θ₀ = −1.234  ∂L/∂θ₁ = 0.5678", {"family": MONO_FAMILY}),
    ("loss f (log)", {"rotation": 90}),
    (r"$\frac{1}{2}\sqrt{x}$", {"fontsize": 14}),
    ("tilted 33°", {"rotation": 33, "antialiased": False}),
]


def _frames(cached: bool, shifts) -> list[np.ndarray]:
    """The figure's pixels with its texts moved by each shift (axes fractions, fine enough for sub-pixels)."""
    with styled():
        figure = plt.figure(figsize=(3.3, 2.1), dpi=97)
        ax = figure.add_subplot()
        texts = [ax.text(0.05, 0.1 + 0.17 * i, s, **kw) for i, (s, kw) in enumerate(TEXTS)]
        if cached:
            remember_glyphs(figure)
        frames = []
        for dx, dy in shifts:
            for i, text in enumerate(texts):
                text.set_position((0.05 + dx, 0.1 + 0.17 * i + dy))
            figure.canvas.draw()
            frames.append(np.asarray(figure.canvas.buffer_rgba()).copy())
        renderer = figure.canvas.get_renderer()
        plt.close(figure)
    return frames, renderer


def test_remembered_glyphs_draw_the_same_pixels_wherever_the_text_stands():
    # Whole-pixel and sub-pixel moves, back and forth: later frames are drawn from the cache.
    shifts = [(0, 0), (0.0031, 0.0017), (0.1, 0.05), (0, 0), (0.1031, 0.0517), (0.0007, 0.3)]
    plain, plain_renderer = _frames(False, shifts)
    cached, renderer = _frames(True, shifts)
    assert type(plain_renderer) is not GlyphRenderer and type(renderer) is GlyphRenderer
    layouts, bitmaps = renderer._caches()
    assert layouts and bitmaps  # the cache was used…
    for ours, theirs in zip(cached, plain):
        np.testing.assert_array_equal(ours, theirs)  # …and changed no pixel
    assert not np.array_equal(plain[0], plain[1])  # the texts did move
