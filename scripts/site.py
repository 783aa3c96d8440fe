"""Rule ``site``: build the site of a notes folder, whatever its format (see ``gdmedia.notes.site``).

The project's own notes (``docs/``) are built by MkDocs with the navigation in
``mkdocs.yml``, strict (a broken link fails it).  Another folder
(``--config docs=PATH``) is built by MkDocs with its own navigation and its
notebooks rendered, or by Sphinx when its notes are reStructuredText or MyST;
its LaTeX documents become PDFs in the site, quoting facts from
``gdmedia-facts.tex`` (rule ``facts``); Quarto notes are named in the log as
placed but not rendered, and when one quotes a fact the facts are merged into
the folder's ``_variables.yml``.  Maths: ``scripts/site_hooks.py`` (MkDocs) or
the site's own copy of MathJax (Sphinx).

Then every file a built page shows must be in the site (``gdmedia.notes.pages``):
a page asking for one it lacks (an embed the notes reader did not see, so
nothing was placed) fails the build, naming the note and the file.

Importable: ``build_site(settings, site_dir, docs_dir=None, media=None, facts=None)``; the footer runs it under
Snakemake.
"""

if "snakemake" in globals():  # under Snakemake, stderr goes to the log before anything can fail
    from gdmedia.workflow.jobs.runner import log_to

    log_to(snakemake.log[0])  # noqa: F821

import logging  # noqa: E402
import shutil  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from mkdocs.commands.build import build  # noqa: E402
from mkdocs.config import load_config  # noqa: E402


def build_site(settings: str, site_dir: str, docs_dir: str | None = None, media: dict | None = None,
               facts: str | None = None) -> str:
    """Build the site; returns the engine that built its pages (``mkdocs`` or ``sphinx``).

    ``media`` (medium → its formats) lets a missing file be named as a medium; ``facts`` is the folder of the
    ``facts`` rule's files (written afresh into the scratch folder when not given)."""
    from gdmedia.notes import fact_files, site

    logging.basicConfig(stream=sys.stderr, level=logging.WARNING)
    project = Path(settings).resolve().parent
    root = Path(docs_dir).resolve() if docs_dir else project / "docs"
    if root == project / "docs":
        checked(lambda: build(load_config(settings, site_dir=site_dir, strict=True)), Path(site_dir), root, media,
                "mkdocs")
        return "mkdocs"
    work = project / "output" / "docs" / "site-work"
    shutil.rmtree(work, ignore_errors=True)
    facts_dir = Path(facts).resolve() if facts else work / "facts"
    if not facts:
        fact_files.write_fact_files(project, facts_dir)
    kind = site.engine(root)
    if kind == "sphinx":
        checked(lambda: site.build_sphinx(root, Path(site_dir), work, site.mathjax_file(), checkout=project),
                Path(site_dir), root, media, kind)
    else:
        for clash in site.clashes(root):
            print(f"Pages: {clash}", file=sys.stderr)
        generated = site.mkdocs_settings(project, root, Path(site_dir), work / "mkdocs.yml")
        checked(lambda: build(load_config(str(generated), strict=True)), Path(site_dir), root, media, kind)
    for pdf in site.build_latex(root, Path(site_dir), work, facts=facts_dir):
        print(f"LaTeX: {pdf}", file=sys.stderr)
    quarto = site.unrendered(root)
    variables = fact_files.quote_in_quarto(root, quarto, facts_dir / fact_files.QUARTO_NAME)
    if variables is not None:
        print(f"Quarto: the facts are in {variables}, under the key {fact_files.QUARTO_KEY!r}", file=sys.stderr)
    for note in quarto:
        print(f"Quarto: {note.relative_to(root)} has its media placed but is not rendered here (no Quarto installs "
              f"from a package registry offline); render it with: quarto render {root}", file=sys.stderr)
    return kind


def checked(build_pages, site_dir: Path, root: Path, media: dict | None, engine: str) -> None:
    """``build_pages()``, then every file a page shows looked for in the site (``gdmedia.notes.pages``).

    MkDocs writes every page before it aborts on a strict warning (a Markdown image it cannot find), so the
    pages are checked then too: their report says why the file is missing, MkDocs' only that it is."""
    from gdmedia.notes import pages

    try:
        build_pages()
    except SystemExit:  # mkdocs.exceptions.Abort, its warnings logged above
        try:
            pages.check(site_dir, root, media, engine)
        except pages.SiteError as missing:
            raise missing from None
        raise
    pages.check(site_dir, root, media, engine)


if "snakemake" in globals():
    made = {}  # medium → the formats its default build makes, from its files (as rules/common.smk reads them)
    for path in snakemake.params.media:  # noqa: F821
        medium, ext = Path(path).name.rsplit(".", 1)
        made.setdefault(medium, []).append(ext)
    from gdmedia.notes.pages import SiteError
    from gdmedia.notes.placeholders import PlaceholderError

    try:
        build_site(snakemake.input.settings, snakemake.output[0], snakemake.params.docs_dir,  # noqa: F821
                   media=made, facts=str(Path(snakemake.input.fact_files[0]).parent))  # noqa: F821
    except (SiteError, PlaceholderError) as error:  # the notes' author's to mend: no traceback
        print(error, file=sys.stderr)
        sys.exit(1)
