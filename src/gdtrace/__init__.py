"""The trace contract: what a simulation hands to a picture, and nothing else.

``types``: the trace of each problem kind (a NamedTuple per kind, ``TRACES``).
``files``: their files: the npz written and read back, the json's facts read.

Imports NumPy and the standard library only.  The core (``gdsim``) fills
these traces and the workflow writes them; figures and scenes read them and
never import the core's simulation.  A change here is a change of contract:
every simulation and every picture runs again.
"""

from .types import TRACES, CurveTrace, RegressionTrace, SurfaceTrace

__all__ = ["TRACES", "CurveTrace", "RegressionTrace", "SurfaceTrace"]
