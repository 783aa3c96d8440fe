import dataclasses

import numpy as np
import pytest

from gdmedia.workflow.settings.config import simulation_spec
from gdmedia.scene_kit.kit import settle_rows
from gdsim.measures import DIVERGED, LOWEST_MINIMUM, OTHER_MINIMUM
from gdsim.simulate import simulate
from scenecheck import full_trace, render_full, render_small, short_options

pytestmark = pytest.mark.slow


def test_balls_change_colour_only_once_the_trace_says_they_settled(config, scene_root):
    mp4, scene, _ = render_full(config, "multi_modal_descent", scene_root)
    t = full_trace(config, "multi_modal_descent")
    settle = settle_rows(t.status, t.stop_step, t.step)
    for k, row in enumerate(scene.settled_row):
        assert row is not None and row >= settle[k], f"ball {k} coloured at row {row}, settled at {settle[k]}"
    expected_global = sum(bool(scene.is_global[e]) for e, s in zip(t.end_minimum, t.status) if s == "converged")
    assert scene.outcomes.count(LOWEST_MINIMUM) == expected_global
    assert scene.outcomes.count(OTHER_MINIMUM) == sum(s == "converged" for s in t.status) - expected_global
    assert scene.summary.text.startswith(f"{expected_global} of {len(t.paths)} reached a global minimum".replace(" ", ""))
    assert mp4.with_suffix(".gif").stat().st_size < 2_000_000
    # Local minima are ringed dashed, global ones solid: not by colour alone.
    assert [ring.dashed for ring in scene.rings] == [not g for g in scene.is_global]


def test_equal_minima_are_all_global_and_a_diverged_start_is_its_own_category(tmp_path, config):
    block = config["simulations"]["multi_modal"]
    spec = simulation_spec({**block, "surface": {**block["surface"], "name": "himmelblau"},
                            "optimizer": {**block["optimizer"], "learning_rate": 0.01}})
    spec = dataclasses.replace(spec, stop=dataclasses.replace(spec.stop, max_steps=300))
    trace = simulate(spec)
    assert (trace.status == "converged").all()
    # Mark the first start diverged, as the core records a run that left its bound.
    status = trace.status.copy()
    status[0] = "diverged"
    trace = trace._replace(status=status, end_minimum=np.where(np.arange(len(status)) == 0, -1, trace.end_minimum))
    options = short_options(config, "multi_modal_descent", frames=10, seconds=1.0)
    _, scene = render_small("multi_modal_descent", trace, tmp_path, options)
    assert len(trace.minima) == 4 and scene.is_global.all(), "Himmelblau's four zeros are equally global"
    assert scene.outcomes[0] == DIVERGED
    assert "1diverged" in scene.summary.text
    assert all(o in (LOWEST_MINIMUM, DIVERGED) for o in scene.outcomes)


def test_visible_rows_from_one_pass_are_the_rows_walked_at_every_frame():
    """The per-frame shortcut (_VisibleRows) gives what walking the rows shown so far gives, for any
    prefix of a frame schedule with repeated rows and paths leaving the box and coming back."""
    from gdmedia.base.frames import frame_rows
    from conftest import load_script

    module = load_script("scenes/multi_modal_descent.py")
    rng = np.random.default_rng(7)
    bounds = np.array([[-2.5, 2.5], [-2.0, 2.5]])
    for _ in range(60):
        n = int(rng.integers(2, 50))
        rows = frame_rows(n, int(rng.integers(1, 70)), float(rng.uniform(0.3, 3.0)))
        paths = [rng.uniform(-3, 3, size=(n, 2)) * rng.uniform(0.5, 1.5) for _ in range(4)]
        visible = module._VisibleRows(rows, paths, bounds)
        for k, path in enumerate(paths):
            for i in range(len(rows)):
                for shown in (i + 1, i + 2):
                    assert visible(k, shown) == module._visible_rows(rows[:shown], path, bounds)

