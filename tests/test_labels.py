"""Every word a medium says about a run is true for any parameters, checked against the trace itself.

Hypothesis draws learning rates (the 2/λmax edge included), budgets, starts, data and
optimizers; each label from ``gdsim.facts`` (outcome, regime, arrival, ranking, where a
start ended, the distance written beside "still … away") is checked against an
independent computation from the trace: distances and curvatures recomputed with NumPy.
"""

import copy
import math

import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import load_script
from gdmedia.workflow.settings.config import load_config, simulation_spec
from gdsim import facts as gf
from gdsim import measures as gm
from gdsim.simulate import simulate

CONFIG = load_config()
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def regression_run(eta: float, steps: int, start, n: int = 40, seed: int = 1, optimizer: str = "gd",
                   mode: str = "full"):
    sim = copy.deepcopy(CONFIG["simulations"]["linreg"])
    sim["optimizer"] = {"name": optimizer, "learning_rate": eta,
                        **({"momentum": 0.6} if optimizer in ("momentum", "nesterov") else {})}
    sim["stop"].update(max_steps=steps, bound=100.0)
    sim["start"]["points"] = [list(start)]
    sim["regression"]["data"].update(n=n, seed=seed)
    sim["regression"]["batch"]["mode"] = mode
    trace = simulate(simulation_spec(sim))
    return trace, gf.facts(trace)


def curvatures(x) -> tuple[float, float]:
    """λmin, λmax of the loss ½·mean((y − θ0 − θ1 x)²): eigenvalues of mean([[1, x], [x, x²]])."""
    x = np.asarray(x, dtype=float)
    hessian = np.array([[1.0, x.mean()], [x.mean(), (x * x).mean()]])
    low, high = np.linalg.eigvalsh(hessian)
    return float(low), float(high)


def stays_within(distance, tolerance) -> int | None:
    """Independent arrival: the first index from which every later distance is within tolerance."""
    for index in range(len(distance)):
        if all(d <= tolerance for d in distance[index:]):
            return index
    return None


starts = st.tuples(st.floats(-3, 3), st.floats(-3, 3))


@SETTINGS
@given(eta=st.one_of(st.floats(0.005, 1.2), st.just(None)), steps=st.integers(3, 300), start=starts,
       seed=st.integers(0, 5), n=st.integers(5, 60))
def test_plain_gd_labels_agree_with_the_trace(eta, steps, start, seed, n):
    lam_min, lam_max = curvatures(regression_run(0.1, 1, start, n, seed)[0].x)
    eta = 2.0 / lam_max if eta is None else eta  # the edge itself, exactly as an author would type it
    trace, found = regression_run(eta, steps, start, n, seed)
    distance = np.linalg.norm(np.asarray(trace.theta) - np.linalg.lstsq(
        np.stack([np.ones_like(trace.x), trace.x], 1), trace.y, rcond=None)[0], axis=1)
    assert math.isclose(found["lambda_max"], lam_max, rel_tol=1e-9)
    stiff = eta * lam_max
    arrived_at = stays_within(distance, found["tolerance"])
    assert found["arrived"] == (arrived_at is not None and trace.status != "diverged")
    if found["arrived"]:
        assert found["steps_to_tolerance"] == int(trace.step[arrived_at])
    label = found["outcome"]
    if abs(stiff - 2) <= 2e-6:
        assert found["regime"] == gm.EDGE
        assert found["arrived"] or label == gm.OSCILLATES  # never "converged" or "zig-zags" on the edge
    elif stiff > 2:
        assert label == gm.DIVERGED  # whether or not it has passed the bound yet
    elif label == gm.CRAWLS:
        assert stiff <= 1 and not found["arrived"]  # "crawls" only for a monotone run out of steps
    elif label == gm.ZIGZAGS:
        assert 1 < stiff < 2
        # it really flips: successive steps along the steep eigenvector point against each other
        _, vectors = np.linalg.eigh(np.array([[1.0, trace.x.mean()], [trace.x.mean(), (trace.x ** 2).mean()]]))
        along = np.diff(np.asarray(trace.theta) @ vectors[:, 1])
        along = along[np.abs(along) > 1e-12]
        assume(len(along) >= 2)
        assert (along[:-1] * along[1:] < 0).mean() > 0.5
    elif label == gm.SMOOTH:
        assert stiff <= 1 and found["arrived"]
    elif label == gm.STOPS_SHORT:
        assert trace.status == "converged" and not found["arrived"]
    else:
        raise AssertionError(f"unexpected label {label!r}")


@SETTINGS
@given(eta=st.floats(0.005, 1.2), steps=st.integers(3, 300), start=starts)
def test_the_comparison_says_a_distance_that_reads_beyond_the_tolerance_it_missed(eta, steps, start):
    lr_comparison = load_script("figures/lr_comparison.py")
    trace, found = regression_run(eta, steps, start)
    said = lr_comparison.outcome(found, gm.ranking({0: found}), 0)
    assert "crawls" not in said or eta * found["lambda_max"] <= 1
    if not found["arrived"] and found["status"] != "diverged":
        written = float(said.split("still ")[-1].split()[0]) if "still" in said else float(said.split(": ")[1].split()[0])
        assert written > found["tolerance"]  # never "still 0.00 away" beside a 0.001 tolerance
        assert math.isclose(written, found["final_distance"], rel_tol=0.06, abs_tol=1e-12)


