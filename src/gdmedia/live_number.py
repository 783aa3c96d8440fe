"""Numbers for scenes: digits in the style's sans, and a DecimalNumber cheap enough to rebuild every frame.

Numbers are drawn in the same sans as the words and the figures' numbers
(``SansGlyph``: Pango text, no TeX run per character, which cost a scene
about a second per glyph).  Manim's DecimalNumber rebuilds its digits on every
``set_value`` by deep-copying a cached glyph per character; here a digit is
rebuilt from the glyph's outline points and style alone, and only when the
text shown changes.  Large values (a diverged run) are written compactly,
``+1.2e+05``, never as a row of digits running off the panel: a live number is at
most MANIM_NUMBER_CHARS characters wide, and keeps its left edge as it changes.
"""

from __future__ import annotations

from manim import DecimalNumber, Text, VGroup, VMobject

import math

from .style import MANIM_COMPACT_FORMAT, MANIM_FONT, MANIM_NUMBER_CHARS

MINUS = "\u2212"  # a true minus sign, as wide as a plus, not a hyphen


class SansGlyph(Text):
    """One character of a number in the style's sans font (what DecimalNumber's ``mob_class`` builds)."""

    def __init__(self, text: str, **kwargs):
        super().__init__(text.replace("-", MINUS), font=MANIM_FONT, **kwargs)


_GLYPHS: dict[tuple[type, str], VMobject] = {}  # (class, character) → glyph, kept apart from Manim's shared map
_OUTLINES: dict[tuple[type, str, float], VGroup] = {}  # (class, character, font size) → its outline at that size


class LiveNumber(DecimalNumber):
    """A DecimalNumber in the sans font that can follow a ValueTracker frame by frame."""

    def __init__(self, number: float = 0, **kwargs):
        kwargs.setdefault("mob_class", SansGlyph)
        kwargs.setdefault("group_with_commas", False)  # 12345.6, not 12,345.6: a comma reads as a decimal point
        super().__init__(number, **kwargs)

    def _get_num_string(self, number) -> str:
        """Fixed decimals as configured; longer than MANIM_NUMBER_CHARS (or not finite), the compact form."""
        fixed = super()._get_num_string(number)
        if isinstance(number, complex) or (math.isfinite(number) and len(fixed) <= MANIM_NUMBER_CHARS):
            return fixed
        if not math.isfinite(number):
            text = "nan" if math.isnan(number) else "\u221e"
            return ("+" if self.include_sign and number > 0 else "\u2212" if number < 0 else "") + text
        text = MANIM_COMPACT_FORMAT.format(number)
        return "+" + text if self.include_sign and number > 0 else text

    def _string_to_mob(self, string, mob_class=None, **kwargs):
        mob_class = mob_class or self.mob_class
        key = (mob_class, string)
        if key not in _GLYPHS:
            _GLYPHS[key] = mob_class(string, **kwargs)
        shape = (mob_class, string, self._font_size)
        if shape not in _OUTLINES:  # built once per size; a copy costs a third of building it again
            glyph = _GLYPHS[key]
            outline = VGroup(*(VMobject().set_points(part.points.copy()).match_style(part)
                               for part in glyph.family_members_with_points()))
            # The glyph is cached at its own size; the glyph class would rescale on `font_size =`.
            outline.scale(self._font_size / glyph.font_size)
            outline.font_size = self._font_size
            _OUTLINES[shape] = outline
        return _OUTLINES[shape].copy()

    def follow(self, tracker) -> "LiveNumber":
        """Show ``tracker``'s value from now on, rebuilding only when the rounded text changes."""

        def update(number):
            value = tracker.get_value()
            if number._get_num_string(value) != number._get_num_string(number.number):
                number.set_value(value)

        return self.add_updater(update)
