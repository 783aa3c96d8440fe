"""A scene's video in chunks: frames in, each chunk's h264 MP4 and GIF out; the chunks joined without
re-encoding.

Every render of a scene, one job or a segment of several (segments.py),
writes its frames through ``ChunkWriter``: chunks of ``CHUNK_S`` seconds
counted from the scene's first frame, each a closed-GOP h264 MP4 without
B-frames (yuv420p, one thread, bit-exact: the same frames always give the
same bytes) and a GIF (resampled to its width, mapped without dithering onto
a palette every job of the scene computes alike, so a pixel that does not
change keeps its exact index: no shimmer, no ghost trails).  A held picture
reaches the encoders once (``SHOWN``).  ``assemble`` joins the chunks: the
MP4's by stream copy (ffmpeg's concat demuxer), each picture moved to its own
time (``retime``); the GIF's by gifsicle, each picture given its hold, which
also trims what does not change (losslessly unless ``gif_lossy``).  Since
segments cut only between chunks, N jobs give one job's bytes.  Every ffmpeg
dies with the process that started it (``lifetime``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import NamedTuple

import numpy as np

from gdmedia.base.lifetime import kill_with_parent, part_name

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


# A chunk's h264: one thread (the same frames give the same bytes), and no B-frames.  A held picture
# is sent once and then shown for its hold (``SHOWN``): without B-frames every packet is decoded when it
# is shown, so the MP4 ends with its last frame.  With them, its last packet in decoding order ended the
# file early and browsers cut the final hold (Chromium played regression_fit for 15.05 s of 17.95).
# They cost 12 % in size (regression_fit: 181 → 202 KiB on its pictures), nothing in quality.
CHUNK_H264 = ["-c:v", "libx264", "-pix_fmt", "yuv420p", "-crf", "23", "-preset", "medium", "-bf", "0",
              "-threads", "1"]
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
    """Frames in (global numbering from ``first``); each chunk ``k`` becomes ``k.mp4``, ``k.gif`` and
    ``k.shown`` (``SHOWN``) in ``folder``.

    Two ffmpeg processes per chunk, one per output (ffmpeg 5 runs one
    process's outputs one after the other on one core; apart they use two).
    A chunk's encoders finish in the background while the next one's run.
    Every chunk's GIF maps onto ``palette`` (``write_palette``), one for the whole clip.
    """

    def __init__(self, folder: Path, size: tuple[int, int], fps: int, width_px: int, palette: Path,
                 first: int = 0):
        self.folder, self.size, self.fps, self.width_px, self.palette = Path(folder), size, fps, width_px, palette
        self.frame, self.length = first, chunk_frames(fps)
        self.chunk: int | None = None
        self.processes: list[subprocess.Popen] = []  # the open chunk's
        self.done: list[subprocess.Popen] = []
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
        mp4 = ["-map", "0:v", *CHUNK_H264, "-fflags", "+bitexact", "-flags:v", "+bitexact", "-map_metadata", "-1",
               "-f", "mp4", str(self.folder / f"{chunk:05d}.mp4")]
        gif = ["-i", str(self.palette), "-filter_complex",
               f"[0:v]{gif_frames(self.width_px)}[f];[f][1:v]paletteuse=dither=none[gif]",
               "-map", "[gif]", "-loop", "0", "-f", "gif", str(self.folder / f"{chunk:05d}.gif")]
        # A killed render leaves no ffmpeg behind.
        self.processes = [subprocess.Popen(source + output, stdin=subprocess.PIPE, preexec_fn=kill_with_parent)
                          for output in (mp4, gif)]
        for process in self.processes:
            widen_pipe(process.stdin)
        self.chunk = chunk
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


def retime(chunks: list[Shown]) -> str | None:
    """The setts filter that moves the concatenated chunks' packets to their pictures' own times.

    Concatenated, the j-th picture any encoder got plays at frame j; it
    belongs at frame g(j) = j + lag(j), where lag (the held frames before it)
    never falls.  With x a packet's timestamp in frames:
    t(x) = x + Σ_k Δlag_k · [x ≥ j_k] over the pictures j_k where lag grows.
    The chunks have no B-frames (``CHUNK_H264``), so a packet's PTS and DTS
    are one number, and the last packet, the clip's last frame, ends the
    MP4 where the clip ends: a final hold plays whole.  None when nothing is
    held.
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
    return f"setts='ts=st(0,TS*TB*{fps});(ld(0){''.join(steps)})/(TB*{fps})'"


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
        moved = retime(chunks)  # quoted for the filter list (its commas); no path in it, only numbers
        timing = ["-bsf:v", moved] if moved else []
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
    frames = []
    for part, part_holds in zip(parts, holds):
        frames.append(str(part))
        for index, frames_held in enumerate(part_holds):  # GIF delays are in 1/100 s; fps divides 100
            frames += [f"-d{frames_held * 100 // fps}", f"#{index}"]
    run_gifsicle(["-O3", *frames, "-o", str(out)], lossy)


def run_gifsicle(arguments: list[str], lossy: int = 0) -> None:
    """gifsicle with ``arguments``, no comments or names kept; ``lossy`` > 0: lossy LZW.  Figures'
    GIFs (gif.optimize_gif) and scenes' (``merge_gifs``) both go through here."""
    gifsicle = shutil.which("gifsicle")
    if gifsicle is None:
        raise RuntimeError("gifsicle is not installed: run `make` (or `apt-get install gifsicle`)")
    extra = [f"--lossy={lossy}"] if lossy else []
    subprocess.run([gifsicle, *extra, "--no-comments", "--no-names", *arguments], check=True,
                   preexec_fn=kill_with_parent)
