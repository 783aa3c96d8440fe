"""Videos for the web: a figure's MP4 and WebM from the frames of its GIF, a scene's WebM from its MP4.

A figure's GIF is lossless over its own palette (gifsicle -O3 only drops what
does not change), so its decoded frames are exactly the frames the figure drew
once quantised.  The video is encoded from those decoded frames, each repeated
for its delay at the figure's frame rate (a frame held d ms plays
round(d · fps / 1000) times), so the video shows the same pictures, in the same
order, for the same time as the GIF: the first picture's 1.5 s hold and the last
one's ``hold_s`` included.

MP4: h264, yuv420p, the index up front (``+faststart``), one thread and
bit-exact muxing, so the same frames give the same bytes.  WebM: VP9 in
constant-quality mode, realtime speed (same bytes every time: one thread), yuv420p.  Both need even sides (yuv420p halves the
chroma): an odd last row or column is cropped.
"""

from __future__ import annotations

import os
import subprocess
from fractions import Fraction
from pathlib import Path
from typing import Callable

import numpy as np
from PIL import Image, ImageSequence

from gdmedia.base.lifetime import kill_with_parent, part_name

# Encoder settings per container: what a browser plays everywhere.
CODECS = {
    "mp4": ["-c:v", "libx264", "-pix_fmt", "yuv420p", "-crf", "23", "-preset", "medium", "-threads", "1",
            "-movflags", "+faststart", "-fflags", "+bitexact", "-flags:v", "+bitexact", "-f", "mp4"],
    # VP9's realtime mode: regression_fit's WebM in 3.7 s of CPU instead of 24 (cpu-used 5-8 at
    # "good" are no faster), 20 % larger, 0.23 dB lower PSNR against the MP4 (51.4 dB, SSIM 0.9991).
    "webm": ["-c:v", "libvpx-vp9", "-pix_fmt", "yuv420p", "-crf", "33", "-b:v", "0", "-deadline", "realtime",
             "-cpu-used", "6", "-row-mt", "0", "-threads", "1", "-fflags", "+bitexact", "-f", "webm"],
}
EVEN = "crop=trunc(iw/2)*2:trunc(ih/2)*2"


def gif_frames(path: str | Path) -> tuple[list[np.ndarray], list[int]]:
    """Every frame of a GIF as RGB pixels (composited, as a browser shows it) and its delay in ms."""
    frames, delays = [], []
    with Image.open(path) as gif:
        for frame in ImageSequence.Iterator(gif):
            frames.append(np.asarray(frame.convert("RGB")).copy())
            delays.append(int(frame.info.get("duration", 0)))
    return frames, delays


def repeats(delays_ms: list[int], fps: int) -> list[int]:
    """How many video frames at ``fps`` each GIF frame fills: its delay rounded, at least one."""
    return [max(1, round(d * fps / 1000)) for d in delays_ms]


def _encode(command: list[str], out_path: Path, feed=None) -> None:
    partial = part_name(out_path)
    try:
        process = subprocess.Popen([*command, str(partial)], stdin=subprocess.PIPE if feed else None,
                                   preexec_fn=kill_with_parent)  # a killed job leaves no ffmpeg behind
        try:
            if feed:
                feed(process.stdin)
                process.stdin.close()
        finally:
            if process.wait() != 0:
                raise RuntimeError(f"ffmpeg failed to write {out_path}")
        os.replace(partial, out_path)
    finally:
        partial.unlink(missing_ok=True)  # a failed write leaves nothing behind


def encode_frames(frames: list[np.ndarray], counts: list[int], fps: int, out_path: str | Path) -> None:
    """Write ``frames``, the i-th repeated ``counts[i]`` times, as a video at ``fps``; the format is
    ``out_path``'s extension (mp4 or webm)."""
    out_path = Path(out_path)
    height, width = frames[0].shape[:2]
    command = ["ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
               "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{width}x{height}", "-r", str(fps), "-i", "-",
               "-vf", EVEN, "-map_metadata", "-1", *CODECS[out_path.suffix.lstrip(".")]]

    def feed(stdin) -> None:
        for pixels, count in zip(frames, counts):
            data = np.ascontiguousarray(pixels).tobytes()
            for _ in range(count):
                stdin.write(data)

    _encode(command, out_path, feed)


def gif_to_video(gif_path: str | Path, out_path: str | Path, fps: int) -> None:
    """A figure's MP4 or WebM from the frames of its GIF, each for its own delay."""
    frames, delays = gif_frames(gif_path)
    encode_frames(frames, repeats(delays, fps), fps, out_path)


def transcode(video_path: str | Path, out_path: str | Path) -> None:
    """A scene's WebM from its MP4 (the scene's frames exist only inside its render)."""
    _encode(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-i", str(video_path),
             "-vf", EVEN, "-map_metadata", "-1", "-an", *CODECS[Path(out_path).suffix.lstrip(".")]], Path(out_path))


def timed_frames(path: str | Path, convert: Callable) -> tuple[list, Fraction]:
    """Every frame of a video at its frame rate, each ``convert(frame)`` (a PyAV frame), and the rate.

    A scene's MP4 stores a held picture once, for as long as it holds
    (chunks.SHOWN): each picture is repeated for the frames its
    timestamps span, as a player shows it.  (ffmpeg 5.1's own conversion to a
    constant rate shows a picture after a hold one frame early.)
    """
    import av

    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        rate = stream.guessed_rate
        frames_per_tick = stream.time_base * rate
        pictures, starts = [], []
        for frame in container.decode(stream):
            starts.append(round(frame.pts * frames_per_tick))
            pictures.append(convert(frame))
        # The last picture lasts until the file's end (the container's duration: an MP4's sample
        # durations follow decoding order, so with B-frames the last one shown has another's).
        end = max(starts[-1] + 1, round(Fraction(container.duration, av.time_base) * rate))
    return [pictures[i] for i, n in enumerate(np.diff([*starts, end])) for _ in range(n)], rate


def video_frames(path: str | Path) -> np.ndarray:
    """Every frame of a video as RGB pixels (frames, height, width, 3), at its frame rate (``timed_frames``)."""
    frames, _ = timed_frames(path, lambda frame: frame.to_ndarray(format="rgb24"))
    return np.array(frames)
