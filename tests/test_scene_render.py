import shutil

import numpy as np
import pytest

from gdmedia.base import chunks
from gdmedia.scene_kit import render as scene_render
from gdmedia.base.options import SceneOptions
from gdmedia.base.chunks import ChunkWriter
from gdmedia.scene_kit.render import clip_chunks, require_tools
from gifcheck import read_gif


def palette_of(frames, folder, width_px):
    """The clip's GIF palette from some of its frames, as a render makes it from its plan's pictures."""
    return chunks.write_palette(frames, folder / "palette.png", width_px, 256)


def test_missing_latex_says_what_to_install(monkeypatch):
    real = shutil.which
    monkeypatch.setattr(scene_render.shutil, "which", lambda tool: None if tool == "latex" else real(tool))
    with pytest.raises(RuntimeError, match="latex not found.*apt-get install texlive"):
        require_tools()


def test_frame_stream_writes_mp4_and_resampled_gif(tmp_path):
    import av

    out = tmp_path / "clip.gif"
    frames = []
    for i in range(30):
        frame = np.full((180, 320, 4), 255, np.uint8)
        frame[40:80, 10 * i : 10 * i + 20, :3] = (0, 114, 178)
        frames.append(frame)
    palette = palette_of(frames[::10], tmp_path, 160)
    with clip_chunks(tmp_path / "clip.mp4") as folder:
        stream = ChunkWriter(folder, (320, 180), 10, 160, palette)
        for frame in frames:
            stream.write(frame, repeat=1)
        stream.finish()
    frames, delays, loop = read_gif(out)
    assert frames.shape[1:3] == (90, 160) and loop == 0
    assert sum(delays) == pytest.approx(3000, abs=100)
    assert not list(tmp_path.glob("*.part"))
    with av.open(str(tmp_path / "clip.mp4")) as video:
        stream = video.streams.video[0]
        assert (stream.codec_context.name, stream.codec_context.pix_fmt) == ("h264", "yuv420p")
        assert sum(1 for _ in video.decode(stream)) == 30


def test_options_take_only_scene_fields(config):
    options = SceneOptions.from_mapping(config["media"]["regression_fit"])
    assert options.quality in scene_render.QUALITY and options.width_px == 750


def test_nice_step_is_round_and_gives_about_the_asked_ticks():
    from gdmedia.scene_kit.kit import nice_step

    assert nice_step(10) == 2 and nice_step(331) == 100 and nice_step(4.0) == 1 and nice_step(12.5, 4) == 5


def test_gif_leaves_no_ghost_where_a_shape_has_been(tmp_path):
    """A square crosses white: every GIF frame is white wherever the square is not now (no trail)."""
    out = tmp_path / "clip.gif"
    boxes, frames = [], []
    for i in range(20):
        frame = np.full((180, 320, 4), 255, np.uint8)
        frame[40:80, 12 * i : 12 * i + 24, :3] = (213, 94, 0)
        boxes.append((12 * i, 12 * i + 24))
        frames.append(frame)
    palette = palette_of(frames[::5], tmp_path, 320)
    with clip_chunks(tmp_path / "clip.mp4") as folder:
        stream = ChunkWriter(folder, (320, 180), 20, 320, palette)
        for frame in frames:
            stream.write(frame)
        stream.finish()
    frames, _, _ = read_gif(out)
    assert len(frames) == 20
    for frame, (left, right) in zip(frames, boxes):
        outside = np.ones(frame.shape[:2], bool)
        outside[38:82, max(left - 2, 0) : right + 2] = False  # the square and its anti-aliased rim
        assert (frame[outside] == 255).all()
    assert stream.changed == [True] * 20


def test_frame_stream_records_which_frames_change(tmp_path):
    still = np.full((36, 64, 4), 255, np.uint8)
    moved = still.copy()
    moved[:5, :5, :3] = 0
    palette = palette_of([still, moved], tmp_path, 64)
    with clip_chunks(tmp_path / "c.mp4") as folder:
        stream = ChunkWriter(folder, (64, 36), 20, 64, palette)
        stream.write(still, repeat=3)
        stream.write(moved)
        stream.write(moved.copy())
        stream.finish()
    assert stream.changed == [True, False, False, True, False]


