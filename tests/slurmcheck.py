"""The SLURM test cluster: a single node on this machine (tests/slurm/cluster.sh), and what tests read from it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CLUSTER = ROOT / "tests/slurm/cluster.sh"
SNAKEMAKE = str(Path(sys.executable).parent / "snakemake")
# The SLURM environment (Makefile: .venv-slurm): .venv plus SLURM's executor plugin, which
# .venv itself leaves out so that a plain `snakemake` never loads it.
SLURM_ENV = ROOT / ".venv-slurm"
# What a cluster without an accounting database needs on top of the profile
# (README: "Run on a SLURM cluster"): squeue for job states, no account.
TEST_CLUSTER_FLAGS = ["--slurm-status-command", "squeue", "--slurm-no-account",
                      "--slurm-init-seconds-before-status-checks", "2", "--latency-wait", "5"]


@contextmanager
def running_cluster(where: Path):
    """A running single-node cluster kept in ``where``; yields the environment that reaches it."""
    if not all(shutil.which(tool) for tool in ("slurmctld", "slurmd", "sbatch", "munged")):
        pytest.fail("SLURM is not installed: `make test` installs it (scripts/install-system-deps.sh)")
    subprocess.run([str(CLUSTER), "start", str(where)], check=True, capture_output=True, text=True)
    env = {**os.environ, "SLURM_CONF": str(where / "slurm.conf"), "PATH": f"{where / 'bin'}:{os.environ['PATH']}"}
    try:
        yield env
    finally:
        subprocess.run([str(CLUSTER), "stop", str(where)], check=False)


def slurm_snakemake() -> str:
    """The README's command for SLURM: snakemake of the SLURM environment."""
    command = SLURM_ENV / "bin/snakemake"
    if not command.exists():
        pytest.fail(f"{command} is missing: `make test` (or `make slurm-env`) makes the SLURM environment")
    return str(command)


def on_cluster(project: Path, env: dict, *args: str) -> subprocess.CompletedProcess:
    command = [slurm_snakemake(), "--profile", str(ROOT / "profiles/slurm"), *TEST_CLUSTER_FLAGS, *args]
    result = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)
    assert result.returncode == 0, f"{result.stdout}\n{result.stderr}"
    return result


def queue(env: dict) -> list[dict]:
    """Every job SLURM still remembers (MinJobAge keeps finished ones for 5 minutes)."""
    out = subprocess.run(["squeue", "--states=all", "-h", "-o", "%i|%k|%m|%l|%T"],
                         env=env, capture_output=True, text=True, check=True).stdout
    jobs = []
    for line in out.splitlines():
        jobid, comment, memory, limit, state = line.split("|")
        rule = re.match(r"rule_([a-z_]+?)(?:_wildcards.*)?$", comment).group(1)
        jobs.append({"id": int(jobid), "rule": rule, "mem_mb": megabytes(memory), "runtime": minutes(limit),
                     "state": state})
    return jobs


def megabytes(text: str) -> int:
    number, unit = float(text[:-1]), text[-1]
    return round(number * {"M": 1, "G": 1024, "T": 1024 * 1024}[unit])


def minutes(text: str) -> int:
    days, _, clock = text.rpartition("-")
    parts = [int(p) for p in clock.split(":")]
    hours, mins, secs = ([0] * (3 - len(parts)) + parts)
    return (int(days or 0) * 24 + hours) * 60 + mins + (1 if secs else 0)


def local_rules(project: Path) -> set[str]:
    """Rules the workflow keeps on the submitting machine (its `localrules:` blocks)."""
    names = set()
    for source in [project / "Snakefile", *sorted((project / "rules").glob("*.smk"))]:
        for block in re.findall(r"^localrules:\n((?:[ \t]+\w+,?\n)+)", source.read_text(), flags=re.M):
            names.update(re.findall(r"\w+", block))
    return names


def planned_requests(project: Path) -> list[tuple[str, int, int]]:
    """(rule, mem_mb, runtime) of every job a dry run would submit, as the rules declare them."""
    out = subprocess.run([SNAKEMAKE, "-n", "--forceall"], cwd=project, capture_output=True, text=True,
                         env={k: v for k, v in os.environ.items() if k != "SLURM_CONF"}, check=True).stdout
    local = local_rules(project)
    requests, rule = [], None
    for line in out.splitlines():
        if match := re.match(r"(?:local)?rule (\w+):", line.strip()):
            rule = None if match.group(1) in local else match.group(1)
        elif rule and line.strip().startswith("resources:"):
            values = dict(re.findall(r"(\w+)=([^,\s]+)", line))
            requests.append((rule, int(values["mem_mb"]), int(values["runtime"])))
            rule = None
    return requests
