"""Make the SLURM environment, .venv-slurm: .venv's packages plus SLURM's executor plugin.

    .venv/bin/python scripts/slurm_env.py .venv-slurm requirements-slurm.lock   (the Makefile runs it)

SLURM's executor plugin stays out of .venv because Snakemake imports every
installed plugin whenever it starts: this one imports pandas and runs SLURM's
clients (`scontrol show config`, `which sacct`), about 0.4 s on every
`snakemake` call, a no-op included.  Only the SLURM profile's command needs it.

.venv-slurm is a venv of the same Python without packages of its own but three:
  - a .pth file that adds .venv's site-packages (all the project's packages);
  - snakemake-executor-plugin-slurm-jobstep, which runs a job inside its SLURM job;
  - a .pth file that adds submit/ (the SLURM plugin and pandas), except in the
    Snakemake processes that run one job on a node: those are started with
    `--mode remote` or `--mode subprocess` (Snakemake's own marker for a spawned
    job) and need only the jobstep plugin, so each SLURM job starts two Snakemakes
    without pandas.
Jobs run with the interpreter that submitted them (sys.executable), so they find the same.
"""

from __future__ import annotations

import subprocess
import sys
import sysconfig
from pathlib import Path

JOBSTEP = "snakemake-executor-plugin-slurm-jobstep"

# Runs at start-up of .venv-slurm's Python, before Snakemake parses its arguments.
SUBMIT_PTH = (
    "import site, sys; a = sys.orig_argv; "
    "spawned = any(x == '--mode' and y in ('remote', 'subprocess') for x, y in zip(a, a[1:])); "
    "spawned or site.addsitedir({submit!r})\n"
)


def pins(lock: Path) -> list[str]:
    return [line.strip() for line in lock.read_text().splitlines() if line.strip() and not line.startswith("#")]


def pip_install(target: Path, requirements: list[str]) -> None:
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps",
                    "--target", str(target), *requirements], check=True)


def make(venv: Path, lock: Path) -> None:
    venv = venv.absolute()
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    where = "import sysconfig; print(sysconfig.get_path('purelib'))"
    site_packages = Path(subprocess.run([str(venv / "bin/python"), "-c", where],
                                        capture_output=True, text=True, check=True).stdout.strip())
    submit = venv / "submit"
    requirements = pins(lock)
    jobstep = [r for r in requirements if r.split("==")[0] == JOBSTEP]
    if not jobstep:
        raise SystemExit(f"{lock}: no {JOBSTEP} pinned")
    pip_install(site_packages, jobstep)
    pip_install(submit, [r for r in requirements if r not in jobstep])
    base = sysconfig.get_path("purelib")  # .venv's, as this script runs with .venv's Python
    (site_packages / "gdmedia-venv.pth").write_text(f"import site; site.addsitedir({base!r})\n")
    (site_packages / "gdmedia-slurm-submit.pth").write_text(SUBMIT_PTH.format(submit=str(submit)))
    for script in sorted((submit / "bin").glob("*")):  # the plugin's commands, run by this venv's Python
        lines = script.read_text().split("\n", 1)
        (venv / "bin" / script.name).write_text(f"#!{venv / 'bin/python'}\n{lines[1] if len(lines) > 1 else ''}")
        (venv / "bin" / script.name).chmod(0o755)
        script.unlink()
    launcher = venv / "bin/snakemake"
    launcher.write_text('#!/bin/sh\n# snakemake with the SLURM plugin (scripts/slurm_env.py)\n'
                        'exec "$(dirname "$0")/python" -m snakemake "$@"\n')
    launcher.chmod(0o755)


if __name__ == "__main__":
    make(Path(sys.argv[1]), Path(sys.argv[2]))
