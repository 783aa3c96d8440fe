import imageio.v3 as iio
import numpy as np
import pytest
from PIL import Image

from gdmedia.figure_kit.gif import shared_palette, write_gif


def square(i):
    frame = np.full((40, 60, 3), 255, np.uint8)
    frame[10:20, 5 + 5 * i : 15 + 5 * i] = (213, 94, 0)
    return frame


def test_write_gif_loops_with_exact_delays_and_every_pixel(tmp_path):
    out = tmp_path / "clip.gif"
    write_gif(square, 6, out, fps=20, hold_s=1.0)
    frames = iio.imread(out, index=None, mode="RGB")
    assert frames.shape == (6, 40, 60, 3)
    for i, frame in enumerate(frames):
        np.testing.assert_array_equal(frame, square(i))
    with Image.open(out) as gif:
        assert gif.info.get("loop") == 0
        delays = []
        for i in range(gif.n_frames):
            gif.seek(i)
            delays.append(gif.info["duration"])
    assert delays == [1550] + [50] * 4 + [1050]  # the first picture holds 1.5 s, the last its hold
    assert not list(tmp_path.glob("*.part"))


def test_shared_palette_keeps_rare_colours():
    frames = [square(0), square(5)]
    palette = shared_palette(frames).getpalette()[: 3 * 256]
    colours = {tuple(palette[i : i + 3]) for i in range(0, len(palette), 3)}
    assert (213, 94, 0) in colours and (255, 255, 255) in colours


def test_failed_draw_leaves_no_file(tmp_path):
    def broken(i):
        if i == 3:
            raise RuntimeError("boom")
        return square(i)

    with pytest.raises(RuntimeError):
        write_gif(broken, 6, tmp_path / "clip.gif", fps=20, hold_s=0)
    assert not (tmp_path / "clip.gif").exists()


def test_failed_write_leaves_no_part_file(tmp_path, monkeypatch):
    import gdmedia.figure_kit.gif as gif

    def broken_optimizer(path, lossy=0, level=3):
        raise OSError("disk full")

    monkeypatch.setattr(gif, "optimize_gif", broken_optimizer)
    with pytest.raises(OSError):
        write_gif(square, 6, tmp_path / "clip.gif", fps=20, hold_s=0)
    assert list(tmp_path.iterdir()) == []  # neither the GIF nor its .part


def test_a_still_artist_over_the_moving_ones_keeps_its_first_pixels():
    """``Blitter(over=…)``: a legend the moving lines pass under is pasted back, as first drawn, each frame."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from gdmedia.figure_kit.gif import Blitter

    figure, ax = plt.subplots(figsize=(3, 2), dpi=100)
    try:
        ax.set_xlim(0, 1), ax.set_ylim(0, 1)
        (line,) = ax.plot([], [], lw=4, color="red")
        legend = ax.legend(handles=[ax.plot([], [], color="blue", label="a key")[0]], loc="center")
        blitter = Blitter(figure, [line], over=[legend])
        box = legend.get_window_extent(figure.canvas.get_renderer())
        height = figure.canvas.get_width_height()[1]
        rows = slice(int(height - box.y1) + 2, int(height - box.y0) - 2)
        cols = slice(int(box.x0) + 2, int(box.x1) - 2)
        line.set_data([0, 1], [0.5, 0.5])  # straight through the legend
        through = blitter.grab()
        line.set_data([0, 1], [0.05, 0.05])  # under it, clear of the legend
        clear = blitter.grab()
        assert np.array_equal(through[rows, cols], clear[rows, cols])
        assert not np.array_equal(through, clear)  # the line itself is drawn, outside the legend
    finally:
        plt.close(figure)
