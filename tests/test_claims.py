"""Every claim a medium, caption or note makes, checked against the facts of the config's own traces.

A config edit that breaks a story fails here, with the claim named.  One row per claim:
(where it is made, the claim in words, a check on the facts).  ``F`` gives a trace's
facts (``gdsim.facts``) by trace id; ``R`` a sweep's ranking by steps to tolerance.
"""

from functools import lru_cache

import pytest

from gdsim import facts as gf
from gdsim import measures as gm
from gdmedia.workflow.settings.config import load_config, simulation_spec
from gdmedia.workflow.settings.sweeps import trace_ids, traces_of
from gdsim.simulate import simulate

CONFIG = load_config()
IDS = trace_ids(CONFIG)


@lru_cache(maxsize=None)
def F(trace: str) -> dict:
    return gf.facts(simulate(simulation_spec(IDS[trace])))


@lru_cache(maxsize=None)
def R(sweep: str) -> dict:
    return gm.ranking({t.split("/", 1)[1]: F(t) for t in traces_of(CONFIG, sweep)})


def _saves_fewer_steps_than_distance(seed: int) -> bool:
    random, informed = F(f"init_starts/seed-{seed}_prior-none"), F(f"init_starts/seed-{seed}_prior-4")
    steps = 1 - informed["steps_to_tolerance"] / random["steps_to_tolerance"]
    distance = 1 - informed["start_distance"] / random["start_distance"]
    return 0 < steps < distance


LR = "lr_comparison, learning-rate.md"
RACE = "optimizer_race, optimizers.md"
CLAIMS = [
    (LR, "η = 0.02 crawls: monotone, out of steps before arriving", lambda: F("lr_regimes/lr-0.02")["outcome"] == gm.CRAWLS),
    (LR, "η = 0.4 slides in smoothly: η·λmax ≤ 1 and arrives", lambda: F("lr_regimes/lr-0.4")["outcome"] == gm.SMOOTH),
    (LR, "η = 0.85 zig-zags: 1 < η·λmax < 2 and arrives", lambda: F("lr_regimes/lr-0.85")["outcome"] == gm.ZIGZAGS),
    (LR, "η = 0.95 > 2/λmax diverges", lambda: F("lr_regimes/lr-0.95")["outcome"] == gm.DIVERGED
     and F("lr_regimes/lr-0.95")["learning_rate"] > F("lr_regimes/lr-0.95")["critical_step"]),
    (LR, "the zig-zagging step arrives first", lambda: R("lr_regimes")["fastest"] == "lr-0.85"),
    (LR, "the fastest is not the smallest step", lambda: R("lr_regimes")["fastest"] != "lr-0.02"),
    ("learning-rate.md", "the optimal step 2/(λmin+λmax) lies past 1/λmax and below 2/λmax",
     lambda: 1 < F("linreg")["optimal_step"] * F("linreg")["lambda_max"] < 2),
    ("lr_sweep", "a step past 2/λmax diverges, every step below it does not",
     lambda: all((F(t)["status"] == "diverged") == (F(t)["eta_lambda_max"] > 2) for t in traces_of(CONFIG, "lr_sweep"))),
    (RACE, "momentum arrives first", lambda: R("optimizer_race")["fastest"] == "opt-momentum"),
    (RACE, "Adam arrives last of those that arrive: near the minimum early, it leaves and comes back",
     lambda: R("optimizer_race")["order"][-1] == "opt-adam" and _leaves_and_comes_back("optimizer_race/opt-adam")),
    (RACE, "momentum, then Nesterov, then plain GD, then Adam arrive",
     lambda: R("optimizer_race")["order"] == ["opt-momentum", "opt-nesterov", "opt-gd", "opt-adam"]),
    (RACE, "Adam comes near the bottom before it arrives for good",
     lambda: F("optimizer_race/opt-adam")["first_within"][0] < F("optimizer_race/opt-adam")["steps_to_tolerance"][0]),
    (RACE, "every optimizer runs the same budget, so each arrival is checked to the last step shown",
     lambda: len({F(t)["final_step"] for t in traces_of(CONFIG, "optimizer_race")}) == 1
     and not R("optimizer_race")["unchecked"]),
    (RACE, "RMSProp does not arrive within the budget", lambda: R("optimizer_race")["not_arrived"] == ["opt-rmsprop"]),
    ("batch_modes, batches-and-starts.md", "full batch never raises the loss; the others do, stochastic most",
     lambda: F("batch_modes/batch-full")["loss_rises"] == 0
     < F("batch_modes/batch-minibatch")["loss_rises"] < F("batch_modes/batch-stochastic")["loss_rises"]),
    ("init_comparison", "from every seed the informed start arrives sooner",
     lambda: all(F(f"init_starts/seed-{s}_prior-4")["steps_to_tolerance"]
                 < F(f"init_starts/seed-{s}_prior-none")["steps_to_tolerance"] for s in (1, 2, 3, 4))),
    ("init_comparison, batches-and-starts.md", "the informed start saves fewer steps than distance",
     lambda: all(_saves_fewer_steps_than_distance(s) for s in (1, 2, 3, 4))),
    ("gd_multi_modal, multi-modal.md", "ten starts, four minima, one of them the lowest",
     lambda: F("multi_modal")["starts"] == 10 and len(F("multi_modal")["minima"]) == 4
     and len(F("multi_modal")["lowest_minima"]) == 1),
    ("gd_multi_modal, multi_modal_descent, multi-modal.md", "only some starts reach the global minimum",
     lambda: 0 < F("multi_modal")["reached_lowest"] < F("multi_modal")["starts"]),
    ("lr_gd, final_fit", "descent ends on the least-squares line", lambda: F("linreg")["arrived"]),
    ("lr_gd", "after the first few steps L − L* falls along a straight line on the log axis: the same factor each step",
     lambda: _straight_on_log("linreg")),
    ("blindfolded_valley", "with too big an η each step lands further out and the walk diverges",
     lambda: F("valley_overshoot")["outcome"] == gm.DIVERGED and _lands_further_out("valley_overshoot")),
    ("blindfolded_valley", "the sensible walk steps until the step is too small to matter",
     lambda: F("valley")["outcome"] != gm.DIVERGED and str(simulate(simulation_spec(IDS["valley"])).status) == "converged"),
    ("regression_fit", "the line walks to the least-squares fit", lambda: F("linreg")["arrived"]),
]


