"""Rule ``simulate``: one simulation's completed config block in, its trace out.

Importable: ``run(sim_config, npz_path, json_path)`` does the work; the footer
runs it under Snakemake.
"""

if "snakemake" in globals():  # under Snakemake, stderr goes to the log before anything can fail
    from gdmedia.runner import log_to

    log_to(snakemake.log[0])  # noqa: F821

from gdmedia.config import simulation_spec  # noqa: E402
from gdmedia.traces import save_json, save_npz  # noqa: E402
from gdsim.simulate import simulate  # noqa: E402


def run(sim_config: dict, npz_path: str, json_path: str) -> None:
    trace = simulate(simulation_spec(sim_config))
    save_npz(trace, npz_path)
    save_json(sim_config, trace, json_path)


if "snakemake" in globals():
    run(snakemake.params.simulation, snakemake.output.trace, snakemake.output.summary)  # noqa: F821
