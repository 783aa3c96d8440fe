"""Web renditions: the size and build time of every variant of every medium, in bench/RESULTS.md.

In a fresh copy of the project (the checkout's output/ is never touched), every
rendition a note may ask for (gdmedia.web.renditions: NAME[.dark][@2x].EXT) is
built through the workflow; each row gives the file's size, the time of the job
that made it (Snakemake's benchmark file), and, for a video, its size against
the GIF of the same rendition.  Figures and stills render at their configured
size; scenes at ``--scene-quality`` (default low: an @2x scene at medium is
Manim's 2560 px preset, minutes a render).

    .venv/bin/python bench/web.py [--cores 2] [--scene-quality low|medium|high]

Run alone it replaces the "Web renditions" section of bench/RESULTS.md; `make
bench` (bench/pipeline.py) appends it after its own tables.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from gdmedia.workflow.settings.config import ROOT, STILL_FIGURES, load_config
from gdmedia.web.renditions import ANIMATED_FORMATS, STILL_FORMATS, VARIANTS, is_still
from gdmedia.workflow.authoring.workspace import copy_project

SNAKEMAKE = str(Path(sys.executable).parent / "snakemake")
HEADING = "## Web renditions"


def products(config: dict) -> dict[str, set[str]]:
    """Medium → its default extensions, as the workflow's media_products gives them."""
    made = {}
    for name, medium in config["media"].items():
        if "scene" in medium:
            made[name] = {"mp4", "gif", "png"}
        elif medium["figure"] in STILL_FIGURES:
            made[name] = {"png", "svg"}
        else:
            made[name] = {"gif", "png"}
    return made


def targets(config: dict) -> list[str]:
    """Every rendition of every medium: each variant in each format."""
    files = []
    for name, defaults in products(config).items():
        for variant in VARIANTS:
            for ext in STILL_FORMATS if is_still(defaults) else ANIMATED_FORMATS:
                files.append(f"output/{name}{variant}.{ext}")
    return files


def benchmark_file(project: Path, config: dict, path: str) -> Path:
    """The benchmark of the job that wrote ``path``: the 1× rule's, or rules/web.smk's."""
    stem, ext = Path(path).name.rsplit(".", 1)
    medium = re.sub(r"(\.dark)?(@2x)?$", "", stem)
    defaults = products(config)[medium]
    bench = project / "output" / "benchmarks"
    if stem == medium and ext in defaults:
        rule = "scene" if "scene" in config["media"][medium] else "still" if is_still(defaults) else "figure"
        return bench / rule / f"{medium}.tsv"
    if "scene" in config["media"][medium] and ext != "webm":
        return bench / "web" / f"{stem}.scene.tsv"
    return bench / "web" / f"{stem}.{ext}.tsv"


def job_seconds(table: Path) -> float:
    with open(table) as rows:
        return float(next(csv.DictReader(rows, delimiter="\t"))["s"])


def measure(cores: int, scene_quality: str) -> tuple[list[dict], float, float]:
    with tempfile.TemporaryDirectory(prefix="gd-web-bench-") as tmp:
        project = copy_project(Path(tmp) / "project")
        raw = yaml.safe_load((project / "config.yaml").read_text())
        for medium in raw["media"].values():
            if "scene" in medium:
                medium["quality"] = scene_quality
        (project / "config.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True))
        config = load_config(project / "config.yaml")
        files = targets(config)
        load = os.getloadavg()[0]
        start = time.perf_counter()
        result = subprocess.run([SNAKEMAKE, "--cores", str(cores), *files], cwd=project, capture_output=True, text=True)
        wall = time.perf_counter() - start
        if result.returncode != 0:
            sys.exit(f"snakemake failed in {project}:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
        rows = []
        for path in files:
            file = project / path
            rows.append({"file": file.name, "kib": file.stat().st_size / 1024,
                         "s": job_seconds(benchmark_file(project, config, path))})
    return rows, wall, load


def section(rows: list[dict], wall: float, cores: int, scene_quality: str, load: float) -> str:
    size = {r["file"]: r["kib"] for r in rows}
    lines = [HEADING, "",
             f"Measured {datetime.date.today()}, {os.cpu_count()} cores, load average {load:.1f} at the start "
             "(times on a shared machine are upper bounds; sizes do not depend on it).", "",
             f"Every rendition of every medium (`NAME[.dark][@2x].EXT`), built from nothing with `--cores {cores}` "
             f"in {wall:.0f} s; figures and stills at their configured size, scenes at `{scene_quality}` quality. "
             "Time: the job that wrote the file (a 1× figure's GIF and PNG, and a scene's MP4, GIF and poster, "
             "come from one job, so they share its time; a video's time is its encoding alone). "
             "`vs GIF`: the file's size over the GIF of the same rendition.", "",
             "| file | KiB | job s | vs GIF |", "|---|---:|---:|---:|"]
    for r in rows:
        stem, ext = r["file"].rsplit(".", 1)
        gif = size.get(f"{stem}.gif")
        versus = f"{r['kib'] / gif:.2f}×" if ext in ("mp4", "webm") and gif else ""
        lines.append(f"| {r['file']} | {r['kib']:.0f} | {r['s']:.1f} | {versus} |")
    videos = [(r["kib"] / size[r["file"].rsplit(".", 1)[0] + ".gif"], r["file"].rsplit(".", 1)[1]) for r in rows
              if r["file"].endswith((".mp4", ".webm")) and r["file"].rsplit(".", 1)[0] + ".gif" in size]
    for ext in ("mp4", "webm"):
        ratios = sorted(v for v, e in videos if e == ext)
        if ratios:
            lines.append("")
            lines.append(f"{ext.upper()} against the GIF of the same rendition: median {ratios[len(ratios) // 2]:.2f}×, "
                         f"from {ratios[0]:.2f}× to {ratios[-1]:.2f}× ({len(ratios)} files).")
    return "\n".join(lines) + "\n"


def write(text: str, out: Path) -> None:
    """Replace the section in ``out`` (or add it at the end)."""
    old = out.read_text() if out.exists() else ""
    kept = old.split(HEADING)[0].rstrip("\n")
    after = old.split(HEADING, 1)[1] if HEADING in old else ""
    rest = after[after.find("\n## "):] if "\n## " in after else ""
    out.write_text((kept + "\n\n" if kept else "") + text + rest)


def append(out: Path, cores: int = 2, scene_quality: str = "low") -> None:
    """What `make bench` runs after the pipeline's tables."""
    print("web renditions: every variant of every medium …", flush=True)
    rows, wall, load = measure(cores, scene_quality)
    write(section(rows, wall, cores, scene_quality, load), out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--scene-quality", choices=["low", "medium", "high"], default="low")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    args = parser.parse_args()
    append(args.out, args.cores, args.scene_quality)
    print(args.out.read_text().split(HEADING, 1)[1])
    return 0


if __name__ == "__main__":
    sys.exit(main())
