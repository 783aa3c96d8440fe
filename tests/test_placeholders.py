"""Only the project's placeholders are read in a note: braces in maths, code and prose reach the renderer unchanged."""

import pytest

from gdmedia.notes.placeholders import PlaceholderError, substitute


def shown(call):
    return f"<{call.name}:{'|'.join(call.args)}>"


# Text an author writes that holds braces, percent signs or hashes, and is not ours: left byte for byte.
AUTHORS_OWN = [
    r"$$\sqrt{{x}}$$",
    r"\frac{\sqrt{\Delta\mathbf{x}_{t-1} + \epsilon}}{\sqrt{{\mathbf{s}_t + \epsilon}}}",
    r"$\newcommand{\R}[1]{#1}\R{x}$",
    "{% raw %} and {% endraw %} in prose, {# a comment #}",
    "a Vue template {{ message }} and {{ user.name | upper }}",
    "{{ facts('a', 'b') }} {{ fact_sheet }} {{ factor(2) }}",  # other names are not ours
    "```jinja\n{{ fact(\"linreg\", \"k\") }}\n{% for x in y %}\n```",
    "`{{ fact(\"linreg\", \"k\") }}` in inline code",
    "``a ` {{ fact(\"linreg\", \"k\") }}`` in a double-backtick span",
    "<code>{{ fact(\"linreg\", \"k\") }}</code> and <pre>{{ alt(\"lr_gd\") }}</pre>",
    "~~~\n{{ fact(\"linreg\", \"k\") }}\n~~~",
    "para\n\n    {{ fact(\"linreg\", \"k\") }}\n",  # an indented code block
    "---\ntitle: {{ fact(\"linreg\", \"k\") }}\n---\n# Page\n",  # front matter
]


@pytest.mark.parametrize("text", AUTHORS_OWN)
def test_the_authors_text_reaches_the_renderer_unchanged(text):
    assert substitute(text, shown, "note.md") == text


@pytest.mark.parametrize("text, expected", [
    ('It takes {{ fact("linreg", "steps_to_tolerance") }} steps.', "It takes <fact:linreg|steps_to_tolerance> steps."),
    ("{{fact('lr_regimes/lr-0.85','outcome')}}", "<fact:lr_regimes/lr-0.85|outcome>"),
    ('![{{ alt("lr_gd") }}](lr_gd.gif)', "![<alt:lr_gd>](lr_gd.gif)"),
    ('$\\eta = {{ fact("linreg", "critical_step") }}$', "$\\eta = <fact:linreg|critical_step>$"),  # in maths too
    ('$$\\sqrt{{x}}$$ then {{ fact("a", "b") }} then `{{ x }}`', "$$\\sqrt{{x}}$$ then <fact:a|b> then `{{ x }}`"),
])
def test_a_well_formed_call_becomes_its_value_beside_the_authors_braces(text, expected):
    assert substitute(text, shown, "note.md") == expected


def test_every_bad_placeholder_of_a_note_is_named_with_its_line_at_once():
    text = 'ok {{ fact("a", "b") }}\n{{ fact("only_one") }}\n\n{{ alt(lr_gd) }}\n{{ fact("a", "missing") }}\n'

    def value(call):
        if call.args[-1] == "missing":
            raise LookupError("no fact 'missing' (there: b)")
        return "v"

    with pytest.raises(PlaceholderError) as error:
        substitute(text, value, "week1/fit.md", line_offset=3)
    said = str(error.value).splitlines()
    assert said[0].startswith("week1/fit.md:5:") and "1 argument" in said[0]
    assert said[1].startswith("week1/fit.md:7:") and "each argument in quotes" in said[1]
    assert said[2] == "week1/fit.md:8: fact('a', 'missing'): no fact 'missing' (there: b)"
    assert len(said) == 3


RST = """Title
=====

Value {{ fact("linreg", "k") }} and ``{{ fact("linreg", "k") }}``.

.. code-block:: jinja

   {{ fact("linreg", "k") }}

A literal block::

   {{ fact("linreg", "k") }}

.. math::

   \\sqrt{{x}}

.. note::

   Said {{ alt("lr_gd") }}.

.. a comment {{ fact("linreg", "k") }}
"""


def test_rst_code_literals_maths_and_comments_are_left_and_prose_and_directives_read():
    out = substitute(RST, shown, "n.rst", syntax="rst")
    assert out.count("<fact:linreg|k>") == 1 and "Said <alt:lr_gd>." in out
    assert out.count('{{ fact("linreg", "k") }}') == 4  # inline literal, code-block, literal block, comment
    assert "\\sqrt{{x}}" in out


def test_a_huge_note_is_read_in_one_pass():
    text = ("$$\\sqrt{{x}}$$ `{{ y }}` {{ fact(\"a\", \"b\") }}\n" * 20_000)
    assert substitute(text, shown, "big.md").count("<fact:a|b>") == 20_000
