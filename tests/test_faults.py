"""Faults, driven through the real snakemake on a small copy of the project:
an interrupted build, a failing job, a killed snakemake, a run of a million steps."""

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, copy_project, small, snakemake
from gifcheck import read_gif

pytestmark = pytest.mark.slow

SNAKEMAKE = str(Path(sys.executable).parent / "snakemake")


@pytest.fixture
def project(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "config.yaml").write_text(yaml.safe_dump(small((ROOT / "config.yaml").read_text())))
    return project


def start(project: Path, *targets: str) -> subprocess.Popen:
    """snakemake in its own process group, as a terminal would run it."""
    return subprocess.Popen([SNAKEMAKE, "--cores", "1", *targets], cwd=project, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def wait_for(condition, what: str, process: subprocess.Popen) -> None:
    """Poll until ``condition()``; fail if snakemake ends first (no clock in the verdict)."""
    while not condition():
        if process.poll() is not None:
            pytest.fail(f"snakemake ended before {what}:\n{process.stdout.read()}")
        time.sleep(0.05)


def last_log(project: Path) -> str:
    """The full log of the latest snakemake run in ``project``."""
    return max((project / ".snakemake" / "log").glob("*.snakemake.log"), key=lambda p: p.stat().st_mtime).read_text()


def planned(project: Path, target: str) -> str:
    return snakemake(project, "-n", target).stdout


def test_an_interrupted_render_is_never_taken_as_done(project):
    snakemake(project, "--cores", "1", "output/sims/linreg.npz")
    target = "output/regression_fit.mp4"
    build = start(project, target)
    # Its MP4 and GIF chunks go to a part folder beside the target (scene_render.chunk_folder).
    wait_for(lambda: any((project / "output").glob("regression_fit.chunks.*.part/*.gif")),
             "the scene began writing its GIF", build)
    os.killpg(build.pid, signal.SIGINT)  # Ctrl-C: the whole foreground group
    build.wait()
    assert build.returncode != 0
    for ext in ("mp4", "gif", "png"):
        made = project / "output" / f"regression_fit.{ext}"
        assert not made.exists() or "rule scene" in planned(project, target)
    again = snakemake(project, target)  # the default profile: --cores all, rerun-incomplete
    # A scene renders in one job (scene), or in segments and a join (scene_join): rules/scenes.smk.
    assert re.search(r"▶ scene(_join)? regression_fit\b", again.stdout + again.stderr)
    frames, _, loop = read_gif(project / "output" / "regression_fit.gif")
    assert len(frames) > 1 and loop == 0
    assert "Nothing to be done" in planned(project, target)


def test_a_failing_job_leaves_no_output_and_the_others_finish(project):
    script = project / "figures" / "lr_gd.py"
    # Fail after the footer has written both outputs: snakemake must remove them.
    script.write_text(script.read_text() + '\nraise RuntimeError("lr_gd broke on purpose")\n')
    result = snakemake(project, "--retries", "1", "output/lr_gd.gif", "output/final_fit.png", check=False)
    text = result.stdout + result.stderr
    assert result.returncode != 0
    assert not (project / "output" / "lr_gd.gif").exists()
    assert not (project / "output" / "lr_gd.png").exists()
    assert (project / "output" / "final_fit.png").stat().st_size > 0  # keep-going
    assert "lr_gd broke on purpose" in text and "output/logs/figures/lr_gd.log" in text
    # The retry of lr_gd's job asked for twice the memory and time of the first attempt
    # (the run's full log has every job's resources; the screen has one line per job).
    jobs = re.split(r"^(?:local)?rule figure:$", last_log(project), flags=re.M)[1:]
    attempts = [job for job in jobs if "wildcards: medium=lr_gd" in job]
    requests = [tuple(int(re.search(rf"\b{r}=(\d+)", job)[1]) for r in ("mem_mb", "runtime")) for job in attempts]
    assert len(requests) == 2 and requests[1] == (2 * requests[0][0], 2 * requests[0][1]), requests


def test_after_snakemake_is_killed_unlock_brings_the_workflow_back(project):
    target = "output/lr_gd.gif"
    log = project / "output" / "logs" / "figures" / "lr_gd.log"
    build = start(project, target)
    wait_for(log.exists, "the figure job started", build)
    os.killpg(build.pid, signal.SIGKILL)  # no chance to clean up or release the lock
    build.wait()
    locked = snakemake(project, target, check=False)
    assert locked.returncode != 0 and "--unlock" in locked.stdout + locked.stderr
    snakemake(project, "--unlock")  # the README's recovery step
    snakemake(project, target)
    assert len(read_gif(project / "output" / "lr_gd.gif")[0]) > 1
    assert "Nothing to be done" in planned(project, target)
