"""Renditions: the file name a note asks for says which medium, which variant and which format.

    NAME[.dark][@2x].EXT

``NAME`` is a medium of the config; ``.dark`` draws it on a dark background in
the style's dark palette; ``@2x`` renders it at twice the width (natively:
twice the pixels for the same layout); ``EXT`` is the format.  The suffixes
compose in this one order: ``lr_gd.dark@2x.gif``, never ``lr_gd@2x.dark.gif``.

| medium | formats |
|---|---|
| animated figure or scene | ``gif``, ``mp4`` (h264), ``webm`` (VP9), ``png`` (poster: the last frame) |
| still figure | ``png``, ``svg`` |

``parse`` is the one reader of such names: the notes reader (which reference
names a medium) and the rules (what a job renders) both call it.  Everything
here is pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping

DARK = ".dark"
DOUBLE = "@2x"
# Every variant tag, in the one order suffixes compose; "" is the default rendition.
VARIANTS = ("", DARK, DOUBLE, DARK + DOUBLE)
ANIMATED_FORMATS = ("gif", "mp4", "webm", "png")
STILL_FORMATS = ("png", "svg")
VIDEO_FORMATS = ("mp4", "webm")

_NAME = re.compile(r"(?P<medium>[A-Za-z0-9][A-Za-z0-9_-]*)(?P<dark>\.dark)?(?P<double>@2x)?\.(?P<ext>[A-Za-z0-9]+)")

# Manim's preset twice as wide as each quality the config may give (medium 1280 px → production
# 2560 px, high 1920 px → 4K 3840 px); no preset doubles low's 854 px, so low's @2x is medium (1.5×).
SCENE_QUALITY_2X = {"low": "medium", "medium": "production", "high": "fourk"}


@dataclass(frozen=True)
class Rendition:
    """One file the pipeline can make: a medium, in a variant, as a format."""

    medium: str
    ext: str
    dark: bool = False
    scale: int = 1

    @property
    def variant(self) -> str:
        """The tag between the name and the format: '', '.dark', '@2x' or '.dark@2x'."""
        return (DARK if self.dark else "") + (DOUBLE if self.scale == 2 else "")

    @property
    def stem(self) -> str:
        return self.medium + self.variant

    @property
    def filename(self) -> str:
        return f"{self.stem}.{self.ext}"

    def with_ext(self, ext: str) -> "Rendition":
        return Rendition(self.medium, ext, self.dark, self.scale)


def is_still(defaults: set[str] | frozenset[str]) -> bool:
    """A still's default products include an SVG; an animation's a GIF."""
    return "svg" in defaults


def formats(defaults: set[str] | frozenset[str]) -> tuple[str, ...]:
    """The formats a medium may be asked for, from the extensions it makes by default."""
    return STILL_FORMATS if is_still(defaults) else ANIMATED_FORMATS


def parse(filename: str, products: Mapping[str, set[str]]) -> Rendition | None:
    """The rendition ``filename`` asks for, or None when it names none.

    ``products`` maps each medium's name to the extensions its default build
    makes (``{"lr_gd": {"gif", "png"}}``); it says which media exist and
    whether each is a still.
    """
    found = _NAME.fullmatch(filename)
    if found is None or found["medium"] not in products:
        return None
    if found["ext"] not in formats(products[found["medium"]]):
        return None
    return Rendition(found["medium"], found["ext"], dark=bool(found["dark"]), scale=2 if found["double"] else 1)


def medium_of(stem: str) -> str:
    """The medium a rendition's stem draws: ``lr_gd`` for ``lr_gd.dark@2x``."""
    for tag in sorted(VARIANTS, key=len, reverse=True):
        if tag and stem.endswith(tag):
            return stem[: -len(tag)]
    return stem


def allowed(products: Mapping[str, set[str]]) -> str:
    """What a note may write, for error messages."""
    still = sorted(m for m, d in products.items() if is_still(d))
    moving = sorted(m for m, d in products.items() if not is_still(d))
    return (f"NAME[.dark][@2x].EXT, with EXT {'/'.join(ANIMATED_FORMATS)} for {', '.join(moving) or 'no medium'}"
            f" and {'/'.join(STILL_FORMATS)} for {', '.join(still) or 'no medium'}")


def stem_pattern(media, variants=VARIANTS) -> str:
    """A regular expression matching exactly ``medium + variant`` for the given media and variant tags.

    For wildcard constraints: with only non-default ``variants`` it never matches a
    default output, so the variant rules and the default ones stay apart.
    """
    names = "|".join(re.escape(m) for m in sorted(media))
    tags = "|".join(re.escape(v) for v in sorted(variants, key=len, reverse=True))
    return f"(?:{names})(?:{tags})" if names else "(?!)"


def figure_options(options: Mapping, rendition: Rendition) -> dict:
    """A figure's render options for ``rendition``: @2x doubles pixels and dpi, so the layout (in
    inches and points) is the 1× one, drawn with twice the pixels each way."""
    if rendition.scale == 1:
        return dict(options)
    return {**options, **{k: options[k] * rendition.scale for k in ("width_px", "height_px", "dpi")}}


def scene_options(options: Mapping, rendition: Rendition) -> dict:
    """A scene's render options for ``rendition``: @2x doubles the GIF's width and renders Manim's
    frames at the preset twice as wide (``SCENE_QUALITY_2X``)."""
    if rendition.scale == 1:
        return dict(options)
    return {**options, "width_px": options["width_px"] * 2, "quality": SCENE_QUALITY_2X[options["quality"]]}
