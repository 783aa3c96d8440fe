"""Rule ``site``: build the docs site with MkDocs in strict mode (a broken link fails it).

Importable: ``build_site(settings, site_dir)``; the footer runs it under Snakemake.
"""

if "snakemake" in globals():  # under Snakemake, stderr goes to the log before anything can fail
    from gdmedia.runner import log_to

    log_to(snakemake.log[0])  # noqa: F821

import logging  # noqa: E402
import sys  # noqa: E402

from mkdocs.commands.build import build  # noqa: E402
from mkdocs.config import load_config  # noqa: E402


def build_site(settings: str, site_dir: str) -> None:
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING)
    build(load_config(settings, site_dir=site_dir, strict=True))


if "snakemake" in globals():
    build_site(snakemake.input.settings, snakemake.output[0])  # noqa: F821
