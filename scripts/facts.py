"""Rule ``facts``: every fact of the built traces, for LaTeX and Quarto notes (``gdmedia.notes.fact_files``).

Writes ``gdmedia-facts.tex`` (``\\fact{trace}{key}``), ``gdmedia-facts.sty`` (the
same, for ``\\usepackage``) and the Quarto block that ``site`` merges into a
Quarto folder's ``_variables.yml``, each value the text ``quote()`` gives.
"""

if "snakemake" in globals():  # under Snakemake, stderr goes to the log before anything can fail
    from gdmedia.workflow.jobs.runner import log_to

    log_to(snakemake.log[0])  # noqa: F821

import sys  # noqa: E402
from pathlib import Path  # noqa: E402


def write(folder: Path, checkout: Path) -> dict[str, Path]:
    from gdmedia.notes.fact_files import write_fact_files

    written = write_fact_files(checkout, folder)
    for path in written.values():
        print(f"facts: {path}", file=sys.stderr)
    return written


if "snakemake" in globals():
    made = write(Path(snakemake.output.tex).parent, Path.cwd())  # noqa: F821
    expected = {Path(p).resolve() for p in snakemake.output}  # noqa: F821
    assert {p.resolve() for p in made.values()} == expected, "fact_files' names and the rule's outputs differ"
