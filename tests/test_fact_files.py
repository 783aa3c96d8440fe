"""Facts for LaTeX and Quarto notes (gdmedia.notes.fact_files): each name a note writes gives the text quote() gives."""

import json
import re

import pytest
import yaml

from gdmedia.notes import fact_files
from gdmedia.notes.fact_files import FactFileError, merged_variables, quarto_var
from gdmedia.notes.quote import every_fact, quote

RUN = {"steps_to_tolerance": 62, "critical_step": 0.91678, "outcome": "zig-zags", "status": "max_steps",
       "least_squares_theta": [1.04, 1.98], "minima": [[1.5, -2.0], [0.0, 3.25]], "counts": {"minimum-0": 4},
       "regime": None, "arrived": True, "surface": "a_b%c {x} $5 & #1 ~^\\", "learning_rate": 1e-06,
       "distance": "(5)", "final_distance": [], "label": "--x ... *y*"}


@pytest.fixture
def root(tmp_path):
    """Traces as the pipeline writes them: a run, and a sweep whose members' names hold dots."""
    sims = tmp_path / "output" / "sims"
    (sims / "lr_regimes").mkdir(parents=True)
    (sims / "linreg.json").write_text(json.dumps({"facts": RUN}))
    for name, steps in (("lr-0.85", 62), ("lr-0.4", 135), ("lr-0.02", None)):
        (sims / "lr_regimes" / f"{name}.json").write_text(
            json.dumps({"facts": {"steps_to_tolerance": steps, "learning_rate": float(name[3:]),
                                  "arrived": steps is not None, "stop_step": 200}}))
    return tmp_path


