"""One scene as several jobs: a plan of its frames, segments that each draw a range of them, one join.

Every render of a scene, one job or several, runs the same steps, so its
files are the same bytes whatever the number of jobs:

- **plan** (first thing in every job): plays the scene as Manim skips
  animations, one step each and nothing drawn, to learn how many frames each
  animation makes; on the way it draws the picture every ``SAMPLE_S``
  seconds, and the GIF's palette is built from those pictures
  (chunks.write_palette).  Deterministic, so every job gets the same
  frames and the same palette.
- **cut**: the frames fall into chunks of ``chunks.CHUNK_S`` seconds
  (fixed by the frame count alone); ``cut`` splits the chunks into ``n``
  ranges of about equal drawing cost.
- **segment** ``i`` (``Gate``): plays the scene from the start.  An animation
  that ends before the range is played in one step (its last frame's time),
  nothing drawn: the scenes' state is a function of ValueTrackers and
  time-free updaters, so one step leaves what every frame's step would
  (tests/test_scene_segments.py compares the decoded frames with one job's).
  Inside the range every frame is stepped, drawn and written, chunk by chunk
  (chunks.ChunkWriter: each chunk its own closed-GOP h264 MP4 and GIF).
  The job stops at the end of its range.
- **join**: chunks.assemble copies the chunks' packets into one MP4 and
  gifsicle merges the chunks' GIFs: nothing is encoded again.  The poster is
  the last segment's last frame; the storyboard the key frames each segment took.

A one-job render (render_scene, below) is the one segment of one, joined.
Under Snakemake, ``scripts/scene_part.py`` runs one segment or the join; the
rules are in ``rules/scenes.smk``.  (No Snakemake or trace-reading glue here:
the one-job render imports this module, and the drawing kit stays free of it.)
"""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, NamedTuple

import numpy as np

from gdmedia.base.lifetime import part_name
from gdmedia.base.options import SceneOptions
from gdmedia.base.chunks import ChunkWriter, assemble, chunk_frames, write_palette
from gdmedia.scene_kit.render import PART, clip_chunks, manim_session, play, remove_stale_work, write_stills

# The cut's cost model, per frame, against 1 for a frame drawn.  Both are estimates, not measured
# apart: a frame repeated (a still picture) is neither drawn nor encoded (chunks.SHOWN), only
# counted; a later range replays the animations before it in one step each (bench/RESULTS.md:
# blindfolded_valley's second segment cost 3.9 CPU s more than its first while drawing fewer
# frames, the replay and the heavier overshoot part together).  With 6 s chunks there are few
# places to cut, so the cut rarely depends on them.
REPLAY_COST = 0.0
REPEAT_COST = 0.05
SAMPLE_S = 2.0  # the palette's pictures: one at the end of the first animation after every SAMPLE_S seconds


class _Steps(list):
    """A time progression of given steps (Manim closes its progress bar)."""

    def close(self) -> None:
        pass


