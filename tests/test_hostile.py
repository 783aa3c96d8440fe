"""The hostile probe of issue 11, kept as tests: each careless or hostile input and its refusal or result.

Note scanning is tested in test_docs.py; here: configs, resources, divergence,
damaged traces and interrupted writes.
"""

from __future__ import annotations

import copy
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
