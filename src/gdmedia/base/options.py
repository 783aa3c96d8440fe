"""Render options of one medium, as frozen dataclasses built from its config block."""

from __future__ import annotations

from dataclasses import dataclass, fields


class FromConfig:
    """``from_mapping``: build the dataclass from the fields it knows in a config block."""

    @classmethod
    def from_mapping(cls, mapping: dict):
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in mapping.items() if k in known})


@dataclass(frozen=True)
class FigureOptions(FromConfig):
    """Size, timing and camera of an animated figure.

    No defaults here: they live once, in the config schema.
    """

    width_px: int
    height_px: int
    dpi: int
    fps: int
    frames: int
    hold_s: float
    early_bias: float
    elevation_deg: float
    azimuth_deg: float

    @property
    def figsize(self) -> tuple[float, float]:
        return self.width_px / self.dpi, self.height_px / self.dpi

    @property
    def play_s(self) -> float:
        """How long one loop plays: every frame at 1/fps, plus the first picture's hold and the last's."""
        from gdmedia.base.frames import FIRST_HOLD_S

        return self.frames / self.fps + self.hold_s + (FIRST_HOLD_S if self.frames > 1 else 0.0)


@dataclass(frozen=True)
class SceneOptions(FromConfig):
    """How one Manim scene is rendered; every field comes from its medium's config block."""

    quality: str
    gif_lossy: int
    gif_colors: int
    seconds: float
    hold_s: float
    width_px: int
    fps: int
    frames: int
    early_bias: float
    elevation_deg: float
    azimuth_deg: float
