import numpy as np

from gdsim.regimes import CONVERGED, DIVERGED, OSCILLATING, TOO_SLOW, regime, reversals


def test_reversals_count_steps_that_turn_back():
    zigzag = np.array([[0, 0], [2, 1], [0, 2], [2, 3], [0, 4]], float)  # across the valley and back
    straight = np.array([[0, 0], [1, 1], [2, 2], [3, 3]], float)
    assert reversals(zigzag) == 1.0 and reversals(straight) == 0.0


def test_regime_order():
    zigzag = np.array([[0, 0], [2, 1], [0, 2], [2, 3], [0, 4]], float)  # across the valley and back
    straight = np.array([[0, 0], [1, 1], [2, 2]], float)
    assert regime(zigzag, "diverged") == DIVERGED
    assert regime(zigzag, "converged") == OSCILLATING
    assert regime(straight, "max_steps") == TOO_SLOW
    assert regime(straight, "converged") == CONVERGED


def test_default_learning_rates_show_all_four_regimes(config):
    from gdmedia.workflow.settings.config import simulation_spec
    from gdmedia.workflow.settings.sweeps import members
    from gdsim.simulate import simulate

    traces = [simulate(simulation_spec(m)) for m in members(config["simulations"]["lr_regimes"]).values()]
    assert [regime(t.theta, t.status) for t in traces] == [TOO_SLOW, CONVERGED, OSCILLATING, DIVERGED]
    for trace in traces:
        assert np.isfinite(trace.theta).all() and np.isfinite(trace.loss).all()
