# Matplotlib figures: each medium's config names its script in figures/.
# An animated figure gives a GIF and, for notes and quick looks, its last frame;
# a still gives a PNG and an SVG.


rule figure:
    input:
        trace=medium_trace,
        facts=medium_facts,
        modules=medium_modules,
    output:
        gif=report("output/{medium}.gif", caption="../report/medium.rst", category="figure", labels=report_labels),
        still="output/{medium}.png",
        storyboard="output/{medium}.storyboard.png",
    params:
        script=medium_figure_script,
        options=medium_config,
        sweep=medium_is_sweep,
    wildcard_constraints:
        medium=one_of(figure_media()),
    resources:
        mem_mb=estimated("figure", "mem_mb"),
        runtime=estimated("figure", "runtime"),
    threads: 1
    benchmark:
        "output/benchmarks/figure/{medium}.tsv"
    log:
        "output/logs/figures/{medium}.log",
    script:
        "../scripts/figure.py"


# A still is a figure with other outputs: everything else is the figure rule's.
use rule figure as still with:
    output:
        png=report("output/{medium}.png", caption="../report/medium.rst", category="figure", labels=report_labels),
        svg="output/{medium}.svg",
    wildcard_constraints:
        medium=one_of(still_media()),
    resources:
        mem_mb=estimated("still", "mem_mb"),
        runtime=estimated("still", "runtime"),
    benchmark:
        "output/benchmarks/still/{medium}.tsv"
