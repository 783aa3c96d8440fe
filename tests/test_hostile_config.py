"""The hostile probe of issue 11, kept as tests: config files and values, and the resources jobs ask for.

Each case with its expected refusal or result; those that drive snakemake are slow.
"""

from __future__ import annotations

import copy
import re

import pytest
import yaml

from conftest import ROOT, copy_project, snakemake
from gdmedia.workflow.settings import config_file
from gdmedia.workflow.jobs import resources
from gdmedia.workflow.settings.config import (
    CONFIG, ConfigError, apply_defaults, check_config, check_references, load_config, refuse_templates,
    simulation_spec,
)
from gdmedia.workflow.settings.sweeps import trace_ids
from gdtrace.files import load
from gdsim.simulate import simulate


# --- Config files: refused before anything builds them --------------------------------------




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
    assert load(project / "output/sims/linreg.npz").step[-1] <= 50


# --- Resources follow from config; a job no machine can hold is refused by -n -----------------



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
