import matplotlib
import pytest

from gdmedia import style


def test_rc_is_valid_matplotlib_and_not_applied_at_import():
    before = matplotlib.rcParams["font.size"]
    with style.styled():
        assert matplotlib.rcParams["font.size"] == style.FONT_SIZE
        assert matplotlib.rcParams["lines.linewidth"] == style.LINE_WIDTH
    assert matplotlib.rcParams["font.size"] == before


def test_roles_that_meet_in_one_picture_differ():
    together = ["data", "fit", "lstsq", "loss", "global_min", "local_min"]
    colours = [style.ROLE[r] for r in together]
    assert len(set(colours)) == len(colours)


def test_basin_colours_are_okabe_ito_and_distinct():
    assert len(set(style.BASIN_COLOURS)) == len(style.BASIN_COLOURS)
    assert set(style.BASIN_COLOURS) <= set(style.OKABE_ITO.values())
    assert style.basin_colour(0) == style.BASIN_COLOURS[0]
    assert style.basin_colour(-1) == style.ROLE["diverged"]


@pytest.mark.parametrize("colour", style.style_colours())
def test_every_colour_is_hex_rgb(colour):
    assert len(colour) == 7 and colour.startswith("#")
    int(colour[1:], 16)


CVD = ("deuteranomaly", "protanomaly", "tritanomaly")


def _seen(hex_colour: str, cvd: str | None):
    import numpy as np
    from colorspacious import cspace_convert

    rgb = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]) / 255
    if cvd is None:
        return rgb
    return np.clip(cspace_convert(rgb, {"name": "sRGB1+CVD", "cvd_type": cvd, "severity": 100}, "sRGB1"), 0, 1)


def _pairs(colours):
    return [(a, b) for i, a in enumerate(colours) for b in colours[i + 1:]]


@pytest.mark.parametrize("cvd", [None, *CVD])
@pytest.mark.parametrize("palette", ["SERIES_COLOURS", "BASINS_AND_DIVERGED"])
def test_every_pair_of_series_colours_stays_apart_under_colour_blindness(palette, cvd):
    from colorspacious import deltaE

    colours = style.SERIES_COLOURS if palette == "SERIES_COLOURS" else [*style.BASIN_COLOURS, style.ROLE["diverged"]]
    for a, b in _pairs(colours):
        distance = deltaE(_seen(a, cvd), _seen(b, cvd), input_space="sRGB1")  # CAM02-UCS
        assert distance >= 20, f"{a} and {b} are only ΔE {distance:.1f} apart under {cvd or 'normal vision'}"


def test_compared_series_differ_by_marker_and_dash_too():
    count = len(style.SERIES_COLOURS)
    assert len(set(style.SERIES_MARKERS[:count])) == count
    assert len({str(d) for d in style.SERIES_DASHES[:count]}) == count
    assert style.series(1) == {"color": style.SERIES_COLOURS[1], "marker": "s", "ls": "--"}


def test_the_smallest_text_size_gives_a_9px_cap_height_at_100_dpi():
    assert style.cap_px(style.MIN_TEXT_SIZE, 100) >= style.MIN_CAP_PX
    sizes = [style.FONT_SIZE, style.TICK_SIZE, style.LEGEND_SIZE, style.LABEL_SIZE, style.TITLE_SIZE]
    assert min(sizes) >= style.MIN_TEXT_SIZE


@pytest.mark.parametrize("quantity, value, text", [
    ("learning_rate", 0.045, "0.045"), ("critical_step", 0.91678, "0.92"), ("final_loss", 0.0452, "0.0452"),
    ("steps_to_tolerance", 62, "62"), ("steps_to_tolerance", None, "—"), ("theta", [1.04, -2.0], "(+1.04, -2.00)"),
])
def test_each_quantity_is_written_one_way(quantity, value, text):
    assert style.number(quantity, value) == text


def test_huge_numbers_of_a_diverged_run_stay_short():
    from gdmedia.style import number

    assert number("theta", 5.5e49) == "+5.50e+49"
    assert number("final_theta", -5.5e49) == "-5.50e+49"
    assert number("loss", 7.9e99) == "7.90e+99"
    assert number("theta", 1.25) == "+1.25"  # ordinary values keep their one format
