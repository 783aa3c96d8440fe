"""The workflow on a real SLURM cluster: a single node on this machine (tests/slurm/cluster.sh).

`snakemake --profile profiles/slurm` submits every job with sbatch through
snakemake-executor-plugin-slurm; the outputs must equal a local build's, each
job must ask SLURM for what its rule declares, a job killed for exceeding its
memory must come back with more, and once the cluster is stopped no SLURM
client on the machine may be left waiting for a controller.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, copy_project, digests

pytestmark = [pytest.mark.slow, pytest.mark.slurm]

CLUSTER = ROOT / "tests/slurm/cluster.sh"
SNAKEMAKE = str(Path(sys.executable).parent / "snakemake")
# What a cluster without an accounting database needs on top of the profile
# (README: "Run on a SLURM cluster"): squeue for job states, no account.
TEST_CLUSTER_FLAGS = ["--slurm-status-command", "squeue", "--slurm-no-account",
                      "--slurm-init-seconds-before-status-checks", "2", "--latency-wait", "5"]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A running single-node cluster; the environment that reaches it."""
    if not all(shutil.which(tool) for tool in ("slurmctld", "slurmd", "sbatch", "munged")):
        pytest.fail("SLURM is not installed: `make test` installs it (scripts/install-system-deps.sh)")
    where = tmp_path_factory.mktemp("slurm")
    subprocess.run([str(CLUSTER), "start", str(where)], check=True, capture_output=True, text=True)
    env = {**os.environ, "SLURM_CONF": str(where / "slurm.conf"), "PATH": f"{where / 'bin'}:{os.environ['PATH']}"}
    try:
        yield env
    finally:
        subprocess.run([str(CLUSTER), "stop", str(where)], check=False)


def on_cluster(project: Path, env: dict, *args: str) -> subprocess.CompletedProcess:
    command = [SNAKEMAKE, "--profile", str(ROOT / "profiles/slurm"), *TEST_CLUSTER_FLAGS, *args]
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


@pytest.fixture(scope="module")
def on_slurm(built, cluster, tmp_path_factory):
    """The same project and config as the local `built`, rebuilt from nothing on the cluster."""
    project = copy_project(tmp_path_factory.mktemp("on-slurm"))
    (project / "config.yaml").write_text((built / "config.yaml").read_text())
    requests = planned_requests(project)
    on_cluster(project, cluster)
    return project, requests


def test_the_whole_workflow_on_slurm_equals_the_local_build(built, on_slurm):
    project, _ = on_slurm
    local, remote = digests(built), digests(project)
    assert any(name.endswith(".mp4") for name in local)
    assert remote == local


def test_every_job_asks_slurm_for_what_its_rule_declares(on_slurm, cluster):
    _, requests = on_slurm
    submitted = [(j["rule"], j["mem_mb"], j["runtime"]) for j in queue(cluster) if j["state"] == "COMPLETED"]
    assert {rule for rule, _, _ in requests} >= {"simulate", "figure", "still", "scene", "scene_segment", "scene_join"}
    assert sorted(submitted) == sorted(requests)


def test_each_scene_segment_ran_as_its_own_slurm_job(on_slurm, cluster):
    """A segmented scene is N SLURM jobs, one per range of its animations, and a job that joins them."""
    from gdmedia.config import load_config

    project, _ = on_slurm
    scenes = [m for m in load_config(project / "config.yaml")["media"].values() if "scene" in m]
    expected = sum(m["segments"] for m in scenes if m["segments"] > 1)
    assert expected >= 2, "the test config segments no scene"
    segments = {j["id"] for j in queue(cluster) if j["rule"] == "scene_segment" and j["state"] == "COMPLETED"}
    assert len(segments) == expected
    # Snakemake's own log names each segment job and the SLURM job it was submitted as.
    log = max((project / ".snakemake" / "log").glob("*.snakemake.log"), key=lambda p: p.stat().st_mtime).read_text()
    assert len(re.findall(r"^rule scene_segment:$", log, flags=re.M)) == expected, log[-3000:]
    submitted = {int(i) for i in re.findall(r"submitted with SLURM jobid (\d+) \(log: [^)]*/rule_scene_segment/", log)}
    assert submitted == segments


def test_a_job_over_its_memory_is_killed_and_retried_with_more(cluster, tmp_path):
    shutil.copytree(ROOT / "tests/slurm/memory", tmp_path / "memory")
    project = tmp_path / "memory"
    before = {j["id"] for j in queue(cluster)}
    on_cluster(project, cluster, "--retries", "2")
    # The rule asks 150 MB × attempt and needs about 400 MB: killed at 150 and 300, done at 450.
    assert (project / "granted.txt").read_text().split() == ["450"]
    mine = sorted((j for j in queue(cluster) if j["id"] not in before), key=lambda j: j["id"])
    assert [(j["mem_mb"], j["state"]) for j in mine] == [(150, "FAILED"), (300, "FAILED"), (450, "COMPLETED")]
    logs = "".join(p.read_text() for p in (project / ".snakemake/slurm_logs").rglob("*.log"))
    assert "exceeded memory limit" in logs


def test_a_stopped_test_cluster_leaves_no_client_waiting(tmp_path):
    # Snakemake's SLURM plugin runs `scontrol show config` (10 s time-out) whenever
    # Snakemake loads its plugins.  The test cluster's config lives in its own folder,
    # never in SLURM's default places, so outside the tests scontrol finds no config and
    # answers at once instead of waiting for a controller that is gone.
    where = tmp_path / "cluster"
    subprocess.run([str(CLUSTER), "start", str(where)], check=True, capture_output=True)
    subprocess.run([str(CLUSTER), "stop", str(where)], check=True, capture_output=True)
    for default in ("/etc/slurm/slurm.conf", "/etc/slurm-llnl/slurm.conf", "/run/slurm/conf/slurm.conf"):
        assert not Path(default).exists(), default
    env = {k: v for k, v in os.environ.items() if k != "SLURM_CONF"}
    answer = subprocess.run(["scontrol", "show", "config"], env=env, capture_output=True, text=True, timeout=60)
    assert answer.returncode != 0
    assert "configuration" in answer.stderr.lower() or "slurm.conf" in answer.stderr.lower(), answer.stderr
    from snakemake_executor_plugin_slurm.job_status_query import get_min_job_age

    assert get_min_job_age() is None
