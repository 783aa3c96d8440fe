# Matplotlib figures: each medium's config names its script in figures/.
# Each medium gives an animation and, for notes and quick looks, its last frame.


rule figure:
    input:
        trace=medium_trace,
        modules=medium_modules,
    output:
        gif="output/{medium}.gif",
        still="output/{medium}.png",
    params:
        figure=medium_figure,
        options=medium_config,
        sweep=medium_is_sweep,
    wildcard_constraints:
        medium=one_of(figure_media()),
    log:
        "output/logs/figures/{medium}.log",
    script:
        "../figures/{params.figure}.py"
