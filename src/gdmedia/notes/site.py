"""How a folder of notes becomes a site, whatever its format.

- Markdown and Jupyter notebooks: MkDocs (the project's own ``mkdocs.yml``:
  theme, maths served from the site, facts macro), notebooks rendered by
  mkdocs-jupyter (never executed).  Another folder gets MkDocs' own navigation.
- reStructuredText or MyST Markdown (a ``.rst`` note, a ```` ```{directive} ````
  or ``:::{directive}`` fence in a ``.md`` note, or a Sphinx / Jupyter Book
  project file): Sphinx with myst-nb (MyST and notebooks, never executed), run
  on a copy of the folder with a ``conf.py`` of our own: an author's is never executed, and ``include``/``literalinclude`` are off, so a note reads no
  other file.  The folder's other files (placed media, the author's images) are
  copied beside the pages, so raw-HTML ``<video src>`` paths resolve too.
- LaTeX: each note with ``\\documentclass`` is compiled by ``pdflatex`` (no
  shell escape, in the note's folder, writing only to a scratch folder) to a
  PDF beside where its page would be; ``\\input{gdmedia-facts}`` finds the facts
  file of the build (``gdmedia.notes.fact_files``) on TeX's search path.
- Quarto: no registry installs Quarto offline; ``.qmd`` notes get their media
  placed and the author renders them (``quarto render``).  :func:`unrendered`
  says which.

Nothing here runs a shell: every path from the notes folder is one argv item.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from gdmedia.notes.pages import SiteError  # what a note says stops its site: one kind of error, named there
from gdmedia.notes.scan import HIDDEN, notes

MYST_FENCE = re.compile(r"^[ \t]{0,3}(?:`{3,}|~{3,}|:{3,})[ \t]*\{[A-Za-z][\w:-]*\}", re.MULTILINE)
SPHINX_PROJECT = ("conf.py", "_toc.yml", "_config.yml", "myst.yml")
SPHINX_SOURCES = (".rst", ".md", ".ipynb")
DOCUMENT_CLASS = re.compile(r"^[ \t]*\\documentclass\b", re.MULTILINE)
PLACEHOLDER_REPORT = "placeholders in notes:"
NOTE_LINE = re.compile(r"^[^\s:]+:\d+: ")  # "notes/a.md:5: …", one line of that report  # how gdmedia.notes.sphinx_facts opens its report of an author's errors
LATEX_SECONDS = 120  # one note's compilation; a TeX loop that never ends is stopped and named


def engine(root: Path) -> str:
    """``"sphinx"`` for a folder of reST or MyST notes (or a Sphinx / Jupyter Book project), else ``"mkdocs"``."""
    if any((root / name).is_file() for name in SPHINX_PROJECT):
        return "sphinx"
    for note in notes(root):
        if note.suffix == ".rst":
            return "sphinx"
        if note.suffix == ".md" and MYST_FENCE.search(note.read_text(encoding="utf-8", errors="replace")):
            return "sphinx"
    return "mkdocs"


def latex_documents(root: Path) -> list[Path]:
    """The LaTeX notes that are whole documents (a ``\\documentclass`` line), not chapters another one inputs."""
    return [n for n in notes(root) if n.suffix == ".tex"
            and DOCUMENT_CLASS.search(n.read_text(encoding="utf-8", errors="replace"))]


def unrendered(root: Path) -> list[Path]:
    """Notes whose media are placed but which no installed tool renders (Quarto)."""
    return [n for n in notes(root) if n.suffix in (".qmd", ".rmd")]


def clashes(root: Path) -> list[str]:
    """Notes of one folder that would become the same MkDocs page (``fit.md`` and ``fit.ipynb`` → ``fit.html``)."""
    pages: dict[Path, list[Path]] = {}
    for note in notes(root):
        if note.suffix in (".md", ".ipynb"):
            pages.setdefault(note.relative_to(root).with_suffix(""), []).append(note.relative_to(root))
    return [f"{' and '.join(map(str, same))} would both be the page {page}.html: the Markdown one is shown; rename one"
            for page, same in sorted(pages.items()) if len(same) > 1]


# --- MkDocs ---------------------------------------------------------------------------------------

def mkdocs_settings(project: Path, docs: Path, site_dir: Path, path: Path) -> Path:
    """An ``mkdocs.yml`` at ``path`` for another notes folder: the project's site, its notes, notebooks rendered."""
    import yaml

    settings = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    settings.pop("nav", None)
    plugins = list(settings.get("plugins", []))
    plugins.append({"mkdocs-jupyter": {"execute": False, "include_source": False,  # its cache in output/, not the checkout
                                       "cache_dir": str(project / "output" / "docs" / "mkdocs-jupyter")}})
    settings.update(docs_dir=str(docs.resolve()), site_dir=str(site_dir.resolve()), plugins=plugins,
                    hooks=[str(project / hook) for hook in settings.get("hooks", [])])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    return path


