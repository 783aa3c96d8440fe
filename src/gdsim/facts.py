"""The facts a teacher quotes about a run, measured from its trace.

Every number a medium draws or a note quotes comes from here, never from
config prose.  Pure functions of a trace; plain JSON-able values out
(ints, floats, strings, lists, dicts; ``None`` where a fact does not exist).

API (stable): ``facts(trace, tolerance=TOLERANCE) -> dict``, the ``facts`` of the
module that owns the trace's kind (``gdsim.kinds``).  The words and measures they
are made of (``ranking``, ``steps_to_tolerance``, ``DIVERGED``, …) live in
``gdsim.measures``, which imports no kind.  Per kind:

- regression (``gdsim.kinds.regression.facts``): ``status``, ``stop_step``,
  ``final_step``, ``final_loss``, ``loss_rises`` (recorded steps where the loss went up),
  ``least_squares_theta``, ``least_squares_loss``,
  ``start_distance``, ``final_distance``, ``tolerance``, ``steps_to_tolerance``,
  ``first_within`` (first step within tolerance, staying or not), ``arrived``, ``lambda_min``, ``lambda_max``, ``critical_step`` (2/λmax),
  ``optimal_step`` (2/(λmin+λmax)), ``eta_lambda_min``, ``eta_lambda_max``,
  ``regime`` (``regime_from_curvature``; ``None`` unless full-batch plain GD),
  ``outcome`` (``outcome_label``), ``optimizer``, ``batch_mode``.
- surface (``gdsim.kinds.surface.facts``): per start (lists) ``status``,
  ``stop_step``, ``end``, ``end_minimum``, ``final_value``, ``final_distance``,
  ``steps_to_tolerance``, ``first_within``; ``minima`` (points), ``minimum_values``,
  ``lowest_minima`` (every minimum as low as the lowest: Himmelblau gives four),
  ``counts`` per end (``diverged``, ``unsettled``, ``minimum-<k>``),
  ``reached_lowest`` (how many starts ended in a lowest minimum), ``ending``
  per start (``ending``: lowest minimum, other minimum, diverged, no minimum,
  still moving) and ``tally`` (how many starts ended each way).
- curve (``gdsim.kinds.curve.facts``): ``status``, ``stop_step``, ``final_w``,
  ``final_loss``, ``curvature`` L''(w*), ``critical_step`` 2/L'', ``eta_curvature``,
  ``regime``, ``steps_to_tolerance``, ``arrived``, ``outcome``.
- ``ranking(named_facts) -> dict``: for a sweep or comparison (member name →
  facts), ``order`` (arrived members, fewest steps to tolerance first, ties in
  the given order), ``fastest`` (the first of them), ``first`` (every member
  tied for fewest), ``not_arrived``, ``unchecked`` (members whose arrival is
  not known to stay: see ``arrival_checked``), ``steps`` (name → steps or None).
- ``regime_from_curvature(eta, lam_min, lam_max)``: ``MONOTONE``, ``ZIGZAG``,
  ``EDGE`` or ``DIVERGES``; ``steps_to_tolerance(steps, distance, tolerance)``.
- ``away(distance, tolerance, decimals)``: a distance written with enough
  digits that it reads as more than the tolerance it missed.

The maths.  Full-batch GD on a quadratic with Hessian H moves the error e = θ − θ*
as e ← (I − ηH)e, so along an eigenvector with curvature λ each step multiplies it
by 1 − ηλ: it shrinks without changing sign while ηλ ≤ 1 (monotone), flips sign
and still shrinks while 1 < ηλ < 2 (zig-zag), and grows once ηλ > 2 (diverges).
The stiffest direction decides: the critical step is 2/λmax.  The slowest factor
max(|1 − ηλmin|, |1 − ηλmax|) is smallest where both are equal, η = 2/(λmin+λmax).
For the project's loss L = ½·mean((y − θ0 − θ1·x)²), H = mean of [[1, x], [x, x²]].
"""

from __future__ import annotations

from . import kinds
from .measures import TOLERANCE


def facts(trace, tolerance: float = TOLERANCE) -> dict:
    """The facts of any trace, measured by the module that owns its kind."""
    return kinds.owner(trace).facts(trace, tolerance)