def unescape(text: str) -> str:
    """What Pandoc's Markdown reader makes of the text: a backslash before punctuation is that character."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)


def test_every_fact_is_one_quote_takes_and_reads_the_same(root):
    every = every_fact(root)
    assert set(every) == {"linreg", "lr_regimes", "lr_regimes/lr-0.02", "lr_regimes/lr-0.4", "lr_regimes/lr-0.85"}
    assert every["linreg"][("least_squares_theta",)] == "(1.04, 1.98)"  # a list is a fact, and so is each item
    assert ("counts",) not in every["linreg"] and every["linreg"][("counts", "minimum-0")] == "4"  # a mapping by entries
    assert every["lr_regimes"][("steps", "lr-0.85")] == "62"  # a member's name holds a dot
    for trace, known in every.items():
        for parts, text in known.items():
            assert quote(root, trace, ".".join(parts)) == text, (trace, parts)


def test_latex_defines_each_fact_escaped_and_an_unknown_one_is_an_error(root):
    tex = fact_files.latex_facts(every_fact(root))
    assert r"\csname gdmedia@fact@linreg@steps_to_tolerance\endcsname{62}" in tex
    assert r"\csname gdmedia@fact@lr_regimes@steps.lr-0.85\endcsname{62}" in tex
    assert r"\csname gdmedia@fact@lr_regimes/lr-0.85@learning_rate\endcsname{0.85}" in tex
    assert r"gdmedia@fact@linreg@status\endcsname{max\_steps}" in tex
    special = r"{a\_b\%c \{x\} \$5 \& \#1 \textasciitilde{}\textasciicircum{}\textbackslash{}}"
    assert rf"gdmedia@fact@linreg@surface\endcsname{special}" in tex
    assert r"\PackageError{gdmedia-facts}{no fact `\detokenize{#2}' of the trace `\detokenize{#1}'" in tex
    assert tex.rstrip().endswith(r"\endinput")


def test_a_name_tex_cannot_give_back_is_left_out_and_said(root):
    tex = fact_files.latex_facts({"run": {("good",): "1", ("bad{key}",): "2"}, "x%y": {("a",): "3"}})
    assert "gdmedia@fact@run@good" in tex and "@bad{key}" not in tex
    assert "% not quotable from TeX (a character TeX reads as markup): x%y, run bad{key}" in tex


DOCUMENTED = [  # the names README's "Notes quote facts" gives for Quarto, and the fact each one is
    ("fact.linreg.steps_to_tolerance", "linreg", "steps_to_tolerance"),
    ("fact.linreg.least_squares_theta", "linreg", "least_squares_theta"),
    ("fact.linreg.least_squares_theta_1", "linreg", "least_squares_theta.1"),
    ("fact.linreg.minima_1_0", "linreg", "minima.1.0"),
    ("fact.linreg.counts.minimum-0", "linreg", "counts.minimum-0"),
    ("fact.lr_regimes.lr-0_85.steps_to_tolerance", "lr_regimes/lr-0.85", "steps_to_tolerance"),
    ("fact.lr_regimes.fastest", "lr_regimes", "fastest"),
    ("fact.lr_regimes.steps.lr-0_85", "lr_regimes", "steps.lr-0.85"),
]


@pytest.mark.parametrize("name, trace, key", DOCUMENTED, ids=[d[0] for d in DOCUMENTED])
def test_each_documented_quarto_name_gives_what_quote_gives(root, name, trace, key):
    variables = yaml.safe_load(fact_files.quarto_block(every_fact(root)))
    found = quarto_var(variables, name)
    assert isinstance(found, str) and unescape(found) == quote(root, trace, key)


def test_every_fact_has_a_quarto_name_that_gives_its_text(root):
    every = every_fact(root)
    variables = yaml.safe_load(fact_files.quarto_block(every))
    for trace, known in every.items():
        lists = {parts[:-1] for parts in known if parts[-1].isdigit() and parts[:-1] in known}
        for parts, text in known.items():
            name = ".".join([fact_files.QUARTO_KEY, *fact_files.quarto_parts(trace, parts, lists)])
            found = quarto_var(variables, name)
            assert isinstance(found, str) and unescape(found) == text, (name, found, text)


@pytest.mark.parametrize("text", ["(5)", "5. x", "- a", "--x ... *y*", "_x_", "<b>", "@cite", "'q' \"q\"",
                                  "a_b", "max_steps", "(1.04, 1.98)", "—", "+0.93", "1e-06", "[a](b)", "`c`", "$x$"])
def test_pandoc_reads_an_escaped_value_back_as_written(text):
    escaped = fact_files.pandoc_text(text)
    assert unescape(escaped) == text
    assert not fact_files.LIST_MARKER.match(escaped)  # nothing that starts a list
    assert not re.search(r"(?<!\\)[*`$\[<@'\"]|(?<![\\-])--|(?<!\\)\.\.", escaped)  # no live markup left
    assert escaped == text or text not in ("a_b", "max_steps", "(1.04, 1.98)", "—", "+0.93", "1e-06")


def test_a_trace_whose_name_is_a_number_to_lua_is_left_out_and_said():
    variables, skipped = fact_files.quarto_variables({"sweep/1e5": {("steps",): "3"}, "run": {("a",): "1"}})
    assert variables == {"run": {"a": "1"}} and skipped == ["sweep/1e5 steps"]


OURS = fact_files.quarto_block({"linreg": {("steps_to_tolerance",): "62"}})


def test_variables_are_written_when_the_folder_has_none():
    assert merged_variables(None, OURS) == OURS
    assert yaml.safe_load(OURS) == {"fact": {"linreg": {"steps_to_tolerance": "62"}}}


def test_an_authors_variables_keep_their_text_and_the_facts_replace_only_their_block():
    theirs = "# course settings\nversion: 1.2\nemail:\n  info: info@example.com  # ask here\n"
    once = merged_variables(theirs, OURS)
    assert once.startswith(theirs) and yaml.safe_load(once)["version"] == 1.2
    newer = fact_files.quarto_block({"linreg": {("steps_to_tolerance",): "70"}})
    twice = merged_variables(once + "course: Optimisation\n", newer)
    assert twice == theirs + "course: Optimisation\n" + newer  # their later line kept, the old block gone
    assert yaml.safe_load(twice)["fact"]["linreg"]["steps_to_tolerance"] == "70"
    assert merged_variables(twice, newer) == twice


@pytest.mark.parametrize("theirs, says", [
    ("fact: mine\n", "already has a variable 'fact' of its own"),
    ("- a\n- b\n", "not a mapping"),
    ("{version: 1}\n", "cannot be added at its end"),
    ("version: [1\n", "not YAML"),
    ("version: 1\n...\n", "cannot be added at its end"),
])
def test_an_authors_variables_the_facts_cannot_join_are_refused_by_name(theirs, says):
    with pytest.raises(FactFileError, match=re.escape(says)) as refused:
        merged_variables(theirs, OURS, "course/_variables.yml")
    assert str(refused.value).startswith("course/_variables.yml: ")


def test_a_quarto_folder_gets_the_facts_only_when_a_note_quotes_one(tmp_path):
    block = tmp_path / "facts" / fact_files.QUARTO_NAME
    block.parent.mkdir()
    block.write_text(OURS)
    course = tmp_path / "course"
    course.mkdir()
    note = course / "fit.qmd"
    note.write_text("# Fit\n\nIt took steps; `{{< var fact.linreg.nothing >}}` is how to write it.\n")
    assert fact_files.quote_in_quarto(course, [note], block) is None  # a quote inside code is shown, not read
    assert not (course / "_variables.yml").exists()
    note.write_text("# Fit\n\nIt took {{< var fact.linreg.steps_to_tolerance >}} steps.\n")
    (course / "_variables.yml").write_text("version: 2\n")
    assert fact_files.quote_in_quarto(course, [note], block) == course / "_variables.yml"
    assert (course / "_variables.yml").read_text() == "version: 2\n" + OURS


def test_a_quarto_quote_naming_no_fact_stops_naming_note_line_and_what_exists(tmp_path):
    block = tmp_path / fact_files.QUARTO_NAME
    block.write_text(OURS)
    note = tmp_path / "w" / "fit.qmd"
    note.parent.mkdir()
    note.write_text("---\ntitle: Fit\n---\n\n{{< var fact.linreg.steps >}} and {{< var fact.nope.x >}}\n")
    with pytest.raises(FactFileError) as refused:
        fact_files.quote_in_quarto(tmp_path, [note], block)
    said = str(refused.value)
    assert "w/fit.qmd:5: {{< var fact.linreg.steps >}} names no fact (at 'steps'; there: steps_to_tolerance)" in said
    assert "w/fit.qmd:5: {{< var fact.nope.x >}} names no fact (at 'nope'; there: linreg)" in said
    assert not (tmp_path / "_variables.yml").exists()


def test_the_files_are_written_once_and_left_alone_when_unchanged(root, tmp_path):
    folder = tmp_path / "facts"
    written = fact_files.write_fact_files(root, folder)
    assert sorted(p.name for p in folder.iterdir()) == ["gdmedia-facts.sty", "gdmedia-facts.tex", "quarto-variables.yml"]
    stamps = {p: p.stat().st_mtime_ns for p in written.values()}
    assert fact_files.write_fact_files(root, folder) == written
    assert {p: p.stat().st_mtime_ns for p in written.values()} == stamps
    assert r"\input{gdmedia-facts.tex}" in written["sty"].read_text()


# --- TeX itself (slow: pdflatex runs) -----------------------------------------------------------------

PAPER = ("\\documentclass{article}\n\\usepackage{gdmedia-facts}\n\\input{gdmedia-facts}\n\\begin{document}\n"
         "It takes \\fact{linreg}{steps_to_tolerance} steps; \\fact{lr_regimes}{steps.lr-0.85}; \\fact{linreg}{surface}; "
         "$\\theta = \\fact{linreg}{least_squares_theta}$.\n"
         "\\typeout{QUOTED=\\fact{linreg}{steps_to_tolerance}|\\fact{lr_regimes/lr-0.85}{learning_rate}|}\n"
         "\\end{document}\n")


@pytest.mark.slow
def test_a_latex_note_quotes_facts_from_the_builds_file_and_nothing_is_written_beside_it(root, tmp_path):
    from gdmedia.notes import site

    facts = fact_files.write_fact_files(root, tmp_path / "facts")["tex"].parent
    notes = tmp_path / "notes"
    (notes / "w").mkdir(parents=True)
    (notes / "w" / "paper.tex").write_text(PAPER)
    [pdf] = site.build_latex(notes, tmp_path / "site", tmp_path / "work", facts=facts)
    assert pdf.read_bytes().startswith(b"%PDF")
    log = (tmp_path / "work" / "latex" / "w" / "paper" / "paper.log").read_text()
    assert "QUOTED=62|0.85|" in log  # \fact expands: usable in \typeout, \num, an \edef
    assert str(facts / "gdmedia-facts.tex") in log.replace("\n", "")  # found on TEXINPUTS, the build's own
    assert sorted(p.name for p in (notes / "w").iterdir()) == ["paper.tex"]


@pytest.mark.slow
@pytest.mark.parametrize("call, says", [
    ("\\fact{linreg}{stepz}", "no fact `stepz' of the trace `linreg' (its facts: arrived, counts, critical_step"),
    ("\\fact{lr_regimes/lr-0.9}{steps_to_tolerance}",
     "no fact `steps_to_tolerance' of the trace `lr_regimes/lr-0.9' (traces: linreg, lr_regimes, lr_regimes/lr-0.02"),
], ids=["key", "trace"])
def test_a_fact_tex_does_not_know_fails_the_build_naming_note_line_trace_and_key(root, tmp_path, call, says):
    from gdmedia.notes import site

    facts = fact_files.write_fact_files(root, tmp_path / "facts")["tex"].parent
    notes = tmp_path / "notes"
    (notes / "w").mkdir(parents=True)
    (notes / "w" / "paper.tex").write_text(PAPER.replace("\\end{document}", f"Then {call}.\n\\end{{document}}"))
    with pytest.raises(RuntimeError) as failed:
        site.build_latex(notes, tmp_path / "site", tmp_path / "work", facts=facts)
    said = str(failed.value)
    assert said.startswith(f"w/paper.tex: pdflatex failed (exit 1): w/paper.tex:7: Package gdmedia-facts Error: {says}")
