"""Hostile configs against the normal one, measured in the same run and printed as ratios.

Rows:
- loading a config file (``load_config``: file guard, schema, defaults, references)
  for the project's config.yaml and for an alias bomb, a deeply nested and a huge
  document (each refused);
- ``snakemake -n`` in a fresh copy of the project, plain and with the alias bomb
  as ``--configfile`` (refused before any job);
- the peak memory (``/usr/bin/time -f %M``) of one
  simulation and one animated figure next to what ``gdmedia.workflow.jobs.resources`` asks
  for them, the calibration of the requests.

    .venv/bin/python bench/hostile.py [--no-snakemake] [--no-peaks]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from gdmedia.workflow.jobs import resources
from gdmedia.workflow.settings.config import CONFIG, ROOT, ConfigError, load_config
from gdmedia.workflow.authoring.workspace import copy_project

SNAKEMAKE = str(Path(sys.executable).parent / "snakemake")


def alias_bomb(levels: int = 12, width: int = 9) -> str:
    lines = ["simulations: {}", "media: {}", "bomb:", "  - &a0 [1.0, 1.0]"]
    lines += [f"  - &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]" for i in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


HOSTILE = {
    "alias bomb (9^12 values)": alias_bomb(),
    "nested 5000 deep": "simulations: " + "[" * 5000 + "]" * 5000 + "\n",
    "huge (10 MB)": "simulations: {}\nmedia: {}\njunk:\n" + "  - 12345678\n" * 800_000,
}


def seconds(action, repeat: int = 5) -> float:
    """Median wall time of ``action()`` over ``repeat`` runs."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def refused(path: Path):
    def load():
        try:
            load_config(path)
        except ConfigError:
            return
        raise AssertionError(f"{path} was not refused")

    return load


def loading_rows(folder: Path) -> list[tuple[str, float, float]]:
    normal = seconds(lambda: load_config(CONFIG))
    rows = [("config.yaml (accepted)", normal, 1.0)]
    for name, text in HOSTILE.items():
        path = folder / f"{name.split()[0]}.yaml"
        path.write_text(text)
        took = seconds(refused(path))
        rows.append((f"{name} (refused)", took, took / normal))
    return rows


def dry_run_rows(folder: Path) -> list[tuple[str, float, float]]:
    project = copy_project(folder / "project")
    bomb = folder / "bomb.yaml"
    bomb.write_text(alias_bomb())

    def dry(*extra):
        return lambda: subprocess.run([SNAKEMAKE, "-n", *extra], cwd=project, capture_output=True)

    normal = seconds(dry(), repeat=3)
    hostile = seconds(dry("--configfile", str(bomb)), repeat=3)
    return [("snakemake -n", normal, 1.0), ("snakemake -n --configfile <alias bomb> (refused)", hostile, hostile / normal)]


PEAK_SIM = """
import copy, sys
from gdmedia.workflow.settings.config import load_config, simulation_spec
from gdsim.simulate import simulate
sim = copy.deepcopy(load_config().get("simulations")["multi_modal"])
sim["stop"].update(max_steps=20000, record_every=1, tolerance=0.0, patience=20001)
sim["start"].update(points=None, count=200)
simulate(simulation_spec(sim))
"""
PEAK_FIG = """
import sys
sys.path.insert(0, "tests")
from conftest import load_script, options_for
from gdmedia.workflow.settings.config import load_config, simulation_spec
from gdmedia.figure_kit.figure import render as render_figure
from gdmedia.workflow.jobs.traces import measured
from gdsim.simulate import simulate
config = load_config()
trace = simulate(simulation_spec(config["simulations"]["linreg"]))
render_figure(load_script("figures/lr_gd.py"), trace, sys.argv[1], options=options_for(config, "lr_gd", frames=240),
              found=measured(trace))
"""


def peak_mb(code: str, *args: str) -> float:
    """Peak resident memory of a fresh interpreter running ``code``, in MB, from ``/usr/bin/time -f %M``."""
    done = subprocess.run(["/usr/bin/time", "-f", "%M", sys.executable, "-c", code, *args], cwd=ROOT, check=True,
                          capture_output=True, text=True)
    return int(done.stderr.strip().splitlines()[-1]) * 1024 / 1e6


def peak_rows(folder: Path) -> list[tuple[str, float, float]]:
    config = load_config(CONFIG)
    sim = {**config["simulations"]["multi_modal"]}
    sim["stop"] = {**sim["stop"], "max_steps": 20000, "record_every": 1}
    sim["start"] = {**sim["start"], "points": None, "count": 200}
    medium = {**config["media"]["lr_gd"], "frames": 240}
    measured_sim = peak_mb(PEAK_SIM)
    measured_fig = peak_mb(PEAK_FIG, str(folder / "lr_gd.gif"))
    asked_sim, asked_fig = resources.simulation(sim).mem_mb, resources.figure(medium).mem_mb
    return [
        (f"simulate 20,001 rows × 200 starts: peak MB, request {asked_sim} MB", measured_sim, asked_sim / measured_sim),
        (f"lr_gd 240 frames × 750×420 px: peak MB, request {asked_fig} MB", measured_fig, asked_fig / measured_fig),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-snakemake", action="store_true", help="skip the snakemake -n rows")
    parser.add_argument("--no-peaks", action="store_true", help="skip the peak-memory calibration rows")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hostile-bench-") as folder:
        folder = Path(folder)
        rows = loading_rows(folder)
        if not args.no_snakemake:
            rows += dry_run_rows(folder)
        print("| config | seconds | × the normal |\n|---|---:|---:|")
        for name, took, ratio in rows:
            print(f"| {name} | {took:.3f} | {ratio:.2f}× |")
        if not args.no_peaks:
            print("\n| job | peak MB | request ÷ peak |\n|---|---:|---:|")
            for name, peak, ratio in peak_rows(folder):
                print(f"| {name} | {peak:.0f} | {ratio:.2f}× |")


if __name__ == "__main__":
    main()
