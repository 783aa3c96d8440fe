"""The floor of the scene kit: what every part of it builds on, importing none of them.

The style's TeX template (every formula and number in the sans maths), glyphs
stripped of their parsed SVG paths, and ``MADE``, one render's memo of the
mobjects it built (``scene_kit.remembered``; set by ``scene_render``).  Kept
apart so the kit's modules import downwards only: ``scene_kit`` → ``segments``
→ ``scene_render`` → here, and ``live_number`` → here.
"""

from __future__ import annotations

from contextvars import ContextVar
from functools import lru_cache

from gdmedia.base.style import MANIM_TEX_PREAMBLE

# What one render's scene made that it will make again (scene_kit.remembered: texts, formulas, a
# surface), by what it is: a render plays its scene twice (the plan, then the drawing) and the second
# gets copies.  One render's session's own: no render sees what another made under its config.
MADE: ContextVar[dict | None] = ContextVar("made_in_this_render", default=None)


@lru_cache(maxsize=1)
def tex_template():
    """The TeX template of every formula and number: the style's sans maths."""
    from manim import TexTemplate

    template = TexTemplate()
    template.add_to_preamble(MANIM_TEX_PREAMBLE)
    return template


def drop_svg_paths(mob):
    """``mob`` without its glyphs' parsed SVG paths (svgelements objects, one per glyph).

    Manim keeps each glyph's path only to build its points, once, when the glyph is made;
    every copy (each Write, FadeIn, Transform makes some) deep-copied it all the same, most
    of the cost of copying text: 23 → 3 ms for a formula.  The points, and so the picture,
    are unchanged.
    """
    for part in mob.get_family():
        if getattr(part, "path_obj", None) is not None:
            part.path_obj = None
    return mob