# --- Sphinx ---------------------------------------------------------------------------------------

SPHINX_CONF = """# Written by gdmedia for this build: the author's own conf.py is never executed.
project = {project!r}
extensions = ["myst_nb", "gdmedia.notes.sphinx_facts"]  # MyST and notebooks; notes quote facts
gdmedia_root = {checkout!r}  # the checkout whose traces the notes quote
nb_execution_mode = "off"  # a notebook is shown as saved, never run
myst_enable_extensions = ["dollarmath", "colon_fence"]
exclude_patterns = ["_build", "**/.*", "**/.ipynb_checkpoints"]
html_static_path = [{static!r}]
mathjax_path = "mathjax/tex-svg.js"  # served from the site, no CDN
"""


def copy_sources(root: Path, source: Path) -> None:
    """The notes folder, copied for Sphinx (hidden folders, build output and project code left out)."""
    if source.exists():
        shutil.rmtree(source)

    def ignore(folder, names):
        return [n for n in names if n.startswith(HIDDEN) or n in ("conf.py", "docutils.conf")]

    shutil.copytree(root, source, ignore=ignore, symlinks=False)
    if not any((source / f"index{suffix}").is_file() for suffix in SPHINX_SOURCES):
        (source / "index.rst").write_text(f"{root.name}\n{'=' * max(len(root.name), 1)}\n\n"
                                          ".. toctree::\n   :glob:\n   :maxdepth: 2\n\n   **\n", encoding="utf-8")


def build_sphinx(root: Path, site_dir: Path, work: Path, mathjax: Path, checkout: Path | None = None) -> None:
    """The Sphinx site of a reST / MyST folder, in ``site_dir``; the folder's other files copied beside the pages.

    Its notes quote the facts of ``checkout``'s traces (default: this file's own checkout)."""
    source, static = work / "source", work / "static"
    copy_sources(root, source)
    (static / "mathjax").mkdir(parents=True, exist_ok=True)
    shutil.copy2(mathjax, static / "mathjax" / "tex-svg.js")
    # Sphinx reads docutils.conf beside conf.py: no note reads another file (include, literalinclude, :file:).
    (source / "docutils.conf").write_text("[general]\nfile_insertion_enabled: false\n", encoding="utf-8")
    from gdmedia.notes.quote import checkout_of

    conf = SPHINX_CONF.format(project=root.name, static=str(static), checkout=str(checkout or checkout_of(work)))
    (source / "conf.py").write_text(conf, encoding="utf-8")
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-E", "-q", "-d", str(work / "doctrees"),
               str(source), str(site_dir)]
    result = subprocess.run(command, capture_output=True, text=True)
    said = result.stdout + result.stderr
    if result.returncode != 0 and PLACEHOLDER_REPORT in said:
        # The author's placeholders, not a Sphinx crash: just the lines that name note and line.
        # Sphinx prints the message last (after its traceback, which quotes the raising line too).
        after = said[said.rindex(PLACEHOLDER_REPORT) + len(PLACEHOLDER_REPORT):].splitlines()[1:]
        told = [line.strip() for line in after if NOTE_LINE.match(line.strip())]
        raise SiteError("\n".join([PLACEHOLDER_REPORT, *told]))
    sys.stderr.write(said)
    if result.returncode != 0:
        raise RuntimeError(f"sphinx-build failed on {root} (exit {result.returncode}); its messages are above")
    copy_other_files(root, site_dir)


