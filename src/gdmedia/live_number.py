"""Live numbers for scenes: a DecimalNumber cheap enough to rebuild every frame.

Manim's DecimalNumber rebuilds its digits on every ``set_value`` by deep-copying
a cached TeX glyph per character; the copy drags the whole TeX object along and
took half of RegressionFit's render time.  Here a digit is rebuilt from the
glyph's outline points and style alone, and only when the text shown changes.
"""

from __future__ import annotations

from manim import DecimalNumber, VGroup, VMobject
from manim.mobject.text.numbers import string_to_mob_map


class LiveNumber(DecimalNumber):
    """A DecimalNumber that can follow a ValueTracker frame by frame."""

    def _string_to_mob(self, string, mob_class=None, **kwargs):
        if string not in string_to_mob_map:
            string_to_mob_map[string] = (mob_class or self.mob_class)(string, **kwargs)
        glyph = string_to_mob_map[string]
        outline = VGroup(*(VMobject().set_points(part.points.copy()).match_style(part)
                           for part in glyph.family_members_with_points()))
        # The glyph is cached at its own size; the TeX class would rescale on `font_size =`.
        outline.scale(self._font_size / glyph.font_size)
        outline.font_size = self._font_size
        return outline

    def follow(self, tracker) -> "LiveNumber":
        """Show ``tracker``'s value from now on, rebuilding only when the rounded text changes."""

        def update(number):
            value = tracker.get_value()
            if number._get_num_string(value) != number._get_num_string(number.number):
                number.set_value(value)

        return self.add_updater(update)
