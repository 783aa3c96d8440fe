"""One scene as several jobs: a plan of its animations, segments that each draw a range of them, one join.

A scene is a sequence of Manim animations (each ``play`` or ``wait``), and
what animation k shows depends on the state every earlier one left.  So every
job plays the whole scene from the start, exactly as a one-process render
does (every animation steps frame by frame and every updater runs, so the
state is the same bit for bit), but draws with cairo only the animations of
its own range and stops after the last of them (``Gate``).  Drawing is most
of a frame's cost; playing without drawing is the rest (``REPLAY_COST``).

- **plan** (first thing in every segment job): plays the scene as Manim
  skips animations, one step each, to learn how many frames each draws;
  ``cut`` splits the animations into ``n`` ranges of about equal cost (a
  later range also plays everything before it without drawing).
- **segment** ``i``: draws its range and keeps each frame it draws once,
  losslessly (ffvhuff, in Matroska), as what ``FrameStream``'s encoders read
  (yuv420p for h264; resampled for the GIF), with the repeat count of each
  (a still picture is kept once), and the storyboard's key frames it took (npz).
- **join**: feeds the segments' frames, in order and repeated, to
  ``FrameStream``'s two encoders, so the MP4, GIF, poster and storyboard are
  the same bytes as a one-process render's (tests/test_scene_segments.py).

Under Snakemake, ``scripts/scene_part.py`` runs ``run(snakemake)``; the rules
are in ``rules/scenes.smk``.
"""

from __future__ import annotations

import os
import subprocess
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, NamedTuple

import numpy as np

from .gif import optimize_gif
from .lifetime import kill_with_parent, part_name
from .options import SceneOptions
from .scene_render import FrameStream, PART, manim_session, play, write_stills

# Playing a frame without drawing it costs about this share of drawing and encoding it
# (bench/RESULTS.md: updaters and animation steps 17 %, against cairo 35 % and the encoders).
REPLAY_COST = 0.35


class Gate:
    """Plays every animation of ``scene``; draws only plays ``start`` ≤ k < ``end``, then stops the scene.

    Patches the scene's own renderer.  An animation played without drawing
    skips every frame's cairo work but its last (and the static background
    that frame is drawn on): the camera then holds the picture a one-process
    render leaves after it, which a scene may read (``bake`` keeps it as the
    background).  Its frames only advance the clock.  A key frame (the
    storyboard) taken after k plays belongs to the segment that drew play k − 1.
    """

    def __init__(self, scene, start: float, end: float):
        from manim.utils.exceptions import EndSceneEarlyException

        self.start, self.end = start, end
        self.plays: list[tuple[float, bool]] = []  # per animation played: its run time, and is it a still picture
        self._draw_next = False
        renderer = self.renderer = scene.renderer
        play, update_frame, get_frame = renderer.play, renderer.update_frame, renderer.get_frame
        add_frame, render = renderer.add_frame, renderer.render
        key_frame = scene.key_frame

        def gated_play(scene_, *args, **kwargs):
            if renderer.num_plays >= self.end:
                raise EndSceneEarlyException()  # Manim ends the scene normally
            play(scene_, *args, **kwargs)
            self.plays.append((float(scene_.duration), bool(scene_.is_current_animation_frozen_frame())))

        def gated_render(scene_, time, moving=None):
            # Without drawing, only the last time step is drawn (every step if a stop condition may end it early).
            times = getattr(scene_.time_progression, "iterable", None)
            self._draw_next = (times is None or scene_.stop_condition is not None or len(times) == 0
                               or time == times[-1])
            render(scene_, time, moving)

        def gated_update_frame(*args, **kwargs):
            # Outside ``render`` (the static background, a still picture's frame) it is always the last one.
            drawing, self._draw_next = self.drawing or self._draw_next or not self._in_render, False
            if drawing and self.end > self.start:
                update_frame(*args, **kwargs)

        def gated_get_frame():
            return get_frame() if self.drawing or not self._in_render else renderer.camera.pixel_array

        def gated_add_frame(frame, num_frames: int = 1):
            if self.drawing:
                add_frame(frame, num_frames)
            else:
                renderer.time += num_frames / renderer.camera.frame_rate

        def gated_key_frame():
            done = renderer.num_plays
            if self.start < done <= self.end or done == self.start == 0:
                key_frame()

        self._in_render = False

        def tracked_render(scene_, time, moving=None):
            if self.drawing:
                return render(scene_, time, moving)
            self._in_render = True
            try:
                gated_render(scene_, time, moving)
            finally:
                self._in_render = False

        renderer.play, renderer.render, renderer.update_frame = gated_play, tracked_render, gated_update_frame
        renderer.get_frame, renderer.add_frame = gated_get_frame, gated_add_frame
        scene.key_frame = gated_key_frame
        renderer.file_writer.finish = lambda: None  # Manim's own movie is never written

    @property
    def drawing(self) -> bool:
        return self.start <= self.renderer.num_plays < self.end


