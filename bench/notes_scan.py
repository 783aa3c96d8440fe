"""How much scanning a course of notes adds to a dry run: bench/NOTES.md.

Writes a course of 500 notes in mixed formats (Markdown, MyST, Quarto,
Jupyter, reStructuredText, LaTeX; a few screens of prose each, with images of
the author's own and media the pipeline makes) into a temporary folder, then
times, in the same run and on the same machine:

- ``snakemake -n docs`` on a folder holding one note (the baseline) and on the
  500-note course, first with no scan cache (every note parsed) and then again
  (notes known by their bytes): the differences are what scanning adds;
- the scan alone, in this process, per format;
- a note of one 4 MB line of unclosed ``![`` (refused), and one of 4 MB of
  nested ``<div>`` around an image (read), against the same at 1 MB.

    .venv/bin/python bench/notes_scan.py        # or: make bench-notes
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from gdmedia.workflow.settings.config import ROOT
from gdmedia.notes import DocsError, scan

SNAKEMAKE = str(Path(sys.executable).parent / "snakemake")
CACHE = ROOT / "output" / "docs" / "scan-cache.json"
PRODUCES = {"lr_gd": {"gif", "png"}, "gd_multi_modal": {"gif", "png"}, "final_fit": {"png", "svg"}}
TARGET_ADDED_S = 1.0
ROUNDS = 5
PROSE = ("The loss falls fastest along the negative gradient, so each step moves the parameters a little way "
         "downhill; *too large* a step overshoots and `eta` must shrink. See [the notes](other.md).\n\n") * 12


def markdown_note(i: int) -> str:
    return (f"# Week {i}\n\n{PROSE}![fit](../media/lr_gd.gif)\n\n```python\n![no](code.gif)\n```\n\n{PROSE}"
            f'<img src="../img/diagram.svg" width="600">\n\n{PROSE}![surface][s]\n\n[s]: ../media/gd_multi_modal.gif\n')


def myst_note(i: int) -> str:
    return f"# MyST {i}\n\n{PROSE}```{{figure}} ../media/final_fit.png\n:alt: fit\n\nThe fit.\n```\n\n{PROSE}"


def quarto_note(i: int) -> str:
    return (f"---\ntitle: Q{i}\n---\n\n{PROSE}![fit](../media/lr_gd.gif){{width=80%}}\n\n```{{python}}\nprint(1)\n```\n"
            f"\n{PROSE}")


def notebook_note(i: int) -> str:
    cells = [{"cell_type": "markdown", "metadata": {}, "source": f"# NB {i}\n\n{PROSE}![fit](../media/lr_gd.gif)"},
             {"cell_type": "code", "metadata": {}, "source": "x = 1\n" * 20, "outputs": [], "execution_count": None}] * 3
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells})


def rst_note(i: int) -> str:
    prose = PROSE.replace("*too large*", "*too large*").replace("[the notes](other.md)", "`the notes <other.html>`_")
    return (f"Week {i}\n=======\n\n{prose}.. figure:: ../media/final_fit.png\n\n   The fit.\n\n{prose}"
            f".. image:: ../img/diagram.svg\n\n{prose}")


def latex_note(i: int) -> str:
    prose = PROSE.replace("`eta`", "$\\eta$")
    return (f"\\section{{Week {i}}}\n\\graphicspath{{{{../media/}}}}\n{prose}% \\includegraphics{{no.png}}\n"
            f"\\includegraphics[width=\\linewidth]{{final_fit.png}}\n{prose}")


FORMATS = {".md": markdown_note, ".myst.md": myst_note, ".qmd": quarto_note, ".ipynb": notebook_note,
           ".rst": rst_note, ".tex": latex_note}


def course(folder: Path, count: int) -> Path:
    (folder / "img").mkdir(parents=True)
    (folder / "img" / "diagram.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (folder / "notes").mkdir()
    makers = list(FORMATS.items())
    for i in range(count):
        suffix, make = makers[i % len(makers)]
        (folder / "notes" / f"week{i:03d}{suffix}").write_text(make(i), encoding="utf-8")
    return folder


def dry_run(folder: Path, cold: bool = False) -> tuple[float, float]:
    """Wall and CPU seconds of one ``snakemake -n docs``; ``cold``: with no scan cache (every note parsed)."""
    if cold:
        CACHE.unlink(missing_ok=True)
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run([SNAKEMAKE, "-n", "docs", "--config", f"docs={folder}"], cwd=ROOT, capture_output=True,
                            text=True)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"dry run failed:\n{result.stdout}\n{result.stderr}")
    return seconds, after.ru_utime + after.ru_stime - cpu.ru_utime - cpu.ru_stime


FRESH_SCAN = """import json, sys, time
from gdmedia.notes import scan
produces = {medium: set(kinds) for medium, kinds in json.loads(sys.argv[2]).items()}
wall, cpu = time.perf_counter(), time.process_time()
scan(sys.argv[1], produces)
print(time.perf_counter() - wall, time.process_time() - cpu)
"""


def scan_in_fresh_process(folder: Path) -> tuple[float, float]:
    """Wall and CPU seconds of the first scan in a new Python that has imported only what the Snakefile has."""
    produces = json.dumps({medium: sorted(kinds) for medium, kinds in PRODUCES.items()})
    result = subprocess.run([sys.executable, "-c", FRESH_SCAN, str(folder), produces], capture_output=True, text=True,
                            check=True)
    wall, cpu = result.stdout.split()
    return float(wall), float(cpu)


def best(runs: list[tuple[float, float]]) -> tuple[float, float]:
    """The least wall time and the least CPU time of a few runs (the least disturbed by other work)."""
    return min(r[0] for r in runs), min(r[1] for r in runs)


def least(work, repeat: int = 3, clock=time.perf_counter) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = clock()
        work()
        best = min(best, clock() - start)
    return best


def refused_in(text: str, folder: Path) -> float:
    (folder / "long.md").write_text(text)

    def work():
        try:
            scan(folder, PRODUCES)
        except DocsError:
            pass
    return least(work)


def main() -> None:
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        big, one = course(tmp / "big", 500), course(tmp / "one", 1)
        dry_run(one)  # warm the file cache and Python's bytecode
        runs = {"baseline": [], "cold": [], "again": []}
        for _ in range(ROUNDS):  # interleaved, so a burst of other work on the shared machine hits all three alike
            runs["baseline"].append(dry_run(one))
            runs["cold"].append(dry_run(big, cold=True))  # every note parsed
            runs["again"].append(dry_run(big))  # every note known by its bytes
        baseline, cold, with_course = (best(runs[k]) for k in ("baseline", "cold", "again"))
        fresh = best([scan_in_fresh_process(big) for _ in range(ROUNDS)])
        per_format = {}
        for suffix in FORMATS:
            only = course(tmp / f"only{suffix}", 0)
            for i in range(30):
                (only / "notes" / f"n{i}{suffix}").write_text(FORMATS[suffix](i))
            per_format[suffix] = least(lambda: scan(only, PRODUCES), clock=time.process_time) / 30 * 1000
        scan_all = least(lambda: scan(big, PRODUCES), clock=time.process_time)
        long = {}
        for size in (1, 4):
            folder = tmp / f"long{size}"
            folder.mkdir()
            long[size] = (refused_in("![x](lr_gd.gif) " + "![" * (size << 19), folder),
                          refused_in("<div>" * ((size << 20) // 5) + "<img src='lr_gd.gif'>", folder))
    first, again = cold[0] - baseline[0], with_course[0] - baseline[0]
    rows = [
        "# Scanning notes",
        "",
        f"{datetime.date.today()}, {platform.machine()}, {os.cpu_count()} CPUs (shared), Python {platform.python_version()}; "
        f"load average {load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end (wall times grow with it; "
        "CPU times much less).",
        f"`snakemake -n docs --config docs=…`, best of {ROUNDS} (wall and CPU each), the three kinds of run interleaved.",
        "Every note of the course can embed (each holds an image), so the first run parses all 500: what it measures is "
        "the parsers themselves (docutils without inline markup, notebooks as JSON, Markdown by markdown-it).",
        "",
        "| what | wall s | CPU s | target (wall) | |",
        "|---|---:|---:|---:|---|",
        f"| dry run, a folder of 1 note (baseline) | {baseline[0]:.2f} | {baseline[1]:.2f} | — | |",
        f"| dry run, a course of 500 notes in six formats, first time (no scan cache: every note parsed) | {cold[0]:.2f} | {cold[1]:.2f} | — | |",
        f"| added by parsing 500 notes the first time | {first:.2f} | {cold[1] - baseline[1]:.2f} | ≤ {TARGET_ADDED_S:.1f} | {'met' if first <= TARGET_ADDED_S else 'MISSED'} |",
        f"| dry run, the same course again (notes unchanged: known by their bytes) | {with_course[0]:.2f} | {with_course[1]:.2f} | — | |",
        f"| added by scanning 500 unchanged notes | {again:.2f} | {with_course[1] - baseline[1]:.2f} | ≤ {TARGET_ADDED_S:.1f} | {'met' if again <= TARGET_ADDED_S else 'MISSED'} |",
        f"| the first scan alone, 500 notes, in a fresh Python (docutils imported on the way, as in the dry run) | {fresh[0]:.2f} | {fresh[1]:.2f} | ≤ {TARGET_ADDED_S:.1f} | {'met' if fresh[0] <= TARGET_ADDED_S else 'MISSED'} |",
        f"| the scan alone, 500 notes, in process, no cache, parsers imported | | {scan_all:.2f} | — | |",
        "",
        "The target is judged on wall time, which on this shared 2-core machine grows with the load (the 1-note "
        "baseline takes 2.5 s when the machine is idle); the CPU column is the dry run's own work, far less sensitive "
        "to the load. Before the first-scan shortcuts (commit 62229d0, same course): 2.82 s added the first time, "
        "reST 21 ms and notebooks 3.2 ms a note. A profile of the cold dry run shows one scan and 500 reads: "
        "nothing is parsed twice per invocation.",
        "",
        "| format | CPU ms per note (scan alone, parser imported) |",
        "|---|---:|",
        *[f"| {suffix} | {ms:.2f} |" for suffix, ms in per_format.items()],
        "",
        "| one-line note | 1 MB s | 4 MB s | growth (linear: 4×) |",
        "|---|---:|---:|---:|",
        f"| unclosed `![` (refused) | {long[1][0]:.3f} | {long[4][0]:.3f} | {long[4][0] / long[1][0]:.1f}× |",
        f"| nested `<div>` around an image (read) | {long[1][1]:.3f} | {long[4][1]:.3f} | {long[4][1] / long[1][1]:.1f}× |",
        "",
    ]
    (ROOT / "bench" / "NOTES.md").write_text("\n".join(rows), encoding="utf-8")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
