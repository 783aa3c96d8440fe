"""Rendering a Manim scene to the three files a note embeds: MP4, GIF, poster.

Each render gets its own temporary media directory: parallel renders sharing
one directory corrupt each other.  Manim renders the frames but writes no
video: every frame goes, lossless, to ffmpeg, in **chunks** of ``CHUNK_S``
seconds counted from the scene's first frame.  Each chunk is encoded on its
own: a closed-GOP h264 MP4 (yuv420p, one thread, bit-exact: the same frames
always give the same bytes) and a GIF (resampled to its width, mapped without
dithering onto a palette every job of the scene computes alike, so a pixel
that does not change keeps its exact index: no shimmer, no ghost trails).
``assemble`` joins the chunks without re-encoding: the MP4's by stream copy
(ffmpeg's concat demuxer), the GIF's by gifsicle, which also trims what does
not change (losslessly unless ``gif_lossy``).  A scene rendered as several
jobs (segments.py) cuts only at chunk boundaries, so its files are the same
bytes as one job's.  Manim's own ``--format gif`` uses a fixed palette on
lossy video.  Formulas and words come from the SVG cache the renders share
(svg_cache).  The scene's key frames become ``<name>.storyboard.png``, the
same grid as the figures' (storyboard.py).

A render dies with the Snakemake that started it, ffmpeg dies with the render,
and every part file carries its writer's pid (``lifetime``): after ``kill -9``
nothing keeps writing, and the next render removes the dead writer's parts.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Callable, NamedTuple

import numpy as np
from PIL import Image

from . import svg_cache
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


# A chunk of the MP4 and the GIF: encoded alone, it starts with a key frame (an I frame of about
# 27 kB at 720p, bench/RESULTS.md); segments cut only between chunks.
CHUNK_S = 6.0


# Beside each chunk's MP4 and GIF, ``<k>.shown``: its frame rate, its frames and which of them its
# encoders got (offsets in the chunk).  A held picture is sent once, where it starts to show, and again as
# the chunk's first and last frame; the frames between repeat it.  Encoding only these (a third to a half
# of a scene's frames are held) halves the encoders' work; ``assemble`` gives every picture its time back.
SHOWN = ".shown"


def chunk_frames(fps: int) -> int:
    """Frames in one chunk (the last chunk may be shorter)."""
    return max(1, round(CHUNK_S * fps))


def gif_frames(width_px: int) -> str:
    """The filters that make the GIF's frames from the lossless ones (before its palette).

    Resampled in planar RGB (gbrp): swscale's Lanczos is about 1.7× cheaper there
    than in packed rgb24, and the pixels are the same (checked on a scene's frames:
    identical GIF bytes); the palette filters' conversion then runs at 750 px.
    """
    return f"format=gbrp,scale={width_px}:-2:flags=lanczos,format=gbrp"


def write_palette(samples: list[np.ndarray], path: Path, width_px: int, colors: int) -> Path:
    """One GIF palette (palettegen) from ``samples`` (RGBA frames), resampled as the GIF's frames are."""
    height, width = samples[0].shape[:2]
    graph = f"{gif_frames(width_px)},palettegen=max_colors={colors}:stats_mode=full"
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgba",
                    "-s", f"{width}x{height}", "-i", "-", "-vf", graph, "-frames:v", "1", "-update", "1", str(path)],
                   input=b"".join(np.ascontiguousarray(s).tobytes() for s in samples), check=True,
                   preexec_fn=kill_with_parent)
    return Path(path)


PIPE_BYTES = 1 << 20  # Linux's largest pipe an unprivileged process may ask for (/proc/sys/fs/pipe-max-size)


def widen_pipe(stream) -> None:
    """Let ``stream``'s pipe hold 1 MiB, not 64 KiB: a 720p frame (3.7 MB) then crosses in 4 writes, not
    57, each a switch between writer and reader (blindfolded_valley: ~1 CPU s of system time less).
    Where the system refuses (not Linux, a lower limit), the pipe stays as it is."""
    try:
        import fcntl

        fcntl.fcntl(stream.fileno(), getattr(fcntl, "F_SETPIPE_SZ", 1031), PIPE_BYTES)
    except (ImportError, OSError):
        pass


