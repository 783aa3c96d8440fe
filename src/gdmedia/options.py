"""Render options of one medium, as a frozen dataclass built from its config block."""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class FigureOptions:
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

    @classmethod
    def from_mapping(cls, mapping: dict) -> "FigureOptions":
        """Pick this class's fields out of a medium's config block."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in mapping.items() if k in known})

    @property
    def figsize(self) -> tuple[float, float]:
        return self.width_px / self.dpi, self.height_px / self.dpi

    @property
    def play_s(self) -> float:
        """How long one loop plays: every frame at 1/fps, plus the hold."""
        return self.frames / self.fps + self.hold_s