def cut(drawn: list[int], n: int, replay: float = REPLAY_COST) -> list[int]:
    """Boundaries [0, b1, …, len(drawn)] of ``n`` ranges of animations with the least largest cost.

    A range [a, b) costs its drawn frames plus ``replay`` × the drawn frames
    before ``a`` (it plays them without drawing).  Found by bisection on that
    largest cost, filling each range greedily; ranges may be empty.
    """
    total = np.concatenate([[0], np.cumsum(drawn, dtype=float)])
    plays = len(drawn)

    def ranges(limit: float) -> list[int] | None:
        bounds, start = [0], 0
        for _ in range(n - 1):
            end = start
            while end < plays and replay * total[start] + total[end + 1] - total[start] <= limit:
                end += 1
            bounds.append(end)
            start = end
        if replay * total[start] + total[plays] - total[start] > limit:
            return None
        return bounds + [plays]

    low, high = 0.0, float(total[-1]) * (1 + replay)
    best = ranges(high) or [0] * n + [plays]
    for _ in range(40):
        middle = (low + high) / 2
        found = ranges(middle)
        if found:
            best, high = found, middle
        else:
            low = middle
    return best


class LosslessStream:
    """The frames one segment draws, each once, and how often each repeats (``repeats``, ``changed``).

    One ffmpeg keeps two lossless streams (ffvhuff, in Matroska) of them, made
    as the one-process ``FrameStream`` makes what its encoders read: the frame
    in yuv420p (what h264 encodes) and the frame at the GIF's size and rate
    (what the palette is built from).  That work, most of the encoders', then
    runs in the segments side by side, not in the join.
    """

    def __init__(self, path: Path, size: tuple[int, int], fps: int, width_px: int):
        self.path, self.size = Path(path), size
        self.repeats: list[int] = []
        self.changed: list[bool] = []
        self.first: np.ndarray | None = None
        self.last: np.ndarray | None = None
        graph = f"[0:v]split[m][g];[m]format=yuv420p[mp4];[g]{FrameStream.gif_frames(fps, width_px)}[gif]"
        self.process = subprocess.Popen(
            ["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgba",
             "-s", f"{size[0]}x{size[1]}", "-r", str(fps), "-i", "-", "-filter_complex", graph,
             "-map", "[mp4]", "-map", "[gif]", "-c:v", "ffvhuff", "-threads", "1", "-f", "matroska",
             str(part_name(self.path))],
            stdin=subprocess.PIPE, preexec_fn=kill_with_parent)

    def write(self, pixels: np.ndarray, repeat: int = 1) -> None:
        self.process.stdin.write(np.ascontiguousarray(pixels).tobytes())
        self.repeats.append(int(repeat))
        self.changed.append(self.last is None or not np.array_equal(pixels, self.last))
        self.last = np.array(pixels, copy=True)
        if self.first is None:
            self.first = self.last

    def finish(self) -> None:
        self.process.stdin.close()
        if self.process.wait() != 0:
            raise RuntimeError(f"ffmpeg failed to write {self.path}")
        if self.repeats:
            os.replace(part_name(self.path), self.path)
        else:  # nothing drawn: an empty segment (more segments than animations)
            part_name(self.path).unlink(missing_ok=True)
            self.path.write_bytes(b"")

    def abort(self) -> None:
        self.process.kill()
        self.process.wait()
        part_name(self.path).unlink(missing_ok=True)


