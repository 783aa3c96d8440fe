"""`make serve`: the docs site, live.  A note or config.yaml changes → the media it needs are rebuilt → the page reloads.

MkDocs serves the notes folder and watches it (and config.yaml, see
``scripts/site_hooks.py``); before each rebuild the hook runs ``snakemake docs``,
which renders only the media whose note, config or code changed and places
them; MkDocs then rebuilds the pages and the browser reloads.

    make serve                       # the project's docs/ on http://127.0.0.1:8000
    make serve DOCS=/path/to/notes   # another folder of notes, with MkDocs' own navigation
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("docs", nargs="?", default="", help="a notes folder (default: docs/)")
    parser.add_argument("--addr", default="127.0.0.1:8000", help="host:port to serve on")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")  # as `mkdocs serve` prints
    os.environ["GDMEDIA_SERVE"] = "1"
    os.chdir(ROOT)
    from mkdocs.commands.serve import serve

    settings = ROOT / "mkdocs.yml"
    if args.docs and Path(args.docs).resolve() != ROOT / "docs":
        settings = other_folder(Path(args.docs))
    serve(str(settings), livereload=True, watch=[str(ROOT / "config.yaml")], dev_addr=args.addr)


def other_folder(docs: Path) -> Path:
    """mkdocs.yml for another notes folder: the same site, its notes, MkDocs' own navigation."""
    import yaml

    if not docs.is_dir():
        sys.exit(f"serve: {docs} is not a folder of notes")
    settings = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    settings.pop("nav", None)
    settings.update(docs_dir=str(docs.resolve()), site_dir=str(ROOT / "output" / "serve" / "site"),
                    hooks=[str(ROOT / h) for h in settings.get("hooks", [])])
    path = ROOT / "output" / "serve" / "mkdocs.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    return path

if __name__ == "__main__":
    main()
