"""`make serve`: the docs site, live.  A note or config.yaml changes → the media it needs are rebuilt → the site follows.

A folder of Markdown and notebooks (the project's ``docs/`` or another):
MkDocs serves it and watches it (and config.yaml, see ``scripts/site_hooks.py``);
before each rebuild the hook runs ``snakemake docs``, which renders only the
media whose note, config or code changed and places them; MkDocs then rebuilds
the pages and the browser reloads.

Another folder that Sphinx builds (reST, MyST) or that holds LaTeX documents:
``snakemake site`` builds it (pages, PDFs, media) and a plain HTTP server serves
``output/site/``; the folder and config.yaml are polled each second, and a
change rebuilds the site (reload the page to see it).

    make serve                       # the project's docs/ on http://127.0.0.1:8000
    make serve DOCS=/path/to/notes   # another folder of notes, in its own format
"""

from __future__ import annotations

import argparse
import functools
import http.server
import logging
import os
import subprocess
import sys
import threading
import time
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
    sys.path.insert(0, str(ROOT / "src"))
    from gdmedia.notes import site

    settings = ROOT / "mkdocs.yml"
    if args.docs and Path(args.docs).resolve() != ROOT / "docs":
        docs = Path(args.docs).resolve()
        if not docs.is_dir():
            sys.exit(f"serve: {args.docs} is not a folder of notes")
        if site.engine(docs) == "sphinx" or site.latex_documents(docs):
            return rebuild_and_serve(docs, args.addr)
        settings = site.mkdocs_settings(ROOT, docs, ROOT / "output" / "serve" / "site",
                                        ROOT / "output" / "serve" / "mkdocs.yml")
    from mkdocs.commands.serve import serve

    serve(str(settings), livereload=True, watch=[str(ROOT / "config.yaml")], dev_addr=args.addr)


def fingerprint(docs: Path) -> tuple:
    """What a change to shows: every file of the notes folder (hidden ones aside) and config.yaml, by time and size."""
    files = [ROOT / "config.yaml"]
    for folder, subfolders, names in os.walk(docs):
        subfolders[:] = [d for d in subfolders if not d.startswith((".", "_build"))]
        files += [Path(folder, n) for n in names if not n.startswith(".")]
    return tuple(sorted((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files if f.is_file()))


def rebuild_and_serve(docs: Path, addr: str) -> None:
    """``snakemake site`` on each change of the folder or the config; ``output/site/`` served meanwhile."""
    command = [str(Path(sys.executable).parent / "snakemake"), "--cores", os.environ.get("GDMEDIA_CORES", "all"),
               "site", "--config", f"docs={docs}"]

    def rebuild() -> tuple:
        start = time.monotonic()
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        if result.returncode != 0:  # the old site stays served; the reason is in the terminal
            print(result.stdout[-4000:] + result.stderr[-4000:], file=sys.stderr)
        logging.info(f"site of {docs} built in {time.monotonic() - start:.1f} s")
        return fingerprint(docs)

    seen = rebuild()
    host, port = addr.rsplit(":", 1)
    handler = functools.partial(QuietHandler, directory=str(ROOT / "output" / "site"))
    server = http.server.ThreadingHTTPServer((host, int(port)), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    logging.info(f"Serving on http://{host}:{port}/ (reload the page after a rebuild)")
    try:
        while True:
            time.sleep(1)
            if fingerprint(docs) != seen:
                seen = rebuild()
    except KeyboardInterrupt:
        server.shutdown()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


if __name__ == "__main__":
    main()
