# One rule per figure script; each renders the media whose config names it.

for _figure in FIGURE_KINDS:

    rule:
        name:
            f"figure_{_figure}"
        input:
            trace=medium_trace,
            modules=figure_modules(_figure),
        output:
            gif="output/{medium}.gif",
        params:
            options=medium_config,
        wildcard_constraints:
            medium=one_of(media_drawn_by(_figure)),
        log:
            "output/logs/figures/{medium}.log",
        script:
            f"../figures/{_figure}.py"
