"""The hostile probe of issue 11, kept as tests: divergence, damaged traces, killed runs.

Configs and resources are in test_hostile_config.py; note scanning in test_docs.py.
"""

from __future__ import annotations

import copy
import os
import signal
import subprocess
import sys
import time
import warnings
import zipfile
from pathlib import Path

import numpy as np
import pytest
import yaml

from gdmedia.figure_kit.figure import render as render_figure
from gdmedia.workflow.jobs.traces import measured
from conftest import ROOT, copy_project, load_script, options_for, snakemake
from gdmedia.workflow.settings.config import simulation_spec
from gdmedia.base.lifetime import part_name
from gdmedia.base.chunks import ChunkWriter, write_palette
from gdmedia.scene_kit.render import clip_chunks, remove_stale_work
from gdmedia.workflow.jobs.traces import save_json
from gdtrace.files import TraceError, damage, load, load_summary, save_npz, set_aside
from gdsim.descent import DIVERGED, DRAWABLE, StopRule, descend
from gdsim.optimizers import gd
from gdsim.simulate import simulate


# --- Divergence is a result -------------------------------------------------------------------

def _with(sim: dict, **stop_and_rate) -> dict:
    sim = copy.deepcopy(sim)
    rate = stop_and_rate.pop("learning_rate", None)
    if rate is not None:
        sim["optimizer"]["learning_rate"] = rate
    sim["stop"].update(stop_and_rate)
    return sim


def _assert_drawable_divergence(values, params):
    assert np.all(np.isfinite(params)) and np.all(np.isfinite(values))
    assert np.abs(params).max() <= DRAWABLE and np.abs(values).max() <= DRAWABLE


@pytest.mark.parametrize("name", ["linreg", "multi_modal", "valley"])
def test_huge_step_with_huge_bound_ends_diverged_at_a_drawable_point(config, name):
    sim = _with(config["simulations"][name], learning_rate=50.0 if name == "multi_modal" else 5.0, bound=1.0e300, max_steps=5000)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        trace = simulate(simulation_spec(sim))
    status = np.atleast_1d(trace.status)
    assert DIVERGED in status.tolist()
    params = getattr(trace, "theta", getattr(trace, "paths", getattr(trace, "w", None)))
    values = getattr(trace, "loss", getattr(trace, "values", None))
    _assert_drawable_divergence(values, params)
    # Every start blows up, each at its own step; the trace ends on the step before the last one did.
    assert status.tolist() == [DIVERGED] * len(status)
    assert trace.step[-1] == np.max(trace.stop_step) - 1


def test_nan_gradient_ends_diverged_at_that_step():
    value = lambda p: 0.5 * (p**2).sum(-1)  # noqa: E731
    grad = lambda p: np.where(np.abs(p) < 0.5, np.nan, p)  # noqa: E731  NaN once close to the bottom
    run = descend(value, grad, np.array([[2.0, 2.0]]), gd(0.3),
                  StopRule(max_steps=100, tolerance=0.0, patience=3, bound=1e6, record_every=1))
    assert run.status.tolist() == [DIVERGED]
    # 2·0.7^k drops under 0.5 at k = 4; the step from there (step 5) is the NaN one.
    assert run.stop_step[0] == 5 and run.steps[-1] == 4
    _assert_drawable_divergence(run.values, run.params)


def test_start_outside_the_bound_is_refused_by_name():
    with pytest.raises(ValueError, match="start 1 .* outside the bound"):
        descend(lambda p: (p**2).sum(-1), lambda p: 2 * p, np.array([[0.0, 0.0], [1e200, 0.0]]), gd(0.1),
                StopRule(max_steps=10, tolerance=0.0, patience=3, bound=1e300, record_every=1))


@pytest.mark.slow
def test_lr_gd_renders_a_diverged_run_with_a_huge_bound(tmp_path, config):
    # Issue 11: learning rate 5 with bound 1e300 used to crash matplotlib with OverflowError.
    trace = simulate(simulation_spec(_with(config["simulations"]["linreg"], learning_rate=5.0, bound=1.0e300)))
    assert trace.status == DIVERGED
    lr_gd = load_script("figures/lr_gd.py")
    out = tmp_path / "lr_gd.png"
    render_figure(lr_gd, trace, out, options=options_for(config, "lr_gd"), found=measured(trace))
    assert out.stat().st_size > 0


# --- A damaged trace is named with its rebuild command, and rebuilt ---------------------------




def _truncate(path):
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _drop_member(path, member):
    with zipfile.ZipFile(path) as old:
        kept = {n: old.read(n) for n in old.namelist() if n != member}
    with zipfile.ZipFile(path, "w") as new:
        for name, data in kept.items():
            new.writestr(name, data)


