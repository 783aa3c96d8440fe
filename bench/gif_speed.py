"""Time every animated figure against the plain matplotlib way, in one run.

Ours: draw once, blit the moving artists, one shared palette, gifsicle.
Baseline: FuncAnimation + PillowWriter on the same figure, the same frames,
the same size and the same play time (the hold is repeated frames).
Prints wall time, size and the ratios; targets: ≥ 6× faster, ≤ 0.5× the size.

    .venv/bin/python bench/gif_speed.py [--repeat N]
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.animation import FuncAnimation, PillowWriter  # noqa: E402

from gdmedia.figure_kit.figure import render as render_figure  # noqa: E402
from gdmedia.workflow.jobs.traces import measured  # noqa: E402
from gdmedia.workflow.jobs.runner import import_script  # noqa: E402
from gdmedia.workflow.settings.config import STILL_FIGURES, figure_options, load_config, simulation_spec  # noqa: E402
from gdmedia.workflow.settings.sweeps import is_sweep, members  # noqa: E402
from gdmedia.base.frames import frame_rows  # noqa: E402
from gdmedia.base.style import styled  # noqa: E402
from gdsim.simulate import simulate  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SPEED_TARGET, SIZE_TARGET = 6.0, 0.5


def baseline(module, trace, options, out: Path) -> None:
    """FuncAnimation + PillowWriter: a full redraw and a fresh palette every frame."""
    with styled():
        drawing = module.draw(trace, options, measured(trace))
        for artist in drawing.blitter.moving:
            artist.set_animated(False)  # let the ordinary full redraw draw them
        length = max(len(t.step) for t in trace) if isinstance(trace, list) else len(trace.step)
        rows = list(frame_rows(length, options.frames, options.early_bias))
        rows += [rows[-1]] * round(options.hold_s * options.fps)  # the hold, as repeated frames
        animation = FuncAnimation(drawing.figure, lambda i: drawing.update(rows[i]), frames=len(rows), blit=False)
        animation.save(out, writer=PillowWriter(fps=options.fps), dpi=options.dpi)
        plt.close(drawing.figure)


def timed(action, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def measure(config: dict, repeat: int) -> tuple[list, list]:
    """(animations: name, frames, ours s, plain s, ours bytes, plain bytes; stills: name, s, bytes)."""
    rows, stills = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for name, medium in config["media"].items():
            if medium.get("figure") is None:
                continue
            module = import_script(ROOT / "figures" / f"{medium['figure']}.py")
            sim = config["simulations"][medium["simulation"]]
            traces = [simulate(simulation_spec(m)) for m in members(sim).values()]
            trace = traces if is_sweep(sim) else traces[0]
            options = figure_options(medium)
            if medium["figure"] in STILL_FIGURES:
                still = Path(tmp, f"{name}.png")
                seconds = timed(lambda: render_figure(module, trace, still, options=options, found=measured(trace)), repeat)
                stills.append((name, seconds, still.stat().st_size))
                continue
            ours_path, base_path = Path(tmp, f"{name}.gif"), Path(tmp, f"{name}_baseline.gif")
            ours = timed(lambda: render_figure(module, trace, ours_path, options=options, found=measured(trace)), repeat)
            base = timed(lambda: baseline(module, trace, options, base_path), repeat)
            rows.append((name, options.frames, ours, base, ours_path.stat().st_size, base_path.stat().st_size))
    return rows, stills


def meets(ours: float, base: float, ours_size: int, base_size: int) -> bool:
    return base / ours >= SPEED_TARGET and ours_size / base_size <= SIZE_TARGET


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2, help="runs per method; the best time counts")
    args = parser.parse_args()
    rows, stills = measure(load_config(), args.repeat)

    print(f"# GIF benchmark — {platform.node()}, {platform.processor() or platform.machine()}, "
          f"Python {platform.python_version()}, best of {args.repeat}")
    print(f"{'medium':<16}{'frames':>7}{'ours s':>9}{'plain s':>9}{'speed×':>8}{'ours KiB':>10}{'plain KiB':>11}{'size×':>7}  targets")
    ok = True
    for name, frames, ours, base, ours_size, base_size in rows:
        speed, size = base / ours, ours_size / base_size
        met = meets(ours, base, ours_size, base_size)
        ok &= met
        print(f"{name:<16}{frames:>7}{ours:>9.2f}{base:>9.2f}{speed:>8.1f}{ours_size / 1024:>10.0f}"
              f"{base_size / 1024:>11.0f}{size:>7.2f}  {'met' if met else 'MISSED'}")
    for name, seconds, size in stills:
        print(f"{name + ' (still)':<16}{1:>7}{seconds:>9.2f}{'—':>9}{'—':>8}{size / 1024:>10.0f}{'—':>11}{'—':>7}")
    print(f"targets: speed ≥ {SPEED_TARGET:g}×, size ≤ {SIZE_TARGET:g}× of FuncAnimation + PillowWriter (animations)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
