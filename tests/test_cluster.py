"""Cluster execution: every job through a scheduler's submit command, and the profiles for it."""

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, SEGMENTED, copy_project, digests, snakemake
from slurmcheck import slurm_snakemake

pytestmark = pytest.mark.slow


# A figure, a still and the segmented scene (segments and their join): every kind of job the media need.
THROUGH_SUBMIT = ["output/lr_gd.gif", "output/final_fit.png", f"output/{SEGMENTED}.mp4"]


def test_jobs_submitted_as_separate_processes_make_the_local_bytes(built, tmp_path):
    # profiles/local-cluster hands each job to submit.sh, which starts it detached
    # and prints a job id: nothing a job needs may live in another process.
    # (The whole workflow is built again job by job on the SLURM test cluster: tests/test_slurm.py.)
    project = copy_project(tmp_path / "submitted")
    (project / "config.yaml").write_text((built / "config.yaml").read_text())
    result = snakemake(project, "--profile", "profiles/local-cluster", "--jobs", "2", *THROUGH_SUBMIT)
    submitted = result.stdout + result.stderr
    ran = re.findall(r"^rule (\w+):$", (max((project / ".snakemake/log").glob("*.log"))).read_text(), flags=re.M)
    assert {"simulate", "figure", "still", "scene_segment", "scene_join"} <= set(ran)
    assert submitted.count("with external jobid") >= len(ran)
    made = digests(project)
    assert made and made == {name: digest for name, digest in digests(built).items() if name in made}
    assert {f"output/{Path(f).name}" for f in THROUGH_SUBMIT} <= set(made)


@pytest.mark.parametrize("rule", ["simulate", "figure", "still", "scene", "scene_segment", "scene_join",
                                  "place", "gallery", "site"])
def test_every_rule_declares_memory_runtime_and_threads(rule):
    text = "".join(p.read_text() for p in (ROOT / "rules").glob("*.smk"))
    base = re.search(rf"use rule (\w+) as {rule} with:", text)
    if base:  # `use rule … with:` inherits what it does not set
        rule = base.group(1)
    block = text[text.index(f"rule {rule}:"):]
    block = block[: block.find("\nrule ", 1) if "\nrule " in block[1:] else len(block)]
    assert "mem_mb=" in block and "runtime=" in block and "threads: 1" in block, block


def test_slurm_profile_plans_the_workflow_on_the_slurm_executor():
    profile = yaml.safe_load((ROOT / "profiles" / "slurm" / "config.yaml").read_text())
    assert profile["executor"] == "slurm" and profile["retries"] >= 1 and profile["rerun-incomplete"]
    # With the SLURM environment's snakemake (Makefile: .venv-slurm), as the README says.
    result = subprocess.run([slurm_snakemake(), "-n", "--nolock", "--profile", "profiles/slurm", "--forceall", "all"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, f"{result.stdout}\n{result.stderr}"
    assert "Job stats" in result.stdout
