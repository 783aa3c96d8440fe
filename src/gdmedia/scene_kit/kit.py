"""What every Manim scene shares: the house style in Manim terms, its data, its pacing.

Scenes take their trace and options in the constructor.  Run by hand
(``manim -ql scenes/x.py X``) they get them from what the script's ``begin``
(``standalone``, workflow glue) left for its footer ``scene``: their
checkout's config and a trace that matches it.  Nothing here simulates.
Every text a scene builds goes through ``label``/``maths``/``number`` here, so
sizes, fonts and colours come from the style module only.  ``TracedScene``
records every mobject it shows (the legibility test reads them) and the key
frames of its storyboard.  Nothing here touches Manim's global config or
defaults at import time.
"""

from __future__ import annotations

import functools
import math
from contextlib import contextmanager
from functools import lru_cache

import numpy as np

from gdmedia.base.options import SceneOptions
from gdmedia.scene_kit.mobjects import MADE, drop_svg_paths, tex_template
from gdmedia.scene_kit.render import require_tools
from gdmedia.scene_kit.segments import render_scene
from gdmedia.base.style import (
    MANIM_FONT, MANIM_MATH, MANIM_NUMBER, MANIM_TEXT, MANIM_TICK, ROLE, SCENE_ROLE, text_colour,
)

FIRST_HOLD_S = 1.6  # the opening picture holds this long (≥ 1.5 s once the GIF rounds to its frame rate)
MAX_STILL_S = 0.9  # a still beat inside a scene: long enough to read a line, short of a dead stretch
# Where a scene Manim runs by hand finds its trace, options and facts (by name: see TracedScene).
BY_HAND = "gdmedia.workflow.authoring.standalone"
PROBE_SIZE = 100  # font_size of the glyph measured for cap heights (a measurement, never drawn)


def colour(role: str):
    """The style's colour for ``role`` (a ROLE or a SCENE_ROLE name) as a Manim colour."""
    from manim import ManimColor

    return ManimColor(SCENE_ROLE.get(role) or ROLE[role])


def text_tint(role: str):
    """``role``'s colour for words, formulas and numbers: its hue, mixed toward the ink until it reads as
    small text on the background (style.text_colour; vermillion 3.9 → 4.6:1, sky blue 2.3 → 4.7:1)."""
    from manim import ManimColor

    return ManimColor(text_colour(colour(role).to_hex()))


def axis_style(size: float = MANIM_TICK, places: int = 1) -> dict:
    """Axis config for Manim's Axes: dark lines, and numbers in the sans, on the light background."""
    from gdmedia.scene_kit.live_number import SansGlyph

    return {
        "color": colour("text"), "include_numbers": True, "font_size": size, "label_constructor": SansGlyph,
        "decimal_number_config": {"color": colour("text"), "num_decimal_places": places},
    }


def nice_step(width: float, ticks: int = 5) -> float:
    """A round tick step (1, 2 or 5 × 10ᵏ) giving about ``ticks`` ticks over ``width``."""
    raw = width / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    return float(min(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw))


def remembered(key: tuple, build):
    """``build()``, or a copy of what it made the last time this render asked for ``key``.

    A render plays its scene twice (the plan, then the drawing: segments.py),
    so everything it builds is built twice; a text costs ~0.2 s (pango's SVG
    parsed into curves), a copy a few ms.  Outside a render nothing is kept.
    """
    made = MADE.get()
    if made is None:
        return build()
    if key not in made:
        made[key] = build()
    return made[key].copy()


def label(text: str, size: float = MANIM_TEXT, role: str = "text"):
    """Plain words in the style's font."""
    from manim import Text

    tint = text_tint(role)
    return remembered(("label", text, size, tint.to_hex()), lambda: drop_svg_paths(
        Text(text, font=MANIM_FONT, font_size=size, color=tint)))