def _straight_on_log(trace: str) -> bool:
    """Every step from the fifth on takes log10(L − L*) down by the same amount, within 5 %."""
    import numpy as np

    from gdsim.regression import excess_loss

    t = simulate(simulation_spec(IDS[trace]))
    drops = np.diff(np.log10(excess_loss(t.loss, F(trace)["least_squares_loss"])))[4:]
    return bool(np.all(np.abs(drops / np.median(drops) - 1) < 0.05))


def _leaves_and_comes_back(trace: str) -> bool:
    """Within the tolerance at some step before its arrival step, then outside it again."""
    import numpy as np

    t, found = simulate(simulation_spec(IDS[trace])), F(trace)
    distance = np.linalg.norm(t.paths[0] - np.asarray(found["minima"])[found["end_minimum"][0]], axis=1)
    before = distance[np.asarray(t.step) < found["steps_to_tolerance"][0]]
    inside = np.nonzero(before <= found["tolerance"])[0]
    return bool(inside.size) and bool((before[inside[0]:] > found["tolerance"]).any())


def _lands_further_out(trace: str) -> bool:
    """Every step of the walk lands further from the bottom than the last (BlindfoldedValley's words)."""
    t = simulate(simulation_spec(IDS[trace]))
    distance = abs(t.w - t.minimum)
    return bool((distance[1:] > distance[:-1]).all())


@pytest.mark.parametrize("where, claim, holds", CLAIMS, ids=[f"{w}: {c}" for w, c, _ in CLAIMS])
def test_claim_holds(where, claim, holds):
    assert holds(), f"{where} claims '{claim}', which the facts of config.yaml's traces do not show"


def test_the_multi_start_tally_counts_every_start_that_blew_up_by_the_last_frame(config):
    # Starts that blow up on the step after the last recorded row leave no point
    # for that step; the last frame must still count them as diverged.
    import copy

    from conftest import load_script
    from gdmedia.workflow.settings.config import simulation_spec
    from gdsim.facts import facts
    from gdsim.simulate import simulate

    sim = copy.deepcopy(config["simulations"]["multi_modal"])
    sim["surface"]["name"], sim["start"]["box"] = "himmelblau", None  # steep walls: every start blows up
    sim["optimizer"]["learning_rate"] = 0.5
    trace = simulate(simulation_spec(sim))
    found = facts(trace)
    assert found["counts"]["diverged"] == found["starts"]
    assert max(trace.stop_step) > trace.step[-1]  # some blew up after the last recorded step
    tally = load_script("figures/gd_multi_modal.py").settled_count(found, int(trace.step[-1]))
    assert tally.endswith(f"diverged {found['starts']}"), tally
