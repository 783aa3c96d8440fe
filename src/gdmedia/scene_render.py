"""Rendering a Manim scene to the three files a note embeds: MP4, GIF, poster.

Each render gets its own temporary media directory: parallel renders sharing
one directory corrupt each other.  Manim writes the MP4 (h264, yuv420p) there
and it is copied out whole.  Every frame Manim makes is also streamed, before
any lossy encoding, into ffmpeg, which resamples it to the GIF's width and
frame rate, builds one optimised palette (palettegen) and applies it
(paletteuse); gifsicle then trims what does not change.  Manim's own
``--format gif`` uses a fixed palette on lossy video instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, fields
from pathlib import Path

import numpy as np
from PIL import Image

from .gif import optimize_gif

QUALITY = {"low": "low_quality", "medium": "medium_quality", "high": "high_quality"}


@dataclass(frozen=True)
class SceneOptions:
    """How one scene is rendered; every field comes from its medium's config block."""

    quality: str
    seconds: float
    hold_s: float
    width_px: int
    fps: int
    frames: int
    early_bias: float
    elevation_deg: float
    azimuth_deg: float

    @classmethod
    def from_mapping(cls, mapping: dict) -> "SceneOptions":
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in mapping.items() if k in known})


def require_tools() -> None:
    """Fail early, saying what to install, when LaTeX or ffmpeg is missing."""
    missing = [tool for tool in ("latex", "dvisvgm", "ffmpeg") if shutil.which(tool) is None]
    if missing:
        raise RuntimeError(
            f"{', '.join(missing)} not found: Manim's MathTex needs LaTeX with dvisvgm, and the "
            "GIF needs ffmpeg. Run `make` (it installs them), or on Debian: apt-get install "
            "texlive-latex-base texlive-latex-extra texlive-fonts-recommended dvisvgm ffmpeg"
        )


class GifStream:
    """Lossless frames in, a looping GIF with one optimised palette out (via ffmpeg)."""

    def __init__(self, path: Path, size: tuple[int, int], source_fps: int, width_px: int, fps: int):
        self.path = path
        self.partial = path.with_name(path.name + ".part")
        self.size = size
        self.last: np.ndarray | None = None
        graph = (
            f"fps={fps},scale={width_px}:-2:flags=lanczos,split[a][b];"
            "[a]palettegen=max_colors=256:stats_mode=full[p];[b][p]paletteuse=dither=none"
        )
        self.process = subprocess.Popen(
            ["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgba",
             "-s", f"{size[0]}x{size[1]}", "-r", str(source_fps), "-i", "-", "-vf", graph,
             "-loop", "0", "-f", "gif", str(self.partial)],
            stdin=subprocess.PIPE,
        )

    def write(self, pixels: np.ndarray, repeat: int = 1) -> None:
        data = np.ascontiguousarray(pixels).tobytes()
        for _ in range(repeat):
            self.process.stdin.write(data)
        self.last = pixels

    def finish(self) -> None:
        self.process.stdin.close()
        if self.process.wait() != 0:
            raise RuntimeError(f"ffmpeg failed to write {self.path}")
        optimize_gif(self.partial)
        os.replace(self.partial, self.path)

    def abort(self) -> None:
        self.process.kill()
        self.process.wait()
        self.partial.unlink(missing_ok=True)


def _tee_frames(scene, stream: GifStream) -> None:
    """Send every frame Manim writes to ``stream`` too, before it is encoded."""
    writer = scene.renderer.file_writer
    original = writer.write_frame

    def write_frame(pixels, *, repeat: int = 1):
        stream.write(pixels, repeat)
        original(pixels, repeat=repeat)

    writer.write_frame = write_frame


def _replace_atomically(source: Path, target: Path) -> None:
    partial = target.with_name(target.name + ".part")
    shutil.copyfile(source, partial)
    os.replace(partial, target)


def render_scene(scene_class, trace, mp4_path: str | Path, options: SceneOptions) -> None:
    """Render ``scene_class(trace=…, options=…)`` to ``<name>.mp4``, ``.gif`` and ``.png``."""
    from manim import config, tempconfig

    require_tools()
    mp4_path = Path(mp4_path)
    with tempfile.TemporaryDirectory(prefix="manim-") as media:
        settings = {
            "media_dir": media, "disable_caching": True, "write_to_movie": True, "format": "mp4",
            "save_last_frame": False, "preview": False, "progress_bar": "none", "verbosity": "WARNING",
        }
        with tempconfig(settings):
            config.quality = QUALITY[options.quality]
            scene = scene_class(trace=trace, options=options)
            stream = GifStream(mp4_path.with_suffix(".gif"), (config.pixel_width, config.pixel_height),
                               int(config.frame_rate), options.width_px, options.fps)
            _tee_frames(scene, stream)
            try:
                scene.render()
                stream.finish()
            except BaseException:
                stream.abort()
                raise
            _replace_atomically(scene.renderer.file_writer.movie_file_path, mp4_path)
    poster = mp4_path.with_suffix(".png")
    partial = poster.with_name(poster.name + ".part")
    Image.fromarray(np.asarray(stream.last)[..., :3]).save(partial, format="PNG", optimize=True)
    os.replace(partial, poster)
