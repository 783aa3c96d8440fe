"""One table for the whole pipeline, written to bench/RESULTS.md.

In a fresh copy of the project (the checkout's output/ is never touched):
- every default medium from nothing (`snakemake media`: simulations and renders) with --cores 2;
- a full rebuild (what `make` builds: the media, the renditions the notes ask for, the placed
  copies) with --cores 2, and a no-op rebuild;
- per medium: render time and peak memory (Snakemake's benchmark files), frames, size;
- the render stage alone with --cores 1 and --cores 2;
- a sweep of 16, 32 and 64 learning rates with its small-multiples figure;
- the ratios against plain matplotlib (FuncAnimation + PillowWriter) and plain
  Manim (--format gif), from bench/gif_speed.py and bench/scenes.py.

- one long scene re-rendered in 1 job and in 2 segments (gdmedia.scene_kit.segments), both in the same run.

    make bench                      # or: .venv/bin/python bench/pipeline.py [--no-baselines]
    .venv/bin/python bench/pipeline.py --segments-only MEDIUM   # that last measure alone, printed
"""

from __future__ import annotations

import argparse
import copy
import csv
import datetime
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import yaml
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))

import gif_speed  # noqa: E402
import scenes as scene_bench  # noqa: E402
from gdmedia.workflow.settings.config import ROOT, load_config  # noqa: E402
from gdmedia.workflow.authoring.workspace import copy_project  # noqa: E402

SNAKEMAKE = str(Path(sys.executable).parent / "snakemake")
MEDIA_TARGET_S, NOOP_TARGET_S, CORES_TARGET, PEAK_TARGET_MIB = 60.0, 1.5, 1.7, 1024.0
SCALE_COUNTS = (16, 32, 64)
RENDER_RULES = ("figure", "still", "scene", "scene_segment", "scene_join")


def snakemake(project: Path, *args: str) -> float:
    """Run snakemake in ``project``; return its wall time, or stop with its output on failure."""
    start = time.perf_counter()
    result = subprocess.run([SNAKEMAKE, *args], cwd=project, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"snakemake {' '.join(args)} failed in {project}:\n{result.stdout}\n{result.stderr}")
    return seconds


def job_benchmark(project: Path, rule: str, name: str) -> tuple[float, float]:
    """(seconds, peak resident MiB) from the job's Snakemake benchmark file."""
    with open(project / "output" / "benchmarks" / rule / f"{name}.tsv") as table:
        row = next(csv.DictReader(table, delimiter="\t"))
    return float(row["s"]), float(row["max_rss"]) * 1e6 / 2**20


def frames_of(path: Path) -> int:
    if path.suffix == ".gif":
        with Image.open(path) as image:
            return image.n_frames
    if path.suffix == ".mp4":
        from gdmedia.web.video import timed_frames

        return len(timed_frames(path, lambda frame: None)[0])
    return 1


def media_rows(project: Path, config: dict) -> list[dict]:
    from gdmedia.workflow.settings.config import STILL_FIGURES

    rows = []
    for name, medium in config["media"].items():
        if "scene" in medium:
            rule, main = "scene", f"{name}.mp4"
        else:
            rule = "still" if medium["figure"] in STILL_FIGURES else "figure"
            main = f"{name}.png" if rule == "still" else f"{name}.gif"
        seconds, peak = job_benchmark(project, rule, name)
        if rule == "scene" and medium.get("segments", 1) > 1:
            # Rendered as segments (in parallel), then a join: its time is that chain's,
            # the longest segment counted; its peak the largest of the jobs'.
            parts = [job_benchmark(project, "scene_segment", f"{name}.{i}") for i in range(medium["segments"])]
            seconds += max(part[0] for part in parts)
            peak = max(peak, *(part[1] for part in parts))
            rule = f"scene ×{medium['segments']}"
        path = project / "output" / main
        gif = project / "output" / f"{name}.gif"
        rows.append({"name": name, "rule": rule, "file": main, "seconds": seconds, "peak_mib": peak,
                     "frames": frames_of(path), "kib": path.stat().st_size / 1024,
                     "gif_kib": gif.stat().st_size / 1024 if gif.exists() else None})
    return rows


