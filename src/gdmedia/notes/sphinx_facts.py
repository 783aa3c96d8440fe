"""Facts on a Sphinx site (reST, MyST and notebook notes): the placeholders of MkDocs pages, and a role.

Loaded by the ``conf.py`` that ``gdmedia.notes.site.build_sphinx`` writes; the
config value ``gdmedia_root`` names the checkout whose traces are quoted.

- ``{{ fact("trace", "key") }}`` and ``{{ alt("medium") }}`` in a reST or MyST
  note, or in a notebook's Markdown cells, become their values when Sphinx
  reads the source, exactly as on an MkDocs page: only well-formed calls of
  these two names outside code (``gdmedia.notes.placeholders``); the author's
  maths and code keep every brace.
- The Sphinx way of writing the same: ``:fact:`trace key``` in reST,
  ``{fact}`trace key``` in MyST.

A placeholder or role that names nothing, or is not well formed, stops the
build naming the note and line, every one in the course in one report once
all notes are read: nothing is published literally.
"""

from __future__ import annotations

import json
from pathlib import Path


def _value(app):
    from gdmedia.notes.quote import placeholder_value

    cached = getattr(app, "_gdmedia_value", None)
    if cached is None:
        cached = app._gdmedia_value = placeholder_value(Path(app.config.gdmedia_root))
    return cached


def _substitute_notebook(text: str, value, note: str) -> str:
    """A notebook's Markdown cells with their placeholders replaced (code cells and outputs untouched)."""
    from gdmedia.notes.placeholders import substitute

    notebook = json.loads(text)
    changed = False
    for index, cell in enumerate(notebook.get("cells", [])):
        if cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        joined = "".join(source) if isinstance(source, list) else source
        replaced = substitute(joined, value, f"{note} (cell {index + 1})")
        if replaced != joined:
            cell["source"], changed = replaced, True
    return json.dumps(notebook, ensure_ascii=False) if changed else text


def read_source(app, docname: str, source: list[str]) -> None:
    """Sphinx's ``source-read``: the note's placeholders replaced before any parser sees it.  A note's
    bad placeholders are kept for one report of every note's (``report``), its text left as it is."""
    from .placeholders import PlaceholderError, substitute

    path = Path(app.env.doc2path(docname))
    note = path.relative_to(app.srcdir).as_posix() if path.is_relative_to(app.srcdir) else str(path)
    try:
        if path.suffix == ".ipynb":
            source[0] = _substitute_notebook(source[0], _value(app), note)
        else:
            source[0] = substitute(source[0], _value(app), note, syntax="rst" if path.suffix == ".rst" else "markdown")
    except PlaceholderError as error:
        _problems(app.env).extend(str(error).splitlines())


def _problems(env) -> list:
    if not hasattr(env, "gdmedia_problems"):
        env.gdmedia_problems = []
    return env.gdmedia_problems


def fact_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """``:fact:`trace key```: the fact's text, formatted as everywhere else.  A role naming no fact is
    reported with every other one at the end of reading (``report_roles``), naming note and line."""
    from docutils import nodes

    from .placeholders import Call

    env = inliner.document.settings.env
    note = env.doc2path(env.docname, base=False)
    parts = text.split()
    try:
        if len(parts) != 2:
            raise LookupError(f"gives {len(parts)} word(s); write the trace and the key: `linreg steps_to_tolerance`")
        said = _value(env.app)(Call("fact", tuple(parts), lineno))
    except LookupError as error:
        _problems(env).append(f"{note}:{lineno}: fact role `{text}`: {error.args[0] if error.args else error}")
        return [nodes.Text(text)], []
    return [nodes.Text(said)], []


def report(app, env):
    """After every note is read: one report of every placeholder and fact role that named no fact."""
    from sphinx.errors import ExtensionError

    problems = _problems(env)
    if problems:
        raise ExtensionError("placeholders in notes:\n" + "\n".join(sorted(set(problems))))


def setup(app):
    app.add_config_value("gdmedia_root", "", "env")
    app.connect("source-read", read_source)
    app.add_role("fact", fact_role)
    app.connect("env-updated", report)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
