"""Agg text from remembered glyph bitmaps: the same pixels, without rasterising a glyph twice.

An animated figure redraws its moving texts (readouts, clocks, labels) every
frame, and matplotlib's Agg renderer lays out each string and rasterises each
glyph anew every time: most of a frame's time.  FreeType places a glyph at
the origin (x, y) in 1/64 px, and moving the outline by whole pixels (64 units)
moves its bitmap by whole pixels and changes no coverage value, so the bitmap
at (x, y) is the one at (x mod 64, y mod 64) shifted by (x div 64, y div 64).
``GlyphRenderer`` keeps one bitmap per (font, size, dpi, glyph, transform,
sub-pixel origin, hinting, antialiasing) and one layout per (font, size, dpi,
string, features, language): each frame's pixels are those of matplotlib's own
renderer, bit for bit (tests/test_glyphs.py).

It overrides ``RendererAgg._draw_text_glyphs_and_boxes`` and ``draw_text`` of
matplotlib 3.11 (pinned in requirements.lock): a new matplotlib must keep
tests/test_glyphs.py passing.
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg, get_hinting_flag
from matplotlib.ft2font import RenderMode
from matplotlib.path import Path
from matplotlib.transforms import Affine2D

ONE = 0x10000  # FreeType's 16.16 fixed point: a transform entry of 1
SUBPIXEL = 0x40  # FreeType's 26.6 fixed point: 1/64 px


class GlyphRenderer(RendererAgg):
    """``RendererAgg`` drawing text from remembered layouts and glyph bitmaps (pixels unchanged)."""

    def _caches(self) -> tuple[dict, dict]:
        found = self.__dict__.get("_gdmedia_glyph_caches")
        if found is None:
            found = self.__dict__["_gdmedia_glyph_caches"] = ({}, {})
        return found

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        # As RendererAgg.draw_text, with the layout of a string remembered.
        if ismath:
            return self.draw_mathtext(gc, x, y, s, prop, angle)
        font = self._prepare_font(prop)
        size = prop.get_size_in_points()
        features = tuple(mtext.get_fontfeatures() or ()) if mtext is not None else None
        language = mtext.get_language() if mtext is not None else None
        flags = get_hinting_flag()
        layouts = self._caches()[0]
        key = (font, size, self.dpi, s, flags, features, language)
        items = layouts.get(key)
        if items is None:
            items = layouts[key] = [(item.ft_object, item.glyph_index, item.x, item.y) for item in font._layout(
                s, flags=flags, features=mtext.get_fontfeatures() if mtext is not None else None,
                language=language)]
        self._draw_text_glyphs_and_boxes(
            gc, x, y, angle, ((ft, size, glyph, 0, 1, dx, dy) for ft, glyph, dx, dy in items), [])

    def _draw_text_glyphs_and_boxes(self, gc, x, y, angle, glyphs, boxes):
        # As RendererAgg._draw_text_glyphs_and_boxes, with each glyph's bitmap remembered per sub-pixel origin.
        cos = math.cos(math.radians(angle))
        sin = math.sin(math.radians(angle))
        load_flags = get_hinting_flag()
        mode = RenderMode.NORMAL if gc.get_antialiased() else RenderMode.MONO
        bitmaps = self._caches()[1]
        for font, size, glyph_index, slant, extend, dx, dy in glyphs:  # dy is upwards.
            matrix = (ONE * np.array([[cos, -sin], [sin, cos]]) @ [[extend, extend * slant], [0, 1]]).round().astype(int)
            origin = (round(SUBPIXEL * (x + dx * cos - dy * sin)),
                      round(SUBPIXEL * (self.height - y + dx * sin + dy * cos)))  # FreeType's y is upwards.
            (whole_x, part_x), (whole_y, part_y) = divmod(origin[0], SUBPIXEL), divmod(origin[1], SUBPIXEL)
            key = (font, size, self.dpi, glyph_index, tuple(matrix.ravel()), part_x, part_y, load_flags, mode)
            found = bitmaps.get(key)
            if found is None:
                font.set_size(size, self.dpi)
                font._set_transform(matrix, [part_x, part_y])
                bitmap = font._render_glyph(glyph_index, load_flags, mode)
                buffer = np.array(bitmap.buffer)  # a copy: FreeType reuses its own
                if mode is RenderMode.MONO:
                    buffer *= 0xff
                found = bitmaps[key] = (buffer, bitmap.left, bitmap.top)
            buffer, left, top = found
            # draw_text_image's y is downwards & the bitmap bottom side.
            self._renderer.draw_text_image(buffer, left + whole_x, int(self.height) - (top + whole_y) + buffer.shape[0],
                                           0, gc)
        if boxes:  # mathtext rules: as matplotlib draws them
            self._draw_boxes(gc, x, y, angle, boxes)

    def _draw_boxes(self, gc, x, y, angle, boxes):
        rgba = gc.get_rgb()
        if len(rgba) == 3 or gc.get_forced_alpha():
            rgba = rgba[:3] + (gc.get_alpha(),)
        gc1 = self.new_gc()
        gc1.set_linewidth(0)
        gc1.set_snap(gc.get_snap())
        for dx, dy, w, h in boxes:  # dy is upwards.
            if gc1.get_snap() in [None, True]:
                # Prevent thin bars from disappearing by growing symmetrically.
                if w < 1:
                    dx -= (1 - w) / 2
                    w = 1
                if h < 1:
                    dy -= (1 - h) / 2
                    h = 1
            path = Path._create_closed([(dx, dy), (dx + w, dy), (dx + w, dy + h), (dx, dy + h)])
            self._renderer.draw_path(gc1, path, Affine2D().rotate_deg(angle).translate(x, self.height - y), rgba)
        gc1.restore()


class GlyphCanvas(FigureCanvasAgg):
    """An Agg canvas whose renderer is a ``GlyphRenderer``."""

    def get_renderer(self):
        renderer = super().get_renderer()
        if type(renderer) is RendererAgg:
            renderer.__class__ = GlyphRenderer  # the same Agg buffer; the caches start empty
        return renderer


def remember_glyphs(figure) -> None:
    """Draw ``figure``'s text from remembered glyphs from now on (its Agg canvas; pixels unchanged)."""
    if type(figure.canvas) is FigureCanvasAgg:
        figure.canvas.__class__ = GlyphCanvas
