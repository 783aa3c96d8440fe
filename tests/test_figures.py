"""Every matplotlib figure medium, as one table: legible, true on time, paced, and reproducible.

The table is ``config.media``: each medium that names a figure script is
checked, so a new figure is tested by adding it to the config.
"""

import functools
from functools import lru_cache

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.text import Text
from matplotlib.textpath import TextPath

from gdmedia.figure_kit.figure import render as render_figure
from gdmedia.workflow.jobs.traces import measured
from conftest import load_script, options_for
from gdmedia.base import style
from gdmedia.workflow.settings.config import STILL_FIGURES, load_config, simulation_spec
from gdmedia.base.frames import FIRST_HOLD_S, LAST_HOLD_S, MIN_FPS
from gdmedia.figure_kit.panels import SweepPaths
from gdmedia.workflow.settings.sweeps import is_sweep, traces_of
from gdsim.simulate import simulate
from gifcheck import assert_plays_as_configured, read_gif

CONFIG = load_config()
FIGURES = sorted(name for name, m in CONFIG["media"].items() if "figure" in m)
ANIMATED = [name for name in FIGURES if CONFIG["media"][name]["figure"] not in STILL_FIGURES]
STILLS = [name for name in FIGURES if name not in ANIMATED]
DEAD_S = 1.0  # no stretch of unchanged pictures longer than this, first and last holds apart


@lru_cache(maxsize=None)
def script(name: str):
    return load_script(f"figures/{CONFIG['media'][name]['figure']}.py")


@lru_cache(maxsize=None)
def trace_of(name: str):
    sim = CONFIG["media"][name]["simulation"]
    ids = traces_of(CONFIG, sim)
    from gdmedia.workflow.settings.sweeps import trace_ids

    blocks = trace_ids(CONFIG)
    traces = [simulate(simulation_spec(blocks[i])) for i in ids]
    return traces if is_sweep(CONFIG["simulations"][sim]) else traces[0]


def drawn(name: str, row: int | None = None):
    """The medium's matplotlib figure, drawn (for an animation, at ``row``; default its last)."""
    options = options_for(CONFIG, name)
    made = script(name).draw(trace_of(name), options, measured(trace_of(name)))
    from gdmedia.figure_kit.animate import Drawing, row_count

    if isinstance(made, Drawing):
        made.show(row_count(trace_of(name)) - 1 if row is None else row)
        return made.figure, made
    made.canvas.draw()
    return made, None


@pytest.mark.parametrize("name", FIGURES)
def test_no_loss_curve_runs_flat_along_its_log_axis(name):
    """A curve clamped to a floor runs flat along it, as if the loss had stopped falling: on every
    log axis, three equal values in a row never stand inside the view (a curve below it leaves it)."""
    import matplotlib.pyplot as plt

    with style.styled():
        figure, _ = drawn(name)
    try:
        for ax in figure.axes:
            if ax.name != "rectilinear" or ax.get_yscale() != "log":
                continue
            bottom = min(ax.get_ylim())
            for line in ax.lines:
                y = np.asarray(line.get_ydata(), dtype=float)
                flat = (y[2:] == y[1:-1]) & (y[1:-1] == y[:-2]) & (y[1:-1] >= bottom)
                assert not flat.any(), f"{name}: {line.get_label()!r} runs flat at {y[1:-1][flat][0]:g}"
    finally:
        plt.close(figure)


@pytest.mark.parametrize("name", FIGURES)
def test_every_word_stands_out_from_the_background_as_small_text_must(name):
    """WCAG's 4.5:1 for small text: a series' label wears its colour mixed toward the ink (sky blue on
    white is 2.3:1, the palest of a sweep's tints 2.5:1)."""
    import matplotlib.pyplot as plt
    from matplotlib.colors import to_hex

    with style.styled():
        figure, _ = drawn(name)
        try:
            for text in figure.findobj(Text):
                if text.get_visible() and text.get_text().strip():
                    ratio = style.contrast(to_hex(text.get_color()), style.ROLE["background"])
                    assert ratio >= style.TEXT_CONTRAST, (text.get_text(), to_hex(text.get_color()), round(ratio, 2))
        finally:
            plt.close(figure)


def cap_height_px(text: Text, dpi: float) -> float:
    """Cap height of ``text`` in pixels: the extent of an "H" in its font, from matplotlib's text path."""
    extents = TextPath((0, 0), "H", prop=text.get_fontproperties()).get_extents()
    return extents.height * dpi / 72


