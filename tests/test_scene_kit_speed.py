"""The scene kit's two speed helpers change nothing drawn: text without its parsed SVG paths has
the same points, and a held mobject is brought up to date, drawn still, and gets its updaters back."""

import numpy as np
import pytest

pytestmark = pytest.mark.slow  # builds Manim text (pango)


@pytest.fixture(scope="module")
def manim_media(tmp_path_factory):
    from manim import tempconfig

    with tempconfig({"media_dir": str(tmp_path_factory.mktemp("media")), "verbosity": "WARNING"}):
        yield


def test_text_without_svg_paths_has_the_same_points_and_copies_whole(manim_media):
    from manim import Text

    from gdmedia.scene_kit.kit import label
    from gdmedia.base.style import MANIM_FONT, MANIM_TEXT

    ours = label("Walk 1: step")
    theirs = Text("Walk 1: step", font=MANIM_FONT, font_size=MANIM_TEXT)
    assert any(getattr(part, "path_obj", None) is not None for part in theirs.get_family())
    assert all(getattr(part, "path_obj", None) is None for part in ours.get_family())
    for mob in (ours, ours.copy()):
        drawn = [part.points for part in mob.family_members_with_points()]
        assert len(drawn) == len(theirs.family_members_with_points())
        for a, b in zip(drawn, (part.points for part in theirs.family_members_with_points())):
            np.testing.assert_array_equal(a, b)


def test_held_brings_a_follower_up_to_date_drops_its_updaters_and_gives_them_back(manim_media):
    from manim import Dot, ValueTracker

    from gdmedia.scene_kit.kit import held

    tracker = ValueTracker(0.0)
    dot = Dot()
    first = dot.add_updater(lambda m: m.move_to([tracker.get_value(), 0, 0])).updaters[0]
    second = dot.add_updater(lambda m: m.set_opacity(1.0)).updaters[1]
    tracker.set_value(2.0)
    with held(dot):
        assert not dot.updaters  # still: Manim draws it once per play
        np.testing.assert_allclose(dot.get_center(), [2.0, 0, 0])
        tracker.set_value(3.0)
        dot.update()
        np.testing.assert_allclose(dot.get_center(), [2.0, 0, 0])
    assert dot.updaters == [first, second]
    dot.update()
    np.testing.assert_allclose(dot.get_center(), [3.0, 0, 0])
