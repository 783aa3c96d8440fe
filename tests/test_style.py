import matplotlib
import pytest

from gdmedia.base import style


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
    # A value that rounds to zero shows no sign its digits lack (lr_gd's last ∂L/∂θ₁ read "-0.00").
    ("gradient", -3e-9, "+0.00"), ("final_theta", -0.004, "0.00"), ("percent", -0.2, "0 %"),
])
def test_each_quantity_is_written_one_way(quantity, value, text):
    assert style.number(quantity, value) == text


def test_huge_numbers_of_a_diverged_run_stay_short():
    from gdmedia.base.style import number

    assert number("theta", 5.5e49) == "+5.50e+49"
    assert number("final_theta", -5.5e49) == "-5.50e+49"
    assert number("loss", 7.9e99) == "7.90e+99"
    assert number("theta", 1.25) == "+1.25"  # ordinary values keep their one format


# The dark palette (NAME.dark.EXT): the same checks, on the dark background.
@pytest.mark.parametrize("cvd", [None, *CVD])
@pytest.mark.parametrize("palette", ["DARK_SERIES_COLOURS", "DARK_BASINS_AND_DIVERGED"])
def test_dark_series_colours_stay_apart_under_colour_blindness(palette, cvd):
    from colorspacious import deltaE

    colours = (style.DARK_SERIES_COLOURS if palette == "DARK_SERIES_COLOURS"
               else [*style.DARK_STYLE["BASIN_COLOURS"], style.DARK_ROLE["diverged"]])
    for a, b in _pairs(colours):
        distance = deltaE(_seen(a, cvd), _seen(b, cvd), input_space="sRGB1")
        assert distance >= 20, f"{a} and {b} are only ΔE {distance:.1f} apart under {cvd or 'normal vision'} (dark)"


@pytest.mark.parametrize("role", ["data", "fit", "lstsq", "path", "loss", "residual", "gradient", "step",
                                  "global_min", "local_min", "marker_edge", "diverged", "text"])
def test_dark_roles_are_legible_on_the_dark_background(role):
    # WCAG's 3:1 for graphics; text is held to 4.5:1 below.
    assert style.contrast(style.DARK_ROLE[role], style.DARK_ROLE["background"]) >= 3, role


def test_dark_text_and_series_are_legible_on_the_dark_background():
    background = style.DARK_ROLE["background"]
    assert style.contrast(style.DARK_ROLE["text"], background) >= 4.5
    assert style.contrast(style.DARK_ROLE["text"], style.DARK_ROLE["panel"]) >= 4.5
    assert all(style.contrast(c, background) >= 3 for c in style.DARK_SERIES_COLOURS)
    assert all(style.contrast(c, background) >= 3 for c in style.DARK_SCENE_ROLE.values())


def test_the_light_palette_is_still_legible_on_white():
    # The dark palette exists because these fail on black; on white they must hold.
    assert style.contrast(style.ROLE["text"], style.ROLE["background"]) >= 4.5


def test_dark_swaps_the_palette_in_place_and_puts_the_light_one_back():
    role, series, light = style.ROLE, style.SERIES_COLOURS, dict(style.ROLE)
    with style.dark():
        assert role["background"] == style.DARK_BACKGROUND  # the same dict a figure imported by name
        assert series == style.DARK_SERIES_COLOURS
        assert style.rc()["figure.facecolor"] == style.DARK_BACKGROUND
        assert style.SEQUENCE_RANGE == style.DARK_SEQUENCE_RANGE
        assert style.DARK_ROLE["text"] in style.style_colours()
    assert role == light and style.ROLE is role
    assert style.SERIES_COLOURS[3] == style.OKABE_ITO["black"] and style.SEQUENCE_RANGE == (0.0, 0.7)


def test_dark_puts_the_light_palette_back_after_an_error():
    light = dict(style.ROLE)
    with pytest.raises(RuntimeError):
        with style.dark():
            raise RuntimeError("a render failed")
    assert style.ROLE == light and style.ROLE["background"] != style.DARK_BACKGROUND


@pytest.mark.parametrize("dark", [False, True])
def test_a_series_colour_as_text_reads_on_its_background_and_keeps_its_hue_when_it_already_does(dark):
    from contextlib import nullcontext

    with style.dark() if dark else nullcontext():
        ground = style.ROLE["background"]
        for colour in [*style.SERIES_COLOURS, "#E69F00", "#F0E442"]:
            words = style.text_colour(colour)
            assert style.contrast(words, ground) >= style.TEXT_CONTRAST, (colour, words)
            if style.contrast(colour, ground) >= style.TEXT_CONTRAST:
                assert words == colour.upper()  # nothing to mend: the same colour
        assert set(map(style.text_colour, style.SERIES_COLOURS)) <= set(style.style_colours())  # kept exact in GIFs
