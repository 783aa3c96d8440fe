# Matplotlib figures: each medium's config names its script in figures/.


rule figure:
    input:
        trace=medium_trace,
        modules=medium_modules,
    output:
        gif="output/{medium}.gif",
    params:
        figure=medium_figure,
        options=medium_config,
    wildcard_constraints:
        medium=one_of(figure_media()),
    log:
        "output/logs/figures/{medium}.log",
    script:
        "../figures/{params.figure}.py"
