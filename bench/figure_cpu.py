"""CPU seconds (user+sys, this process and its children: gifsicle) of figure jobs, drawn as the rules do.

    PYTHONPATH=$PWD/src .venv/bin/python bench/figure_cpu.py time lr_gd lr_sweep      # best of REPEAT (3)
    PYTHONPATH=$PWD/src .venv/bin/python bench/figure_cpu.py prof optimizer_race       # cProfile's top lines
    PYTHONPATH=$PWD/src .venv/bin/python bench/figure_cpu.py web lr_gd.dark lr_gd@2x   # a rendition's job

``time`` writes every output of the medium's rule (GIF, PNG, storyboard; a still's PNG and SVG) into
$OUT (default /tmp/figure_cpu) and prints the first bytes of each file's SHA-256, to compare two
builds.  SEPARATE=1 renders each output on its own (the way jobs were run before one drawing wrote
them all); FIGROOT points at another checkout's figures/ and scripts/ (with its src/ on PYTHONPATH)
to time an older version on the same traces.  Run the simulations first (snakemake --until simulate).
The medium's options are its config block less what does not draw (rules/common.smk: NOT_DRAWN).
"""
import os, resource, sys, hashlib, cProfile, pstats, io
from pathlib import Path
import matplotlib; matplotlib.use("Agg")
from gdmedia.figure_kit.figure import render as render_figure
from gdmedia.workflow.settings.config import load_config
from gdmedia.workflow.settings.sweeps import traces_of, is_sweep
from gdmedia.base.options import FigureOptions
from gdmedia.workflow.jobs.runner import import_script
from gdtrace.files import load, load_facts

ROOT = Path.cwd()
FIGROOT = Path(os.environ.get("FIGROOT", ROOT))
cfg = load_config()
NOT_DRAWN = ("caption", "alt", "segments")

def cpu():
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime

def job(medium, outdir, module=None):
    m = cfg["media"][medium]
    sim = m["simulation"]
    traces = [load(ROOT / f"output/sims/{t}.npz") for t in traces_of(cfg, sim)]
    found = [load_facts(ROOT / f"output/sims/{t}.json") for t in traces_of(cfg, sim)]
    trace = traces if is_sweep(cfg["simulations"][sim]) else traces[0]
    found = found if is_sweep(cfg["simulations"][sim]) else found[0]
    options = FigureOptions.from_mapping({k: v for k, v in m.items() if k not in NOT_DRAWN})
    module = module or import_script(FIGROOT / "figures" / f"{m['figure']}.py")
    from gdmedia.workflow.settings.config import STILL_FIGURES
    if m["figure"] in STILL_FIGURES:
        outs = [f"{medium}.png", f"{medium}.svg"]
    else:
        outs = [f"{medium}.gif", f"{medium}.png", f"{medium}.storyboard.png"]
    if os.environ.get("SEPARATE"):
        for o in outs: render_figure(module, trace, Path(outdir) / o, options=options, found=found)
    else:
        render_figure(module, trace, Path(outdir) / outs[0], options=options, found=found, also=[Path(outdir) / o for o in outs[1:]])
    return outs

if __name__ == "__main__":
    mode = sys.argv[1]; media = sys.argv[2:]
    outdir = Path(os.environ.get("OUT", "/tmp/figure_cpu")); outdir.mkdir(parents=True, exist_ok=True)
    for medium in media:
        if mode == "web":
            sys.path.insert(0, str(FIGROOT / "scripts"))
            import web_figure
            from gdmedia.web import renditions
            stem = medium; base = stem.split(".")[0].split("@")[0]
            m = cfg["media"][base]; sim = m["simulation"]
            paths = [str(ROOT / f"output/sims/{t}.npz") for t in traces_of(cfg, sim)]
            r = renditions.parse(stem + ".gif", {base: {"gif", "png"}})
            opts = renditions.figure_options({k: v for k, v in m.items() if k not in NOT_DRAWN}, r)
            outs = [str(outdir / f"{stem}.gif"), str(outdir / f"{stem}.png")]
            best = {}
            for _ in range(int(os.environ.get("REPEAT", 3))):
                if os.environ.get("SEPARATE"):
                    for o in outs:
                        t0 = cpu(); web_figure.render_rendition(FIGROOT / "figures" / f"{m['figure']}.py", paths, is_sweep(cfg["simulations"][sim]), opts, r.dark, o)
                        best[o] = min(best.get(o, 1e9), cpu() - t0)
                else:
                    t0 = cpu(); web_figure.render_rendition(FIGROOT / "figures" / f"{m['figure']}.py", paths, is_sweep(cfg["simulations"][sim]), opts, r.dark, outs[0], outs[1:])
                    best["both"] = min(best.get("both", 1e9), cpu() - t0)
            hashes = " ".join(hashlib.sha256(Path(o).read_bytes()).hexdigest()[:10] for o in outs)
            print(stem, {Path(k).name: round(v, 2) for k, v in best.items()}, hashes, flush=True)
            continue
        if mode == "prof":
            pr = cProfile.Profile(); pr.enable(); job(medium, outdir); pr.disable()
            s = io.StringIO(); pstats.Stats(pr, stream=s).sort_stats("cumulative").print_stats(45); print(s.getvalue())
            s = io.StringIO(); pstats.Stats(pr, stream=s).sort_stats("tottime").print_stats(25); print(s.getvalue())
        else:
            best = 1e9
            for _ in range(int(os.environ.get("REPEAT", 3))):
                t0 = cpu(); outs = job(medium, outdir); best = min(best, cpu() - t0)
            hashes = " ".join(hashlib.sha256((outdir / o).read_bytes()).hexdigest()[:10] for o in outs)
            print(f"{medium:18s} {best:6.2f} s  {hashes}", flush=True)
