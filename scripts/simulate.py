"""Rule ``simulate``: one simulation's completed config block in, its trace out.

The rule runs it as a plain script, ``python scripts/simulate.py CONFIG_JSON
TRACE_NPZ SUMMARY_JSON`` (its log is stderr); ``run(sim_config, npz_path,
json_path)`` does the work and is what tests import.
"""

import json
import sys

from gdmedia.workflow.settings.specs import simulation_spec
from gdmedia.workflow.jobs.traces import save_json
from gdtrace.files import save_npz
from gdsim.simulate import simulate


def run(sim_config: dict, npz_path: str, json_path: str) -> None:
    trace = simulate(simulation_spec(sim_config))
    save_npz(trace, npz_path)
    save_json(sim_config, trace, json_path)


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print("usage: simulate.py CONFIG_JSON TRACE_NPZ SUMMARY_JSON", file=sys.stderr)
        return 2
    from gdmedia.base.lifetime import die_with_snakemake

    die_with_snakemake()  # after kill -9 of Snakemake, no orphan writes a trace the next run builds
    config_json, npz_path, json_path = argv
    run(json.loads(config_json), npz_path, json_path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
