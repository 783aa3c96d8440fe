rule simulate:
    input:
        modules=simulation_modules,
    output:
        trace="output/sims/{sim}.npz",
        summary="output/sims/{sim}.json",
    params:
        simulation=simulation_config,
        # '' unless the trace already built cannot be read: then the params
        # differ from those it was built with, and Snakemake rebuilds it.
        damage=trace_damage,
    wildcard_constraints:
        sim=one_of(simulation_names()),
    resources:
        mem_mb=estimated("simulate", "mem_mb"),
        runtime=estimated("simulate", "runtime"),
    threads: 1
    priority: scenes_first
    benchmark:
        "output/benchmarks/simulate/{sim}.tsv"
    log:
        "output/logs/simulate/{sim}.log",
    script:
        "../scripts/simulate.py"
