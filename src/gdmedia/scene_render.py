"""Rendering a Manim scene to the three files a note embeds: MP4, GIF, poster.

Each render gets its own temporary media directory: parallel renders sharing
one directory corrupt each other.  Manim renders the frames but writes no
video: every frame goes, lossless, into one ffmpeg process that encodes the
MP4 (h264, yuv420p, reproducible byte for byte: Manim's own encoder threads
are not) and the GIF (resampled to its width and frame rate, one optimised
palette from palettegen, applied by paletteuse without dithering, so a pixel
that does not change keeps its exact index: no shimmer, no ghost trails);
gifsicle then trims what does not change (losslessly unless ``gif_lossy``).
Manim's own ``--format gif`` uses a fixed palette on lossy video.  Formulas and
words come from the SVG cache the renders share (svg_cache).  The scene's
key frames become ``<name>.storyboard.png``, the same grid as the figures' (storyboard.py).

A render dies with the Snakemake that started it, ffmpeg dies with the render,
and every part file carries its writer's pid (``lifetime``): after ``kill -9``
nothing keeps writing, and the next render removes the dead writer's parts.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Callable

import numpy as np
from PIL import Image

from . import svg_cache
from .gif import optimize_gif
from .lifetime import die_with_snakemake, kill_with_parent, part_name, remove_stale_parts
from .options import SceneOptions
from .storyboard import STORYBOARD_SUFFIX, write_storyboard

QUALITY = {"low": "low_quality", "medium": "medium_quality", "high": "high_quality"}


def require_tools() -> None:
    """Fail early, saying what to install, when LaTeX or ffmpeg is missing."""
    missing = [tool for tool in ("latex", "dvisvgm", "ffmpeg") if shutil.which(tool) is None]
    if missing:
        raise RuntimeError(
            f"{', '.join(missing)} not found: Manim's MathTex needs LaTeX with dvisvgm, and the "
            "GIF needs ffmpeg. Run `make` (it installs them), or on Debian: apt-get install "
            "texlive-latex-base texlive-latex-recommended texlive-latex-extra "
            "texlive-fonts-recommended dvisvgm ffmpeg"
        )


class FrameStream:
    """Lossless frames in; two ffmpeg processes write the MP4 and the GIF from them.

    MP4: h264 in yuv420p with the index up front (``+faststart``), one encoder
    thread and bit-exact muxing, so the same frames always give the same bytes.
    GIF: resampled to its own width and frame rate, one palette built over the
    whole clip (palettegen) and applied to every frame (paletteuse).
    Two processes, not one with two outputs: ffmpeg 5 runs a process's
    filters and encoders one after the other on one core, and the render
    waited on it (bench/RESULTS.md, the profile); apart, they run on two.
    """

    def __init__(self, mp4: Path, gif: Path, size: tuple[int, int], source_fps: int, width_px: int, fps: int,
                 lossy: int = 0, colors: int = 256):
        self.lossy = lossy
        self.source_fps = source_fps
        self.targets = [(part_name(mp4), mp4), (part_name(gif), gif)]
        self.last: np.ndarray | None = None
        self.changed: list[bool] = []  # per frame written: does it differ from the one before? (the pacing)
        (mp4_part, _), (gif_part, _) = self.targets
        source = ["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgba",
                  "-s", f"{size[0]}x{size[1]}", "-r", str(source_fps), "-i", "-"]
        # Dropping alpha before the Lanczos resize gives the same GIF bytes and
        # saves a third of ffmpeg's CPU time, time a parallel build shares.
        outputs = (self.mp4_output(mp4_part), self.gif_output(gif_part, self.gif_frames(fps, width_px), colors))
        # A killed render leaves no ffmpeg behind.
        self.processes = [subprocess.Popen(source + output, stdin=subprocess.PIPE, preexec_fn=kill_with_parent)
                          for output in outputs]

    @staticmethod
    def gif_frames(fps: int, width_px: int) -> str:
        """The filters that make the GIF's frames from the lossless ones (before its palette)."""
        return f"fps={fps},format=rgb24,scale={width_px}:-2:flags=lanczos"

    @staticmethod
    def mp4_output(path: Path) -> list[str]:
        """ffmpeg's output options for the MP4 (also the segments' join, which feeds it yuv420p)."""
        return ["-map", "0:v", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-crf", "23", "-preset", "medium",
                "-threads", "1", "-movflags", "+faststart", "-fflags", "+bitexact", "-flags:v", "+bitexact",
                "-map_metadata", "-1", "-f", "mp4", str(path)]

    @staticmethod
    def gif_output(path: Path, resample: str, colors: int) -> list[str]:
        """ffmpeg's output options for the GIF, its frames made by the filters ``resample``."""
        graph = (f"[0:v]{resample},split[a][b];"
                 f"[a]palettegen=max_colors={colors}:stats_mode=full[p];[b][p]paletteuse=dither=none[gif]")
        return ["-filter_complex", graph, "-map", "[gif]", "-loop", "0", "-f", "gif", str(path)]

    def write(self, pixels: np.ndarray, repeat: int = 1) -> None:
        data = np.ascontiguousarray(pixels).tobytes()
        for index in range(repeat):
            for process in self.processes:
                process.stdin.write(data)
            self.changed.append(index == 0 and (self.last is None or not np.array_equal(pixels, self.last)))
        self.last = np.array(pixels, copy=True)

    def finish(self) -> None:
        for process in self.processes:
            process.stdin.close()
        if any(process.wait() != 0 for process in self.processes):
            raise RuntimeError(f"ffmpeg failed to write {[str(t) for _, t in self.targets]}")
        optimize_gif(self.targets[1][0], lossy=self.lossy)
        for partial, target in self.targets:
            os.replace(partial, target)

    def abort(self) -> None:
        for process in self.processes:
            process.kill()
            process.wait()
        for partial, _ in self.targets:
            partial.unlink(missing_ok=True)