@pytest.mark.parametrize("name", FIGURES)
def test_every_text_is_at_least_9px_tall_and_inside_the_picture(name):
    import matplotlib.pyplot as plt

    with style.styled():
        figure, _ = drawn(name)
    try:
        renderer = figure.canvas.get_renderer()
        width, height = figure.canvas.get_width_height()
        assert width == CONFIG["media"][name]["width_px"] == 750
        undrawn = set()  # tick labels past an axis' view: made, never drawn
        for ax in figure.axes:
            for axis in ax._axis_map.values():
                shown = {id(label) for tick in axis._update_ticks() for label in (tick.label1, tick.label2)}
                undrawn |= {id(label) for label in axis.get_ticklabels(which="both")} - shown
        texts = [t for t in figure.findobj(Text)
                 if t.get_visible() and t.get_text().strip() and id(t) not in undrawn]
        assert texts, "a figure with no text at all"
        small = [f"{t.get_text()!r}: {cap_height_px(t, figure.dpi):.1f} px" for t in texts
                 if cap_height_px(t, figure.dpi) < style.MIN_CAP_PX]
        assert not small, f"{name}: text under {style.MIN_CAP_PX} px cap height at 750 px: {small}"
        outside = []
        for t in texts:
            box = t.get_window_extent(renderer)
            seen = box.x1 > 0 and box.y1 > 0 and box.x0 < width and box.y0 < height  # ticks past the view are not drawn
            if seen and (box.x0 < -2 or box.y0 < -2 or box.x1 > width + 2 or box.y1 > height + 2):
                outside.append(t.get_text())
        assert not outside, f"{name}: text cut off at the picture's edge: {outside}"
    finally:
        plt.close(figure)


SWEEPS = [name for name in ANIMATED if isinstance(trace_of(name), list)]


@pytest.mark.parametrize("name", SWEEPS)
def test_no_outcome_is_written_before_it_happens(name):
    import matplotlib.pyplot as plt

    with style.styled():
        figure, drawing = drawn(name, row=0)
        try:
            assert isinstance(drawing, SweepPaths)
            outcomes = [run.outcome for run in drawing.runs if run.outcome]
            said = [label.get_text() for label in drawing.drawn["labels"]]
            assert not any(o in text for o in outcomes for text in said), f"{name} at step 0 says {said}"
            from gdmedia.figure_kit.animate import row_count

            drawing.show(row_count(trace_of(name)) - 1)
            said = [label.get_text() for label in drawing.drawn["labels"]]
            for run, text in zip(drawing.runs, said):
                assert run.outcome in text, f"{name}: the last frame does not say {run.outcome!r}"
        finally:
            plt.close(figure)


def test_multi_modal_paths_take_their_basin_colour_only_once_settled():
    import matplotlib.pyplot as plt

    name = "gd_multi_modal"
    with style.styled():
        figure, drawing = drawn(name, row=0)
        try:
            at_start = {line.get_color() for line in drawing.moving["lines2d"]}
            assert at_start == {script(name).MOVING}, "the basin a start will reach is given away at step 0"
            drawing.show(len(drawing.trace.step) - 1)
            at_end = [line.get_color() for line in drawing.moving["lines2d"]]
            assert at_end == script(name).end_colours(drawing.trace)
        finally:
            plt.close(figure)


def test_multi_modal_settled_heads_show_inside_the_minima_stars():
    """A head that settled on a minimum is drawn over its star (and its trail under it): both are seen."""
    import matplotlib.pyplot as plt

    name = "gd_multi_modal"
    with style.styled():
        figure, drawing = drawn(name)
    try:
        ax = drawing.moving["heads2d"][0].axes
        stars = [line for line in ax.lines if line.get_marker() == "*"]
        assert stars
        for head, trail in zip(drawing.moving["heads2d"], drawing.moving["lines2d"]):
            assert trail.get_zorder() < min(s.get_zorder() for s in stars) < head.get_zorder()
            # The head fits within the star's inner pentagon: all five of the star's points show around it.
            assert head.get_markersize() < style.STAR_INNER * stars[0].get_markersize()
        heads = np.array([np.ravel(h.get_data()) for h in drawing.moving["heads2d"]])
        minima = np.asarray(drawing.trace.minima)
        assert np.min(np.linalg.norm(heads[:, None] - minima[None], axis=-1), axis=1).min() < 1e-3  # some sit there
    finally:
        plt.close(figure)


