import dataclasses

import numpy as np
import pytest

from gdsim import regression
from gdsim.data import DatasetSpec
from gdsim.descent import StopRule
from gdsim.kinds.regression import BatchSpec, RegressionSpec, batch_indices, fit
from gdsim.kinds.surface import SurfaceSpec
from gdsim.simulate import simulate
from gdsim.starts import start_points
from gdsim.types import OptimizerSpec, StartSpec

SPEC = RegressionSpec(
    data=DatasetSpec(n=30, x_low=0.0, x_high=2.0, theta_true=(1.0, 2.0), noise=0.3, seed=1),
    batch=BatchSpec(mode="full", size=8, seed=0),
    start=StartSpec(points=((3.0, -1.5),), count=1, box=None, seed=0),
    optimizer=OptimizerSpec(name="gd", learning_rate=0.3),
    stop=StopRule(max_steps=5000, tolerance=0.0, patience=3, bound=1e6, record_every=1),
)


def with_(spec, **changes):
    return dataclasses.replace(spec, **changes)


def test_full_batch_converges_to_least_squares():
    trace = simulate(with_(SPEC, stop=StopRule(5000, 1e-20, 5, 1e6, 1)))
    assert trace.status == "converged"
    np.testing.assert_allclose(trace.theta[-1], np.linalg.lstsq(
        np.column_stack([np.ones_like(trace.x), trace.x]), trace.y, rcond=None)[0], atol=1e-6)