def _capture_frames(scene, stream: FrameStream) -> None:
    """Send every frame Manim renders to ``stream``; Manim's own writer then has nothing to combine."""
    writer = scene.renderer.file_writer
    writer.write_frame = lambda pixels, *, repeat=1: stream.write(pixels, repeat)
    writer.finish = lambda: None


def play(scene, stream) -> None:
    """Render ``scene`` into ``stream`` (FrameStream, or a segment's LosslessStream); finish the stream, or
    abort it (its part files removed) if the render fails."""
    _capture_frames(scene, stream)
    try:
        scene.render()
        stream.finish()
    except BaseException:
        stream.abort()
        raise


# Set by ``segments`` while a plan or segment job runs a scene script's ``render``: the job to run instead.
PART: ContextVar[Callable | None] = ContextVar("scene_part", default=None)


@contextmanager
def manim_session(options: SceneOptions):
    """Manim's config for one render, in its own temporary media directory; yields Manim's config."""
    from manim import config, tempconfig

    require_tools()
    die_with_snakemake()
    with tempfile.TemporaryDirectory(prefix="manim-") as media:
        settings = {
            "media_dir": media, "disable_caching": True, "write_to_movie": False,
            "save_last_frame": False, "preview": False, "progress_bar": "none", "verbosity": "WARNING",
        }
        with tempconfig(settings):
            from .scene_kit import tex_template

            config.quality = QUALITY[options.quality]
            # Frames are rendered at the GIF's rate (≥ 20 fps) and the MP4 plays them all: Manim's
            # 30 or 60 fps would render a third or two thirds more frames that the GIF then drops.
            config.frame_rate = options.fps
            config.tex_template = tex_template()  # numbers and tick labels in the style's maths font too
            # Formulas and words another render already made are copied in, not made again (svg_cache).
            cache = svg_cache.cache_root()
            folders = {kind: config.get_dir(kind) for kind in svg_cache.KINDS}
            seeded = svg_cache.seed(cache, folders)
            yield config
            svg_cache.publish(cache, folders, seeded)


def render_scene(scene_class, trace, mp4_path: str | Path, options: SceneOptions):
    """Render ``scene_class(trace=…, options=…)`` to ``<name>.mp4``, ``.gif`` and ``.png``.

    Returns the rendered scene, so a caller can read what it showed.  Inside a
    plan or segment job (``segments.as_part``) runs that job instead.
    """
    part = PART.get()
    if part is not None:
        return part(scene_class, trace, options)
    mp4_path = Path(mp4_path)
    for target in (mp4_path, mp4_path.with_suffix(".gif"), mp4_path.with_suffix(".png")):
        remove_stale_parts(target)
    with manim_session(options) as config:
        scene = scene_class(trace=trace, options=options)
        stream = FrameStream(mp4_path, mp4_path.with_suffix(".gif"), (config.pixel_width, config.pixel_height),
                             int(config.frame_rate), options.width_px, options.fps, options.gif_lossy,
                             options.gif_colors)
        play(scene, stream)
    write_stills(mp4_path, stream.last, getattr(scene, "key_frames", []), options.width_px)
    scene.frame_changes = stream.changed
    scene.frame_rate = stream.source_fps
    return scene


def write_stills(mp4_path: Path, last: np.ndarray, key_frames: list, width_px: int) -> None:
    """The poster (the last frame, ``<name>.png``) and the storyboard of the key frames (or the last)."""
    poster = mp4_path.with_suffix(".png")
    partial = part_name(poster)
    try:
        Image.fromarray(np.asarray(last)[..., :3]).save(partial, format="PNG", optimize=True)
        os.replace(partial, poster)
    finally:
        partial.unlink(missing_ok=True)
    write_storyboard(list(key_frames) or [last], storyboard_path(mp4_path), width_px)


def storyboard_path(mp4_path: str | Path) -> Path:
    """``output/<name>.storyboard.png`` beside ``output/<name>.mp4`` (the figures' storyboard grid)."""
    mp4_path = Path(mp4_path)
    return mp4_path.with_name(mp4_path.stem + STORYBOARD_SUFFIX)


