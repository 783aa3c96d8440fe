"""Rules ``figure`` and ``still``: draw one medium's figure into every output of the rule.

The medium's figure module (``params.script``, a plain module in ``figures/``) is
drawn once from its traces and the facts their simulations wrote beside them
(never measured again): an animation's GIF, last frame and storyboard, or a
still's PNG and SVG.
"""

from gdmedia.workflow.jobs.runner import begin_job, import_script


def run(smk) -> None:
    import matplotlib

    matplotlib.use("Agg")  # off-screen, before the figure's pyplot is imported
    from gdmedia.base.options import FigureOptions
    from gdmedia.figure_kit.figure import render
    from gdtrace.files import load, load_facts

    figure = import_script(smk.params.script)
    traces = [load(path) for path in smk.input.trace]
    found = [load_facts(path) for path in smk.input.facts]
    trace, found = (traces, found) if smk.params.sweep else (traces[0], found[0])
    first, *rest = smk.output
    render(figure, trace, first, options=FigureOptions.from_mapping(smk.params.options), found=found, also=rest)


begin_job(globals())  # stderr to the rule's log, and die with Snakemake, before anything can fail
run(snakemake)  # noqa: F821
