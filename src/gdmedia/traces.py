"""Trace files: ``<name>.npz`` (arrays) beside ``<name>.json`` (parameters and outcome).

The npz is the only contract between simulation and rendering.  It is written
with fixed zip timestamps, so the same config gives the same bytes.
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import numpy as np

from gdsim.facts import facts
from gdsim.simulate import CurveTrace, RegressionTrace, SurfaceTrace

KINDS = {"regression": RegressionTrace, "surface": SurfaceTrace, "curve": CurveTrace}
_EPOCH = (1980, 1, 1, 0, 0, 0)
Trace = RegressionTrace | SurfaceTrace | CurveTrace


def kind_of(trace) -> str:
    return next(kind for kind, cls in KINDS.items() if isinstance(trace, cls))


def save_npz(trace: Trace, path: str | Path) -> None:
    """Write the trace's fields as .npy members of a zip, atomically."""
    fields = {"kind": np.array(kind_of(trace)), **{k: np.asarray(v) for k, v in trace._asdict().items()}}
    tmp = Path(f"{path}.part")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, array in fields.items():
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, array, allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, buffer.getvalue())
    os.replace(tmp, path)


def load(path: str | Path) -> Trace:
    """Read a trace written by ``save_npz`` back into its NamedTuple."""
    with np.load(path, allow_pickle=False) as archive:
        kind = str(archive["kind"])
        cls = KINDS[kind]
        values = {}
        for name in cls._fields:
            if name not in archive.files and name in cls._field_defaults:
                continue  # a trace written before the field existed keeps its default
            array = archive[name]
            values[name] = array.item() if array.ndim == 0 else array
    return cls(**values)


def summary(trace: Trace) -> dict:
    """How the run ended, for the .json beside the trace."""
    if isinstance(trace, CurveTrace):
        return {
            "kind": "curve",
            "status": trace.status,
            "stop_step": trace.stop_step,
            "final_step": int(trace.step[-1]),
            "final_w": float(trace.w[-1]),
            "final_loss": float(trace.loss[-1]),
        }
    if isinstance(trace, RegressionTrace):
        return {
            "kind": "regression",
            "status": trace.status,
            "stop_step": trace.stop_step,
            "final_step": int(trace.step[-1]),
            "final_theta": trace.theta[-1].tolist(),
            "final_loss": float(trace.loss[-1]),
            "least_squares_theta": trace.lstsq.tolist(),
        }
    return {
        "kind": "surface",
        "status": trace.status.tolist(),
        "stop_step": trace.stop_step.tolist(),
        "final_step": int(trace.step[-1]),
        "end_minimum": trace.end_minimum.tolist(),
        "global_minimum": trace.global_minimum,
    }


def save_json(params: dict, trace: Trace, path: str | Path) -> None:
    """Write the resolved parameters, the outcome and the measured facts (``gdsim.facts``), sorted."""
    document = {"parameters": params, "result": summary(trace), "facts": facts(trace)}
    Path(path).write_text(json.dumps(document, indent=2, sort_keys=True) + "\n")