def scale_config(base: dict, count: int) -> dict:
    """The project config plus a sweep of ``count`` learning rates and its small multiples."""
    config = copy.deepcopy(base)
    sweep = config["simulations"]["lr_sweep"]
    rates = sweep["optimizer"]["learning_rate"]
    sweep["optimizer"]["learning_rate"] = [float(f"{r:.4g}") for r in np.geomspace(min(rates), max(rates), count)]
    config["simulations"]["scale"] = sweep
    # Taller than the default still, so 64 panels stay readable at 750 px wide.
    config["media"]["scale"] = {**config["media"]["lr_sweep"], "simulation": "scale", "height_px": 1000,
                                "caption": f"Loss curves for {count} learning rates."}
    return config


def measure_scale(workdir: Path) -> list[tuple[int, float]]:
    base = yaml.safe_load((ROOT / "config.yaml").read_text())
    timings = []
    for count in SCALE_COUNTS:
        project = copy_project(workdir / f"scale-{count}")
        (project / "config.yaml").write_text(yaml.safe_dump(scale_config(base, count), sort_keys=False))
        timings.append((count, snakemake(project, "--cores", "2", "output/scale.png")))
    return timings


SEGMENT_TARGET = 1.5  # a long scene on 2 cores: segmented at least this much faster than one process
SCENE_RULES = ("scene", "scene_segment", "scene_join")


def longest_scene(rows: list[dict]) -> str:
    """The scene that took longest to render in the full rebuild."""
    return max((row for row in rows if row["rule"].startswith("scene")), key=lambda row: row["seconds"])["name"]


def measure_segments(project: Path, medium: str, counts=(1, 2)) -> list[tuple[int, float, dict]]:
    """(segments, wall s, seconds per job) of re-rendering ``medium`` alone with --cores 2, the traces built.

    Both in the same run, one after the other, so a busy machine slows both alike.
    """
    snakemake(project, "--cores", "2", f"output/{medium}.mp4")  # traces, and the files to compare against
    reference = (project / "output" / f"{medium}.mp4").read_bytes()
    rows = []
    for count in counts:
        seconds = snakemake(project, "--cores", "2", "--forcerun", *SCENE_RULES, "--config",
                            f"set=media.{medium}.segments={count}", "--", f"output/{medium}.mp4")
        if (project / "output" / f"{medium}.mp4").read_bytes() != reference:
            sys.exit(f"{medium}.mp4 from {count} segment(s) differs from the first render")
        jobs = {}
        for rule in SCENE_RULES:
            for table in sorted((project / "output" / "benchmarks" / rule).glob(f"{medium}*.tsv")):
                if table.stat().st_mtime >= time.time() - seconds - 1:
                    with open(table) as handle:
                        row = next(csv.DictReader(handle, delimiter="\t"))
                    jobs[f"{rule} {table.stem}"] = (float(row["s"]), float(row["cpu_time"]))
        rows.append((count, seconds, jobs))
    return rows


def segment_lines(medium: str, rows: list) -> tuple[list[str], bool]:
    base = rows[0][1]
    lines = ["", f"## One scene across cores: {medium}, `--cores 2`", "",
             "| segments | wall s | speed-up | jobs (wall s / CPU s each) | CPU s: all jobs, longest segment + join |",
             "|---:|---:|---:|---|---|"]
    ok = True
    for count, seconds, jobs in rows:
        speed = base / seconds
        met = "" if count == 1 else f" ({verdict(speed >= SEGMENT_TARGET)}, target ≥ {SEGMENT_TARGET:g}×)"
        ok &= count == 1 or speed >= SEGMENT_TARGET
        detail = ", ".join(f"{name.split()[0].removeprefix('scene_') or 'scene'} {wall:.1f} / {cpu:.1f}"
                           for name, (wall, cpu) in jobs.items())
        cpu = [value for _, value in jobs.values()]
        segment_cpu = [value for name, (_, value) in jobs.items() if name.startswith("scene_segment")]
        chain = (max(segment_cpu) + sum(v for n, (_, v) in jobs.items() if n.startswith("scene_join"))
                 if segment_cpu else sum(cpu))
        lines.append(f"| {count} | {seconds:.1f} | {speed:.2f}×{met} | {detail} | {sum(cpu):.1f}, {chain:.1f} |")
    lines += ["", "Same MP4 bytes from every count (checked); both renders in the same run. CPU is user+sys of"
              " each job and its children as Snakemake's benchmark samples them (a short-lived child can be missed):"
              " the work, whatever else ran."]
    return lines, ok


