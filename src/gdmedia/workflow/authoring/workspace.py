"""Working copies of the workflow: the files a build needs, without what a build made.

Tests break copies and benchmarks rebuild them from nothing; neither touches
the checkout's own output/.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from gdmedia.workflow.settings.config import ROOT

PROJECT_PARTS = ("Snakefile", "config.yaml", "rules", "schemas", "scripts", "figures", "scenes", "src", "profiles",
                 "docs", "report", "mkdocs.yml")


def copy_project(destination: Path, source: Path = ROOT) -> Path:
    """Copy the workflow's sources to ``destination`` (again, over an older copy) and return it."""
    destination = Path(destination)
    destination.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        if (source / part).is_dir():
            shutil.copytree(source / part, destination / part, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "media", "gallery.md",
                                                          ".gdmedia-placed.json", "*.ipynb"))
        else:
            shutil.copy2(source / part, destination / part)
    return destination


def find_checkout(start: Path | None = None) -> Path:
    """The checkout ``start`` lies in: the first folder up from it (default: the cwd) holding a
    config.yaml and a Snakefile; else the one this package belongs to."""
    start = Path(start or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        if (folder / "config.yaml").is_file() and (folder / "Snakefile").is_file():
            return folder
    return ROOT