class ChunkWriter:
    """Frames in (global numbering from ``first``); each chunk ``k`` becomes ``k.mp4`` and ``k.gif`` in ``folder``.

    Two ffmpeg processes per chunk, one per output (ffmpeg 5 runs one
    process's outputs one after the other on one core; apart they use two).
    A chunk's encoders finish in the background while the next one's run.
    Without ``palette`` each chunk's GIF gets its own (palettegen over the chunk).
    """

    def __init__(self, folder: Path, size: tuple[int, int], fps: int, width_px: int,
                 palette: Path | None = None, first: int = 0, colors: int = 256):
        self.folder, self.size, self.fps, self.width_px, self.palette = Path(folder), size, fps, width_px, palette
        self.colors = colors  # without ``palette``: each chunk's own
        self.frame, self.length = first, chunk_frames(fps)
        self.chunk: int | None = None
        self.processes: list[subprocess.Popen] = []  # the open chunk's
        self.done: list[subprocess.Popen] = []
        self.chunks: list[int] = []
        self.changed: list[bool] = []  # per frame written: does it differ from the one before? (the pacing)
        self.first: np.ndarray | None = None
        self.last: np.ndarray | None = None
        self.pixels = b""  # ``last`` as the encoders take it
        self.shown: list[int] = []  # the open chunk's frames sent to its encoders (offsets in the chunk)
        self.written = 0  # frames written into the open chunk, held ones included
        self.folder.mkdir(parents=True, exist_ok=True)
        self._open(first // self.length)

    def _open(self, chunk: int) -> None:
        self._close()
        source = ["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgba",
                  "-s", f"{self.size[0]}x{self.size[1]}", "-r", str(self.fps), "-i", "-"]
        mp4 = ["-map", "0:v", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-crf", "23", "-preset", "medium",
               "-threads", "1", "-fflags", "+bitexact", "-flags:v", "+bitexact", "-map_metadata", "-1",
               "-f", "mp4", str(self.folder / f"{chunk:05d}.mp4")]
        if self.palette is None:
            graph = (f"[0:v]{gif_frames(self.width_px)},split[a][b];"
                     f"[a]palettegen=max_colors={self.colors}:stats_mode=full[p];[b][p]paletteuse=dither=none[gif]")
            gif = ["-filter_complex", graph]
        else:
            gif = ["-i", str(self.palette), "-filter_complex",
                   f"[0:v]{gif_frames(self.width_px)}[f];[f][1:v]paletteuse=dither=none[gif]"]
        gif += ["-map", "[gif]", "-loop", "0", "-f", "gif", str(self.folder / f"{chunk:05d}.gif")]
        # A killed render leaves no ffmpeg behind.
        self.processes = [subprocess.Popen(source + output, stdin=subprocess.PIPE, preexec_fn=kill_with_parent)
                          for output in (mp4, gif)]
        for process in self.processes:
            widen_pipe(process.stdin)
        self.chunk = chunk
        self.chunks.append(chunk)
        self.shown, self.written = [], 0

    def _send(self, offset: int) -> None:
        """The picture now held (``last``) to both encoders, as the open chunk's frame ``offset``."""
        for process in self.processes:
            process.stdin.write(self.pixels)
        self.shown.append(offset)

    def _close(self) -> None:
        if self.processes and self.written:
            if self.shown[-1] != self.written - 1:  # the chunk ends on a held picture: its last frame is sent
                self._send(self.written - 1)
            timing = {"fps": self.fps, "frames": self.written, "shown": self.shown}
            (self.folder / f"{self.chunk:05d}{SHOWN}").write_text(json.dumps(timing))
        for process in self.processes:
            process.stdin.close()
        self.done += self.processes
        self.processes = []

    def write(self, pixels: np.ndarray, repeat: int = 1) -> None:
        """Frame(s) ``pixels``, ``repeat`` times.  The encoders get a picture once, where it starts to show
        (and again at a chunk's first and last frame): a held picture costs them nothing (``SHOWN``)."""
        new = self.last is None or not np.array_equal(pixels, self.last)
        self.changed += [new] + [False] * (repeat - 1)
        if new:
            self.last = np.array(pixels, copy=True)
            self.pixels = self.last.tobytes()
        if self.first is None:
            self.first = self.last
        while repeat > 0:
            chunk = self.frame // self.length
            if chunk != self.chunk:
                self._open(chunk)
            count = min(repeat, (chunk + 1) * self.length - self.frame)
            if new or not self.shown:
                self._send(self.written)
            new = False
            self.written += count
            self.frame += count
            repeat -= count

    def finish(self) -> None:
        if not self.changed:  # nothing written (an empty segment): no chunk
            self.abort()
            for path in self.folder.glob("[0-9]*.*"):
                path.unlink()
            self.chunks = []
            return
        self._close()
        if any(process.wait() != 0 for process in self.done):
            raise RuntimeError(f"ffmpeg failed to write a chunk in {self.folder}")

    def abort(self) -> None:
        for process in self.processes + self.done:
            process.kill()
            process.wait()
        self.processes, self.done = [], []


def chunk_files(folders: list[Path], suffix: str) -> list[Path]:
    """The chunks of ``folders``, in order; refused unless they number 0, 1, 2, … with none missing."""
    found = [path for folder in folders for path in sorted(Path(folder).glob(f"[0-9]*{suffix}"))]
    numbers = [int(path.stem) for path in found]
    if numbers != list(range(len(found))):
        raise RuntimeError(f"chunks {numbers} of {[str(f) for f in folders]}: not 0, 1, 2, … in order")
    return found


class Shown(NamedTuple):
    """One chunk's ``<k>.shown``."""

    fps: int
    frames: int  # in the chunk, held ones included
    shown: list[int]  # the frames its encoders got, as offsets in the chunk (0 and frames − 1 among them)

    def holds(self) -> list[int]:
        """How many frames each picture the encoders got fills (until the next one)."""
        return list(np.diff([*self.shown, self.frames]))


def read_shown(folders: list[Path]) -> list[Shown]:
    """The ``<k>.shown`` of every chunk in ``folders``, in order."""
    return [Shown(**json.loads(path.read_text())) for path in chunk_files(folders, SHOWN)]


def retime(chunks: list[Shown], timestamp: str) -> str | None:
    """The setts expression that moves the concatenated chunks' packets to their frames' own times.

    Concatenated, the j-th picture any encoder got plays at frame j; it
    belongs at frame g(j) = j + lag(j), where lag (the held frames before it)
    never falls.  With x = ``timestamp`` in frames:
    t(x) = x + Σ_k Δlag_k · [x ≥ j_k] over the pictures j_k where lag grows.
    Monotone, so decoding order (DTS ≤ PTS, DTS rising) is kept.  None when
    nothing is held.
    """
    fps, start, steps, lag, j = chunks[0].fps, 0, [], 0, 0
    for chunk in chunks:
        for offset in chunk.shown:
            if start + offset - j > lag:
                steps.append(f"+{start + offset - j - lag}*gte(ld(0),{j})")
                lag = start + offset - j
            j += 1
        start += chunk.frames
    if not steps:
        return None
    return f"st(0,{timestamp}*TB*{fps});(ld(0){''.join(steps)})/(TB*{fps})"


def assemble(folders: list[Path], mp4: Path, gif: Path, lossy: int = 0) -> None:
    """The MP4 and GIF from the chunks in ``folders``, joined without re-encoding a frame.

    MP4: ffmpeg's concat demuxer copies the chunks' h264 packets, index up
    front; setts moves each to its picture's time (``retime``: a held picture
    is one frame shown for its whole hold).  GIF: gifsicle merges the chunks'
    frames (one palette), each given its hold as its delay, and -O3 stores
    only what changes from frame to frame, across the chunks' seams too
    (``lossy`` > 0: lossy LZW).
    """
    mp4, gif = Path(mp4), Path(gif)
    mp4_part, gif_part = part_name(mp4), part_name(gif)
    listing = part_name(mp4.with_suffix(".concat"))
    try:
        chunks = read_shown(folders)
        # concat's list quotes each path ('\'' escapes a quote); no path reaches a shell.
        listing.write_text("".join("file '" + str(p.resolve()).replace("'", "'\\''") + "'\n"
                                   for p in chunk_files(folders, ".mp4")))
        pts, dts = retime(chunks, "PTS"), retime(chunks, "DTS")
        # Quoted for the filter list (its commas); no path in it, only numbers.
        timing = ["-bsf:v", f"setts='pts={pts}:dts={dts}'"] if pts else []
        subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "concat", "-safe", "0",
                        "-i", str(listing), "-c", "copy", *timing, "-movflags", "+faststart", "-fflags",
                        "+bitexact", "-flags:v", "+bitexact", "-map_metadata", "-1", "-f", "mp4", str(mp4_part)],
                       check=True, preexec_fn=kill_with_parent)
        merge_gifs(chunk_files(folders, ".gif"), gif_part, lossy, [c.holds() for c in chunks], chunks[0].fps)
        os.replace(mp4_part, mp4)
        os.replace(gif_part, gif)
    finally:
        for partial in (listing, mp4_part, gif_part):
            partial.unlink(missing_ok=True)