class Gate:
    """Plays ``scene``; draws and writes only its frames ``start`` ≤ i < ``end``; stops it at the next animation.

    Patches the scene's own renderer.  ``frames`` (per animation, from the
    plan) says which animations end before ``start``: each plays in one step
    at its last frame's time, nothing drawn, the clock advanced as its frames
    would.  With ``plan`` it never draws nor writes (Manim skips every
    animation) but records each animation's frames and samples pictures.  A
    key frame (the storyboard) taken after frame i − 1 belongs to the range
    that drew frame i − 1.  A scene that reads the camera's picture (``bake``)
    gets the picture of the scene as it is, drawn first if this job skipped it.
    """

    def __init__(self, scene, start: float, end: float, frames: list[int] | None = None, plan: bool = False):
        from manim import config
        from manim.utils.exceptions import EndSceneEarlyException

        self.start, self.end, self.plan = start, end, plan
        self.frame = 0  # frames the scene has made so far (drawn or not)
        self.frames: list[int] = []  # plan: frames per animation
        self.samples: list[np.ndarray] = []
        self.sampled_at = -float("inf")
        renderer = self.renderer = scene.renderer
        step, dt = 1 / config["frame_rate"], 1 / renderer.camera.frame_rate
        play, render, update_frame, get_frame = renderer.play, renderer.render, renderer.update_frame, renderer.get_frame
        progression = scene._get_animation_time_progression
        self._replaying = False  # this animation ends before start: one step
        self._stand_in = 0  # frames the one step stands for
        self._step_drawn = True  # in render: is this step drawn
        self._in_render = False
        self._stale = True  # the camera's picture is not the scene's last frame

        def gated_play(scene_, *args, **kwargs):
            if self.frame >= self.end:
                raise EndSceneEarlyException()  # Manim ends the scene normally
            self._replaying = not plan and frames is not None and self.frame + frames[renderer.num_plays] <= self.start
            play(scene_, *args, **kwargs)
            if plan:
                if scene_.stop_condition is not None:
                    raise NotImplementedError("a scene with wait_until cannot be planned: its frames are not known")
                made = (int(scene_.duration / dt) if scene_.is_current_animation_frozen_frame()
                        else len(np.arange(0, scene_.duration, step)))
                self.frames.append(made)
                self.frame += made
                if self.frame - self.sampled_at >= SAMPLE_S / dt:
                    self.sample(scene_)
            elif self._replaying and self._stand_in:
                raise RuntimeError(f"animation {renderer.num_plays - 1} made other frames than its plan")
            self._replaying = False

        def stepped(animations, duration):
            steps = progression(animations, duration)
            if not self._replaying or scene.stop_condition is not None:
                return steps
            times = list(steps.iterable)
            steps.close()
            self._stand_in = len(times)
            if len(times) != frames[renderer.num_plays]:
                raise RuntimeError(f"animation {renderer.num_plays} makes {len(times)} frames, its plan "
                                   f"{frames[renderer.num_plays]}")
            return _Steps(times[-1:])

        def gated_render(scene_, time, moving=None):
            self._in_render = True
            self._step_drawn = not plan and not self._replaying and self.start <= self.frame < self.end
            try:
                render(scene_, time, moving)
            finally:
                self._in_render = False

        def gated_update_frame(*args, **kwargs):
            # Outside ``render``: the static background or a still picture, drawn whenever the animation is.
            drawn = self._step_drawn if self._in_render else not plan and not self._replaying
            if drawn:
                update_frame(*args, **kwargs)
            self._stale = not drawn

        def gated_get_frame():
            return get_frame() if (self._step_drawn if self._in_render else not self._stale) else \
                renderer.camera.pixel_array

        def gated_add_frame(frame, num_frames: int = 1):
            if renderer.skip_animations:
                return  # the plan: Manim skips
            if self._stand_in:
                for _ in range(self._stand_in):  # the clock as every frame would have moved it
                    renderer.time += 1 * dt
                self.frame, self._stand_in = self.frame + self._stand_in, 0
                return
            # Past ``end`` the animation plays on, nothing written: stopping inside it would leave
            # Manim's per-animation writer thread open (the process would never exit).
            renderer.time += num_frames * dt
            written = min(self.frame + num_frames, self.end) - max(self.frame, self.start)
            if written > 0:
                renderer.file_writer.write_frame(frame, repeat=int(written))
            self.frame += num_frames

        key_frame = scene.key_frame

        def gated_key_frame():
            if not plan and (self.start < self.frame <= self.end or self.frame == self.start == 0):
                key_frame()

        renderer.play, renderer.render, renderer.update_frame = gated_play, gated_render, gated_update_frame
        renderer.get_frame, renderer.add_frame = gated_get_frame, gated_add_frame
        scene._get_animation_time_progression = stepped
        scene.key_frame = gated_key_frame
        if hasattr(scene, "bake"):
            bake = scene.bake

            def fresh_bake(*args, **kwargs):
                if self._stale:  # the picture Manim leaves after the last animation: its static part, then the rest
                    self._draw(scene, lambda: (renderer.save_static_frame_data(scene, scene.static_mobjects),
                                               renderer.update_frame(scene, scene.moving_mobjects)))
                return bake(*args, **kwargs)

            scene.bake = fresh_bake
        renderer.file_writer.finish = lambda: None  # Manim's own movie is never written
        self._update_frame = update_frame

    def _draw(self, scene, draw: Callable) -> None:
        """Run ``draw`` with drawing allowed (the plan's samples, a picture a scene reads)."""
        saved = self._in_render, self._step_drawn
        self._in_render, self._step_drawn = True, True
        try:
            draw()
        finally:
            self._in_render, self._step_drawn = saved
        self._stale = False

    def sample(self, scene) -> None:
        """The plan: a picture of the scene as it is now, for the GIF's palette."""
        self.renderer.static_image = None
        self._update_frame(scene)
        self.samples.append(np.array(self.renderer.camera.pixel_array))
        self.sampled_at = self.frame


