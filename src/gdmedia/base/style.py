"""The one visual style for every medium: palette, markers, dashes, fonts, sizes, number formats.

Colours are drawn from the Okabe–Ito set, chosen so that every pair of colours
that tells series apart stays at least 20 apart (ΔE in CAM02-UCS) under
simulated deuteranopia, protanopia and tritanopia (tests/test_style.py checks
it), and compared series also differ by marker and dash.  Each *role* (data,
the current fit, the least-squares line, a minimum…) has one colour everywhere,
in matplotlib figures and in Manim scenes alike.  Sizes are in points at the
figure's dpi (100 dpi: a 750 px figure is 7.5 in); every text is at least
``MIN_TEXT_SIZE``, which gives a 9 px cap height at 750 px (DejaVu Sans caps are
0.73 em).  Figures name these constants; they hold no literal of their own.
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
WINE = "#882255"  # Tol's wine: the fifth series colour that stays apart from the first four under CVD
GREY = "#7F7F7F"

ROLE = {
    "data": "#4D4D4D",  # observed samples
    "fit": OKABE_ITO["vermillion"],  # the current model, the moving thing
    "lstsq": OKABE_ITO["blue"],  # the least-squares answer
    "path": OKABE_ITO["vermillion"],  # the descent path in parameter space
    "loss": OKABE_ITO["bluish_green"],  # loss against step
    "residual": OKABE_ITO["sky_blue"],  # y − ŷ, drawn where a fit is taught
    "gradient": OKABE_ITO["black"],  # −∇L where a step is taught
    "step": OKABE_ITO["vermillion"],  # the step −η∇L actually taken
    "global_min": OKABE_ITO["yellow"],
    "local_min": "#FFFFFF",
    "marker_edge": OKABE_ITO["black"],
    "diverged": GREY,
    "unsettled": "#9A9A9A",  # a path still moving, before anyone knows where it ends
    "start": "#FFFFFF",  # a start before anyone knows where it goes
    "text": "#1A1A1A",
    "grid": "#E5E5E5",
    "background": "#FFFFFF",
    "panel": "#FFFFFF",  # behind readouts
}

# What a run did, as a dash, where colour already encodes an ordered quantity.
REGIME_DASHES = {"monotone": "-", "zig-zag": "--", "diverges": ":"}
REFERENCE_DASH = "--"  # least squares, thresholds

# Compared runs (optimizers, step sizes, batch modes, starts), in config order:
# colour, marker and dash together, so no series depends on colour alone.
SERIES_COLOURS = [OKABE_ITO["vermillion"], OKABE_ITO["blue"], OKABE_ITO["sky_blue"], OKABE_ITO["black"], WINE]
SERIES_MARKERS = ["o", "s", "^", "D", "v"]
SERIES_DASHES = ["-", "--", "-.", ":", (0, (6, 1.5, 1, 1.5))]

# Paths that end in different minima; the first goes to the global minimum.
BASIN_COLOURS = SERIES_COLOURS[:4]

# A perceptually uniform, colour-blind-safe map for surfaces and contours.
SURFACE_CMAP = "cividis"
# Ordered quantities (a sweep's step sizes): the same map, short of its pale end so lines show on white.
SEQUENCE_CMAP = "cividis"
SEQUENCE_RANGE = (0.0, 0.7)
SURFACE_GAMMA = 0.5  # surfaces coloured by √loss, so the bowl's floor is not one flat colour

FONT_FAMILY = "DejaVu Sans"
MONO_FAMILY = "DejaVu Sans Mono"  # counters, so digits keep their place as they change
MATH_FONTSET = "dejavusans"  # maths in the same face as the text
CAP_HEIGHT_EM = 0.729  # DejaVu Sans: cap height / font size
MIN_CAP_PX = 9  # the smallest cap height any text may have at the embedded width
MIN_TEXT_SIZE = 9.0  # points: 9 pt at 100 dpi is a 9.1 px cap height
FONT_SIZE = 10  # axis labels, body text
TICK_SIZE = 9.5
LEGEND_SIZE = 9.5
LABEL_SIZE = 9.5  # labels written at a series' head
LABEL_HALO = 3.0  # pt: the background's ring round a curve's name; a line crossing it runs under the letters
TITLE_SIZE = 11
SUPTITLE_SIZE = 12
TITLE_WEIGHT = "bold"

LINE_WIDTH = 2.0  # default lines
PATH_WIDTH = 1.8  # descent paths (trails)
TRAIL_ALPHA = 0.55  # a trail is dimmer than its head
CURVE_WIDTH = 1.8  # loss curves
REFERENCE_WIDTH = 1.3  # least-squares line, floors, thresholds
CONTOUR_WIDTH = 0.8
RESIDUAL_WIDTH = 1.0
BAND_WIDTH = 9.0  # a wide pale line beneath one that may coincide with it
BAND_ALPHA = 0.35
ARROW_WIDTH = 1.6
ARROW_HEAD = 12.0  # arrow head size (mutation scale, points)
EDGE_WIDTH = 0.8  # marker edges
START_EDGE_WIDTH = 1.6  # a hollow start marker's ring
SURFACE_EDGE_WIDTH = 0  # 3-D surfaces: smooth shading, no facet edges
MARKER_SIZE = 5.0
HEAD_SIZE = 8.0  # the bright head of a moving path
# Where a compared run arrived (within tolerance, and staying), marked on its loss curve once
# reached: a ring round the curve, wider than a head, so it reads apart from the head that moves on.
ARRIVAL_MARKER, ARRIVAL_SIZE, ARRIVAL_WIDTH = "o", 13.0, 1.6
START_SIZE = 7.0
STAR_SIZE = 15.0  # minima and the least-squares θ
# matplotlib's "*" marker: its inner pentagon's radius over its points' radius.
STAR_INNER = 0.381966
# A minimum a ball can settle in: a larger star, and a head that fits within its pentagon, so the star's
# five points, gold or white, still say which minimum it is (at HEAD_SIZE they were slivers at 750 px).
MINIMUM_STAR_SIZE = 19.0
HEAD_IN_STAR_SIZE = 0.98 * STAR_INNER * MINIMUM_STAR_SIZE
DATA_SIZE = 16.0  # scatter area (pt²) of a data point
TEXT_CONTRAST = 4.5  # WCAG's AA ratio for small text: coloured labels here have a 9–10 px cap height
END_ROOM = 0.02  # a step axis runs this share of its length beyond its first and last steps: head markers whole
PANEL_ALPHA = 0.9
SURFACE_ALPHA = 0.85

# One format per quantity, in every medium and note: the same decimals for the same thing.
# 'z': a value that rounds to zero is written 0.00, never -0.00 (a sign its digits do not show).
NUMBER_FORMATS = {
    "learning_rate": "{:g}",  # as configured: 0.045, 0.4, 0.85
    "lambda_min": "{:z.2f}",
    "lambda_max": "{:z.2f}",
    "critical_step": "{:z.2f}",
    "optimal_step": "{:z.2f}",
    "eta_lambda_min": "{:z.2f}",
    "eta_lambda_max": "{:z.2f}",
    "eta_curvature": "{:z.2f}",
    "curvature": "{:z.2f}",
    "theta": "{:+z.2f}",
    "least_squares_theta": "{:z.2f}",
    "final_theta": "{:z.2f}",
    "gradient": "{:+z.2f}",
    "loss": "{:z.4f}",
    "final_loss": "{:z.4f}",
    "least_squares_loss": "{:z.4f}",
    "final_value": "{:z.4f}",
    "minimum_values": "{:z.4f}",
    "distance": "{:z.3f}",
    "start_distance": "{:z.2f}",
    "final_distance": "{:.1e}",
    "tolerance": "{:g}",
    "percent": "{:z.0f} %",
}
# Past this size a fixed-point number would fill a panel with digits (a diverged
# run reaches |θ| ≈ 1e49): it is written in scientific notation instead.
LARGEST_FIXED = 1e6
# Subscripted names as a reader sees them, never "theta0".
SYMBOL = {"theta0": "θ₀", "theta1": "θ₁", "eta": "η", "lambda_min": "λmin", "lambda_max": "λmax"}


def number(quantity: str, value) -> str:
    """``value`` written the one way ``quantity`` is written; counts and names as they are."""
    if value is None:
        return "—"
    if isinstance(value, list):
        return "(" + ", ".join(number(quantity, v) for v in value) + ")"
    if isinstance(value, bool) or isinstance(value, (int, str)) or quantity not in NUMBER_FORMATS:
        return f"{value:g}" if isinstance(value, float) else str(value)
    if abs(float(value)) >= LARGEST_FIXED and "e" not in NUMBER_FORMATS[quantity]:
        return f"{float(value):+.2e}" if "+" in NUMBER_FORMATS[quantity] else f"{float(value):.2e}"
    return NUMBER_FORMATS[quantity].format(value)


def series_colour(index: int) -> str:
    """Colour of the ``index``-th of several compared runs (optimizers, batch modes, starts)."""
    return SERIES_COLOURS[index % len(SERIES_COLOURS)]


def series_marker(index: int) -> str:
    return SERIES_MARKERS[index % len(SERIES_MARKERS)]


def series_dash(index: int):
    return SERIES_DASHES[index % len(SERIES_DASHES)]


def series(index: int) -> dict:
    """matplotlib keywords that tell the ``index``-th series apart: colour, marker, dash."""
    return {"color": series_colour(index), "marker": series_marker(index), "ls": series_dash(index)}


def style_colours() -> list[str]:
    """Every colour the style names, for palettes that must keep them exact."""
    named = [*OKABE_ITO.values(), *ROLE.values(), *SERIES_COLOURS, *BASIN_COLOURS]
    return list(dict.fromkeys([*named, *(text_colour(c) for c in [*SERIES_COLOURS, *BASIN_COLOURS])]))


def _luminance(hex_colour: str) -> float:
    """WCAG's relative luminance of a #RRGGBB colour."""
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG's contrast ratio of two #RRGGBB colours, (L1 + 0.05) / (L2 + 0.05) with L1 the lighter."""
    light, dark = sorted([_luminance(a), _luminance(b)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_colour(colour, against: str | None = None) -> str:
    """``colour`` for words: mixed toward the ink (black on a light ground, white on a dark one) just far
    enough for ``TEXT_CONTRAST`` against ``against`` (default: the background, read now, so the dark
    palette gets its own).  A series' label keeps its hue; sky blue on white (2.2:1) becomes readable."""
    from matplotlib.colors import to_hex, to_rgb

    ground = against or ROLE["background"]
    ink = 0.0 if _luminance(ground) > 0.5 else 1.0
    rgb = to_rgb(colour)
    for step in range(41):  # toward the ink in steps of 2.5 %
        share = step / 40
        mixed = to_hex([c * (1 - share) + ink * share for c in rgb]).upper()
        if contrast(mixed, ground) >= TEXT_CONTRAST:
            return mixed
    return to_hex([ink] * 3).upper()


def basin_colour(rank: int) -> str:
    """Colour for the basin ranked ``rank`` (0 = global minimum), -1 for none."""
    return ROLE["diverged"] if rank < 0 else BASIN_COLOURS[rank % len(BASIN_COLOURS)]


def cap_px(points: float, dpi: float) -> float:
    """Cap height in pixels of text of ``points`` size at ``dpi``."""
    return points * dpi / 72 * CAP_HEIGHT_EM


def rc() -> dict:
    """matplotlib rcParams for the house style."""
    return {
        "font.family": FONT_FAMILY,
        "font.size": FONT_SIZE,
        "axes.titlesize": TITLE_SIZE,
        "axes.labelsize": FONT_SIZE,
        "xtick.labelsize": TICK_SIZE,
        "ytick.labelsize": TICK_SIZE,
        "legend.fontsize": LEGEND_SIZE,
        "legend.framealpha": PANEL_ALPHA,
        "figure.titlesize": SUPTITLE_SIZE,
        "figure.titleweight": TITLE_WEIGHT,
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
        "lines.markeredgewidth": EDGE_WIDTH,
        "mathtext.fontset": MATH_FONTSET,
        "axes.formatter.use_mathtext": True,  # 10⁻³ rather than 1e-3
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
MANIM_RESIDUAL = 2.0  # stroke width of a residual y − ŷ
MANIM_ARROW = 4  # stroke width of the gradient and step arrows
MANIM_ARROW_TIP = 0.16  # their tip length, in frame units (shorter on a short arrow)
MANIM_CONTOUR = 1.2  # stroke width of a loss contour in the parameter plane
MANIM_HEAD = 0.08  # radius of the bright head of a path in the parameter plane
MANIM_STAR = 0.16  # outer radius of the star that marks the least-squares θ
MANIM_TRAIL_OPACITY = 0.55  # a trail is dimmer than its head (TRAIL_ALPHA in the figures)
# A live number longer than this many characters is written compactly (+1.2e+05, itself 8 long): a diverged
# run (|θ| up to 1e49) must not run its digits off the panel.  Two significant digits say how large it is.
MANIM_NUMBER_CHARS = 8
MANIM_OPAQUE = 1.0  # fill or stroke opacity of what must hide what lies behind it (a surface, a marker)
MANIM_NO_STROKE = 0  # faces filled without an outline
MANIM_COMPACT_FORMAT = "{:.1e}"

# The colour of a quantity wherever it appears in a scene: a term and its number share it.
SCENE_ROLE = {
    "theta0": OKABE_ITO["blue"],  # θ0, ∂L/∂θ0 and their numbers
    "theta1": OKABE_ITO["vermillion"],  # θ1, ∂L/∂θ1 and their numbers
    "slope": OKABE_ITO["blue"],  # the slope dL/dw underfoot (BlindfoldedValley)
    "step": OKABE_ITO["vermillion"],  # the step η·dL/dw
    "rolling": ROLE["data"],  # a ball before it has settled anywhere
    "reached_global": OKABE_ITO["vermillion"],  # a ball (and its trail) that settled in a global minimum
    "reached_local": OKABE_ITO["blue"],  # … in a local minimum; diverged ones take ROLE["diverged"]
    "contour": "#A6A6A6",  # level lines of the loss over (θ0, θ1): quiet, behind the path
}


# ---------------------------------------------------------------------------
# Dark: the palette of a medium asked for as NAME.dark.EXT (gdmedia.web.renditions),
# for the site's dark scheme.  Same roles, same markers and dashes; colours
# chosen for a near-black background: every series pair stays ≥ 20 apart
# (ΔE, CAM02-UCS) under simulated deuteranopia, protanopia and tritanopia, and
# every role that draws lines or text keeps a contrast of at least 3:1 against
# the background (tests/test_style.py checks both).  Okabe–Ito's black and blue
# vanish on black: white text, a lighter blue; Tol's light cyan and pink take the
# places of sky blue and wine, which do not stay apart from yellow on dark.
# Only ``dark()`` applies it, for one render.
# ---------------------------------------------------------------------------
DARK_BACKGROUND = "#1E1E1E"
DARK_SERIES_COLOURS = ["#E66100", "#3D8FD9", "#99DDFF", "#F0E442", "#EE99AA"]
DARK_ROLE = {
    **ROLE,
    "data": "#BDBDBD",
    "fit": DARK_SERIES_COLOURS[0],
    "lstsq": DARK_SERIES_COLOURS[1],
    "path": DARK_SERIES_COLOURS[0],
    "loss": OKABE_ITO["bluish_green"],
    "residual": "#6C8EBF",
    "gradient": "#E6E6E6",
    "step": DARK_SERIES_COLOURS[0],
    "global_min": OKABE_ITO["yellow"],
    "local_min": "#FFFFFF",
    "marker_edge": "#E6E6E6",  # a light ring: hollow starts and stars show on the dark background
    "diverged": GREY,
    "unsettled": "#9A9A9A",
    "start": DARK_BACKGROUND,  # hollow, as on white
    "text": "#E6E6E6",
    "grid": "#3A3A3A",
    "background": DARK_BACKGROUND,
    "panel": "#2A2A2A",
}
DARK_SCENE_ROLE = {
    **SCENE_ROLE,
    "theta0": DARK_SERIES_COLOURS[1],
    "theta1": DARK_SERIES_COLOURS[0],
    "slope": DARK_SERIES_COLOURS[1],
    "step": DARK_SERIES_COLOURS[0],
    "rolling": DARK_ROLE["data"],
    "reached_global": DARK_SERIES_COLOURS[0],
    "reached_local": DARK_SERIES_COLOURS[1],
}
# A sweep's ordered colours: cividis short of its dark end, so lines show on black.
DARK_SEQUENCE_RANGE = (0.3, 1.0)
# What ``dark()`` swaps, name → dark value.
DARK_STYLE = {
    "ROLE": DARK_ROLE,
    "SCENE_ROLE": DARK_SCENE_ROLE,
    "SERIES_COLOURS": DARK_SERIES_COLOURS,
    "BASIN_COLOURS": DARK_SERIES_COLOURS[:4],
    "SEQUENCE_RANGE": DARK_SEQUENCE_RANGE,
}


@contextmanager
def dark() -> Iterator[None]:
    """The dark palette for the duration of a ``with`` block, then the light one again.

    Dicts and lists are changed in place, so a module that imported ``ROLE`` or
    ``SERIES_COLOURS`` by name sees the dark colours; other names (a range) are
    swapped on this module, so import a figure script inside the block for it to
    pick them up too.  ``rc()`` reads ``ROLE``, so ``styled()`` follows.
    """
    saved = {name: globals()[name] for name in DARK_STYLE}
    copies = {name: (dict(v) if isinstance(v, dict) else list(v) if isinstance(v, list) else v)
              for name, v in saved.items()}
    try:
        for name, value in DARK_STYLE.items():
            _assign(name, value)
        yield
    finally:
        for name, value in copies.items():
            _assign(name, value)


def _assign(name: str, value) -> None:
    current = globals()[name]
    if isinstance(current, dict):
        current.clear()
        current.update(value)
    elif isinstance(current, list):
        current[:] = value
    else:
        globals()[name] = value
