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