DAMAGES = {
    "truncated npz": ("npz", _truncate, "BadZipFile"),
    "garbage npz": ("npz", lambda p: p.write_bytes(b"\x00garbage" * 50), "ValueError"),
    "npz from before a field existed": ("npz", lambda p: _drop_member(p, "grad.npy"), "grad"),
    "garbage json": ("json", lambda p: p.write_text("{not json"), "JSONDecodeError"),
    "json of the wrong shape": ("json", lambda p: p.write_text("[1, 2]"), "not a trace summary"),
    "json not UTF-8": ("json", lambda p: p.write_bytes(b'{"parameters": "caf\xe9"}'), "UnicodeDecodeError"),
}


@pytest.mark.parametrize("case", sorted(DAMAGES))
def test_damaged_trace_is_named_in_one_line_with_its_rebuild_command(tmp_path, linreg_trace, config, case):
    suffix, spoil, reason = DAMAGES[case]
    npz = tmp_path / "my sims" / "linreg.npz"
    npz.parent.mkdir()
    save_npz(linreg_trace, npz)
    save_json(config["simulations"]["linreg"], linreg_trace, npz.with_suffix(".json"))
    assert damage(npz) is None
    spoil(npz.with_suffix(f".{suffix}"))
    with pytest.raises(TraceError) as caught:
        (load if suffix == "npz" else load_summary)(npz.with_suffix(f".{suffix}"))
    message = str(caught.value)
    assert "\n" not in message and message.startswith(f"{npz.with_suffix('.' + suffix)}: damaged")
    assert reason in message
    assert message.endswith(f"rebuild it: snakemake --cores 1 --force '{npz}' '{npz.with_suffix('.json')}'")
    found = damage(npz)  # the dry-run check reads the zip's directory, not the arrays
    assert found.path == npz.with_suffix(f".{suffix}") and str(found).endswith(message.rsplit("; ", 1)[1])
    aside = set_aside(found)
    assert aside.name.endswith(f".{suffix}.damaged") and not found.path.exists() and damage(npz) is None


def test_a_trace_not_built_yet_is_not_damaged(tmp_path):
    assert damage(tmp_path / "nothing.npz") is None


@pytest.mark.slow
def test_snakemake_rebuilds_a_truncated_trace_once(tmp_path):
    project = copy_project(tmp_path / "p")
    target = "output/sims/valley.npz"
    snakemake(project, "--cores", "1", target)
    _truncate(project / target)
    dry = snakemake(project, "-n", target)
    assert "damaged or out-of-date trace" in dry.stdout + dry.stderr
    assert (project / target).exists()  # a dry run moves nothing
    snakemake(project, "--cores", "1", target)
    assert load(project / target).status in ("converged", "diverged", "max_steps")
    assert (project / f"{target}.damaged").exists()
    again = snakemake(project, "-n", target)
    assert "Nothing to be done" in again.stdout + again.stderr


# --- Killed runs leave no orphan and no part file in the way ----------------------------------




def _gone(pid: int) -> bool:
    """True once ``pid`` has exited (a zombie waiting for init counts as gone)."""
    try:
        state = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return True
    return state in ("Z", "X")


def _wait_gone(pid: int, polls: int = 400) -> bool:
    # A bounded poll, not a timing verdict: the kernel's signal arrives at once, a
    # surviving orphan (the defect) sleeps for a minute and stays.
    for _ in range(polls):
        if _gone(pid):
            return True
        time.sleep(0.05)
    return False


CHILD = """
import sys, time
from gdmedia.base.lifetime import die_with_snakemake
print(die_with_snakemake(), flush=True)
time.sleep(60)
"""
# The parent's command line mentions snakemake, as a Snakemake job's parent does.
PARENT = """
import subprocess, sys
child = subprocess.Popen([sys.executable, "-c", sys.argv[1]], stdout=subprocess.PIPE, text=True)
print(child.pid, child.stdout.readline().strip(), flush=True)
import time; time.sleep(60)
"""


def test_a_job_dies_with_a_killed_snakemake(tmp_path):
    parent = subprocess.Popen([sys.executable, "-c", PARENT, CHILD, "/stand-in/bin/snakemake"], stdout=subprocess.PIPE,
                              text=True)
    pid, armed = parent.stdout.readline().split()
    assert armed == "True"
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    assert _wait_gone(int(pid))


def test_a_render_outside_snakemake_is_not_tied_to_its_parent():
    parent = subprocess.Popen([sys.executable, "-c", PARENT.replace("time.sleep(60)", "pass"), CHILD],
                              stdout=subprocess.PIPE, text=True)
    pid, armed = parent.stdout.readline().split()
    parent.wait()
    assert armed == "False" and not _gone(int(pid))
    os.kill(int(pid), signal.SIGKILL)


