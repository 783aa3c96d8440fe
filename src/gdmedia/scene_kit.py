"""What every Manim scene shares: the house style in Manim terms, and its data.

Scenes take their trace and options in the constructor.  Run by hand
(``manim -ql scenes/x.py X``) they find their medium in the default config
and read its trace from ``output/sims/``, simulating it there if it is missing.
Nothing here touches Manim's global config or defaults at import time.
"""

from __future__ import annotations

from pathlib import Path

from .config import ROOT, load_config, simulation_spec
from .options import SceneOptions
from .scene_render import require_tools
from .style import FONT_FAMILY, ROLE


def colour(role: str):
    """The style's colour for ``role`` as a Manim colour."""
    from manim import ManimColor

    return ManimColor(ROLE[role])


def axis_style(size: float = 22) -> dict:
    """Axis config for Manim's Axes: dark lines and numbers on the light background."""
    return {
        "color": colour("text"), "include_numbers": True, "font_size": size,
        "decimal_number_config": {"color": colour("text"), "num_decimal_places": 1},
    }


def nice_step(width: float, ticks: int = 5) -> float:
    """A round tick step (1, 2 or 5 × 10ᵏ) giving about ``ticks`` ticks over ``width``."""
    import math

    raw = width / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    return float(min(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw))


def label(text: str, size: float = 28, role: str = "text"):
    """Plain words in the style's font."""
    from manim import Text

    return Text(text, font=FONT_FAMILY, font_size=size, color=colour(role))


def maths(*parts: str, size: float = 40, role: str = "text"):
    """LaTeX maths in the style's text colour."""
    from manim import MathTex

    return MathTex(*parts, font_size=size, color=colour(role))


def _trace_for(config: dict, name: str):
    from gdsim.simulate import simulate

    from .traces import load, save_json, save_npz

    npz = ROOT / "output" / "sims" / f"{name}.npz"
    if npz.exists():
        return load(npz)
    trace = simulate(simulation_spec(config["simulations"][name]))
    npz.parent.mkdir(parents=True, exist_ok=True)
    save_npz(trace, npz)
    save_json(config["simulations"][name], trace, npz.with_suffix(".json"))
    return trace


def standalone_inputs(script: str):
    """(trace, options) for a scene run by hand, from the default config."""
    config = load_config(ROOT / "config.yaml")
    for medium in config["media"].values():
        if medium.get("scene") == script:
            trace = _trace_for(config, medium["simulation"])
            if medium.get("compare_with"):
                trace = (trace, _trace_for(config, medium["compare_with"]))
            return trace, SceneOptions.from_mapping(medium)
    raise LookupError(f"no medium in config.yaml uses the scene {script!r}")


class TracedScene:
    """Mixin for a Scene that draws one trace: ``Scene(trace=…, options=…)``."""

    script: str = ""  # the scene's file stem, which config media name in `scene:`

    def __init__(self, trace=None, options: SceneOptions | None = None, **kwargs):
        require_tools()  # a clear message, not a bare FileNotFoundError: latex
        super().__init__(**kwargs)
        if trace is None or options is None:
            trace, options = standalone_inputs(self.script or Path(__file__).stem)
        self.trace = trace
        self.options = options

    def paint_background(self) -> None:
        self.camera.background_color = colour("background")
