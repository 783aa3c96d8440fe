import numpy as np
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from gdmedia.figure_kit.animate import render_animation  # noqa: E402
from gdmedia.figure_kit.gif import Blitter  # noqa: E402
from gdmedia.base.options import FigureOptions  # noqa: E402
from gifcheck import read_gif  # noqa: E402

OPTIONS = FigureOptions(width_px=200, height_px=120, dpi=100, fps=10, frames=5, hold_s=0.5,
                        early_bias=1.0, elevation_deg=30, azimuth_deg=0)


class Dot:
    """A tiny drawing: one dot moving along the trace's x values."""

    def __init__(self, trace, options, found):
        xs = trace.x
        self.figure = plt.figure(figsize=options.figsize, dpi=options.dpi)
        ax = self.figure.add_axes([0, 0, 1, 1])
        ax.set_xlim(0, 10)
        (self.dot,) = ax.plot([0], [0], "o", ms=10)
        self.xs = xs
        self.blitter = Blitter(self.figure, [self.dot])

    def show(self, row):
        self.dot.set_data([self.xs[row]], [0])
        return self.blitter.grab()


def test_gif_and_png_from_one_drawing(tmp_path):
    from types import SimpleNamespace

    open_before = set(plt.get_fignums())  # what other tests in this worker left open is theirs
    trace = SimpleNamespace(step=np.arange(30), x=np.linspace(1, 9, 30))
    render_animation(Dot, trace, tmp_path / "dot.gif", OPTIONS, found={})
    render_animation(Dot, trace, tmp_path / "dot.png", OPTIONS, found={})
    frames, delays, loop = read_gif(tmp_path / "dot.gif")
    assert frames.shape == (5, 120, 200, 3) and loop == 0
    assert sum(delays) == 1000 * OPTIONS.play_s
    assert (tmp_path / "dot.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert set(plt.get_fignums()) <= open_before  # its figures are closed, even across many renders


def test_a_sweep_animates_as_long_as_its_longest_member():
    from types import SimpleNamespace

    from gdmedia.figure_kit.animate import row_count

    assert row_count([SimpleNamespace(step=np.arange(5)), SimpleNamespace(step=np.arange(9))]) == 9
    assert row_count(SimpleNamespace(step=np.arange(4))) == 4
