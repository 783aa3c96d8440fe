"""Numbers for scenes: digits in the style's sans, and a DecimalNumber cheap enough to rebuild every frame.

Numbers are drawn in the same sans as the words and the figures' numbers
(``SansGlyph``: Pango text, no TeX run per character, which cost a scene
about a second per glyph).  Manim's DecimalNumber rebuilds its digits on every
``set_value`` by deep-copying a cached glyph per character; here a digit is
rebuilt from the glyph's outline points and style alone, and only when the
text shown changes.
"""

from __future__ import annotations

from manim import DecimalNumber, Text, VGroup, VMobject

from .style import MANIM_FONT

MINUS = "\u2212"  # a true minus sign, as wide as a plus, not a hyphen


class SansGlyph(Text):
    """One character of a number in the style's sans font (what DecimalNumber's ``mob_class`` builds)."""

    def __init__(self, text: str, **kwargs):
        super().__init__(text.replace("-", MINUS), font=MANIM_FONT, **kwargs)


_GLYPHS: dict[tuple[type, str], VMobject] = {}  # (class, character) → glyph, kept apart from Manim's shared map


class LiveNumber(DecimalNumber):
    """A DecimalNumber in the sans font that can follow a ValueTracker frame by frame."""

    def __init__(self, number: float = 0, **kwargs):
        kwargs.setdefault("mob_class", SansGlyph)
        super().__init__(number, **kwargs)

    def _string_to_mob(self, string, mob_class=None, **kwargs):
        mob_class = mob_class or self.mob_class
        key = (mob_class, string)
        if key not in _GLYPHS:
            _GLYPHS[key] = mob_class(string, **kwargs)
        glyph = _GLYPHS[key]
        outline = VGroup(*(VMobject().set_points(part.points.copy()).match_style(part)
                           for part in glyph.family_members_with_points()))
        # The glyph is cached at its own size; the glyph class would rescale on `font_size =`.
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
