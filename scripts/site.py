"""Rule ``site``: build the docs site of a notes folder with MkDocs in strict mode (a broken link fails it).

The project's own notes (``docs/``) are built with the navigation in
``mkdocs.yml``; another folder (``--config docs=PATH``) gets MkDocs' own
navigation of its Markdown notes.  Maths, the gallery and MathJax come from
``scripts/site_hooks.py``.

Importable: ``build_site(settings, site_dir, docs_dir=None)``; the footer runs it under Snakemake.
"""

if "snakemake" in globals():  # under Snakemake, stderr goes to the log before anything can fail
    from gdmedia.runner import log_to

    log_to(snakemake.log[0])  # noqa: F821

import logging  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from mkdocs.commands.build import build  # noqa: E402
from mkdocs.config import load_config  # noqa: E402


def build_site(settings: str, site_dir: str, docs_dir: str | None = None) -> None:
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING)
    build(site_config(settings, site_dir, docs_dir))


def site_config(settings: str, site_dir: str, docs_dir: str | None = None):
    """The MkDocs config for a notes folder: the project's own as written, another with MkDocs' navigation."""
    own = Path(settings).resolve().parent / "docs"
    if docs_dir is None or Path(docs_dir).resolve() == own:
        return load_config(settings, site_dir=site_dir, strict=True)
    config = load_config(settings, site_dir=site_dir, docs_dir=str(Path(docs_dir).resolve()), strict=True)
    config["nav"] = None  # the project's page list names the project's notes; MkDocs lists another folder's
    return config


if "snakemake" in globals():
    build_site(snakemake.input.settings, snakemake.output[0], snakemake.params.docs_dir)  # noqa: F821
