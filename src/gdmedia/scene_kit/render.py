"""Rendering a Manim scene to the three files a note embeds: MP4, GIF, poster.

Each render gets its own temporary media directory: parallel renders sharing
one directory corrupt each other.  Manim renders the frames but writes no
video: every frame goes, lossless, to ffmpeg, in chunks (chunks.py: each
chunk's h264 MP4 and GIF, a held picture encoded once, the chunks joined
without re-encoding).  Manim's own ``--format gif`` uses a fixed palette on
lossy video.  Formulas and words come from the SVG cache the renders share
(svg_cache).  The scene's key frames become ``<name>.storyboard.png``, the
same grid as the figures' (storyboard.py).

A render dies with the Snakemake that started it, ffmpeg dies with the render,
and every part file carries its writer's pid (``lifetime``): after ``kill -9``
nothing keeps writing, and the next render removes the dead writer's parts.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Callable

import numpy as np
from PIL import Image

from gdmedia.speed import svg_cache
from gdmedia.base.chunks import ChunkWriter, assemble
from gdmedia.base.lifetime import die_with_snakemake, part_name, remove_stale_parts
from gdmedia.scene_kit.mobjects import MADE, tex_template
from gdmedia.base.options import SceneOptions
from gdmedia.base.storyboard import STORYBOARD_SUFFIX, write_storyboard

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


@contextmanager
def clip_chunks(mp4_path: Path, lossy: int = 0):
    """This process's folder for the chunks of ``mp4_path`` (``chunk_folder``); when the block ends
    without an error, the chunks joined into ``<name>.mp4`` and ``<name>.gif`` (chunks.assemble, so the
    files appear only complete).  The folder is removed either way."""
    mp4_path = Path(mp4_path)
    folder = chunk_folder(mp4_path)
    try:
        yield folder
        assemble([folder], mp4_path, mp4_path.with_suffix(".gif"), lossy)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _capture_frames(scene, stream: ChunkWriter) -> None:
    """Send every frame Manim renders to ``stream``; Manim's own writer then has nothing to combine."""
    writer = scene.renderer.file_writer
    writer.write_frame = lambda pixels, *, repeat=1: stream.write(pixels, repeat)
    writer.finish = lambda: None


def play(scene, stream) -> None:
    """Render ``scene`` into ``stream`` (a ChunkWriter); finish the stream, or abort it (its encoders
    killed) if the render fails."""
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
    with tempfile.TemporaryDirectory(prefix="manim-") as media, _own_made():
        settings = {
            "media_dir": media, "disable_caching": True, "write_to_movie": False,
            "save_last_frame": False, "preview": False, "progress_bar": "none", "verbosity": "WARNING",
        }
        with tempconfig(settings):
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


@contextmanager
def _own_made():
    token = MADE.set({})
    try:
        yield
    finally:
        MADE.reset(token)


def chunk_folder(mp4_path: Path) -> Path:
    """This process's folder for the chunks of ``mp4_path``, beside it (``<name>.chunks.<pid>.part``), made empty.

    Beside the target, not in /tmp: a render killed outright (kill -9, a node
    lost) leaves it where the next render of the same medium removes it.
    """
    folder = part_name(Path(mp4_path).with_suffix(".chunks"))
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def remove_stale_work(mp4_path: Path) -> list[Path]:
    """Remove the part files and chunk folders a killed render of ``mp4_path`` left behind; returns them."""
    return [part for suffix in (".mp4", ".gif", ".png", ".chunks", ".concat")
            for part in remove_stale_parts(Path(mp4_path).with_suffix(suffix))]


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