def dead_stretches(frames: np.ndarray, delays: list[int]) -> list[float]:
    """Seconds of each run of unchanged frames between the first and the last picture."""
    stretches, run = [], 0
    for index in range(1, len(frames) - 1):
        if np.array_equal(frames[index], frames[index - 1]):
            run += delays[index]
        else:
            if run:
                stretches.append(run / 1000)
            run = 0
    return stretches + ([run / 1000] if run else [])


@pytest.mark.slow
@pytest.mark.parametrize("name", ANIMATED)
def test_animation_is_paced_for_a_first_viewing_and_the_same_bytes_twice(tmp_path, name):
    options = options_for(CONFIG, name)
    render = functools.partial(render_figure, script(name), found=measured(trace_of(name)))
    render(trace_of(name), tmp_path / "a.gif", options=options)
    render(trace_of(name), tmp_path / "b.gif", options=options)
    assert (tmp_path / "a.gif").read_bytes() == (tmp_path / "b.gif").read_bytes()
    from gdmedia.figure_kit.animate import row_count

    played = min(row_count(trace_of(name)), options.frames)  # a short trace plays each row once
    play_s = options.play_s - (options.frames - played) / options.fps
    frames = assert_plays_as_configured(tmp_path / "a.gif", options, max_bytes=2_000_000, play_s=play_s)
    _, delays, _ = read_gif(tmp_path / "a.gif")
    assert delays[0] >= 1000 * FIRST_HOLD_S, f"the first picture holds {delays[0]} ms"
    assert delays[-1] >= 1000 * LAST_HOLD_S, f"the last picture holds {delays[-1]} ms"
    assert max(delays[1:-1]) <= 1000 / MIN_FPS, "motion slower than 20 fps"
    assert max(dead_stretches(frames, delays), default=0) <= DEAD_S, "a stretch where nothing moves"
    render(trace_of(name), tmp_path / "a.storyboard.png", options=options)
    from PIL import Image

    with Image.open(tmp_path / "a.storyboard.png") as board:
        assert board.width == options.width_px
    assert not list(tmp_path.glob("*.part"))


@pytest.mark.slow
@pytest.mark.parametrize("name", STILLS)
@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_still_is_written_at_its_size_the_same_bytes_twice(tmp_path, name, suffix):
    options = options_for(CONFIG, name)
    for copy in ("a", "b"):
        render_figure(script(name), trace_of(name), tmp_path / f"{copy}{suffix}", options=options,
                            found=measured(trace_of(name)))
    assert (tmp_path / f"a{suffix}").read_bytes() == (tmp_path / f"b{suffix}").read_bytes()
    if suffix == ".png":
        from PIL import Image

        with Image.open(tmp_path / "a.png") as image:
            assert image.size == (options.width_px, options.height_px)


def _boxes(texts, renderer):
    return [t.get_window_extent(renderer) for t in texts if t.get_text().strip()]


@pytest.fixture
def lr_sweep_figure():
    """lr_sweep drawn in the house style, closed after the test."""
    import matplotlib.pyplot as plt

    with style.styled():
        figure, _ = drawn("lr_sweep")
    yield figure
    plt.close(figure)


def _eta_names(ax) -> list:
    """lr_sweep's names of its curves ("η = 0.3"), as label_curves placed them."""
    from matplotlib.text import Annotation

    return [t for t in ax.texts if isinstance(t, Annotation) and t.get_text().startswith("η")]


def test_curve_labels_stand_apart_inside_their_axes_and_mostly_off_the_lines(lr_sweep_figure):
    """lr_sweep: each η is named beside its curve, no two names touch, and few curve points run under one."""
    from gdmedia.figure_kit.labels import CURVE_LABEL_APART_PT, dense

    figure = lr_sweep_figure
    renderer = figure.canvas.get_renderer()
    ax = figure.axes[0]
    labels = _eta_names(ax)
    assert len(labels) == len(trace_of("lr_sweep"))
    boxes = _boxes(labels, renderer)
    frame = ax.get_window_extent(renderer)
    assert all(frame.x0 <= b.x0 and b.x1 <= frame.x1 and frame.y0 <= b.y0 and b.y1 <= frame.y1 for b in boxes)
    # Apart, not just not overlapping: two names that touch read as one ("η = 0.85η = 0.7" did).
    apart = CURVE_LABEL_APART_PT * figure.dpi / 72 * 0.99
    assert not [(i, j) for i in range(len(boxes)) for j in range(i) if boxes[i].padded(apart).overlaps(boxes[j])]
    points = np.vstack([dense(ax.transData.transform(np.column_stack(line.get_data()))) for line in ax.lines])
    under = [int(np.count_nonzero((points[:, 0] > b.x0) & (points[:, 0] < b.x1) & (points[:, 1] > b.y0)
                                  & (points[:, 1] < b.y1))) for b in boxes]
    assert sum(under) < 0.02 * len(points), under  # 7 % when the labels sat where the curves end


