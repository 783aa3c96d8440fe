"""Rule ``place``: copy one built medium to exactly the path its note gives.

The copy is made in Python, never through a shell, because the target path
comes from a note, which is untrusted input: a path like ``x;touch F;y/lr_gd.gif``
or ``my media/lr_gd.gif`` is just a file name here.  The bytes go to a hidden
temporary file beside the target and are renamed over it, so a failed copy
leaves neither a half-written medium nor a ``.part`` file behind.

Each copy is recorded in the notes folder's manifest (``gdmedia.notes.manifest``)
the moment it lands, so the pipeline knows its own copies from the author's files.

Importable: ``place(source, target)`` does the work; the footer runs it under Snakemake.
"""

if "snakemake" in globals():  # under Snakemake, stderr goes to the log before anything can fail
    from gdmedia.workflow.jobs.runner import log_to

    log_to(snakemake.log[0])  # noqa: F821

import os  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402


def place(source: str | Path, target: str | Path) -> None:
    """Copy ``source`` to ``target`` atomically (same bytes, parents created)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out, open(source, "rb") as medium:
            shutil.copyfileobj(medium, out)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


if "snakemake" in globals():
    from gdmedia.notes.manifest import record

    place(snakemake.input.medium, snakemake.output[0])  # noqa: F821
    record(Path(snakemake.params.root).resolve(), Path(snakemake.output[0]).resolve(), Path(snakemake.params.lock))  # noqa: F821