def merge_gifs(parts: list[Path], out: Path, lossy: int, holds: list[list[int]], fps: int) -> None:
    """One GIF of the frames of ``parts`` in order, the i-th of part k shown ``holds[k][i]`` frames at ``fps``
    (gifsicle -O3; ``lossy`` > 0: lossy LZW)."""
    gifsicle = shutil.which("gifsicle")
    if gifsicle is None:
        raise RuntimeError("gifsicle is not installed: run `make` (or `apt-get install gifsicle`)")
    extra = [f"--lossy={lossy}"] if lossy else []
    frames = []
    for part, part_holds in zip(parts, holds):
        frames.append(str(part))
        for index, frames_held in enumerate(part_holds):  # GIF delays are in 1/100 s; fps divides 100
            frames += [f"-d{frames_held * 100 // fps}", f"#{index}"]
    subprocess.run([gifsicle, "-O3", *extra, "--no-comments", "--no-names", *frames, "-o", str(out)],
                   check=True, preexec_fn=kill_with_parent)


class FrameStream:
    """Frames in; the MP4 and the GIF out, through chunks (``ChunkWriter``) joined by ``assemble``.

    The chunks go to a temporary folder; the two files appear only when complete.
    """

    def __init__(self, mp4: Path, gif: Path, size: tuple[int, int], source_fps: int, width_px: int, fps: int,
                 lossy: int = 0, colors: int = 256, palette: Path | None = None):
        if fps != source_fps:
            raise ValueError(f"frames come at {source_fps} fps, the GIF plays {fps}: every frame is a GIF frame")
        self.lossy, self.source_fps, self.targets = lossy, source_fps, (Path(mp4), Path(gif))
        self.folder = chunk_folder(self.targets[0])
        self.writer = ChunkWriter(self.folder, size, source_fps, width_px, palette, colors=colors)

    @property
    def processes(self) -> list[subprocess.Popen]:
        return self.writer.processes

    @property
    def changed(self) -> list[bool]:
        return self.writer.changed

    @property
    def last(self) -> np.ndarray | None:
        return self.writer.last

    def write(self, pixels: np.ndarray, repeat: int = 1) -> None:
        self.writer.write(pixels, repeat)

    def finish(self) -> None:
        try:
            self.writer.finish()
            assemble([self.folder], *self.targets, lossy=self.lossy)
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def abort(self) -> None:
        self.writer.abort()
        shutil.rmtree(self.folder, ignore_errors=True)


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


# What one render's scene made that it will make again (scene_kit.remembered: texts, formulas, a
# surface), by what it is: a render plays its scene twice (the plan, then the drawing) and the second
# gets copies.  One render's session's own: no render sees what another made under its config.
MADE: ContextVar[dict | None] = ContextVar("made_in_this_render", default=None)


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


@contextmanager
def _own_made():
    token = MADE.set({})
    try:
        yield
    finally:
        MADE.reset(token)


def render_scene(scene_class, trace, mp4_path: str | Path, options: SceneOptions):
    """Render ``scene_class(trace=…, options=…)`` to ``<name>.mp4``, ``.gif`` and ``.png``: one job
    drawing every frame, chunked and joined as a segmented render is (segments.render_whole).

    Returns the rendered scene, so a caller can read what it showed.  Inside a
    plan or segment job (``segments.as_part``) runs that job instead.
    """
    part = PART.get()
    if part is not None:
        return part(scene_class, trace, options)
    from .segments import render_whole  # segments builds on this module

    mp4_path = Path(mp4_path)
    remove_stale_work(mp4_path)
    return render_whole(scene_class, trace, mp4_path, options)


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


