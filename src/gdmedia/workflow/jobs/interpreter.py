"""The Python that runs a job whose one-line ``shell:`` starts a script (rule ``simulate``).

Such a job runs ``"$GDMEDIA_PYTHON" script …``: the interpreter running the
Snakefile, so a job gets the packages of the environment that started it
(``.venv``, or ``.venv-slurm`` under the SLURM profile).  It travels as an
environment variable, not as text in the command, because the command is the
rule's code to Snakemake (its ``code`` rerun trigger), which must not change
with the environment.  Every job process loads the Snakefile again, so a
cluster job exports its own interpreter.  Imported by the Snakefile only.
"""

from __future__ import annotations

import os
import sys

VARIABLE = "GDMEDIA_PYTHON"


def export() -> None:
    """Set ``$GDMEDIA_PYTHON`` to this interpreter for the jobs this process starts."""
    os.environ[VARIABLE] = sys.executable