@SETTINGS
@given(steps=st.lists(st.one_of(st.none(), st.integers(1, 50)), min_size=1, max_size=6))
def test_every_member_tied_for_fewest_steps_is_first(steps):
    named = {f"m{i}": {"steps_to_tolerance": s, "final_step": 50} for i, s in enumerate(steps)}
    ranked = gm.ranking(named)
    arrived = [s for s in steps if s is not None]
    assert ranked["first"] == [f"m{i}" for i, s in enumerate(steps) if arrived and s == min(arrived)]
    assert ranked["order"] == sorted(ranked["order"], key=lambda n: named[n]["steps_to_tolerance"])
    assert set(ranked["not_arrived"]) == {f"m{i}" for i, s in enumerate(steps) if s is None}


@SETTINGS
@given(optimizer=st.sampled_from(["momentum", "nesterov", "adam", "rmsprop"]), stop_at=st.integers(10, 90))
def test_an_arrival_not_checked_to_the_comparisons_last_step_is_never_ranked(optimizer, stop_at):
    early = {"steps_to_tolerance": 5, "final_step": stop_at, "optimizer": optimizer}
    full = {"steps_to_tolerance": 80, "final_step": 100, "optimizer": "gd"}
    ranked = gm.ranking({"early": early, "full": full})
    assert ranked["unchecked"] == ["early"] and ranked["order"] == ["full"]
    plain = {"steps_to_tolerance": 5, "final_step": stop_at, "optimizer": "gd", "batch_mode": "full",
             "regime": gm.ZIGZAG}  # plain GD on a quadratic cannot leave: its arrival stands
    assert gm.ranking({"plain": plain, "full": full})["first"] == ["plain"]


def surface_run(surface: str, points, steps: int = 400):
    sim = copy.deepcopy(CONFIG["simulations"]["multi_modal"])
    sim["surface"]["name"] = surface
    sim["start"].update(points=[list(p) for p in points], count=len(points))
    sim["stop"]["max_steps"] = steps
    sim["optimizer"] = {"name": "gd", "learning_rate": 0.01}  # Himmelblau's walls are steep: η·λ < 2 needs η < ~0.02
    trace = simulate(simulation_spec(sim))
    return trace, gf.facts(trace)


HIMMELBLAU_MAXIMUM = (-0.270845, -0.923039)  # its one local maximum: the gradient is ~0 there


@SETTINGS
@given(points=st.lists(st.tuples(st.floats(-4.5, 4.5), st.floats(-4.5, 4.5)), min_size=1, max_size=4),
       on_the_peak=st.booleans(), steps=st.integers(5, 400))
def test_where_each_start_ended_is_counted_as_what_it_did(points, on_the_peak, steps):
    points = points + [HIMMELBLAU_MAXIMUM] if on_the_peak else points
    trace, found = surface_run("himmelblau", points, steps)
    minima = np.asarray(found["minima"])
    for k, ended in enumerate(found["ending"]):
        last = np.asarray(trace.paths[k])[-1]
        if ended == gm.DIVERGED:
            assert trace.status[k] == "diverged"
            continue
        assert trace.status[k] != "diverged"
        near = np.linalg.norm(minima - last, axis=1).min()
        if ended in (gm.LOWEST_MINIMUM, gm.OTHER_MINIMUM):
            assert found["end_minimum"][k] >= 0
            assert (found["end_minimum"][k] in found["lowest_minima"]) == (ended == gm.LOWEST_MINIMUM)
        elif ended == gm.NO_MINIMUM:
            assert trace.status[k] == "converged" and found["end_minimum"][k] < 0 and near > found["tolerance"]
        else:
            assert ended == gm.STILL_MOVING and trace.status[k] == "max_steps"
    assert sum(found["tally"].values()) == found["starts"] == len(points)
    if on_the_peak:
        assert found["ending"][-1] in (gm.NO_MINIMUM, gm.STILL_MOVING)  # it never "diverged", never "reached"


HYPER = {"gd": {}, "momentum": {"momentum": 0.6}, "nesterov": {"momentum": 0.6},
         "rmsprop": {"decay": 0.99, "eps": 1e-8}, "adam": {"beta1": 0.8, "beta2": 0.99, "eps": 1e-8}}


@SETTINGS
@given(optimizer=st.sampled_from(sorted(HYPER)), eta=st.floats(0.01, 0.6), steps=st.integers(5, 300), start=starts,
       mode=st.sampled_from(["full", "stochastic", "minibatch"]))
def test_arrival_is_within_tolerance_and_staying_for_any_optimizer_and_batch(optimizer, eta, steps, start, mode):
    sim = copy.deepcopy(CONFIG["simulations"]["linreg"])
    sim["optimizer"] = {"name": optimizer, "learning_rate": eta, **HYPER[optimizer]}
    sim["stop"].update(max_steps=steps, bound=100.0)
    sim["start"]["points"] = [list(start)]
    sim["regression"]["batch"]["mode"] = mode
    trace = simulate(simulation_spec(sim))
    found = gf.facts(trace)
    distance = np.linalg.norm(np.asarray(trace.theta, dtype=float) - np.asarray(trace.lstsq), axis=1)
    arrived_at = stays_within(distance, found["tolerance"])
    assert found["arrived"] == (arrived_at is not None and trace.status != "diverged")
    if found["arrived"]:
        assert found["steps_to_tolerance"] == int(trace.step[arrived_at])
        assert found["first_within"] <= found["steps_to_tolerance"]
    assert found["outcome"] in (gm.ARRIVED, gm.NOT_ARRIVED, gm.STOPS_SHORT, gm.DIVERGED, gm.CRAWLS, gm.SMOOTH,
                                gm.ZIGZAGS, gm.OSCILLATES)
    if found["outcome"] == gm.DIVERGED:
        assert trace.status == "diverged" or found["regime"] == gm.DIVERGES
    if trace.status == "diverged":
        assert found["outcome"] == gm.DIVERGED and not found["arrived"]