def cut(drawn: list[float], n: int, replay: float = REPLAY_COST) -> list[int]:
    """Boundaries [0, b1, …, len(drawn)] of ``n`` ranges of chunks with the least largest cost.

    A range [a, b) costs its chunks' drawing plus ``replay`` × the drawing
    before ``a`` (it plays it without drawing).  Found by bisection on that
    largest cost, filling each range greedily; ranges may be empty.
    """
    total = np.concatenate([[0], np.cumsum(drawn, dtype=float)])
    count = len(drawn)

    def ranges(limit: float) -> list[int] | None:
        bounds, start = [0], 0
        for _ in range(n - 1):
            end = start
            while end < count and replay * total[start] + total[end + 1] - total[start] <= limit:
                end += 1
            bounds.append(end)
            start = end
        if replay * total[start] + total[count] - total[start] > limit:
            return None
        return bounds + [count]

    low, high = 0.0, float(total[-1]) * (1 + replay)
    best = ranges(high) or [0] * n + [count]
    for _ in range(40):
        middle = (low + high) / 2
        found = ranges(middle)
        if found:
            best, high = found, middle
        else:
            low = middle
    return best


class Plan(NamedTuple):
    frames: list[int]  # per animation
    frozen: list[bool]  # per animation: a still picture (drawn once, repeated)
    samples: list[np.ndarray]  # pictures for the GIF's palette

    def chunk_costs(self, fps: int) -> list[float]:
        """Drawing cost of each chunk: 1 a frame drawn, ``REPEAT_COST`` a frame repeated."""
        cost: list[float] = []
        for made, frozen in zip(self.frames, self.frozen):
            cost += [1.0] + [REPEAT_COST] * (made - 1) if frozen and made else [1.0] * made
        cost = np.array(cost)
        length = chunk_frames(fps)
        return [float(cost[i : i + length].sum()) for i in range(0, len(cost), length)]

    def bounds(self, n: int, fps: int) -> list[float]:
        """First frame of each of ``n`` ranges, and the end (the last range runs to the scene's end)."""
        chunks = cut(self.chunk_costs(fps), n)
        total = sum(self.frames)
        return [min(c * chunk_frames(fps), total) for c in chunks[:-1]] + [float("inf")]


# -- the jobs ------------------------------------------------------------------------
def plan(scene_class, trace, options: SceneOptions) -> Plan:
    """The scene's frames per animation and the palette's pictures, played as Manim skips animations."""
    scene = scene_class(trace=trace, options=options)
    scene.renderer.skip_animations = scene.renderer._original_skipping_status = True
    gate = Gate(scene, start=float("inf"), end=float("inf"), plan=True)
    frozen: list[bool] = []
    play = scene.renderer.play

    def noting(scene_, *args, **kwargs):
        play(scene_, *args, **kwargs)
        frozen.append(bool(scene_.is_current_animation_frozen_frame()))

    scene.renderer.play = noting
    scene.render()
    gate.sample(scene)  # the last picture
    return Plan(gate.frames, frozen, gate.samples)


class Drawn(NamedTuple):
    scene: object
    writer: ChunkWriter
    start: float
    end: float