FEEDER = """
import sys
from pathlib import Path
import numpy as np
from gdmedia.base.chunks import ChunkWriter, write_palette
from gdmedia.scene_kit.render import chunk_folder
out = Path(sys.argv[1])
palette = write_palette([np.zeros((36, 64, 4), np.uint8)], out / "palette.png", 32, 256)
stream = ChunkWriter(chunk_folder(out / "clip.mp4"), (64, 36), 10, 32, palette)
print(*(process.pid for process in stream.processes), flush=True)
import time; time.sleep(60)
"""


def test_ffmpeg_dies_with_its_render_and_the_next_render_removes_the_dead_parts(tmp_path):
    feeder = subprocess.Popen([sys.executable, "-c", FEEDER, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    encoders = [int(pid) for pid in feeder.stdout.readline().split()]  # the MP4's ffmpeg and the GIF's
    feeder.send_signal(signal.SIGKILL)
    feeder.wait()
    # Without the death signal ffmpeg would read EOF and finish the clip from a dead render.
    assert len(encoders) == 2 and all(_wait_gone(pid) for pid in encoders)
    # The dead render's chunks stay in its part folder beside the target (scene_render.chunk_folder).
    stale = sorted(p.name for p in tmp_path.glob("*.part"))
    assert stale == [f"clip.chunks.{feeder.pid}.part"]
    mine = part_name(tmp_path / "clip.mp4")
    mine.write_bytes(b"being written")
    removed = remove_stale_work(tmp_path / "clip.mp4")
    assert mine.exists() and not (set(tmp_path.glob("*.part")) - {mine})
    assert sorted(p.name for p in removed) == stale


def test_a_failed_stream_leaves_no_part(tmp_path):
    black = np.zeros((36, 64, 4), np.uint8)
    palette = write_palette([black], tmp_path / "palette.png", 32, 256)
    with pytest.raises(RuntimeError, match="the render failed"), clip_chunks(tmp_path / "clip.mp4") as folder:
        stream = ChunkWriter(folder, (64, 36), 10, 32, palette)
        stream.write(black)
        stream.abort()
        raise RuntimeError("the render failed")
    assert not list(tmp_path.glob("*.part"))


def test_trace_write_failure_leaves_no_part(tmp_path, linreg_trace):
    broken = linreg_trace._replace(x=np.array([object()]))  # not an array numpy can save without pickle
    with pytest.raises(ValueError):
        save_npz(broken, tmp_path / "t.npz")
    assert not list(tmp_path.iterdir())


def _descendants(pid: int) -> set[int]:
    found, todo = set(), [pid]
    while todo:
        parent = todo.pop()
        for child in Path("/proc").glob("[0-9]*"):
            try:
                if int(child.joinpath("stat").read_text().rsplit(")", 1)[1].split()[1]) == parent:
                    found.add(int(child.name))
                    todo.append(int(child.name))
            except (OSError, ValueError, IndexError):
                continue
    return found


@pytest.mark.slow
def test_kill_9_of_snakemake_mid_render_leaves_no_orphan_and_the_next_run_builds(tmp_path):
    from conftest import small

    project = copy_project(tmp_path / "p")
    (project / "config.yaml").write_text(yaml.safe_dump(small((ROOT / "config.yaml").read_text())))
    snakemake(project, "--cores", "1", "output/sims/linreg.npz")
    exe = str(Path(sys.executable).parent / "snakemake")
    build = subprocess.Popen([exe, "--cores", "1", "output/regression_fit.mp4"], cwd=project,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    while not any((project / "output").glob("regression_fit.*.part")):
        assert build.poll() is None, "snakemake ended before the render began"
        workers |= _descendants(build.pid)
        time.sleep(0.05)
    workers |= _descendants(build.pid)
    build.send_signal(signal.SIGKILL)  # only snakemake: its job and ffmpeg must follow by themselves
    build.wait()
    assert workers and all(_wait_gone(pid) for pid in workers)
    # An orphaned render would have gone on to finish the clip and rename it into place.
    assert not any((project / "output" / f"regression_fit.{ext}").exists() for ext in ("mp4", "gif", "png"))
    snakemake(project, "--unlock")  # Snakemake's own lock survives kill -9 (test_faults covers it)
    snakemake(project, "--cores", "1", "output/regression_fit.mp4")
    assert (project / "output" / "regression_fit.gif").stat().st_size > 0
    assert not list((project / "output").glob("*.part"))
