import numpy as np
import pytest

from gdmedia.figure_kit.figure import render as render_figure
from gdmedia.workflow.jobs.traces import measured
from conftest import load_script, options_for
from gdsim.regression import predict
from gifcheck import assert_plays_as_configured

lr_gd = load_script("figures/lr_gd.py")
FIT = np.array([0xD5, 0x5E, 0x00])  # the style's vermillion: the current line

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def rendered(tmp_path_factory, config, linreg_trace):
    options = options_for(config, "lr_gd")
    out = tmp_path_factory.mktemp("lr_gd") / "lr_gd.gif"
    render_figure(lr_gd, linreg_trace, out, options=options, found=measured(linreg_trace))
    return out, options


def line_pixels(trace, options, theta, row, count=40):
    """Pixel (row, col) of points on ŷ = θ₀ + θ₁·x in the data panel, off the readout and legend at ``row``."""
    from gdmedia.base.style import styled

    with styled():  # the layout the render has: the house style sets the text sizes
        drawing = lr_gd.draw(trace, options, measured(trace))
    try:
        with styled():  # the layout stays the one the blitter drew once; a full redraw would re-run it
            drawing.show(row)
        ax = drawing.artists["fit"].axes
        box = drawing.artists["readout"].get_window_extent()
        key = ax.get_legend().get_window_extent()
        xs = np.linspace(*ax.get_xlim(), count + 2)[1:-1]
        display = ax.transData.transform(np.column_stack([xs, predict(theta, xs)]))
        inside = ax.get_window_extent()
        keep = [
            (x, y) for x, y in display
            if inside.contains(x, y) and not box.contains(x, y) and not key.contains(x, y)
        ]
        height = drawing.figure.canvas.get_width_height()[1]
    finally:
        lr_gd.plt.close(drawing.figure)
    return [(int(round(height - y)), int(round(x))) for x, y in keep]


def on_line(frame, pixels, radius=2):
    """Fraction of the pixels that have the fit colour within ``radius``."""
    hits = 0
    for row, col in pixels:
        patch = frame[row - radius : row + radius + 1, col - radius : col + radius + 1].reshape(-1, 3)
        hits += np.any(np.abs(patch.astype(int) - FIT).sum(axis=1) < 60)
    return hits / len(pixels)


def test_first_and_last_frames_draw_the_traced_lines(rendered, linreg_trace):
    out, options = rendered
    frames = assert_plays_as_configured(out, options, max_bytes=1_000_000)
    end = len(linreg_trace.step) - 1
    first = line_pixels(linreg_trace, options, linreg_trace.theta[0], 0)
    last = line_pixels(linreg_trace, options, linreg_trace.theta[-1], end)
    assert len(first) >= 15 and len(last) >= 15
    assert on_line(frames[0], first) > 0.9
    assert on_line(frames[-1], last) > 0.9
    # …and not the other way round: the line really moved.
    assert on_line(frames[0], line_pixels(linreg_trace, options, linreg_trace.theta[-1], 0)) < 0.5
    assert on_line(frames[-1], line_pixels(linreg_trace, options, linreg_trace.theta[0], end)) < 0.5


def test_line_ends_on_least_squares(linreg_trace):
    np.testing.assert_allclose(linreg_trace.theta[-1], linreg_trace.lstsq, atol=1e-4)
    assert np.linalg.norm(linreg_trace.theta[0] - linreg_trace.lstsq) > 1.0


def test_png_is_the_last_frame(tmp_path, rendered, linreg_trace):
    import imageio.v3 as iio

    out, options = rendered
    render_figure(lr_gd, linreg_trace, tmp_path / "last.png", options=options, found=measured(linreg_trace))
    still = iio.imread(tmp_path / "last.png")[..., :3]
    frames = iio.imread(out, index=None, mode="RGB")
    assert still.shape == frames[-1].shape
    # The GIF's palette is shared; the PNG is exact: they agree up to quantisation.
    assert np.mean(np.abs(still.astype(int) - frames[-1].astype(int))) < 3


def test_divergence_is_drawn_not_crashed(tmp_path, config, linreg_trace):
    import dataclasses

    from gdmedia.workflow.settings.config import simulation_spec
    from gdsim.simulate import simulate
    from gdsim.types import OptimizerSpec

    spec = simulation_spec(config["simulations"]["linreg"])
    trace = simulate(dataclasses.replace(spec, optimizer=OptimizerSpec("gd", 1.2)))
    assert trace.status == "diverged"
    options = options_for(config, "lr_gd", frames=20)
    render_figure(lr_gd, trace, tmp_path / "diverged.gif", options=options, found=measured(trace))
    from gifcheck import read_gif

    frames, _, _ = read_gif(tmp_path / "diverged.gif")
    assert frames.shape[0] >= 2 and not np.array_equal(frames[0], frames[-1])


def test_arrows_and_readout_show_the_recorded_gradient(config, linreg_trace):
    """−∇L and −η∇L start at θ and point along the trace's own grad, and the readout prints it."""
    from gdmedia.base.style import number, styled

    with styled():
        drawing = lr_gd.draw(linreg_trace, options_for(config, "lr_gd"), measured(linreg_trace))
    try:
        for row in (0, 3, 20):
            drawing.show(row)
            theta, grad = linreg_trace.theta[row], linreg_trace.grad[row]
            start, tip = drawing.artists["gradient"]._posA_posB
            np.testing.assert_allclose(start, theta)
            np.testing.assert_allclose(np.subtract(tip, start), -grad)
            _, step_tip = drawing.artists["step"]._posA_posB
            np.testing.assert_allclose(np.subtract(step_tip, start), -linreg_trace.learning_rate * grad)
            text = drawing.artists["readout"].get_text()
            assert f"∂L/∂θ₀ = {number('gradient', grad[0])}" in text and f"∂L/∂θ₁ = {number('gradient', grad[1])}" in text
    finally:
        lr_gd.plt.close(drawing.figure)
