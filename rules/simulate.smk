rule simulate:
    input:
        program="scripts/simulate.py",
        modules=simulation_modules,
    output:
        trace="output/sims/{sim}.npz",
        summary="output/sims/{sim}.json",
    params:
        simulation=simulation_json,
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
    # A plain Python process, not `script:`: importing Snakemake's script support (~0.2 CPU s)
    # would cost a job more than most simulations take.  The interpreter is Snakemake's own.
    shell:
        'exec "$GDMEDIA_PYTHON" {input.program:q} {params.simulation:q} {output.trace:q} {output.summary:q} > {log:q} 2>&1'