def test_equal_lowest_minima_are_all_global_whatever_the_rounding():
    """The scene rings as global exactly the facts' lowest minima (one rule, gdsim.facts)."""
    from gdsim.measures import lowest_minima
    from gdsim.surfaces import get_surface

    himmelblau = get_surface("himmelblau")
    values = himmelblau.value(himmelblau.minima())
    assert len(values) == 4 and lowest_minima(values) == [0, 1, 2, 3]
    wells = get_surface("gaussian_wells")
    assert len(lowest_minima(wells.value(wells.minima()))) == 1


def test_settle_rows_are_the_first_recorded_rows_at_the_stop():
    from gdmedia.scene_kit.kit import settle_rows

    step = np.array([0, 2, 4, 6, 8])
    rows = settle_rows(np.array(["converged", "diverged", "max_steps"]), np.array([3, 4, 9]), step)
    assert rows.tolist() == [2, 2, 4]


def test_scenes_hold_no_size_font_or_colour_literal():
    """Sizes, fonts and colours of the scenes come from gdmedia.base.style (through scene_kit), never typed in."""
    import re
    from pathlib import Path

    literal = re.compile(
        r"#[0-9A-Fa-f]{6}|font_size\s*=|font\s*=|(?:stroke_width|width|radius|size)\s*=\s*[1-9]|"
        r"\b(?:RED|BLUE|GREEN|WHITE|BLACK|YELLOW|GREY|GRAY|ORANGE|PINK|PURPLE)\b|MANIM_\w+\s*[-+*/]\s*[0-9]"
    )
    for script in sorted((Path(__file__).parents[1] / "scenes").glob("*.py")):
        found = [f"{script.name}:{n}: {line.strip()}" for n, line in enumerate(script.read_text().splitlines(), 1)
                 if literal.search(line)]
        assert not found, "\n".join(found)


@pytest.mark.parametrize("pair", [("theta0", "theta1"), ("slope", "step"), ("reached_global", "reached_local"),
                                  ("reached_global", "diverged"), ("reached_local", "diverged"),
                                  ("rolling", "reached_local"), ("rolling", "reached_global")])
def test_scene_colours_that_tell_things_apart_survive_colour_blindness(pair):
    """ΔE (CAM02-UCS) ≥ 20 under simulated deuteranopia, protanopia and tritanopia.

    (Global and local minimum rings, yellow and white, also differ by dash: tested in the scene.)
    """
    from colorspacious import cspace_convert, deltaE

    from gdmedia.base.style import ROLE, SCENE_ROLE

    rgb = [np.array([int(h[i : i + 2], 16) for i in (1, 3, 5)]) / 255 for h in
           (SCENE_ROLE.get(role) or ROLE[role] for role in pair)]
    for cvd in ("deuteranomaly", "protanomaly", "tritanomaly"):
        space = {"name": "sRGB1+CVD", "cvd_type": cvd, "severity": 100}
        a, b = (np.clip(cspace_convert(c, space, "sRGB1"), 0, 1) for c in rgb)
        assert deltaE(a, b, input_space="sRGB1") >= 20, (pair, cvd)


def moving_square(count: int, size=(96, 54)) -> list[np.ndarray]:
    frames = []
    for i in range(count):
        frame = np.full((size[1], size[0], 4), 255, np.uint8)
        frame[10:30, 3 * i : 3 * i + 12, :3] = (0, 114, 178)
        frames.append(frame)
    return frames


