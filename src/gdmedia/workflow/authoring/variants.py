"""Variants side by side: a named set of changes, built beside the defaults, sharing what it does not change.

``config.yaml`` names variants (``variants: {big-step: {simulations.linreg.
optimizer.learning_rate: 0.8}}``).  ``make variant NAME=big-step`` (this
module's ``build``) makes ``output/variants/big-step/``, a working copy of the
checkout whose ``output/`` starts as hard links to the default build's files
with Snakemake's records of how each was made.  Snakemake then runs there with
the variant's changes (``--config set=…``, checked by the schema), so it reruns
exactly what the changes touch — the simulations whose parameters changed and
the media drawn from them — and every other trace and medium stays the default
one, shared, not rebuilt.  Writers replace files rather than write into them, so
the default outputs are never touched.  ``compare.html`` in the variant folder
shows each medium the variant changed next to the default one.
"""

from __future__ import annotations

import hashlib
import html
import os
import shutil
import subprocess
import sys
from pathlib import Path


from gdmedia.workflow.settings.config import ConfigError, ROOT, load_config
from gdmedia.workflow.authoring.notebook import built_file
from gdmedia.workflow.settings.overrides import unparse as assignments  # the variant's changes as one `set=` value
from gdmedia.workflow.authoring.workspace import copy_project

NOT_SHARED = ("variants", "notebook", "manim", "logs", "benchmarks")


def folder(root: Path, name: str) -> Path:
    return root / "output" / "variants" / name


def not_default(root: Path) -> set[str]:
    """Outputs in ``root`` that its default config would build again (``snakemake --summary``'s plan):
    those a one-off ``--config set=`` run made, and any that are stale.  Paths relative to ``root``."""
    command = [str(Path(sys.executable).parent / "snakemake"), "--summary", "--nolock"]
    result = subprocess.run(command, cwd=root, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"snakemake --summary failed in {root}:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    rows = [line.split("\t") for line in result.stdout.splitlines()[1:]]
    return {row[0] for row in rows if len(row) >= 6 and row[-1] != "no update"}


def share(root: Path, where: Path) -> int:
    """Hard-link the default build's outputs and Snakemake's records of them into ``where``; returns files linked.

    Only what the default config made is shared: a file a one-off ``--config set=`` run left in
    ``output/`` (its recorded parameters are not the default's) is left out, so the variant builds it
    from its own config instead of taking it for the default."""
    linked = 0
    source = root / "output"
    stale = not_default(root) if source.is_dir() else set()
    for path in sorted(source.rglob("*")) if source.is_dir() else []:
        relative = path.relative_to(source)
        if relative.parts[0] in NOT_SHARED or not path.is_file() or path.name.endswith(".part"):
            continue
        if (Path("output") / relative).as_posix() in stale:
            continue
        target = where / "output" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            if os.path.samefile(path, target):
                continue
            target.unlink()
        try:
            os.link(path, target)
        except OSError:  # another filesystem: a copy with the same times
            shutil.copy2(path, target)
        linked += 1
    records = root / ".snakemake" / "metadata"
    if records.is_dir():
        shutil.copytree(records, where / ".snakemake" / "metadata", dirs_exist_ok=True)
    return linked


def build(name: str, root: Path = ROOT, cores: int = 2) -> Path:
    """Build variant ``name`` in ``output/variants/<name>/`` and write its comparison page; returns the folder."""
    config = load_config(root / "config.yaml")
    variants = config.get("variants", {})
    if name not in variants:
        raise ConfigError(f"config.variants: no variant {name!r}; variants: {', '.join(sorted(variants)) or 'none'}")
    where = copy_project(folder(root, name), source=root)
    share(root, where)
    targets = [built_file(medium, config) for medium in config["media"]]  # the media, not the notes' copies
    command = [str(Path(sys.executable).parent / "snakemake"), "--cores", str(cores), *targets,
               "--config", "set=" + assignments(variants[name])]
    result = subprocess.run(command, cwd=where, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"variant {name!r} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    compare_page(root, where, name, config)
    return where


def _digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def changed_media(root: Path, where: Path, config: dict) -> dict[str, bool]:
    """Medium name → whether the variant's file differs from the default one."""
    return {name: _digest(root / built_file(name, config)) != _digest(where / built_file(name, config))
            for name in config["media"]}


def compare_page(root: Path, where: Path, name: str, config: dict) -> Path:
    """``compare.html``: each medium the variant changed beside the default; the shared ones listed."""
    changes = config["variants"][name]
    changed = changed_media(root, where, config)
    rows = []
    for medium, differs in changed.items():
        if not differs:
            continue
        file = built_file(medium, config)
        alt = html.escape(config["media"][medium]["alt"], quote=True)
        tag = "video controls loop muted" if file.endswith(".mp4") else "img"
        cells = "".join(f'<td><{tag} src="{html.escape(src)}" width="560" {"aria-label" if tag != "img" else "alt"}="{alt}">'
                        f'{"</video>" if tag != "img" else ""}<br>{label}</td>'
                        for src, label in ((os.path.relpath(root / file, where), "default"), (file, name)))
        rows.append(f"<h2>{html.escape(medium)}</h2><table><tr>{cells}</tr></table>")
    shared = ", ".join(sorted(m for m, differs in changed.items() if not differs)) or "none"
    listed = "".join(f"<li><code>{html.escape(k)}</code> = <code>{html.escape(str(v))}</code></li>"
                     for k, v in changes.items())
    page = where / "compare.html"
    page.write_text(f"<!doctype html><meta charset='utf-8'><title>{html.escape(name)} against the defaults</title>"
                    f"<h1>Variant {html.escape(name)} against the defaults</h1><ul>{listed}</ul>{''.join(rows)}"
                    f"<p>Shared with the defaults, not rebuilt: {html.escape(shared)}</p>\n", encoding="utf-8")
    return page


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Build a named variant of config.yaml beside the defaults.")
    parser.add_argument("name")
    parser.add_argument("--cores", type=int, default=os.cpu_count() or 1)
    arguments = parser.parse_args()
    print(build(arguments.name, Path.cwd() if (Path.cwd() / "Snakefile").is_file() else ROOT, arguments.cores)
          / "compare.html")
