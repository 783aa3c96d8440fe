"""Numbers for scenes: digits in the style's sans, and a DecimalNumber cheap enough to rebuild every frame.

Numbers are drawn in the same sans as the words and the figures' numbers
(``SansGlyph``: Pango text, no TeX run per character, which cost a scene
about a second per glyph).  Manim's DecimalNumber rebuilds its digits on every
``set_value`` by deep-copying a cached glyph per character; here a digit is
rebuilt from the glyph's outline points and style alone, and only when the
text shown changes.  A new text as long as the one shown, whose glyphs have
as many outlines, is laid out in place: each digit's outline points moved to
where Manim's rebuild (arrange, the minus sign's lift, the fixed left edge)
would put them, computed from cached bounding boxes, with no mobject built,
copied or restyled (a rebuild was ~15 ms a change, most of a scene's updaters).
Large values (a diverged run) are written compactly,
``+1.2e+05``, never as a row of digits running off the panel: a live number is at
most MANIM_NUMBER_CHARS characters wide, and keeps its left edge as it changes.
"""

from __future__ import annotations

import math

import numpy as np
from manim import DecimalNumber, Text, VGroup, VMobject

from gdmedia.scene_kit.mobjects import drop_svg_paths
from gdmedia.base.style import MANIM_COMPACT_FORMAT, MANIM_FONT, MANIM_NUMBER_CHARS

MINUS = "\u2212"  # a true minus sign, as wide as a plus, not a hyphen


class SansGlyph(Text):
    """One character of a number in the style's sans font (what DecimalNumber's ``mob_class`` builds)."""

    def __init__(self, text: str, **kwargs):
        super().__init__(text.replace("-", MINUS), font=MANIM_FONT, **kwargs)
        drop_svg_paths(self)  # an axis copies its tick numbers


_GLYPHS: dict[tuple[type, str], VMobject] = {}  # (class, character) → glyph, kept apart from Manim's shared map
_OUTLINES: dict[tuple[type, str, float], VGroup] = {}  # (class, character, font size) → its outline at that size
# (class, character, font size) → (each outline part's points, the anchors' lowest and highest corner)
_SHAPES: dict[tuple[type, str, float], tuple[list[np.ndarray], np.ndarray, np.ndarray]] = {}


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

    def set_value(self, number: float) -> "LiveNumber":
        """Show ``number``: laid out in place when its text fits the digits shown, else rebuilt by Manim."""
        string = self._get_num_string(number)
        if self._fits(string):
            self._lay_out(string)
            self.number = number
            return self
        return super().set_value(number)

    def _fits(self, string: str) -> bool:
        """Whether ``string`` can replace the shown text in place: as many characters, each with as many parts."""
        if self.show_ellipsis or self.unit is not None or len(string) != len(self.submobjects):
            return False
        for char, shown in zip(string, self.submobjects):
            parts, _, _ = self._shape(char)
            if len(parts) != len(shown.submobjects) or shown.points.size:
                return False
        return True

    def _shape(self, char: str):
        key = (self.mob_class, char, self._font_size)
        if key not in _SHAPES:
            outline = self._string_to_mob(char)
            anchors = np.concatenate([part.get_anchors() for part in outline.submobjects])
            _SHAPES[key] = ([part.points for part in outline.submobjects], anchors.min(axis=0), anchors.max(axis=0))
        return _SHAPES[key]

    def _lay_out(self, string: str) -> None:
        """Move each digit's parts to where DecimalNumber's rebuild puts them, the left edge kept.

        Manim: each glyph ``next_to`` the one before (RIGHT, buff, bottoms aligned), a minus
        sign's top aligned to the next glyph's then lowered by half its height, and the whole
        moved so its left edge's centre is where it was.  Bounding boxes are the anchors', as Manim's.
        """
        fixed = self.get_critical_point(self.edge_to_fix)
        shapes = [self._shape(char) for char in string]
        low = np.array([lo for _, lo, _ in shapes])
        high = np.array([hi for _, _, hi in shapes])
        shift = np.zeros_like(low)
        buff = self.digit_buff_per_font_unit * self._font_size
        for i in range(1, len(shapes)):
            before_low, before_high = low[i - 1] + shift[i - 1], high[i - 1] + shift[i - 1]
            shift[i] = [before_high[0] + buff - low[i, 0], before_low[1] - low[i, 1],
                        (before_low[2] + before_high[2]) / 2 - (low[i, 2] + high[i, 2]) / 2]
        for i, char in enumerate(string[:-1]):
            if char == "-":
                top = high[i + 1, 1] + shift[i + 1, 1]
                shift[i, 1] += top - (high[i, 1] + shift[i, 1]) - (high[i + 1, 1] - low[i + 1, 1]) / 2
        group_low, group_high = (low + shift).min(axis=0), (high + shift).max(axis=0)
        edge = np.array([group_low[0], (group_low[1] + group_high[1]) / 2, (group_low[2] + group_high[2]) / 2])
        shift += fixed - edge
        for (parts, _, _), shown, move in zip(shapes, self.submobjects, shift):
            for points, part in zip(parts, shown.submobjects):
                part.points = points + move
        self.initial_height = group_high[1] - group_low[1]

    def follow(self, tracker) -> "LiveNumber":
        """Show ``tracker``'s value from now on, rebuilding only when the rounded text changes."""

        def update(number):
            value = tracker.get_value()
            if number._get_num_string(value) != number._get_num_string(number.number):
                number.set_value(value)

        return self.add_updater(update)
