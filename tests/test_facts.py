"""Facts measured from traces, checked against closed forms."""

import math

import numpy as np
import pytest

from gdsim import measures as M
from gdsim.kinds import curve as curve_kind, regression as regression_kind, surface as surface_kind
from gdsim.descent import StopRule
from gdsim.kinds.curve import CurveSpec
from gdsim.kinds.regression import BatchSpec, fit
from gdsim.kinds.surface import SurfaceSpec
from gdsim.simulate import simulate
from gdsim.types import OptimizerSpec, StartSpec

RULE = StopRule(max_steps=400, tolerance=0.0, patience=3, bound=1e6, record_every=1)


def test_steps_to_tolerance_is_the_step_from_which_it_stays_inside():
    steps = np.arange(6)
    assert M.steps_to_tolerance(steps, [5, 0.5, 2, 0.5, 0.2, 0.1], 1.0) == 3  # left once, came back at 3
    assert M.steps_to_tolerance(steps, [5, 4, 3, 2, 1.5, 1.1], 1.0) is None
    assert M.steps_to_tolerance(steps * 10, [0.1] * 6, 1.0) == 0


@pytest.mark.parametrize("eta", [0.3, 0.5, 0.9])
def test_parabola_arrives_when_the_closed_form_says(eta):
    # L = ½w², so one GD step maps the distance d to |1 − η|·d: d_k = |1 − η|^k·d0.
    trace = simulate(CurveSpec("parabola", 4.0, OptimizerSpec("gd", eta), RULE))
    found = curve_kind.facts(trace, tolerance=1e-3)
    assert found["steps_to_tolerance"] == math.ceil(math.log(1e-3 / 4.0) / math.log(abs(1 - eta)))
    assert found["curvature"] == pytest.approx(1.0, rel=1e-8)
    assert found["critical_step"] == pytest.approx(2.0, rel=1e-8)
    assert found["regime"] == (M.MONOTONE if eta <= 1 else M.ZIGZAG)


def _regression(eta, x, optimizer="gd", mode="full"):
    y = 1.0 + 2.0 * x + np.sin(7 * x)
    return fit(x, y, np.array([[3.0, -1.5]]), BatchSpec(mode, 4, 0), OptimizerSpec(optimizer, eta), RULE)


def test_regression_curvature_matches_the_closed_form():
    x = np.linspace(0.0, 2.0, 25)
    m, s = x.mean(), (x * x).mean()
    # eigenvalues of [[1, m], [m, s]]: ((1 + s) ± √((1 − s)² + 4m²)) / 2
    root = math.sqrt((1 - s) ** 2 + 4 * m * m)
    lam_min, lam_max = (1 + s - root) / 2, (1 + s + root) / 2
    found = regression_kind.facts(_regression(0.1, x))
    assert found["lambda_min"] == pytest.approx(lam_min, rel=1e-12)
    assert found["lambda_max"] == pytest.approx(lam_max, rel=1e-12)
    assert found["critical_step"] == pytest.approx(2 / lam_max, rel=1e-12)
    assert found["optimal_step"] == pytest.approx(2 / (lam_min + lam_max), rel=1e-12)
    assert found["eta_lambda_max"] == pytest.approx(0.1 * lam_max, rel=1e-12)


@pytest.mark.parametrize("share, regime, status", [
    (0.45, M.MONOTONE, "converged"),  # η·λmax < 1
    (0.9, M.ZIGZAG, "converged"),  # 1 < η·λmax < 2
    (1.02, M.DIVERGES, "diverged"),  # η·λmax > 2
])
def test_regime_from_curvature_agrees_with_what_the_run_did(share, regime, status):
    x = np.linspace(0.0, 2.0, 25)
    critical = regression_kind.facts(_regression(0.1, x))["critical_step"]
    found = regression_kind.facts(_regression(share * critical, x))
    assert found["regime"] == regime
    assert (found["status"] == "diverged") == (status == "diverged")
    if regime == M.ZIGZAG:  # the stiff component of θ − θ* flips sign every step
        assert found["steps_to_tolerance"] is not None
    if regime == M.DIVERGES:
        assert found["outcome"] == M.DIVERGED and found["steps_to_tolerance"] is None


def test_the_optimal_step_beats_smaller_and_larger_ones():
    x = np.linspace(0.0, 2.0, 25)
    best = regression_kind.facts(_regression(0.1, x))["optimal_step"]
    steps = {eta: regression_kind.facts(_regression(eta, x))["steps_to_tolerance"] for eta in (0.6 * best, best)}
    assert steps[best] < steps[0.6 * best]


def test_regime_is_only_claimed_for_full_batch_plain_gd():
    x = np.linspace(0.0, 2.0, 25)
    assert regression_kind.facts(_regression(0.1, x, mode="stochastic"))["regime"] is None
    assert regression_kind.facts(_regression(0.1, x, optimizer="gd"))["regime"] == M.MONOTONE


def test_himmelblau_has_four_equally_low_minima_and_diverged_starts_stand_apart():
    starts = StartSpec(points=((3.5, 2.5), (-3.0, 3.5), (4.9, 4.9)), count=3, box=None, seed=0)
    spec = SurfaceSpec("himmelblau", starts, OptimizerSpec("gd", 0.025),  # (4.9, 4.9) is thrown out
                       StopRule(max_steps=400, tolerance=1e-12, patience=3, bound=1e3, record_every=1))
    found = surface_kind.facts(simulate(spec))
    assert found["lowest_minima"] == [0, 1, 2, 3]
    assert found["end"][2] == "diverged" and found["end_minimum"][2] == -1
    assert found["counts"]["diverged"] == 1
    assert sorted(found["end"][:2]) == sorted(["minimum-0", "minimum-1"])
    assert found["reached_lowest"] == 2


def test_gaussian_wells_have_one_lowest_minimum():
    spec = SurfaceSpec("gaussian_wells", StartSpec(None, 4, None, 1), OptimizerSpec("gd", 0.08), RULE)
    found = surface_kind.facts(simulate(spec))
    assert len(found["lowest_minima"]) == 1
    assert sum(found["counts"].values()) == 4


def test_ranking_puts_fewest_steps_first_and_never_arrived_apart():
    named = {"a": {"steps_to_tolerance": 40}, "b": {"steps_to_tolerance": None},
             "c": {"steps_to_tolerance": 12}, "d": {"steps_to_tolerance": [3, None]},
             "e": {"steps_to_tolerance": [30, 20]}}
    ranked = M.ranking(named)
    assert ranked["order"] == ["c", "e", "a"]
    assert ranked["fastest"] == "c"
    assert ranked["not_arrived"] == ["b", "d"]
    assert ranked["steps"]["e"] == 30
