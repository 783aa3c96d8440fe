"""Cluster execution: every job through a scheduler's submit command, and the profiles for it."""

import re

import pytest
import yaml

from conftest import ROOT, digests, snakemake

pytestmark = pytest.mark.slow


def test_jobs_submitted_as_separate_processes_make_the_local_bytes(built, built_again):
    # profiles/local-cluster hands each job to submit.sh, which starts it detached
    # and prints a job id: nothing a job needs may live in another process.
    project, submitted = built_again
    assert submitted.count("with external jobid") >= len(yaml.safe_load((built / "config.yaml").read_text())["media"])
    assert any(name.endswith(".mp4") for name in digests(built))
    assert digests(project) == digests(built)


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
    result = snakemake(ROOT, "-n", "--nolock", "--profile", "profiles/slurm", "--forceall", "all")
    assert "Job stats" in result.stdout