def maths(*parts: str, size: float = MANIM_MATH, role: str = "text"):
    """Maths in the style's TeX template and colour; each part stays a submobject to colour or match."""
    from manim import MathTex

    tint = text_tint(role)
    return remembered(("maths", parts, size, tint.to_hex()), lambda: drop_svg_paths(
        MathTex(*parts, font_size=size, color=tint, tex_template=tex_template())))


def number(value: float, places: int, size: float = MANIM_NUMBER, role: str = "text", sign: bool = False):
    """A live number in the sans (a LiveNumber: cheap to follow a tracker)."""
    from gdmedia.scene_kit.live_number import LiveNumber

    return LiveNumber(value, num_decimal_places=places, font_size=size, color=text_tint(role), include_sign=sign)


def cap_height_px(mob, frame_width: float, width_px: int) -> float:
    """Cap height in pixels, at ``width_px`` across the frame, of a Text, MathTex or number mobject.

    Manim keeps each text's effective ``font_size`` through later scaling; the
    cap height of a capital H of the same kind at that size, measured, gives pixels.
    """
    from manim import DecimalNumber, MathTex, SingleStringMathTex, Text

    if isinstance(mob, Text) or (isinstance(mob, DecimalNumber) and issubclass(mob.mob_class, Text)):
        kind = "text"
    elif isinstance(mob, (SingleStringMathTex, MathTex, DecimalNumber)):
        kind = "tex"
    else:
        raise TypeError(f"not a text mobject: {type(mob).__name__}")
    return _cap_per_size(kind) * float(mob.font_size) * width_px / frame_width


@lru_cache(maxsize=None)
def _cap_per_size(kind: str) -> float:
    """Height in frame units of a capital H per unit of font_size, for Text or TeX."""
    import tempfile

    from manim import MathTex, Text, tempconfig

    # Manim writes each glyph's SVG under its media_dir: a throwaway one, never the working tree.
    with tempfile.TemporaryDirectory(prefix="manim-cap-") as media, tempconfig({"media_dir": media}):
        glyph = Text("H", font=MANIM_FONT, font_size=PROBE_SIZE) if kind == "text" else MathTex(
            "H", font_size=PROBE_SIZE, tex_template=tex_template())
        return glyph.height / PROBE_SIZE


def static_first(mobjects: list, above_moving: tuple = ()) -> list:
    """``mobjects`` reordered for Manim's frame cache: the still ones first, then those that move.

    Manim draws the mobjects before the first one that moves (an updater, an
    animation) once, as a background, and redraws every frame all the rest:
    one live number early in the list made the whole picture after it redraw
    per frame.  The still mobjects go first, in their order; the moving ones
    after them, in theirs, with the still ones in ``above_moving`` (drawn over
    something that moves, like data dots over their residuals) among them in
    place.  The picture is the same where no still mobject moved down
    overlaps a moving one drawn before it: the scene's choice, checked by
    comparing frames.
    """
    keep = {id(mob) for mob in above_moving}
    moves = [bool(mob.get_family_updaters()) or id(mob) in keep for mob in mobjects]
    return [m for m, moving in zip(mobjects, moves) if not moving] + [m for m, moving in zip(mobjects, moves) if moving]


@contextmanager
def held(*mobjects):
    """For the plays inside: each of ``mobjects`` brought up to date, then held still (updaters off).

    Manim draws a mobject with no updaters, and nothing moving listed before it, once per play
    into that play's background; with an updater it is redrawn every frame even when its value
    cannot change (a live number whose tracker the play does not touch).  The updaters are put
    back, in order, when the block ends.
    """
    saved = []
    for mob in mobjects:
        mob.update(0)
        saved.append((mob, list(mob.updaters)))
        mob.clear_updaters(recursive=False)
    try:
        yield
    finally:
        for mob, updaters in saved:
            for updater in updaters:
                mob.add_updater(updater)


def settle_rows(status: np.ndarray, stop_step: np.ndarray, step: np.ndarray) -> np.ndarray:
    """For each path, the first recorded row at or after the step it stopped (converged or diverged)."""
    rows = np.searchsorted(np.asarray(step), np.asarray(stop_step), side="left")
    return np.minimum(rows, len(step) - 1)