def decoded(path: Path, stream: int, pix_fmt: str, frame_bytes: int, count: int):
    """The first ``count`` frames of video stream ``stream`` of a segment's file, raw, in order."""
    if count == 0:
        return
    decoder = subprocess.Popen(["ffmpeg", "-hide_banner", "-loglevel", "error", "-i", str(path),
                                "-map", f"0:v:{stream}", "-f", "rawvideo", "-pix_fmt", pix_fmt, "-"],
                               stdout=subprocess.PIPE, preexec_fn=kill_with_parent)
    try:
        for _ in range(count):
            data = decoder.stdout.read(frame_bytes)
            if len(data) != frame_bytes:
                raise RuntimeError(f"{path} holds fewer frames than its record says ({count})")
            yield data
    finally:
        decoder.stdout.close()
        decoder.kill()
        decoder.wait()


# -- the two kinds of job ----------------------------------------------------------
def plan(scene_class, trace, options: SceneOptions, n: int) -> list[int]:
    """Boundaries of ``n`` ranges of the scene's animations of about equal cost.

    The scene is played as Manim skips animations (one step each, nothing
    drawn): cheap, and deterministic, so every segment job cuts alike.  An
    animation's cost is the frames it draws: one for a still picture.
    """
    scene = scene_class(trace=trace, options=options)
    scene.renderer.skip_animations = scene.renderer._original_skipping_status = True
    gate = Gate(scene, start=float("inf"), end=float("inf"))  # never draws, never stops
    scene.render()
    fps = scene.renderer.camera.frame_rate
    costs = [1 if frozen else max(1, int(np.ceil(duration * fps - 1e-9))) for duration, frozen in gate.plays]
    return cut(costs, n)


def segment(scene_class, trace, options: SceneOptions, index: int, n: int, frames: Path, meta: Path):
    """Draw the ``index``-th of ``n`` ranges of the scene's animations into ``frames`` (lossless) and
    ``meta`` (repeat counts, key frames, the range)."""
    with manim_session(options) as config:
        bounds = plan(scene_class, trace, options, n)
        start, end = bounds[index], bounds[index + 1]
        scene = scene_class(trace=trace, options=options)
        size, frame_rate = (config.pixel_width, config.pixel_height), int(config.frame_rate)
        stream = LosslessStream(frames, size, frame_rate, options.width_px)
        Gate(scene, start, end)
        play(scene, stream)
    keys = np.array(getattr(scene, "key_frames", []) or np.zeros((0, size[1], size[0], 3), np.uint8))
    empty = np.zeros((size[1], size[0], 4), np.uint8)
    partial = part_name(Path(meta))
    with open(partial, "wb") as handle:
        np.savez(handle, repeats=np.array(stream.repeats, dtype=np.int64), changed=np.array(stream.changed, bool),
                 first=empty if stream.first is None else stream.first,
                 last=empty if stream.last is None else stream.last, key_frames=keys, size=np.array(size),
                 frame_rate=np.array(frame_rate), bounds=np.array([start, end]))
    os.replace(partial, meta)
    return scene


class Joined(NamedTuple):
    changed: list[bool]  # per frame: does it differ from the one before (as FrameStream.changed)
    last: np.ndarray