def draw_range(scene_class, trace, options: SceneOptions, index: int, n: int, folder: Path) -> Drawn:
    """Draw the ``index``-th of ``n`` ranges of the scene's frames into chunks in ``folder``."""
    with manim_session(options) as config:
        size, fps = (config.pixel_width, config.pixel_height), int(config.frame_rate)
        if fps != options.fps:
            raise ValueError(f"frames drawn at {fps} fps, the GIF plays {options.fps}")
        planned = plan(scene_class, trace, options)
        bounds = planned.bounds(n, fps)
        start, end = bounds[index], bounds[index + 1]
        with tempfile.TemporaryDirectory(prefix="gdmedia-palette-") as work:
            palette = write_palette(planned.samples, Path(work) / "palette.png", options.width_px,
                                    options.gif_colors)
            scene = scene_class(trace=trace, options=options)
            first = int(min(start, sum(planned.frames)))
            writer = ChunkWriter(folder, size, fps, options.width_px, palette, first=first)
            Gate(scene, start, end, planned.frames)
            play(scene, writer)
    return Drawn(scene, writer, start, end)


def segment(scene_class, trace, options: SceneOptions, index: int, n: int, folder: Path, meta: Path):
    """Draw the ``index``-th of ``n`` ranges into chunks in ``folder`` and ``meta`` (pacing, key frames, range)."""
    folder, meta = Path(folder), Path(meta)
    shutil.rmtree(folder, ignore_errors=True)
    drawn = draw_range(scene_class, trace, options, index, n, folder)
    writer, scene = drawn.writer, drawn.scene
    height, width = scene.renderer.camera.pixel_array.shape[:2]
    keys = np.array(getattr(scene, "key_frames", []) or np.zeros((0, height, width, 3), np.uint8))
    empty = np.zeros((height, width, 4), np.uint8)
    partial = part_name(meta)
    with open(partial, "wb") as handle:
        np.savez(handle, changed=np.array(writer.changed, bool), key_frames=keys,
                 first=empty if writer.first is None else writer.first,
                 last=empty if writer.last is None else writer.last,
                 bounds=np.array([drawn.start, drawn.end], float))
    os.replace(partial, meta)
    return scene


class Joined(NamedTuple):
    changed: list[bool]  # per frame: does it differ from the one before
    last: np.ndarray


def join(parts: list[tuple[Path, Path]], mp4_path: Path, options: SceneOptions) -> Joined:
    """The MP4, GIF, poster and storyboard of ``mp4_path`` from the segments' chunks, nothing encoded again."""
    mp4_path = Path(mp4_path)
    remove_stale_work(mp4_path)
    metas = [dict(np.load(meta)) for _, meta in parts]
    assemble([folder for folder, _ in parts], mp4_path, mp4_path.with_suffix(".gif"), options.gif_lossy)
    changed, previous = [], None
    for meta in metas:
        flags = [bool(flag) for flag in meta["changed"]]
        if flags:  # the first frame of a segment against the last of the one before
            flags[0] = previous is None or not np.array_equal(meta["first"], previous)
            previous = meta["last"]
        changed += flags
    write_stills(mp4_path, previous, [frame for meta in metas for frame in meta["key_frames"]], options.width_px)
    return Joined(changed, previous)


def render_whole(scene_class, trace, mp4_path: Path, options: SceneOptions):
    """One job: the one range of one, joined (render_scene); returns the scene."""
    mp4_path = Path(mp4_path)
    with clip_chunks(mp4_path, options.gif_lossy) as work:
        drawn = draw_range(scene_class, trace, options, 0, 1, work)
    scene = drawn.scene
    write_stills(mp4_path, drawn.writer.last, getattr(scene, "key_frames", []), options.width_px)
    scene.frame_changes = drawn.writer.changed
    scene.frame_rate = options.fps
    return scene


@contextmanager
def as_part(job: Callable):
    """Within: a scene script's ``render(trace, out, options=…)`` runs ``job(scene_class, trace, options)``."""
    token = PART.set(job)
    try:
        yield
    finally:
        PART.reset(token)


def render_scene(scene_class, trace, mp4_path: str | Path, options: SceneOptions):
    """Render ``scene_class(trace=…, options=…)`` to ``<name>.mp4``, ``.gif`` and ``.png``: one job
    drawing every frame, chunked and joined as a segmented render is (segments.render_whole).

    Returns the rendered scene, so a caller can read what it showed.  Inside a
    plan or segment job (``segments.as_part``) runs that job instead.
    """
    part = PART.get()
    if part is not None:
        return part(scene_class, trace, options)
    mp4_path = Path(mp4_path)
    remove_stale_work(mp4_path)
    return render_whole(scene_class, trace, mp4_path, options)