def test_a_curve_name_is_ringed_by_the_background_so_a_crossing_line_runs_under_it(lr_sweep_figure):
    """lr_sweep: the steep dashed curves end together at the floor, where some still cross a name; each
    name wears a halo of the background at least LABEL_HALO wide, so the letters stay whole."""
    from matplotlib import colors, patheffects

    ax = lr_sweep_figure.axes[0]
    labels = _eta_names(ax)
    assert labels
    for label in labels:
        rings = [e for e in label.get_path_effects() if isinstance(e, patheffects.Stroke)]
        assert rings, label.get_text()
        assert colors.same_color(rings[0]._gc["foreground"], style.ROLE["background"])
        assert rings[0]._gc["linewidth"] >= style.LABEL_HALO


def test_the_fastest_step_is_named_clear_of_the_marked_steps(lr_sweep_figure):
    """lr_sweep: "fastest" stands beside its marker, and neither marked step's line runs through the word."""
    ax = lr_sweep_figure.axes[1]
    (word,) = [t for t in ax.texts if t.get_text() == "fastest"]
    box = word.get_window_extent(lr_sweep_figure.canvas.get_renderer())
    lines = [line for line in ax.lines if len(set(line.get_xdata())) == 1 and len(line.get_xdata()) == 2]
    assert len(lines) == 2  # 2/(λmin+λmax) and 2/λmax
    xs = [ax.transData.transform((line.get_xdata()[0], 0))[0] for line in lines]
    assert not [x for x in xs if box.x0 <= x <= box.x1], (xs, box)
    marker = ax.transData.transform(word.xy)
    # Under its marker, starting or ending a few pixels from the marker's centre.
    assert box.y1 < marker[1] and min(abs(box.x0 - marker[0]), abs(box.x1 - marker[0])) < 5, (marker, box)


@pytest.mark.parametrize("name", ["optimizer_race", "batch_modes"])
def test_a_scoreboard_covers_no_curve_head_and_stands_where_the_curves_cross_it_least(name):
    import matplotlib.pyplot as plt

    from gdmedia.figure_kit.panels import board_spots, place_board

    with style.styled():
        figure, drawing = drawn(name)
    try:
        renderer = figure.canvas.get_renderer()
        labels, keys = drawing.drawn["labels"], drawing.drawn["keys"]
        boxes = _boxes(labels, renderer) + [k.get_window_extent(renderer) for k in keys]
        ax = labels[0].axes
        heads = np.array([ax.transData.transform(np.column_stack(h.get_data()))[0]
                          for h in drawing.drawn["curve_heads"]])
        assert not [h for h in heads for b in boxes if b.contains(*h)]
        spot = labels[0].get_position()
        assert (spot[0], spot[1]) in [(x, y) for x, y, _ in board_spots(len(labels))]
        assert place_board(figure, drawing.drawn, drawing.runs)[:2] == tuple(spot)  # the search is stable
    finally:
        plt.close(figure)


def test_a_run_that_leaves_the_view_keeps_a_hollow_head_at_the_edge_it_left_by():
    """lr_comparison: the diverging step size leaves its panel long before its outcome is said; its head
    stays in the picture, hollow, on the edge it crossed, and is solid again for a run inside the view."""
    traces = trace_of("lr_comparison")
    index = next(i for i, t in enumerate(traces) if t.status == "diverged")
    figure, drawing = drawn("lr_comparison", row=0)
    try:
        check_hollow_head(drawing, traces[index], index)
    finally:
        plt.close(figure)


def check_hollow_head(drawing, trace, index: int) -> None:
    head = drawing.drawn["heads"][index]
    ax = head.axes
    (x0, x1), (y0, y1) = sorted(ax.get_xlim()), sorted(ax.get_ylim())
    path = trace.theta
    outside = [r for r in range(len(path)) if not (x0 <= path[r, 0] <= x1 and y0 <= path[r, 1] <= y1)]
    assert outside, "the diverging run never leaves its panel"
    drawing.update(outside[0])
    (x,), (y,) = head.get_data()
    assert x0 <= x <= x1 and y0 <= y <= y1 and head.get_markerfacecolor() == "none"
    drawing.update(0)
    assert head.get_markerfacecolor() != "none"
