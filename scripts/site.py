"""Rule ``site``: build the site of a notes folder, whatever its format (see ``gdmedia.notes.site``).

The project's own notes (``docs/``) are built by MkDocs with the navigation in
``mkdocs.yml``, strict (a broken link fails it).  Another folder
(``--config docs=PATH``) is built by MkDocs with its own navigation and its
notebooks rendered, or by Sphinx when its notes are reStructuredText or MyST;
its LaTeX documents become PDFs in the site; Quarto notes are named in the log
as placed but not rendered.  Maths: ``scripts/site_hooks.py`` (MkDocs) or the
site's own copy of MathJax (Sphinx).

Importable: ``build_site(settings, site_dir, docs_dir=None)``; the footer runs it under Snakemake.
"""

if "snakemake" in globals():  # under Snakemake, stderr goes to the log before anything can fail
    from gdmedia.runner import log_to

    log_to(snakemake.log[0])  # noqa: F821

import logging  # noqa: E402
import shutil  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from mkdocs.commands.build import build  # noqa: E402
from mkdocs.config import load_config  # noqa: E402


def build_site(settings: str, site_dir: str, docs_dir: str | None = None) -> str:
    """Build the site; returns the engine that built its pages (``mkdocs`` or ``sphinx``)."""
    from gdmedia.notes import site

    logging.basicConfig(stream=sys.stderr, level=logging.WARNING)
    project = Path(settings).resolve().parent
    root = Path(docs_dir).resolve() if docs_dir else project / "docs"
    if root == project / "docs":
        build(load_config(settings, site_dir=site_dir, strict=True))
        return "mkdocs"
    work = project / "output" / "docs" / "site-work"
    shutil.rmtree(work, ignore_errors=True)
    kind = site.engine(root)
    if kind == "sphinx":
        site.build_sphinx(root, Path(site_dir), work, site.mathjax_file(), checkout=project)
    else:
        for clash in site.clashes(root):
            print(f"Pages: {clash}", file=sys.stderr)
        generated = site.mkdocs_settings(project, root, Path(site_dir), work / "mkdocs.yml")
        build(load_config(str(generated), strict=True))
    for pdf in site.build_latex(root, Path(site_dir), work):
        print(f"LaTeX: {pdf}", file=sys.stderr)
    for note in site.unrendered(root):
        print(f"Quarto: {note.relative_to(root)} has its media placed but is not rendered here (no Quarto installs "
              f"from a package registry offline); render it with: quarto render {root}", file=sys.stderr)
    return kind


if "snakemake" in globals():
    build_site(snakemake.input.settings, snakemake.output[0], snakemake.params.docs_dir)  # noqa: F821
