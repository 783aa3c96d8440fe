"""The workflow on a real SLURM cluster: a single node on this machine (tests/slurm/cluster.sh).

`.venv-slurm/bin/snakemake --profile profiles/slurm` submits every job with sbatch
through snakemake-executor-plugin-slurm (in .venv-slurm only); the outputs must equal a local build's, each
job must ask SLURM for what its rule declares, a job killed for exceeding its
memory must come back with more, and once the cluster is stopped no SLURM
client on the machine may be left waiting for a controller.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, digests
from slurmcheck import CLUSTER, on_cluster, queue, slurm_snakemake

pytestmark = [pytest.mark.slow, pytest.mark.slurm]

def test_the_whole_workflow_on_slurm_equals_the_local_build(built, built_again):
    project = built_again.project
    local, remote = digests(built), digests(project)
    assert any(name.endswith(".mp4") for name in local)
    assert remote == local


def test_every_job_asks_slurm_for_what_its_rule_declares(built_again):
    requests = built_again.requests
    submitted = [(j["rule"], j["mem_mb"], j["runtime"]) for j in built_again.jobs if j["state"] == "COMPLETED"]
    assert {rule for rule, _, _ in requests} >= {"simulate", "figure", "still", "scene", "scene_segment", "scene_join"}
    assert sorted(submitted) == sorted(requests)


def test_each_scene_segment_ran_as_its_own_slurm_job(built_again):
    """A segmented scene is N SLURM jobs, one per range of its animations, and a job that joins them."""
    from gdmedia.workflow.settings.config import load_config

    project = built_again.project
    scenes = [m for m in load_config(project / "config.yaml")["media"].values() if "scene" in m]
    expected = sum(m["segments"] for m in scenes if m["segments"] > 1)
    assert expected >= 2, "the test config segments no scene"
    segments = {j["id"] for j in built_again.jobs if j["rule"] == "scene_segment" and j["state"] == "COMPLETED"}
    assert len(segments) == expected
    # Snakemake's own log names each segment job and the SLURM job it was submitted as.
    log = max((project / ".snakemake" / "log").glob("*.snakemake.log"), key=lambda p: p.stat().st_mtime).read_text()
    assert len(re.findall(r"^rule scene_segment:$", log, flags=re.M)) == expected, log[-3000:]
    submitted = {int(i) for i in re.findall(r"submitted with SLURM jobid (\d+) \(log: [^)]*/rule_scene_segment/", log)}
    assert submitted == segments


def test_a_job_over_its_memory_is_killed_and_retried_with_more(slurm_cluster, tmp_path):
    shutil.copytree(ROOT / "tests/slurm/memory", tmp_path / "memory")
    project = tmp_path / "memory"
    before = {j["id"] for j in queue(slurm_cluster)}
    on_cluster(project, slurm_cluster, "--retries", "2")
    # The rule asks 250 MB × attempt and its script alone holds 250 MB plus Python: killed at 250, done at 500.
    # (One kill, not two: the plugin's status checks back off by 10 s more after every check that sees
    # no job complete, a failed one included, so each further attempt would cost 10 s more than the last.)
    assert (project / "granted.txt").read_text().split() == ["500"]
    mine = sorted((j for j in queue(slurm_cluster) if j["id"] not in before), key=lambda j: j["id"])
    assert [(j["mem_mb"], j["state"]) for j in mine] == [(250, "FAILED"), (500, "COMPLETED")]
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
    # What the plugin asks, in the environment that has it (.venv-slurm).
    python = Path(slurm_snakemake()).parent / "python"
    asked = subprocess.run([str(python), "-c", "from snakemake_executor_plugin_slurm.job_status_query import "
                            "get_min_job_age; print(get_min_job_age())"], env=env, capture_output=True, text=True,
                           timeout=60, check=True)
    assert asked.stdout.split() == ["None"]
