"""MkDocs hooks (named in mkdocs.yml): maths served from the site, the gallery, and live preview.

- Maths: ``pymdownx.arithmatex`` marks ``$…$`` and ``$$…$$``; MathJax 3
  (``tex-svg.js``, one self-contained file, from the PyPI package
  ``django-static-mathjax``) typesets them.  Both scripts are added to the
  site's files, so the site needs no CDN and works offline.
- Gallery: ``output/gallery.md`` (written by the ``gallery`` rule, outside the
  notes) becomes the page ``gallery.md`` of the project's own notes, each
  medium copied from ``output/`` to ``gallery/``.
- Facts: ``{{ fact("trace", "key") }}`` and ``{{ alt("medium") }}`` in a note
  become their values before MkDocs renders the page; nothing else in the note
  is read as a template (``gdmedia.notes.placeholders``), so an author's maths
  and code keep their braces.  A placeholder naming nothing, or not well
  formed, fails the build naming note and line.  mkdocs-jupyter renders a
  notebook from its file, never from the text ``on_page_markdown`` is given, so
  a notebook's Markdown cells get their values in a copy (``on_files``,
  ``output/docs/notebook-facts/``) that it renders instead.
- Live preview (``make serve`` sets ``GDMEDIA_SERVE``): before each rebuild,
  ``snakemake docs`` re-renders just the media whose note or config changed and
  places them; ``config.yaml`` is watched beside the notes.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from mkdocs.structure.files import File

MATHJAX_CONFIG = """window.MathJax = {
  tex: {inlineMath: [["\\\\(", "\\\\)"]], displayMath: [["\\\\[", "\\\\]"]], processEscapes: true, processEnvironments: true},
  options: {ignoreHtmlClass: ".*|", processHtmlClass: "arithmatex"}
};
"""
MEDIA_LINK = re.compile(r"gallery/([\w.-]+)")


def mathjax_file() -> Path:
    import mathjax  # django-static-mathjax: MathJax's own release files

    return Path(mathjax.__file__).parent / "static" / "mathjax" / "es5" / "tex-svg.js"


def project(config) -> Path:
    """The checkout: this file lives in its scripts/ (``make serve`` may load a generated mkdocs.yml)."""
    return Path(__file__).resolve().parents[1]


def on_files(files, config):
    files.append(File.generated(config, "javascripts/mathjax-config.js", content=MATHJAX_CONFIG))
    files.append(File.generated(config, "javascripts/mathjax/tex-svg.js", abs_src_path=str(mathjax_file())))
    root = project(config)
    gallery = root / "output" / "gallery.md"
    if Path(config.docs_dir).resolve() == root / "docs" and gallery.is_file():
        text = gallery.read_text(encoding="utf-8")
        stale = files.get_file_from_path("gallery.md")  # written into docs/ by older versions of the pipeline
        if stale is not None:
            files.remove(stale)
        files.append(File.generated(config, "gallery.md", content=text))
        for name in sorted(set(MEDIA_LINK.findall(text))):
            if (root / "output" / name).is_file():
                files.append(File.generated(config, f"gallery/{name}", abs_src_path=str(root / "output" / name)))
    notebooks_quote_facts(files, config)
    return files


def on_page_markdown(markdown, page, config, files):
    from mkdocs.exceptions import PluginError

    from gdmedia.notes.placeholders import PlaceholderError, substitute
    from gdmedia.notes.quote import placeholder_value

    if page.file.src_uri.endswith(".ipynb"):
        return markdown  # a notebook's JSON, not Markdown: its cells were given their values in on_files
    source = page.file.content_string
    # MkDocs took the front matter off: count its lines, so errors name the note's own line.
    offset = source.count("\n", 0, max(source.find(markdown[:200]), 0)) if markdown else 0
    try:
        return substitute(markdown, placeholder_value(project(config)), page.file.src_path,
                          line_offset=offset)
    except PlaceholderError as error:
        raise PluginError(f"placeholders in notes:\n{error}") from None


def notebooks_quote_facts(files, config):
    """Each notebook page whose Markdown cells quote a fact is rendered from a copy with the values in them.

    mkdocs-jupyter (its ``on_files`` ran before this hook's) renders ``file.abs_src_path`` and keys its cache
    by that file's bytes, so pointing the page at the copy gives the values and a fresh render when they change.
    Code cells and outputs are never touched (``gdmedia.notes.sphinx_facts`` reads notebooks for Sphinx alike).
    """
    from mkdocs.exceptions import PluginError

    from gdmedia.notes.placeholders import PlaceholderError
    from gdmedia.notes.sphinx_facts import _substitute_notebook
    from gdmedia.notes.quote import placeholder_value

    value = None
    copies = project(config) / "output" / "docs" / "notebook-facts"
    for file in files:
        if not file.src_uri.endswith(".ipynb") or not file.is_documentation_page() or file.abs_src_path is None:
            continue
        text = Path(file.abs_src_path).read_text(encoding="utf-8")
        if "fact(" not in text and "alt(" not in text:
            continue  # nothing to quote: rendered from the author's file
        value = value or placeholder_value(project(config))
        try:
            quoted = _substitute_notebook(text, value, file.src_uri)
        except PlaceholderError as error:
            raise PluginError(f"placeholders in notes:\n{error}") from None
        except ValueError as error:  # not JSON: mkdocs-jupyter would fail on it too, less clearly
            raise PluginError(f"{file.src_uri}: not a notebook ({error})") from None
        if quoted != text:
            copy = copies / file.src_uri
            copy.parent.mkdir(parents=True, exist_ok=True)
            if not copy.is_file() or copy.read_text(encoding="utf-8") != quoted:
                copy.write_text(quoted, encoding="utf-8")
            file.abs_src_path = str(copy)


def on_serve(server, config, builder):
    server.watch(str(project(config) / "config.yaml"))
    return server


def on_pre_build(config):
    """In live preview, rebuild and place what the notes embed before MkDocs reads them."""
    if not os.environ.get("GDMEDIA_SERVE"):
        return
    command = [str(Path(sys.executable).parent / "snakemake"), "--cores", os.environ.get("GDMEDIA_CORES", "all"),
               "docs", "output/gallery.md", "--config", f"docs={config.docs_dir}"]
    result = subprocess.run(command, cwd=project(config), capture_output=True, text=True)
    if result.returncode != 0:  # the page still reloads; the reason is in the terminal
        print(result.stdout[-4000:] + result.stderr[-4000:], file=sys.stderr)
