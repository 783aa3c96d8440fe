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

    from gdmedia.scene_kit.live_number import LiveNumber, SansGlyph

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

    from gdmedia.scene_kit.live_number import LiveNumber

    def drawn(number):
        return [m.points.copy() for m in number.family_members_with_points()]

    tracker = ValueTracker(1.0)
    number = LiveNumber(1.0, num_decimal_places=2).follow(tracker)
    before = drawn(number)
    tracker.set_value(1.0001)  # shows 1.00 still
    number.update()
    assert number.get_value() == 1.0 and all(np.array_equal(a, b) for a, b in zip(drawn(number), before))
    tracker.set_value(1.5)
    number.update()
    after = drawn(number)
    assert number.get_value() == 1.5
    assert len(after) != len(before) or any(not np.array_equal(a, b) for a, b in zip(after, before))


def test_a_text_as_long_as_the_one_shown_is_laid_out_in_place_where_a_rebuild_puts_it(manim_media):
    """Stepping through values (signs, a minus, longer and shorter texts), each picture has the
    outline DecimalNumber draws when rebuilt with that value, left edge kept; same-length texts
    reuse the digits shown (no mobject built), others are rebuilt."""
    from manim import DecimalNumber

    from gdmedia.scene_kit.live_number import LiveNumber, SansGlyph

    for places, sign in ((3, True), (0, False), (4, False)):
        ours = LiveNumber(0.25, num_decimal_places=places, font_size=28, include_sign=sign).shift([1.3, -0.7, 0])
        theirs = DecimalNumber(0.25, num_decimal_places=places, font_size=28, include_sign=sign,
                               mob_class=SansGlyph).shift([1.3, -0.7, 0])
        in_place = 0
        for value in [*np.linspace(-2.5, 2.5, 23), 12.0, -0.0004, 7.0, -9.99, 0.5]:
            digits = list(ours.submobjects)
            ours.set_value(value)
            theirs.set_value(value)
            in_place += ours.submobjects == digits
            ours_points = [m.points for m in ours.family_members_with_points()]
            theirs_points = [m.points for m in theirs.family_members_with_points() if m.points.any()]
            assert len(ours_points) == len(theirs_points), value
            for a, b in zip(ours_points, theirs_points):
                np.testing.assert_allclose(a, b, atol=1e-9)
            assert ours.get_value() == value
            assert ours.font_size == pytest.approx(theirs.font_size) and ours.height == pytest.approx(theirs.height)
        assert in_place >= 20, (places, sign, in_place)


@pytest.mark.parametrize("value, shown", [(123456.0, "+1.2e+05"), (-3.4e49, "-3.4e+49"), (999.5, "+999.500"), (-1000.0, "-1.0e+03"),
                                          (float("inf"), "+\u221e")])
def test_large_values_are_written_compactly(manim_media, value, shown):
    from gdmedia.scene_kit.live_number import LiveNumber

    assert LiveNumber(0.0, num_decimal_places=3, include_sign=True)._get_num_string(value) == shown


def test_a_diverging_number_stays_as_wide_as_its_compact_form_and_keeps_its_left_edge(manim_media):
    from manim import ValueTracker

    from gdmedia.scene_kit.live_number import LiveNumber

    tracker = ValueTracker(1.0)
    number = LiveNumber(1.0, num_decimal_places=3, include_sign=True).follow(tracker)
    left = number.get_left().copy()
    compact = LiveNumber(-8.8e88, num_decimal_places=3, include_sign=True).width
    for value in (12.5, -3.0e3, 4.0e5, -2.2e12, 7.7e49):
        tracker.set_value(value)
        number.update()
        np.testing.assert_allclose(number.get_left(), left, atol=1e-9)
        assert number.width <= compact * 1.05, value
