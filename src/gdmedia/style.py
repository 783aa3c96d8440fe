"""The one visual style for every medium: palette, fonts and sizes.

Colours are the Okabe–Ito set, safe for the common colour-vision deficiencies.
Each *role* (data, the current fit, the least-squares line, a minimum…) has
one colour everywhere, in matplotlib figures and in Manim scenes alike.
Nothing is applied at import time: figures call ``rc()`` inside a context.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

ROLE = {
    "data": "#4D4D4D",  # observed samples
    "fit": OKABE_ITO["vermillion"],  # the current model, the moving thing
    "lstsq": OKABE_ITO["blue"],  # the least-squares answer
    "path": OKABE_ITO["vermillion"],  # the descent path in parameter space
    "loss": OKABE_ITO["bluish_green"],  # loss against step
    "global_min": OKABE_ITO["yellow"],
    "local_min": "#FFFFFF",
    "marker_edge": OKABE_ITO["black"],
    "diverged": "#7F7F7F",
    "text": "#1A1A1A",
    "grid": "#E5E5E5",
    "background": "#FFFFFF",
}

# Paths that end in different minima; the first goes to the global minimum.
BASIN_COLOURS = [
    OKABE_ITO["vermillion"],
    OKABE_ITO["blue"],
    OKABE_ITO["bluish_green"],
    OKABE_ITO["reddish_purple"],
    OKABE_ITO["orange"],
    OKABE_ITO["sky_blue"],
]

# A perceptually uniform, colour-blind-safe map for surfaces and contours.
SURFACE_CMAP = "cividis"

FONT_FAMILY = "DejaVu Sans"
MONO_FAMILY = "DejaVu Sans Mono"  # counters, so digits keep their place as they change
FONT_SIZE = 10  # points; at 100 dpi a 750 px figure is 7.5 in wide
TITLE_SIZE = 11
LINE_WIDTH = 2.0
MARKER_SIZE = 5.0


def series_colour(index: int) -> str:
    """Colour of the ``index``-th of several compared runs (optimizers, batch modes, starts)."""
    return BASIN_COLOURS[index % len(BASIN_COLOURS)]


def style_colours() -> list[str]:
    """Every colour the style names, for palettes that must keep them exact."""
    return list(dict.fromkeys([*OKABE_ITO.values(), *ROLE.values(), *BASIN_COLOURS]))


def basin_colour(rank: int) -> str:
    """Colour for the basin ranked ``rank`` (0 = global minimum), -1 for none."""
    return ROLE["diverged"] if rank < 0 else BASIN_COLOURS[rank % len(BASIN_COLOURS)]


def rc() -> dict:
    """matplotlib rcParams for the house style."""
    return {
        "font.family": FONT_FAMILY,
        "font.size": FONT_SIZE,
        "axes.titlesize": TITLE_SIZE,
        "axes.labelsize": FONT_SIZE,
        "axes.edgecolor": ROLE["text"],
        "axes.labelcolor": ROLE["text"],
        "axes.grid": True,
        "grid.color": ROLE["grid"],
        "xtick.color": ROLE["text"],
        "ytick.color": ROLE["text"],
        "text.color": ROLE["text"],
        "figure.facecolor": ROLE["background"],
        "axes.facecolor": ROLE["background"],
        "savefig.facecolor": ROLE["background"],
        "lines.linewidth": LINE_WIDTH,
        "lines.markersize": MARKER_SIZE,
        "mathtext.fontset": "dejavusans",
        "svg.hashsalt": "gdmedia",  # fixed element ids: the same SVG bytes every build
    }


@contextmanager
def styled() -> Iterator[None]:
    """Apply the house style for the duration of a ``with`` block."""
    import matplotlib

    with matplotlib.rc_context(rc()):
        yield


# ---------------------------------------------------------------------------
# Manim (the scenes in scenes/): sizes in Manim font_size units, the maths font,
# and the colours that link a term to its number.  Owned by the scenes.
#
# At the embedded width (750 px for Manim's 14.2-unit frame) a Text of
# font_size s has a cap height of about 0.53·s px and a TeX formula or number
# about 0.37·s px (tests/test_scene_media.py measures both), so 9 px needs
# Text ≥ 17 and TeX ≥ 25.  Numbers are drawn in the sans (Text sizes).
# ---------------------------------------------------------------------------
MANIM_FONT = FONT_FAMILY  # words: the same sans as the figures
# Maths: TeX in sans (sansmath), close to the figures' DejaVu mathtext.
MANIM_TEX_PREAMBLE = r"\usepackage[T1]{fontenc}\usepackage{sansmath}\AtBeginDocument{\sansmath}"
MANIM_TITLE = 30  # Text: a scene's heading (16 px cap)
MANIM_TEXT = 24  # Text: labels and captions (12.8 px cap)
MANIM_SMALL_TEXT = 20  # Text: axis names, side notes (10.7 px cap)
MANIM_MATH = 40  # MathTex: formulas being taught (15 px cap)
MANIM_SMALL_MATH = 30  # MathTex: worked numbers, live readouts (11 px cap)
MANIM_NUMBER = 22  # live numbers in the sans (11.7 px cap)
MANIM_TICK = 20  # tick numbers on Manim axes, in the sans (10.7 px cap)
MANIM_MIN_CAP_PX = 9  # no text smaller than this at the embedded width
MANIM_LINE = 4  # stroke width of a moving line or path
MANIM_THIN = 2.5  # stroke width of a reference line (tangent, least squares)
MANIM_OUTLINE = 7  # stroke width of the dark outline under a ring, so it shows on any surface colour
MANIM_SEAM = 0.6  # a hairline of a face's own colour that hides the seams between surface faces
MANIM_DOT = 0.05  # radius of a data point, in frame units
MANIM_BALL = 0.14  # radius of a walker or a rolling ball
MANIM_MIN_RING = 0.3  # radius of the ring that marks a minimum: wider than a ball, so both show

# The colour of a quantity wherever it appears in a scene: a term and its number share it.
SCENE_ROLE = {
    "theta0": OKABE_ITO["blue"],  # θ0, ∂L/∂θ0 and their numbers
    "theta1": OKABE_ITO["vermillion"],  # θ1, ∂L/∂θ1 and their numbers
    "slope": OKABE_ITO["blue"],  # the slope dL/dw underfoot (BlindfoldedValley)
    "step": OKABE_ITO["vermillion"],  # the step η·dL/dw
    "rolling": ROLE["data"],  # a ball before it has settled anywhere
    "reached_global": OKABE_ITO["vermillion"],  # a ball (and its trail) that settled in a global minimum
    "reached_local": OKABE_ITO["blue"],  # … in a local minimum; diverged ones take ROLE["diverged"]
}
