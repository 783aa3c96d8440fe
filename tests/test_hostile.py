"""The hostile probe of issue 11, kept as tests: each careless or hostile input and its refusal or result.

Note scanning is tested in test_docs.py; here: configs, resources, divergence,
damaged traces and interrupted writes.
"""

from __future__ import annotations

import copy
import re
import warnings

import numpy as np
import pytest

from conftest import load_script, options_for
from gdmedia.config import simulation_spec
from gdsim.descent import DRAWABLE, DIVERGED, StopRule, descend
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
    lr_gd.render(trace, out, options=options_for(config, "lr_gd"))
    assert out.stat().st_size > 0


# --- Config files: refused before anything builds them --------------------------------------

import yaml  # noqa: E402

from conftest import ROOT, copy_project, snakemake  # noqa: E402
from gdmedia import config_file  # noqa: E402
from gdmedia.config import (  # noqa: E402
    CONFIG, ConfigError, apply_defaults, check_config, check_references, load_config, refuse_templates,
)
from gdmedia.sweeps import trace_ids  # noqa: E402


def alias_bomb(levels: int = 12, width: int = 9) -> str:
    """``levels`` anchors, each a list of ``width`` aliases of the one before: width**levels values."""
    lines = ["simulations: {}", "media: {}", "bomb:", "  - &a0 [1.0, 1.0]"]
    lines += [f"  - &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]" for i in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


HOSTILE_FILES = {
    # 9¹² ≈ 3·10¹¹ values: walking it would never end, so refusing it at all shows it was not walked.
    "alias bomb": (alias_bomb(), "values once aliases are expanded is refused"),
    "deep nesting": ("simulations: " + "[" * 5000 + "]" * 5000 + "\n", "nested deeper than 32 levels"),
    "huge document": ("simulations: {}\nmedia: {}\njunk:\n" + "  - 12345678\n" * 100_000, "bytes is refused"),
    "templates": ("__use_yte__: true\nsimulations: {}\n", "'__use_yte__' is refused"),
    "not UTF-8": ("simulations: {}\n# caf\xe9\n", "not UTF-8"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_FILES))
def test_hostile_config_file_is_refused_naming_file_and_what(tmp_path, case):
    text, message = HOSTILE_FILES[case]
    path = tmp_path / "hostile.yaml"
    path.write_bytes(text.encode("latin-1" if case == "not UTF-8" else "utf-8"))
    for read in (lambda: refuse_templates([CONFIG, path]), lambda: load_config(path)):
        with pytest.raises(ConfigError) as caught:
            read()
        assert str(caught.value).startswith(str(path)) and message in str(caught.value)


def test_the_project_config_passes_the_file_guard():
    text = config_file.guard(CONFIG)
    assert yaml.safe_load(text)["simulations"]


def test_a_shared_subtree_bomb_in_memory_is_refused_by_check_config():
    # --config and dicts built in code skip the file guard; the walk itself counts.
    node = [1.0, 1.0]
    for _ in range(12):
        node = [node] * 9
    with pytest.raises(ConfigError, match="more than 200,000 values"):
        check_config({"simulations": {}, "media": {}, "bomb": node})


# --- Every value checked before any job ------------------------------------------------------

RAW = yaml.safe_load(CONFIG.read_text())


def completed(change) -> dict:
    raw = copy.deepcopy(RAW)
    change(raw)
    check_config(raw)
    apply_defaults(raw)
    check_references(raw)
    return raw


def linreg(raw):
    return raw["simulations"]["linreg"]


def test_integral_floats_where_integers_are_meant_become_integers_and_simulate():
    def change(raw):
        linreg(raw)["stop"].update(max_steps=40.0, record_every=2.0)
        linreg(raw)["start"]["seed"] = 1.0
        linreg(raw)["regression"]["data"]["n"] = 30.0
        raw["simulations"]["init_starts"]["start"]["seed"] = [1.0, 2.0]
        raw["media"]["lr_gd"].update(frames=30.0, width_px=600.0)

    config = completed(change)
    sim = config["simulations"]["linreg"]
    assert [type(v) for v in (sim["stop"]["max_steps"], sim["stop"]["record_every"], sim["start"]["seed"],
                              sim["regression"]["data"]["n"])] == [int] * 4
    assert config["simulations"]["init_starts"]["start"]["seed"] == [1, 2]
    assert type(config["media"]["lr_gd"]["frames"]) is int
    assert "init_starts/seed-1_prior-none" in trace_ids(config)
    trace = simulate(simulation_spec(sim))
    assert trace.step[-1] <= 40 and len(trace.x) == 30


BAD_VALUES = [
    ("max_steps 1000.5", lambda r: linreg(r)["stop"].update(max_steps=1000.5),
     "config.simulations.linreg.stop.max_steps: 1000.5 is not of type 'integer'"),
    ("reversed x_range", lambda r: linreg(r)["regression"]["data"].update(x_range=[2.0, 0.0]),
     "config.simulations.linreg.regression.data.x_range: [2.0, 0.0] is not an ordered range"),
    ("empty x_range", lambda r: linreg(r)["regression"]["data"].update(x_range=[1.0, 1.0]),
     "x_range: [1.0, 1.0] is not an ordered range"),
    ("reversed box", lambda r: linreg(r)["start"].update(box=[[-3.0, 3.0], [3.0, -3.0]]),
     "config.simulations.linreg.start.box[1]: [3.0, -3.0] is not an ordered range"),
    ("learning rates sharing a name", lambda r: r["simulations"]["lr_regimes"]["optimizer"].update(
        learning_rate=[0.02, 0.95, 0.9500001]),
     "config.simulations.lr_regimes.optimizer.learning_rate: 0.95 and 0.9500001 would share the trace name 'lr-0.95'"),
    ("optimizers sharing a name", lambda r: r["simulations"]["optimizer_race"].update(
        optimizer=[{"name": "adam", "learning_rate": 0.1}, {"name": "adam", "learning_rate": 0.01}]),
     "would share the trace name 'opt-adam'"),
    ("start outside the bound", lambda r: linreg(r)["start"].update(points=[[3.0e6, 0.0]]),
     "config.simulations.linreg.start: [3000000.0, 0.0] lies outside stop.bound = 1e+06"),
    ("curve start outside the bound", lambda r: r["simulations"]["valley"]["stop"].update(bound=2.0),
     "config.simulations.valley.start: [4.0] lies outside stop.bound = 2"),
    ("surface box outside the bound", lambda r: r["simulations"]["multi_modal"]["stop"].update(bound=2.0),
     "config.simulations.multi_modal.start: [-3.0, 3.0] lies outside stop.bound = 2"),
    ("subsample beyond the data", lambda r: r["simulations"]["init_starts"]["start"].update(subsample=[None, 400]),
     "config.simulations.init_starts.start.subsample: 400 is more than the 40 samples"),
]


@pytest.mark.parametrize("change, message", [c[1:] for c in BAD_VALUES], ids=[c[0] for c in BAD_VALUES])
def test_bad_value_is_refused_before_any_job(change, message):
    with pytest.raises(ConfigError) as caught:
        completed(change)
    assert message in str(caught.value)


@pytest.mark.slow
def test_dry_run_refuses_a_bomb_and_a_real_run_takes_integral_floats(tmp_path):
    project = copy_project(tmp_path / "p")
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(alias_bomb())
    refused = snakemake(project, "-n", "--configfile", str(bomb), check=False)
    assert refused.returncode != 0
    assert "values once aliases are expanded is refused" in refused.stdout + refused.stderr
    config = yaml.safe_load((ROOT / "config.yaml").read_text())
    config["simulations"]["linreg"]["stop"].update(max_steps=50.0)
    config["simulations"]["linreg"]["start"]["seed"] = 1.0
    (project / "config.yaml").write_text(yaml.safe_dump(config))
    snakemake(project, "--cores", "1", "output/sims/linreg.npz")
    assert load_trace(project / "output/sims/linreg.npz").step[-1] <= 50


def load_trace(path):
    from gdmedia.traces import load

    return load(path)


# --- A damaged trace is named with its rebuild command, and rebuilt ---------------------------

import zipfile  # noqa: E402
from pathlib import Path  # noqa: E402

from gdmedia.traces import TraceError, damage, load, load_summary, save_json, save_npz, set_aside  # noqa: E402


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
    found = damage(npz)
    assert str(found) == message
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

import os  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

from gdmedia.lifetime import part_name, remove_stale_parts  # noqa: E402
from gdmedia.scene_render import FrameStream  # noqa: E402


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
from gdmedia.lifetime import die_with_snakemake
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
from gdmedia.scene_render import FrameStream
out = Path(sys.argv[1])
stream = FrameStream(out / "clip.mp4", out / "clip.gif", (64, 36), 10, 32, 10)
print(stream.process.pid, flush=True)
import time; time.sleep(60)
"""


def test_ffmpeg_dies_with_its_render_and_the_next_render_removes_the_dead_parts(tmp_path):
    feeder = subprocess.Popen([sys.executable, "-c", FEEDER, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    ffmpeg = int(feeder.stdout.readline())
    feeder.send_signal(signal.SIGKILL)
    feeder.wait()
    # Without the death signal ffmpeg would read EOF and finish the clip from a dead render.
    assert _wait_gone(ffmpeg)
    stale = sorted(p.name for p in tmp_path.glob("*.part"))
    assert stale == [f"clip.gif.{feeder.pid}.part", f"clip.mp4.{feeder.pid}.part"] or stale == []
    mine = part_name(tmp_path / "clip.mp4")
    mine.write_bytes(b"being written")
    removed = remove_stale_parts(tmp_path / "clip.mp4") + remove_stale_parts(tmp_path / "clip.gif")
    assert mine.exists() and not (set(tmp_path.glob("*.part")) - {mine})
    assert len(removed) == len(stale)


def test_a_failed_stream_leaves_no_part(tmp_path):
    stream = FrameStream(tmp_path / "clip.mp4", tmp_path / "clip.gif", (64, 36), 10, 32, 10)
    stream.write(np.zeros((36, 64, 4), np.uint8))
    stream.abort()
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


# --- Resources follow from config; a job no machine can hold is refused by -n -----------------

from gdmedia import resources  # noqa: E402


def test_simulation_requests_grow_with_recorded_rows_times_starts(config):
    sim = copy.deepcopy(config["simulations"]["multi_modal"])
    small_run = resources.simulation(sim)
    sim["stop"].update(max_steps=100_000, record_every=1)
    sim["start"].update(points=None, count=1000)
    big = resources.simulation(sim)
    # 100,002 rows × 1000 starts × (5 floats, stacked twice) ≈ 8 GB before the margin.
    assert big.mem_mb > 10_000 > small_run.mem_mb and big.runtime_min > small_run.runtime_min
    sim["stop"]["record_every"] = 1000
    assert resources.simulation(sim).mem_mb == resources.FLOOR_MB["simulate"] < big.mem_mb / 40


def test_render_requests_grow_with_frames_times_pixels(config):
    medium = dict(config["media"]["lr_gd"])
    base = resources.figure(medium)
    assert resources.figure({**medium, "frames": 4 * medium["frames"]}).mem_mb > base.mem_mb
    assert resources.figure({**medium, "width_px": 4000, "height_px": 2000, "frames": 2000}).mem_mb > 30_000
    scene = dict(config["media"]["regression_fit"])
    assert resources.scene({**scene, "quality": "high"}).mem_mb > resources.scene({**scene, "quality": "low"}).mem_mb


def test_the_default_config_fits_the_default_machine(config):
    from gdmedia.sweeps import trace_ids

    limits = config["machine"]
    assert all(resources.refusal("x", resources.simulation(s), limits) is None for s in trace_ids(config).values())
    # Calibration: every request covers the peak bench/RESULTS.md measured (MiB) for that medium.
    measured = {"lr_gd": 165, "regression_fit": 706, "blindfolded_valley": 730, "multi_modal_descent": 497}
    for name, peak in measured.items():
        medium = config["media"][name]
        estimate = resources.scene(medium) if "scene" in medium else resources.figure(medium)
        assert estimate.mem_mb >= peak * 1.048576, name


def test_refusal_names_the_estimate_and_the_limit():
    estimate = resources.Estimate(48_645, 120, "4000×2000 px × 2,000 frames")
    message = resources.refusal("config.media.lr_gd", estimate, {"mem_mb": 16_000, "runtime_min": 1440})
    assert message.startswith("config.media.lr_gd: needs about 48,645 MB (4000×2000 px × 2,000 frames)")
    assert "machine.mem_mb = 16,000 MB" in message


@pytest.mark.slow
def test_dry_run_refuses_jobs_no_machine_can_hold_and_requests_follow_config(tmp_path):
    project = copy_project(tmp_path / "p")
    big = tmp_path / "big.yaml"
    big.write_text(yaml.safe_dump({
        "simulations": {"multi_modal": {"surface": {"name": "gaussian_wells"}, "start": {"count": 1000},
                                        "stop": {"max_steps": 1_000_000}}},
        "media": {"lr_gd": {"figure": "lr_gd", "width_px": 4000, "height_px": 2000, "frames": 2000}},
    }))
    refused = snakemake(project, "-n", "--configfile", str(big), check=False)
    text = refused.stdout + refused.stderr
    assert refused.returncode != 0
    assert "config.simulations.multi_modal: needs about" in text and "1,000 starts" in text
    assert "config.media.lr_gd: needs about" in text and "× 2,000 frames" in text
    clipped = snakemake(project, "-n", "--resources", "mem_mb=1000", check=False)
    assert clipped.returncode != 0 and "--resources mem_mb = 1,000 MB" in clipped.stdout + clipped.stderr
    plan = snakemake(project, "-n", "--forceall").stdout
    requests = {int(m) for m in re.findall(r"\bmem_mb=(\d+)", plan)}
    assert len(requests) > 3  # not one constant per rule any more
