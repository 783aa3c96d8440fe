"""Where a scene frame's time goes: cProfile of one scene rendered at its configured quality.

    .venv/bin/python bench/profile_scene.py blindfolded_valley [--quality medium] [--top 25]

Prints the share of the render spent drawing (cairo), in updaters, waiting on
ffmpeg, in TeX and pango, then the top functions by cumulative and by own time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))


# Where a frame's time goes: (label, file part, function name, own time rather than cumulative).
PARTS = [
    ("drawing with cairo (CairoRenderer.update_frame)", "cairo_renderer.py", "update_frame", False),
    ("updaters and animation steps (Scene.update_to_time)", "scene.py", "update_to_time", False),
    ("waiting on the encoders (writes to ffmpeg's pipe)", "~", "<method 'write' of '_io.BufferedWriter' objects>", True),
    ("waiting for child processes (ffmpeg's end, latex, dvisvgm)", "~", "<built-in method posix.waitpid>", True),
    ("TeX formulas (MathTex)", "tex_mobject.py", "__init__", False),
    ("text (pango: Text)", "text_mobject.py", "__init__", False),
    ("copying mobjects (deepcopy)", "copy.py", "deepcopy", False),
]


def parts(stats: pstats.Stats) -> list[tuple[str, float]]:
    """Each PARTS entry's time: the largest cumulative (or own) time of a function matching it."""
    found = []
    for label, where, name, own in PARTS:
        times = [(tt if own else ct) for (filename, _, func), (_, _, tt, ct, _) in stats.stats.items()
                 if where in filename and func == name]
        found.append((label, max(times, default=0.0)))
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("medium")
    parser.add_argument("--quality", default=None)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    from gdmedia.workflow.settings.config import load_config
    from gdmedia.base.options import SceneOptions
    from gdmedia.scene_kit.kit import render as render_scene_module
    from gdmedia.workflow.jobs.traces import measured
    from scenecheck import full_trace
    from conftest import load_script

    config = load_config(ROOT / "config.yaml")
    block = dict(config["media"][args.medium])
    if args.quality:
        block["quality"] = args.quality
    options = SceneOptions.from_mapping(block)
    trace = full_trace(config, args.medium)
    module = load_script(f"scenes/{block['scene']}.py")
    profile = cProfile.Profile()
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        profile.enable()
        scene = render_scene_module(module, trace, Path(tmp) / f"{args.medium}.mp4", options=options, found=measured(trace))
        profile.disable()
        wall = time.perf_counter() - start
    frames = len(scene.frame_changes)
    drawn = sum(scene.frame_changes)
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    print(f"{args.medium} at {options.quality}: {wall:.1f} s, {frames} frames ({drawn} differ from the one before)")
    for label, seconds in parts(stats):
        print(f"  {label:62s} {seconds:6.1f} s  {100 * seconds / wall:4.0f} %")
    stats.sort_stats("cumulative").print_stats(args.top)
    stats.sort_stats("tottime").print_stats(args.top)
    print(out.getvalue())


if __name__ == "__main__":
    main()
