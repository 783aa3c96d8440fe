rule simulate:
    input:
        modules=simulation_modules,
    output:
        trace="output/sims/{sim}.npz",
        summary="output/sims/{sim}.json",
    params:
        simulation=simulation_config,
    wildcard_constraints:
        sim=one_of(simulation_names()),
    log:
        "output/logs/simulate/{sim}.log",
    script:
        "../scripts/simulate.py"