def copy_other_files(root: Path, site_dir: Path) -> None:
    """Every file of the notes folder that is not a note, at the same place in the site (nothing built is replaced)."""
    sources = {n.relative_to(root) for n in notes(root)}
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [d for d in subfolders if not d.startswith(HIDDEN)]
        for name in files:
            path = Path(folder, name)
            relative = path.relative_to(root)
            target = site_dir / relative
            if name.startswith(".") or relative in sources or name in ("conf.py", "docutils.conf") or target.exists():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)


# --- LaTeX ----------------------------------------------------------------------------------------

def build_latex(root: Path, site_dir: Path, work: Path, facts: Path | None = None) -> list[Path]:
    """Each whole LaTeX document compiled to a PDF at its place in the site; the PDFs made.

    ``facts`` is a folder holding ``gdmedia-facts.tex``/``.sty`` (``gdmedia.notes.fact_files``): TeX finds
    it first (TEXINPUTS), so ``\\input{gdmedia-facts}`` quotes the facts of this build and nothing is written
    into the notes.  TeX's log (what it read, each graphic included) stays in ``work/latex/`` beside the
    note's relative path; a failure names the note and TeX's own error, with its file and line.
    """
    made = []
    env = dict(os.environ, openout_any="p", max_print_line="1000")  # writes below the note only; errors unwrapped
    if facts is not None:
        # "dir:" searches dir, then TeX's own path (the empty item)
        env["TEXINPUTS"] = os.pathsep.join([str(facts), os.environ.get("TEXINPUTS", "")])
    for note in latex_documents(root):
        relative = note.relative_to(root)
        scratch = work / "latex" / relative.parent / relative.stem
        scratch.mkdir(parents=True, exist_ok=True)
        command = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "-recorder",
                   "-file-line-error", f"-output-directory={scratch}", note.name]
        try:
            result = subprocess.run(command, cwd=note.parent, capture_output=True, text=True, timeout=LATEX_SECONDS,
                                    env=env, errors="replace")
        except subprocess.TimeoutExpired:
            raise RuntimeError(f"{relative}: pdflatex ran past {LATEX_SECONDS} s; stopped") from None
        if result.returncode != 0:
            sys.stderr.write(result.stdout[-4000:])
            said = tex_errors(result.stdout, root, note.parent)
            raise SiteError(f"{relative}: pdflatex failed (exit {result.returncode}){': ' if said else ''}{said}; "
                               f"see {scratch / note.stem}.log")
        pdf = site_dir / relative.with_suffix(".pdf")
        pdf.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(scratch / f"{note.stem}.pdf", pdf)
        made.append(pdf)
    return made


TEX_ERROR = re.compile(r"^(.+?):(\d+): (.+)$", re.MULTILINE)  # -file-line-error's "./file.tex:7: message"


def tex_errors(output: str, root: Path, folder: Path) -> str:
    """TeX's first error in ``output``, as ``file:line: message`` with the file relative to the notes folder."""
    for match in TEX_ERROR.finditer(output):
        file, line, message = match.groups()
        path = Path(os.path.normpath(folder / file))
        if path.is_file():
            shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
            return f"{shown}:{line}: {message.strip()}"
    first = next((line for line in output.splitlines() if line.startswith("!")), "")
    return first.strip()


def mathjax_file() -> Path:
    """MathJax 3's one-file build (``tex-svg.js``), from the PyPI package django-static-mathjax."""
    import mathjax

    return Path(mathjax.__file__).parent / "static" / "mathjax" / "es5" / "tex-svg.js"
