"""Where a scene frame's time goes: cProfile of one scene rendered at its configured quality.

    .venv/bin/python bench/profile_scene.py blindfolded_valley [--quality medium] [--top 25]

Prints the top functions by cumulative and by own time, and the share of the
render spent in cairo (drawing), TeX/pango (text), our updaters and ffmpeg (the
pipe writes: time blocked on the encoder).
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


def buckets(stats: pstats.Stats) -> dict[str, float]:
    """Own time summed by where the function lives."""
    groups = {"cairo (camera drawing)": ("camera", "cairo"), "TeX (latex, dvisvgm)": ("tex_file_writing", "tex."),
              "pango text": ("text_mobject", "manimpango"), "svg parsing": ("svg_mobject", "svgelements"),
              "ffmpeg pipe": ("scene_render",), "our scene code": ("/scenes/", "gdmedia/"),
              "subprocess wait": ("subprocess",)}
    totals = dict.fromkeys(groups, 0.0)
    for (filename, _, name), (_, _, own, _, _) in stats.stats.items():
        where = f"{filename}:{name}"
        for group, keys in groups.items():
            if any(key in where for key in keys):
                totals[group] += own
                break
    return totals


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("medium")
    parser.add_argument("--quality", default=None)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    from gdmedia.config import load_config
    from gdmedia.options import SceneOptions
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
        scene = module.render(trace, Path(tmp) / f"{args.medium}.mp4", options=options)
        profile.disable()
        wall = time.perf_counter() - start
    frames = len(scene.frame_changes)
    drawn = sum(scene.frame_changes)
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    print(f"{args.medium} at {options.quality}: {wall:.1f} s, {frames} frames ({drawn} differ from the one before)")
    total = sum(own for (_, _, own, _, _) in stats.stats.values())
    for group, own in buckets(stats).items():
        print(f"  {group:24s} {own:6.1f} s  {100 * own / total:4.0f} %")
    stats.sort_stats("cumulative").print_stats(args.top)
    stats.sort_stats("tottime").print_stats(args.top)
    print(out.getvalue())


if __name__ == "__main__":
    main()
