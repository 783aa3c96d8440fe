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


# One format per quantity, in every medium and note: the same decimals for the same thing.
NUMBER_FORMATS = {
    "learning_rate": "{:g}",  # as configured: 0.045, 0.4, 0.85
    "lambda_min": "{:.2f}",
    "lambda_max": "{:.2f}",
    "critical_step": "{:.2f}",
    "optimal_step": "{:.2f}",
    "eta_lambda_min": "{:.2f}",
    "eta_lambda_max": "{:.2f}",
    "eta_curvature": "{:.2f}",
    "curvature": "{:.2f}",
    "theta": "{:+.2f}",
    "least_squares_theta": "{:.2f}",
    "final_theta": "{:.2f}",
    "gradient": "{:+.2f}",
    "loss": "{:.4f}",
    "final_loss": "{:.4f}",
    "least_squares_loss": "{:.4f}",
    "final_value": "{:.4f}",
    "minimum_values": "{:.4f}",
    "distance": "{:.3f}",
    "start_distance": "{:.2f}",
    "final_distance": "{:.1e}",
    "tolerance": "{:g}",
    "percent": "{:.0f} %",
}
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
    return NUMBER_FORMATS[quantity].format(value)


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
