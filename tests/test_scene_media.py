"""Every scene, rendered as configured: legible at the embedded width, paced for a first-time viewer.

One render per scene (low quality, the config's own timings) is shared by all the checks.
"""

import numpy as np
import pytest
from PIL import Image

from gdmedia.base import style
from gifcheck import read_gif
from scenecheck import SCENE_MEDIA, decode_mp4, render_full, static_runs

pytestmark = pytest.mark.slow

FIRST_HOLD_S, LAST_HOLD_S, MAX_DEAD_S, MIN_FPS = 1.5, 3.0, 1.0, 20


def _texts(mobjects):
    """Every Text, TeX formula and number among ``mobjects`` and their families (not their glyphs)."""
    from manim import DecimalNumber, SingleStringMathTex, Text

    found, stack, seen = [], list(mobjects), set()
    while stack:
        mob = stack.pop()
        if id(mob) in seen:
            continue
        seen.add(id(mob))
        if isinstance(mob, (Text, SingleStringMathTex, DecimalNumber)):
            found.append(mob)
        else:
            stack.extend(mob.submobjects)
    return found


@pytest.mark.parametrize("medium", SCENE_MEDIA)
def test_every_text_is_legible_at_the_embedded_width(config, scene_root, medium):
    from manim import config as manim_config

    from gdmedia.scene_kit.kit import cap_height_px
    from gdmedia.base.style import MANIM_MIN_CAP_PX

    _, scene, options = render_full(config, medium, scene_root)
    texts = _texts(scene.shown)
    assert len(texts) >= 5, "the scene shows its words and numbers"
    small = {}
    for mob in texts:
        px = cap_height_px(mob, manim_config.frame_width, options.width_px)
        if px < MANIM_MIN_CAP_PX:
            small[getattr(mob, "text", None) or getattr(mob, "tex_string", None) or type(mob).__name__] = round(px, 1)
    assert not small, f"{medium}: text under {MANIM_MIN_CAP_PX} px cap height at {options.width_px} px: {small}"
    # And each reads against the background as small text must (WCAG 4.5:1): a role's words wear its hue,
    # mixed toward the ink (scene_kit.text_tint).
    faint = {}
    for mob in texts:
        tint = mob.get_color().to_hex()
        ratio = style.contrast(tint, style.ROLE["background"])
        if ratio < style.TEXT_CONTRAST:
            faint[getattr(mob, "text", None) or getattr(mob, "tex_string", None) or type(mob).__name__] = (tint, round(ratio, 2))
    assert not faint, f"{medium}: words under {style.TEXT_CONTRAST}:1 against the background: {faint}"


@pytest.mark.parametrize("medium", SCENE_MEDIA)
def test_gif_holds_first_and_last_pictures_and_never_stalls(config, scene_root, medium):
    mp4, _, options = render_full(config, medium, scene_root)
    assert options.fps >= MIN_FPS
    frames, delays, _ = read_gif(mp4.with_suffix(".gif"))
    assert min(delays) <= 1000 / MIN_FPS, f"{medium}: motion slower than {MIN_FPS} fps"
    assert delays[0] >= 1000 * FIRST_HOLD_S, f"{medium}: first picture holds {delays[0]} ms"
    assert delays[-1] >= 1000 * LAST_HOLD_S, f"{medium}: last picture holds {delays[-1]} ms"
    assert max(delays[1:-1]) <= 1000 * MAX_DEAD_S, f"{medium}: a still stretch of {max(delays[1:-1])} ms"


@pytest.mark.parametrize("medium", SCENE_MEDIA)
def test_mp4_holds_first_and_last_pictures_and_never_stalls(config, scene_root, medium):
    """Read on the lossless frames the MP4 was encoded from (h264 noise would hide a still frame)."""
    mp4, scene, _ = render_full(config, medium, scene_root)
    frames, rate = decode_mp4(mp4)
    assert len(frames) == len(scene.frame_changes) and rate == scene.frame_rate >= MIN_FPS
    runs = np.array(static_runs(scene.frame_changes)) / rate
    assert runs[0] >= FIRST_HOLD_S and runs[-1] >= LAST_HOLD_S, (runs[0], runs[-1])
    assert runs[1:-1].max() <= MAX_DEAD_S + 1 / rate, f"{medium}: still for {runs[1:-1].max():.2f} s"


@pytest.mark.parametrize("medium", SCENE_MEDIA)
def test_gif_is_lossless_against_the_video_frames(config, scene_root, medium):
    """No ghost trails: the GIF's last picture is the poster, resized, up to palette rounding."""
    mp4, _, options = render_full(config, medium, scene_root)
    frames, _, _ = read_gif(mp4.with_suffix(".gif"))
    with Image.open(mp4.with_suffix(".png")) as poster:
        expected = np.asarray(poster.convert("RGB").resize(frames.shape[2:0:-1], Image.LANCZOS), dtype=np.int16)
    error = np.abs(frames[-1].astype(np.int16) - expected)
    assert np.percentile(error, 99) <= 40 and error.mean() <= 3, (error.mean(), np.percentile(error, 99))
    assert options.gif_lossy == 0


@pytest.mark.parametrize("medium", SCENE_MEDIA)
def test_storyboard_is_a_grid_of_key_frames_at_the_embedded_width(config, scene_root, medium):
    mp4, scene, options = render_full(config, medium, scene_root)
    board = mp4.with_name(mp4.stem + ".storyboard.png")
    from gdmedia.base.storyboard import COLUMNS as STORYBOARD_COLUMNS, GAP_PX as STORYBOARD_GAP_PX

    count = len(scene.key_frames)
    assert count >= 4, "opening, the change, the outcome and the end at least"
    height, width = scene.key_frames[0].shape[:2]
    tile_w = (options.width_px - STORYBOARD_GAP_PX * (STORYBOARD_COLUMNS - 1)) // STORYBOARD_COLUMNS
    rows = -(-count // STORYBOARD_COLUMNS)
    with Image.open(board) as image:
        assert image.size == (options.width_px, rows * round(tile_w * height / width) + (rows - 1) * STORYBOARD_GAP_PX)
    # The tiles differ: they show the story, not one picture repeated.
    assert not np.array_equal(scene.key_frames[0], scene.key_frames[-1])
