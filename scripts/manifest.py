"""Rule ``placed``: record what the pipeline placed in the notes folder; remove the copies no note embeds now.

Only a copy the pipeline placed and nobody changed since is removed (see
``gdmedia.notes.manifest``); the output in ``output/docs/`` (one per notes folder) is the manifest's
twin, so Snakemake reruns this whenever the set of placed files changes.

Importable: ``settle_folder(root, keep, out_path)``; the footer runs it under Snakemake.
"""

if "snakemake" in globals():  # under Snakemake, stderr goes to the log before anything can fail
    from gdmedia.workflow.jobs.runner import log_to

    log_to(snakemake.log[0])  # noqa: F821

import json  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from gdmedia.notes.manifest import settle  # noqa: E402


def settle_folder(root: str, keep: dict[str, str], out_path: str) -> dict:
    result = settle(Path(root).resolve(), dict(keep))
    for removed in result["removed"]:
        print(f"removed {removed}: no note embeds it now", file=sys.stderr)
    for left in result["left"]:
        print(f"left {left}: no note embeds it, but it changed since it was placed", file=sys.stderr)
    Path(out_path).parent.mkdir(parents=True, exist_ok=True)
    Path(out_path).write_text(json.dumps({"root": root, **result}, indent=1) + "\n", encoding="utf-8")
    return result


if "snakemake" in globals():
    settle_folder(snakemake.params.root, snakemake.params.keep, snakemake.output.manifest)  # noqa: F821
