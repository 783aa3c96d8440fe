"""Media in a Jupyter notebook: change some values, build the medium beside the defaults, show it inline.

``render("lr_gd", {"simulations.linreg.optimizer.learning_rate": 0.6})``
builds the medium through the real workflow (the same rules, checks and
schema as ``snakemake``) in a working copy of the checkout under
``output/notebook/<changes>/``, one folder per set of changes, so the default
outputs stay as they are and two settings can be shown side by side; it
returns the path of the built file.  ``show(path)`` displays an image or a
video inline.  ``make notebook`` starts JupyterLab on ``docs/notebook.ipynb``.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any


from gdmedia.workflow.jobs import registry
from gdmedia.workflow.settings.config import load_config
from gdmedia.workflow.settings.overrides import unparse
from gdmedia.workflow.authoring.workspace import copy_project, find_checkout


def built_file(medium: str, config: dict) -> str:
    """The file that is the medium: a scene's MP4, a still's PNG, an animation's GIF."""
    block = config["media"][medium]
    if "scene" in block:
        return f"output/{medium}.mp4"
    return f"output/{medium}.png" if registry.figures()[block["figure"]].still else f"output/{medium}.gif"


def workspace(changes: dict[str, Any], root: Path) -> Path:
    """``output/notebook/<name>/``: a name for this set of changes (readable, and unique by its hash)."""
    text = json.dumps(changes, sort_keys=True, default=str)
    readable = "_".join(f"{k.rsplit('.', 1)[-1]}-{v}" for k, v in sorted(changes.items()))[:60] or "defaults"
    safe = "".join(c if c.isalnum() or c in "-_." else "-" for c in readable)
    return root / "output" / "notebook" / f"{safe}-{hashlib.sha256(text.encode()).hexdigest()[:8]}"


def render(medium: str, changes: dict[str, Any] | None = None, *, root: Path | None = None, cores: int = 1) -> Path:
    """Build ``medium`` with ``changes`` (dotted config path → value) and return the built file's path."""
    changes = dict(changes or {})
    root = Path(root) if root is not None else find_checkout()
    config = load_config(root / "config.yaml")
    if medium not in config["media"]:
        raise KeyError(f"no medium {medium!r} in {root / 'config.yaml'}; media: {', '.join(sorted(config['media']))}")
    where = copy_project(workspace(changes, root), source=root)
    target = built_file(medium, config)
    command = [str(Path(sys.executable).parent / "snakemake"), "--cores", str(cores), target]
    if changes:  # checked by the schema like any other value (gdmedia.workflow.settings.overrides)
        command += ["--config", "set=" + unparse(changes)]
    result = subprocess.run(command, cwd=where, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"building {target} with {changes} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return where / target


def show(path: str | Path, width: int = 750):
    """An inline display of a built medium: GIF/PNG/SVG as an image, MP4 as a video."""
    from IPython.display import SVG, Image, Video

    path = Path(path)
    if path.suffix == ".mp4":
        return Video(str(path), embed=True, width=width, html_attributes="controls loop autoplay muted")
    if path.suffix == ".svg":
        return SVG(filename=str(path))
    return Image(filename=str(path), width=width)