def join(parts: list[tuple[Path, Path]], mp4_path: Path, options: SceneOptions) -> Joined:
    """Encode the segments' frames, in order, into the MP4, GIF, poster and storyboard of ``mp4_path``.

    The encoders are FrameStream's, fed what the segments made of their frames
    (yuv420p; resampled for the GIF), each from its own thread.
    """
    import av

    mp4_path = Path(mp4_path)
    metas = [dict(np.load(meta)) for _, meta in parts]
    drawn = [(frames, meta) for (frames, _), meta in zip(parts, metas) if len(meta["repeats"])]
    width, height = (int(v) for v in drawn[0][1]["size"])
    fps = int(drawn[0][1]["frame_rate"])
    if fps != options.fps:
        raise ValueError(f"segments drawn at {fps} fps, the GIF plays {options.fps}: FrameStream's fps filter would drop frames")
    with av.open(str(drawn[0][0])) as container:
        gif_size = (container.streams.video[1].width, container.streams.video[1].height)
    mp4_part, gif_part = part_name(mp4_path), part_name(mp4_path.with_suffix(".gif"))
    encoders = [
        (_encoder("yuv420p", (width, height), fps, FrameStream.mp4_output(mp4_part)), 0, "yuv420p",
         width * height * 3 // 2),
        (_encoder("rgb24", gif_size, fps, FrameStream.gif_output(gif_part, f"fps={fps}", options.gif_colors)),
         1, "rgb24", gif_size[0] * gif_size[1] * 3),
    ]
    errors: list[BaseException] = []

    def feed(encoder, stream: int, pix_fmt: str, frame_bytes: int) -> None:
        try:
            for frames, meta in drawn:
                for data, repeat in zip(decoded(frames, stream, pix_fmt, frame_bytes, len(meta["repeats"])),
                                        meta["repeats"]):
                    for _ in range(int(repeat)):
                        encoder.stdin.write(data)
            encoder.stdin.close()
        except BaseException as error:  # noqa: BLE001  (raised again in the joining thread)
            errors.append(error)

    threads = [threading.Thread(target=feed, args=spec) for spec in encoders]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if errors:
            raise errors[0]
        if any(encoder.wait() != 0 for encoder, *_ in encoders):
            raise RuntimeError(f"ffmpeg failed to write {mp4_path} or its GIF")
        optimize_gif(gif_part, lossy=options.gif_lossy)
        os.replace(mp4_part, mp4_path)
        os.replace(gif_part, mp4_path.with_suffix(".gif"))
    except BaseException:
        for encoder, *_ in encoders:
            encoder.kill()
            encoder.wait()
        mp4_part.unlink(missing_ok=True)
        gif_part.unlink(missing_ok=True)
        raise
    changed, previous = [], None
    for _, meta in drawn:
        for index, (flag, repeat) in enumerate(zip(meta["changed"], meta["repeats"])):
            if index == 0:  # the first frame of a segment against the last of the one before
                flag = previous is None or not np.array_equal(meta["first"], previous)
            changed += [bool(flag)] + [False] * (int(repeat) - 1)
        previous = meta["last"]
    key_frames = [frame for meta in metas for frame in meta["key_frames"]]
    write_stills(mp4_path, previous, key_frames, options.width_px)
    return Joined(changed, previous)


def _encoder(pix_fmt: str, size: tuple[int, int], fps: int, output: list[str]) -> subprocess.Popen:
    return subprocess.Popen(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "rawvideo",
                             "-pix_fmt", pix_fmt, "-s", f"{size[0]}x{size[1]}", "-r", str(fps), "-i", "-", *output],
                            stdin=subprocess.PIPE, preexec_fn=kill_with_parent)


@contextmanager
def as_part(job: Callable):
    """Within: a scene script's ``render(trace, out, options=…)`` runs ``job(scene_class, trace, options)``."""
    token = PART.set(job)
    try:
        yield
    finally:
        PART.reset(token)


def run(smk) -> None:
    """Under Snakemake (scripts/scene_part.py): one segment, or the join, of one scene."""
    from .runner import import_script, log_to
    from .traces import load

    log_to(smk.log[0])
    options = SceneOptions.from_mapping(smk.params.options)
    if smk.rule.endswith("join"):
        join([(Path(f), Path(m)) for f, m in zip(smk.input.frames, smk.input.meta)], Path(smk.output.mp4), options)
        return
    module = import_script(smk.input.code)
    trace = load(smk.input.trace)
    if "compare" in smk.input.keys():
        trace = (trace, load(smk.input.compare))
    index, n = int(smk.wildcards.index), int(smk.params.segments)
    with as_part(lambda cls, tr, opts: segment(cls, tr, opts, index, n, Path(smk.output.frames),
                                               Path(smk.output.meta))):
        module.render(trace, smk.output.frames, options=options)
