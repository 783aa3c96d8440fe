import warnings

import numpy as np
import pytest

from gdsim.descent import CONVERGED, DIVERGED, MAX_STEPS, StopRule, descend
from gdsim.optimizers import gd

RULE = StopRule(max_steps=500, tolerance=1e-14, patience=3, bound=1e6, record_every=1)


def parabola(curvature):
    """f(p) = ½·c·|p|², ∇f = c·p: GD converges for η < 2/c and diverges above."""
    return (lambda p: 0.5 * curvature * (p**2).sum(-1)), (lambda p: curvature * p)


def run(eta, rule=RULE, starts=((1.0, -2.0),), curvature=1.0):
    value, grad = parabola(curvature)
    return descend(value, grad, np.array(starts), gd(eta), rule)


def test_converged():
    result = run(0.5)
    assert result.status.tolist() == [CONVERGED]
    assert result.stop_step[0] == result.steps[-1] < RULE.max_steps
    np.testing.assert_allclose(result.params[0, -1], 0, atol=1e-6)


def test_diverged_without_nan_or_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = run(2.5, rule=StopRule(max_steps=5000, tolerance=0, patience=3, bound=1e300, record_every=1))
    assert result.status.tolist() == [DIVERGED]
    assert np.all(np.isfinite(result.params)) and np.all(np.isfinite(result.values))
    # |1 − η·c| = 1.5 per step: the path ends on its last finite point, one step before it blew up.
    assert result.steps[-1] == result.stop_step[0] - 1


def test_diverged_by_bound():
    result = run(2.5, rule=StopRule(max_steps=500, tolerance=0, patience=3, bound=100.0, record_every=1))
    assert result.status.tolist() == [DIVERGED]
    assert np.abs(result.params).max() <= 100.0
    # |θ| grows as 2·1.5^k, passing 100 at k = 10.
    assert result.stop_step[0] == 10


def test_max_steps():
    result = run(0.001, rule=StopRule(max_steps=50, tolerance=1e-14, patience=3, bound=1e6, record_every=1))
    assert result.status.tolist() == [MAX_STEPS]
    assert result.stop_step[0] == 50 and result.steps[-1] == 50 and len(result.steps) == 51


def test_starts_stop_independently_and_stay_put():
    # Different curvatures per start are emulated by different start distances on one parabola:
    # the far start takes longer; after the near one converges its rows repeat.
    result = run(0.3, starts=((0.001, 0.0), (50.0, -50.0)))
    assert result.status.tolist() == [CONVERGED, CONVERGED]
    near_stop = result.stop_step[0]
    assert near_stop < result.stop_step[1]
    after = result.steps > near_stop
    assert np.all(result.params[0, after] == result.params[0, result.steps == near_stop])


def test_one_start_diverging_does_not_stop_the_others():
    value = lambda p: 0.5 * (p[..., 0] ** 2 - p[..., 1] ** 2)  # noqa: E731  saddle
    grad = lambda p: np.stack([p[..., 0], -p[..., 1]], -1)  # noqa: E731
    rule = StopRule(max_steps=400, tolerance=1e-14, patience=3, bound=50.0, record_every=1)
    result = descend(value, grad, np.array([[1.0, 0.0], [1.0, 0.5]]), gd(0.2), rule)
    assert result.status.tolist() == [CONVERGED, DIVERGED]
    assert np.all(np.isfinite(result.params))


def test_record_every_keeps_every_kth_step_and_the_last():
    rule = StopRule(max_steps=1000, tolerance=0.0, patience=3, bound=1e6, record_every=100)
    result = run(0.001, rule=rule)
    assert result.steps.tolist() == list(range(0, 1001, 100))
    full = run(0.001, rule=StopRule(max_steps=1000, tolerance=0.0, patience=3, bound=1e6, record_every=1))
    np.testing.assert_array_equal(result.params[0], full.params[0, ::100])


def test_record_every_keeps_the_final_state_off_the_grid():
    rule = StopRule(max_steps=1000, tolerance=1e-14, patience=3, bound=1e6, record_every=7)
    result = run(0.5, rule=rule)
    assert result.steps[-1] == result.stop_step[0]
    full = run(0.5)
    np.testing.assert_array_equal(result.params[0, -1], full.params[0, -1])


@pytest.mark.parametrize(
    "rule, field",
    [(StopRule(0, 1e-9, 3, 1e6, 1), "steps"), (StopRule(10, -1.0, 3, 1e6, 1), "tolerance"),
     (StopRule(10, 1e-9, 0, 1e6, 1), "patience"), (StopRule(10, 1e-9, 3, 1e6, 0), "record_every")],
)
def test_bad_rules_are_named(rule, field):
    with pytest.raises(ValueError, match=field):
        run(0.1, rule=rule)


def test_nan_start_is_refused():
    with pytest.raises(ValueError, match="starts"):
        run(0.1, starts=((float("nan"), 0.0),))


PEAK_AFTER_STEPS = """
import resource, sys
import numpy as np
from gdsim.descent import StopRule, descend
from gdsim.optimizers import gd
from gdsim.surfaces import get_surface
steps, rows = int(sys.argv[1]), int(sys.argv[2])
surface = get_surface("rosenbrock")
rule = StopRule(max_steps=steps, tolerance=0.0, patience=steps + 1, bound=1e6, record_every=steps // rows)
run = descend(surface.value, surface.grad, np.array([[-1.5, 2.0]]), gd(1e-4), rule)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, len(run.steps), run.steps[-1], run.status[0])
"""


def peak_after(steps: int, rows: int) -> tuple[int, int, int, str]:
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", PEAK_AFTER_STEPS, str(steps), str(rows)],
                         capture_output=True, text=True, check=True).stdout.split()
    return int(out[0]), int(out[1]), int(out[2]), out[3]


@pytest.mark.slow
def test_a_million_steps_take_the_memory_of_the_recorded_rows_not_of_the_steps():
    # Recording every step of 10⁶ would hold 10⁶ rows (tens of MB in arrays, far
    # more as Python objects); every 2000th keeps 500 rows, as for 10³ steps.
    small_kib, small_rows, _, _ = peak_after(1_000, 500)
    big_kib, big_rows, last, status = peak_after(1_000_000, 500)
    assert (small_rows, big_rows) == (501, 501)
    assert last == 1_000_000 and status == MAX_STEPS
    assert big_kib - small_kib < 8 * 1024, (small_kib, big_kib)