def recorded_gradient(trace, row: int) -> np.ndarray:
    """∇L at recorded ``row`` of a regression trace: the gradient the trace stored for that row.

    Never (θ_k − θ_k+1)/η, which is the gradient only for plain GD.  A trace
    saved before traces stored ``grad`` is accepted only for full batch, where
    ∇L at the recorded θ is the closed form: the mean over the samples of
    (−(y − ŷ), −(y − ŷ)·x).
    """
    grad = getattr(trace, "grad", None)
    if grad is not None:
        return np.asarray(grad[row], dtype=float)
    if trace.batch_mode != "full":
        raise ValueError(f"a {trace.batch_mode} trace needs its stored gradient (the trace's grad field) to show ∇L")
    from gdsim.regression import gradient

    return gradient(trace.theta[row], trace.x, trace.y)


def least_squares_loss(trace) -> float:
    """L* = L(θ*): the loss at the trace's least-squares θ, the floor that descent approaches."""
    from gdsim.regression import loss

    return float(loss(np.asarray(trace.lstsq, dtype=float), trace.x, trace.y))


class TracedScene:
    """Mixin for a Scene that draws one trace: ``Scene(trace=…, options=…, found=…)``.

    ``found`` is the trace's facts (a pair of them for a pair of traces), as the
    simulation wrote them: what the scene says about the run is read there,
    never measured again.  ``shown`` lists every mobject ever added (for the
    legibility check); ``key_frames`` the storyboard's stills, taken by ``key_frame()``.
    """

    script: str = ""  # the scene's file stem, which config media name in `scene:`

    def __init__(self, trace=None, options: SceneOptions | None = None, found=None, **kwargs):
        require_tools()  # a clear message, not a bare FileNotFoundError: latex
        self.shown: list = []
        self.key_frames: list[np.ndarray] = []
        if trace is None or options is None:  # run by hand with manim: the workflow glue finds them
            import importlib
            import inspect

            # Before Manim's file writer exists: it takes its folders from the config then.  The glue is
            # named, not imported: it simulates, and under Snakemake (every job) it never runs.
            inputs = importlib.import_module(BY_HAND).inputs
            trace, options, found = inputs(inspect.getfile(type(self)), self.script)
        super().__init__(**kwargs)
        self.trace = trace
        self.options = options
        self.found = found

    def add(self, *mobjects):
        self.shown.extend(mobjects)
        return super().add(*mobjects)

    def paint_background(self) -> None:
        self.camera.background_color = colour("background")

    def key_frame(self) -> None:
        """Keep the picture on screen now as one tile of the storyboard."""
        self.key_frames.append(np.array(self.renderer.get_frame())[..., :3])

    def open_with(self, *mobjects) -> None:
        """The first picture: ``mobjects`` at once, held long enough to read before anything moves."""
        self.add(*mobjects)
        self.wait(FIRST_HOLD_S)
        self.key_frame()

    def close(self) -> None:
        """The last picture holds ``hold_s`` (≥ 3 s: time to read the outcome)."""
        self.key_frame()
        self.wait(self.options.hold_s)


def scene_class(module) -> type:
    """The scene a scene module defines: its one subclass of ``TracedScene``."""
    found = [v for v in vars(module).values()
             if isinstance(v, type) and issubclass(v, TracedScene) and v.__module__ == module.__name__]
    if len(found) != 1:
        raise TypeError(f"{module.__file__}: a scene module defines one TracedScene, found {len(found)}")
    return found[0]


def render(module, trace, out_path, *, options: SceneOptions, found):
    """Render the scene ``module`` defines of ``trace`` (a pair for a scene that compares two) and its facts
    ``found`` (as written beside the trace, or ``gdmedia.workflow.jobs.traces.measured``): ``out_path`` (.mp4)
    and, beside it, the .gif and the .png poster; returns the scene."""
    return render_scene(functools.partial(scene_class(module), found=found), trace, out_path, options)
