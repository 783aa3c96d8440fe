"""LiveNumber draws the digits DecimalNumber draws, and rebuilds only when its text changes."""

import numpy as np
import pytest

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def manim_media(tmp_path_factory):
    from manim import tempconfig

    with tempconfig({"media_dir": str(tmp_path_factory.mktemp("media")), "verbosity": "WARNING"}):
        yield


@pytest.mark.parametrize("value", [-2.5, 0.0, 3.14159, 12.0])
def test_same_outline_as_decimal_number(manim_media, value):
    from manim import DecimalNumber

    from gdmedia.live_number import LiveNumber, SansGlyph

    ours = LiveNumber(1.0, num_decimal_places=3, font_size=32, include_sign=True).set_value(value)
    theirs = DecimalNumber(1.0, num_decimal_places=3, font_size=32, include_sign=True,
                           mob_class=SansGlyph).set_value(value)
    ours_points = [m.points for m in ours.family_members_with_points()]
    theirs_points = [m.points for m in theirs.family_members_with_points()]
    assert len(ours_points) == len(theirs_points)
    for a, b in zip(ours_points, theirs_points):
        np.testing.assert_allclose(a, b, atol=1e-9)


def test_follows_a_tracker_rebuilding_only_on_a_new_text(manim_media):
    from manim import ValueTracker

    from gdmedia.live_number import LiveNumber

    tracker = ValueTracker(1.0)
    number = LiveNumber(1.0, num_decimal_places=2).follow(tracker)
    digits = number.submobjects
    tracker.set_value(1.0001)  # shows 1.00 still
    number.update()
    assert number.submobjects is digits or number.submobjects == digits
    tracker.set_value(1.5)
    number.update()
    assert number.get_value() == 1.5 and number.submobjects != digits