def test_every_step_is_theta_minus_eta_grad():
    trace = simulate(with_(SPEC, stop=StopRule(200, 0.0, 3, 1e6, 1)))
    x, y, eta = trace.x, trace.y, trace.learning_rate
    for before, after in zip(trace.theta[:-1], trace.theta[1:]):
        residual = y - (before[0] + before[1] * x)
        by_hand = before - eta * np.array([np.mean(-residual), np.mean(-residual * x)])
        np.testing.assert_allclose(after, by_hand, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(trace.loss, regression.loss(trace.theta, x, y))


def test_each_status_is_reached():
    assert simulate(with_(SPEC, stop=StopRule(10, 1e-14, 3, 1e6, 1))).status == "max_steps"
    assert simulate(with_(SPEC, stop=StopRule(5000, 1e-14, 3, 1e6, 1))).status == "converged"
    diverged = simulate(with_(SPEC, optimizer=OptimizerSpec("gd", 1.5)))
    assert diverged.status == "diverged"
    assert np.isfinite(diverged.theta).all() and np.isfinite(diverged.loss).all()
    assert diverged.step[-1] < diverged.stop_step


def test_batches_full_stochastic_minibatch():
    full = batch_indices(10, BatchSpec("full", 4, 0))
    assert next(full).tolist() == list(range(10))
    stochastic = batch_indices(10, BatchSpec("stochastic", 4, 0))
    epoch = [next(stochastic) for _ in range(10)]
    assert all(len(b) == 1 for b in epoch) and sorted(np.concatenate(epoch)) == list(range(10))
    mini = batch_indices(10, BatchSpec("minibatch", 4, 0))
    epoch = [next(mini) for _ in range(3)]
    assert [len(b) for b in epoch] == [4, 4, 2] and sorted(np.concatenate(epoch)) == list(range(10))
    again = batch_indices(10, BatchSpec("minibatch", 4, 0))
    assert all(np.array_equal(next(again), b) for b in epoch)
    other = batch_indices(10, BatchSpec("minibatch", 4, 1))
    assert not all(np.array_equal(next(other), b) for b in epoch)


@pytest.mark.parametrize("mode", ["stochastic", "minibatch"])
def test_noisy_batches_still_approach_least_squares(mode):
    spec = with_(SPEC, batch=BatchSpec(mode, 8, 0), optimizer=OptimizerSpec("gd", 0.05),
                 stop=StopRule(3000, 0.0, 3, 1e6, 1))
    trace = simulate(spec)
    assert np.linalg.norm(trace.theta[-1] - trace.lstsq) < 0.3
    assert trace.loss[-1] < 2 * trace.loss.min() + 0.05


def test_random_start_is_seeded_and_in_the_box():
    spec = StartSpec(points=None, count=50, box=((-1.0, 1.0), (2.0, 3.0)), seed=5)
    points = start_points(spec, None)
    np.testing.assert_array_equal(points, start_points(spec, None))
    assert points.shape == (50, 2)
    assert np.all((points[:, 0] >= -1) & (points[:, 0] <= 1) & (points[:, 1] >= 2) & (points[:, 1] <= 3))


def test_default_multi_modal_run_ends_in_several_minima(multi_modal_trace):
    t = multi_modal_trace
    reached = set(t.end_minimum[t.end_minimum >= 0].tolist())
    assert len(reached) >= 2
    assert t.global_minimum in reached
    assert t.paths.shape == (len(t.status), len(t.step), 2) and t.values.shape == t.paths.shape[:2]


def test_surface_start_box_defaults_to_the_surface():
    spec = SurfaceSpec("rosenbrock", StartSpec(None, 6, None, 0), OptimizerSpec("gd", 1e-3),
                       StopRule(100, 1e-12, 3, 1e6, 1))
    trace = simulate(spec)
    starts = trace.paths[:, 0]
    assert np.all(starts[:, 0] >= -2) and np.all(starts[:, 0] <= 2) and np.all(starts[:, 1] >= -1)


def test_saddle_runs_away_as_a_result_not_a_crash():
    spec = SurfaceSpec("saddle", StartSpec(((1.0, 0.1),), 1, None, 0), OptimizerSpec("gd", 0.3),
                       StopRule(1000, 1e-12, 3, 1e3, 1))
    trace = simulate(spec)
    assert trace.status.tolist() == ["diverged"] and trace.end_minimum.tolist() == [-1]
    assert np.isfinite(trace.paths).all()


@pytest.mark.parametrize(
    "change, field",
    [
        (dict(optimizer=OptimizerSpec("gd", 0.0)), "learning_rate"),
        (dict(optimizer=OptimizerSpec("gd", -1.0)), "learning_rate"),
        (dict(optimizer=OptimizerSpec("gd", float("nan"))), "learning_rate"),
        (dict(stop=StopRule(0, 1e-9, 3, 1e6, 1)), "steps"),
        (dict(data=DatasetSpec(0, 0.0, 1.0, (1.0, 2.0), 0.1, 0)), "n"),
        (dict(data=DatasetSpec(5, 0.0, 1.0, (1.0, float("nan")), 0.1, 0)), "theta_true"),
        (dict(batch=BatchSpec("sometimes", 8, 0)), "batch.mode"),
        (dict(start=StartSpec(((float("nan"), 0.0),), 1, None, 0)), "start.points"),
        (dict(start=StartSpec(None, 1, None, 0)), "start.box"),
    ],
)
def test_bad_arguments_are_named(change, field):
    with pytest.raises(ValueError, match=field):
        simulate(with_(SPEC, **change))


@pytest.mark.parametrize(
    "x, y, field",
    [([], [], "x must not be empty"), ([0.0, float("nan")], [1.0, 2.0], "x must hold only finite"),
     ([0.0, 1.0], [1.0, float("inf")], "y must hold only finite"), ([0.0, 1.0], [1.0], "same length")],
)
def test_bad_data_is_named(x, y, field):
    with pytest.raises(ValueError, match=field):
        fit(x, y, np.zeros((1, 2)), SPEC.batch, SPEC.optimizer, SPEC.stop)


def test_a_spec_of_no_known_kind_is_refused_by_name():
    class Odd:
        KIND = "parabola"

    with pytest.raises(ValueError, match="unknown kind 'parabola'"):
        simulate(Odd())


def test_the_simulate_script_run_as_the_rule_runs_it_writes_what_run_writes(tmp_path):
    # rules/simulate.smk runs `"$GDMEDIA_PYTHON" scripts/simulate.py CONFIG_JSON TRACE SUMMARY`:
    # the block as one JSON argument gives the trace that run() makes from the block itself.
    import json
    import subprocess
    import sys

    from conftest import ROOT, load_script
    from gdmedia.workflow.settings.config import load_config
    from gdmedia.workflow.settings.sweeps import trace_ids

    block = trace_ids(load_config(ROOT / "config.yaml"))["linreg"]
    load_script("scripts/simulate.py").run(block, str(tmp_path / "a.npz"), str(tmp_path / "a.json"))
    script = [sys.executable, str(ROOT / "scripts/simulate.py")]
    done = subprocess.run([*script, json.dumps(block), str(tmp_path / "b.npz"), str(tmp_path / "b.json")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    for suffix in ("npz", "json"):
        assert (tmp_path / f"a.{suffix}").read_bytes() == (tmp_path / f"b.{suffix}").read_bytes()
    wrong = subprocess.run([*script, json.dumps(block)], capture_output=True, text=True)
    assert wrong.returncode == 2 and "usage: simulate.py CONFIG_JSON TRACE_NPZ SUMMARY_JSON" in wrong.stderr