def test_chunks_written_by_two_jobs_join_into_one_jobs_bytes(tmp_path, monkeypatch):
    """Chunks of 1 s (10 frames): frames 0–24 in one writer, or 0–9 and 10–24 in two, give the same MP4 and GIF
    bytes, and every frame decodes back in order (the seams included)."""
    import av

    monkeypatch.setattr(chunks, "CHUNK_S", 1.0)
    frames = moving_square(25)
    palette = chunks.write_palette(frames[::8], tmp_path / "palette.png", width_px=48, colors=64)
    layouts = {"one": [(0, 25)], "two": [(0, 10), (10, 25)]}
    for name, ranges in layouts.items():
        folders = []
        for index, (first, end) in enumerate(ranges):
            folder = tmp_path / name / str(index)
            writer = chunks.ChunkWriter(folder, (96, 54), 10, 48, palette, first=first)
            for frame in frames[first:end]:
                writer.write(frame)
            writer.finish()
            folders.append(folder)
        chunks.assemble(folders, tmp_path / f"{name}.mp4", tmp_path / f"{name}.gif")
    assert len(list((tmp_path / "one" / "0").glob("*.mp4"))) == 3  # 10 + 10 + 5 frames
    for suffix in (".mp4", ".gif"):
        assert (tmp_path / f"one{suffix}").read_bytes() == (tmp_path / f"two{suffix}").read_bytes()
    with av.open(str(tmp_path / "two.mp4")) as video:
        decoded = [f.to_ndarray(format="rgb24") for f in video.decode(video=0)]
    assert len(decoded) == 25
    # h264 is lossy: each decoded frame is nearest to its own source frame (no frame lost, doubled or swapped).
    sources = np.array([f[..., :3] for f in frames], float)
    for index, frame in enumerate(decoded):
        assert np.argmin(((sources - frame) ** 2).mean(axis=(1, 2, 3))) == index
    gif, delays, loop = read_gif(tmp_path / "two.gif")
    assert loop == 0 and len(gif) == 25 and sum(delays) == pytest.approx(2500, abs=50)


def test_a_held_picture_is_encoded_once_and_shown_for_its_whole_hold(tmp_path, monkeypatch):
    """A picture held (written with ``repeat``, or the same pixels written again) reaches the encoders once
    per chunk; the MP4's timestamps and the GIF's delays give it its whole hold back, across a chunk's seam
    too, and one writer or two give the same bytes."""
    import av

    from gdmedia.web.video import video_frames

    monkeypatch.setattr(chunks, "CHUNK_S", 1.0)  # 10 frames a chunk at 10 fps
    pictures = moving_square(6)
    holds = [3, 1, 4, 6, 1, 5]  # 20 frames; the fourth picture holds across the seam at frame 10
    frames = [pictures[i] for i, n in enumerate(holds) for _ in range(n)]
    palette = chunks.write_palette(pictures, tmp_path / "palette.png", width_px=48, colors=64)
    for name in ("repeat", "frames"):
        folders = [tmp_path / name / "0", tmp_path / name / "1"] if name == "frames" else [tmp_path / name / "0"]
        if name == "repeat":  # one writer, each picture once with its hold
            writer = chunks.ChunkWriter(folders[0], (96, 54), 10, 48, palette)
            for picture, n in zip(pictures, holds):
                writer.write(picture, repeat=n)
            writer.finish()
        else:  # two writers (frames 0–9 and 10–19), every frame written
            for folder, first in zip(folders, (0, 10)):
                writer = chunks.ChunkWriter(folder, (96, 54), 10, 48, palette, first=first)
                for frame in frames[first : first + 10]:
                    writer.write(frame)
                writer.finish()
        chunks.assemble(folders, tmp_path / f"{name}.mp4", tmp_path / f"{name}.gif")
    for suffix in (".mp4", ".gif"):
        assert (tmp_path / f"repeat{suffix}").read_bytes() == (tmp_path / f"frames{suffix}").read_bytes()
    # Encoded: each chunk's new pictures (0, 3, 4, 8 | 14, 15) and its first and last frames (9 | 10, 19).
    with av.open(str(tmp_path / "frames.mp4")) as video:
        assert sum(1 for packet in video.demux(video=0) if packet.size) == 9
        # The track lasts to the end of the last hold: a browser plays the file for as long as its track
        # (with B-frames it ended at the last packet decoded, and Chromium cut regression_fit's last 2.9 s).
        stream = video.streams.video[0]
        assert float(stream.duration * stream.time_base) == pytest.approx(2.0)
    decoded = video_frames(tmp_path / "frames.mp4")
    assert len(decoded) == 20
    sources = np.array([p[..., :3] for p in pictures], float)
    shown = [int(np.argmin(((sources - frame) ** 2).mean(axis=(1, 2, 3)))) for frame in decoded]
    assert shown == [i for i, n in enumerate(holds) for _ in range(n)]
    gif, delays, loop = read_gif(tmp_path / "frames.gif")
    assert len(gif) == 6 and delays == [100 * n for n in holds]


def test_chunks_out_of_order_or_missing_are_refused(tmp_path):
    for name in ("00000.mp4", "00002.mp4"):
        (tmp_path / name).write_bytes(b"")
    with pytest.raises(RuntimeError, match="not 0, 1, 2"):
        chunks.chunk_files([tmp_path], ".mp4")
