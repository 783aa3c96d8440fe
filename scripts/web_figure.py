"""Rules ``figure_variant`` and ``still_variant``: one rendition of a figure (.dark, @2x), drawn natively.

The figure module is imported by path inside
``style.dark()`` when the rendition is dark, so even colours it reads at import
are the dark ones; an @2x rendition gets the options with twice the pixels and
the dpi (``renditions.figure_options``), so matplotlib draws the same layout
with twice the pixels, never a rescaled 1× picture.  The outputs' extensions
pick what is written: an animated figure's GIF and its last frame (.png), from
one drawing; a still's PNG or SVG.

Importable: ``render_rendition(...)`` does the work; the footer runs it under Snakemake.
"""

if "snakemake" in globals():  # stderr to the log before anything can fail; die with Snakemake
    from gdmedia.workflow.jobs.runner import begin_job

    begin_job(globals())

from contextlib import nullcontext  # noqa: E402
from pathlib import Path  # noqa: E402

from gdmedia.figure_kit.figure import render as render_figure  # noqa: E402
from gdmedia.base import style  # noqa: E402
from gdmedia.base.options import FigureOptions  # noqa: E402
from gdmedia.workflow.jobs.runner import import_script  # noqa: E402
from gdtrace.files import load, load_facts  # noqa: E402


def render_rendition(script: str, trace_paths: list[str], sweep: bool, options: dict, dark: bool,
                     out_path: str, also: list[str] = ()) -> Path:
    """Draw the figure ``script`` of the traces, and the facts written beside them, with ``options``
    (dark or light) to ``out_path`` and the files in ``also`` (e.g. the GIF's last frame), all from
    one drawing."""
    traces = [load(path) for path in trace_paths]
    found = [load_facts(path) for path in trace_paths]
    with style.dark() if dark else nullcontext():
        module = import_script(script)
        return render_figure(module, traces if sweep else traces[0], out_path, options=FigureOptions.from_mapping(options),
                             found=found if sweep else found[0], also=list(also))


if "snakemake" in globals():
    smk = snakemake  # noqa: F821
    first, *rest = smk.output
    render_rendition(smk.params.script, list(smk.input.trace), smk.params.sweep, smk.params.options,
                     smk.params.dark, first, rest)