def kept_sections(path: Path, heading: str = "## Profile") -> str:
    """The sections of the old results another tool wrote (bench/profile_scene.py's profile), kept as they are."""
    if not path.exists():
        return ""
    text = path.read_text()
    start = text.find(heading)
    return "\n" + text[start:] if start >= 0 else ""


def load_note(before: tuple[float, float, float]) -> str:
    """The load averages at the start and end: a run on a busy machine says so."""
    after = os.getloadavg()
    return (f"\nLoad average (1, 5, 15 min) at the start: {before[0]:.2f}, {before[1]:.2f}, {before[2]:.2f}; "
            f"at the end: {after[0]:.2f}, {after[1]:.2f}, {after[2]:.2f} on {os.cpu_count()} cores "
            "(above the core count, other work shared the machine and every time above is longer for it).\n")


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.machine())
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{model}, {os.cpu_count()} cores, {memory:.0f} GiB; {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}")


def verdict(met: bool) -> str:
    return "met" if met else "MISSED"


def report(pipeline: dict, rows: list[dict], scale: list, baselines: dict | None) -> tuple[str, bool]:
    ok = True
    lines = [f"# Benchmark results — {datetime.date.today().isoformat()}", "", f"Machine: {machine()}.", "",
             "Written by `make bench` (bench/pipeline.py); every figure below comes from one run.", "",
             "## Pipeline", "", "| measure | value | target | |", "|---|---:|---:|---|"]
    checks = [
        ("every default medium from nothing (`snakemake media`), `--cores 2`", f"{pipeline['media']:.1f} s",
         f"≤ {MEDIA_TARGET_S:g} s", pipeline["media"] <= MEDIA_TARGET_S),
        ("full rebuild (`make`: media, the notes' renditions, placed copies), `--cores 2`",
         f"{pipeline['full']:.1f} s", "", None),
        ("no-op rebuild", f"{pipeline['noop']:.2f} s", f"≤ {NOOP_TARGET_S:g} s", pipeline["noop"] <= NOOP_TARGET_S),
        ("render stage, `--cores 1`", f"{pipeline['render1']:.1f} s", "", None),
        ("render stage, `--cores 2`", f"{pipeline['render2']:.1f} s", "", None),
        ("speed-up, 2 cores over 1", f"{pipeline['render1'] / pipeline['render2']:.2f}×", f"≥ {CORES_TARGET:g}×",
         pipeline["render1"] / pipeline["render2"] >= CORES_TARGET),
    ]
    for name, value, target, met in checks:
        ok &= met is not False
        lines.append(f"| {name} | {value} | {target} | {'' if met is None else verdict(met)} |")

    versus = {}
    if baselines:
        for name, frames, ours, base, ours_size, base_size in baselines["figures"]:
            versus[name] = (f"{base / ours:.1f}× faster, {ours_size / base_size:.2f}× the size",
                            gif_speed.meets(ours, base, ours_size, base_size))
        for name, ours, theirs, ours_db, theirs_db in baselines["scenes"]:
            versus[name] = (f"{theirs / ours:.1f}× smaller, +{ours_db - theirs_db:.1f} dB",
                            scene_bench.meets(ours, theirs, ours_db, theirs_db))
    lines += ["", "## Media (default config, full rebuild)", "",
              "| medium | rule | file | time s | peak MiB | frames | KiB | GIF KiB | against the plain way | |",
              "|---|---|---|---:|---:|---:|---:|---:|---|---|"]
    for row in rows:
        against, met = versus.get(row["name"], ("—", None))
        peak_ok = row["peak_mib"] <= PEAK_TARGET_MIB
        ok &= peak_ok and met is not False
        gif = f"{row['gif_kib']:.0f}" if row["gif_kib"] is not None else "—"
        mark = verdict(peak_ok and met is not False)
        lines.append(f"| {row['name']} | {row['rule']} | {row['file']} | {row['seconds']:.1f} | {row['peak_mib']:.0f} "
                     f"| {row['frames']} | {row['kib']:.0f} | {gif} | {against} | {mark} |")
    lines += ["", f"Targets: peak memory < {PEAK_TARGET_MIB:g} MiB per render; animated figures ≥ "
              f"{gif_speed.SPEED_TARGET:g}× faster and ≤ {gif_speed.SIZE_TARGET:g}× the size of FuncAnimation + "
              f"PillowWriter; scene GIFs ≥ {scene_bench.SIZE_TARGET:g}× smaller and ≥ {scene_bench.PSNR_TARGET:g} dB "
              "better than Manim's `--format gif` (at low quality, PSNR against the lossless frames)."]
    if not baselines:
        lines.append("Baselines were skipped in this run (`--no-baselines`).")

    lines += ["", "## Scale: a sweep of learning rates and its small multiples", "",
              "| rates | build s | s per rate | marginal s per added rate |", "|---:|---:|---:|---:|"]
    previous = None
    for count, seconds in scale:
        marginal = f"{(seconds - previous[1]) / (count - previous[0]):.2f}" if previous else "—"
        lines.append(f"| {count} | {seconds:.1f} | {seconds / count:.2f} | {marginal} |")
        previous = (count, seconds)
    lines += ["", "Linear growth shows as a steady marginal cost per added rate: each rate is one simulation job, "
              "and the figure draws one panel per rate.", ""]
    return "\n".join(lines), ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-baselines", action="store_true", help="skip the plain matplotlib and Manim baselines")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    parser.add_argument("--no-web", action="store_true",
                        help="keep the last web renditions section (bench/web.py, long) instead of measuring it again")
    parser.add_argument("--segments-only", metavar="MEDIUM",
                        help="only time this scene in 1 job and in 2 segments; print, write nothing")
    args = parser.parse_args()
    config = load_config()
    if args.segments_only:
        with tempfile.TemporaryDirectory(prefix="gd-bench-") as tmp:
            medium = args.segments_only
            lines, ok = segment_lines(medium, measure_segments(copy_project(Path(tmp) / "project"), medium))
        print("\n".join(lines))
        return 0 if ok else 1
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="gd-bench-") as tmp:
        workdir = Path(tmp)
        project = copy_project(workdir / "project")
        print("every default medium from nothing …", flush=True)
        pipeline = {"media": snakemake(copy_project(workdir / "media-only"), "--cores", "2", "media")}
        print("full rebuild …", flush=True)
        pipeline |= {"full": snakemake(project, "--cores", "2"), "noop": snakemake(project, "--cores", "2")}
        rows = media_rows(project, config)
        print("render stage on 1 core, then 2 …", flush=True)
        for cores in (1, 2):
            pipeline[f"render{cores}"] = snakemake(project, "--cores", str(cores), "--forcerun", *RENDER_RULES)
        medium = longest_scene(rows)
        print(f"{medium} in 1 job, then in 2 segments …", flush=True)
        segmented = measure_segments(project, medium)
        print("scale: 16, 32, 64 learning rates …", flush=True)
        scale = measure_scale(workdir)
    baselines = None
    if not args.no_baselines:
        print("baselines: FuncAnimation + PillowWriter, Manim --format gif …", flush=True)
        figures, _ = gif_speed.measure(config, repeat=1)
        names = [n for n, m in config["media"].items() if "scene" in m]
        _, versus = scene_bench.measure(config, names, qualities=[])
        baselines = {"figures": figures, "scenes": versus}
    text, ok = report(pipeline, rows, scale, baselines)
    lines, segments_ok = segment_lines(medium, segmented)
    text += "\n".join(lines) + "\n" + load_note(load_before)
    ok &= segments_ok
    args.out.write_text(text + kept_sections(args.out))
    if not args.no_web:
        __import__("web").append(args.out)  # then every web rendition's size and time (bench/web.py)
    print(text)
    print(f"written to {args.out}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
