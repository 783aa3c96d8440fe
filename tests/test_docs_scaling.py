"""Scanning notes is linear in their size: a pathological line is refused in time linear in its length.

No wall-clock limit: each test compares the CPU time of a text with that of
one four times its size.  Linear work grows about 4x, quadratic work 16x; the
bound of 8x tells them apart with room for a noisy shared machine.
"""

import time

import pytest

from gdmedia.notes import DocsError, scan
from gdmedia.notes import html as html_reader
from gdmedia.notes.formats import read

PRODUCES = {"lr_gd": {"gif", "png"}}
MEGABYTE = 1 << 20


def cpu(work, repeat: int = 3) -> float:
    """The least CPU time of a few runs of ``work`` (the least is the one least disturbed)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best


def growth(make_text, work, small: int) -> float:
    """How much longer ``work`` takes on a text four times larger."""
    return cpu(lambda: work(make_text(4 * small))) / max(cpu(lambda: work(make_text(small))), 2e-3)  # below 2 ms it is noise


def refused(text: str) -> str:
    try:
        read(".md", text, None)
    except DocsError as error:
        return str(error)
    return ""


@pytest.mark.slow
@pytest.mark.parametrize("unit", ["![", "<img ", "![a](", "<img src=\"", "[![", "*a"])
def test_a_multi_megabyte_line_of_unclosed_markup_is_refused_in_linear_time(tmp_path, unit):
    line = "![fit](lr_gd.gif) " + unit * (4 * MEGABYTE // len(unit))  # an image: the line must be read inline
    (tmp_path / "course").mkdir()
    (tmp_path / "course" / "long.md").write_text("# Long\n\n" + line + "\n")
    with pytest.raises(DocsError, match=r"course/long.md: line 3: more than 200000 markup characters"):
        scan(tmp_path, PRODUCES)
    assert growth(lambda n: "![fit](lr_gd.gif) " + unit * (n // len(unit)), refused, MEGABYTE // 2) < 8


def test_four_megabytes_of_unclosed_images_on_one_line_are_refused_naming_the_line(tmp_path):
    (tmp_path / "long.md").write_text("![fit](lr_gd.gif)\n\nx " + "![" * (2 * MEGABYTE) + "\n")
    with pytest.raises(DocsError, match=r"^long.md: line 3: more than 200000 markup characters to read inline"):
        scan(tmp_path, PRODUCES)


def test_a_long_line_with_no_markup_that_could_embed_is_not_read_inline():
    assert read(".md", "*a" * (2 * MEGABYTE) + "\n", None) == []


@pytest.mark.slow
@pytest.mark.parametrize("unit", ["<div>", "<div><span><a>", "<img ", '<img src="', "<!--"])
def test_a_deeply_nested_or_unclosed_html_fragment_is_read_in_linear_time(unit):
    def fragment(n):
        return unit * (n // len(unit)) + '<img src="deep.gif">'

    assert growth(fragment, lambda text: list(html_reader.embeds(text)), MEGABYTE // 4) < 8
    found = [f.path for f in html_reader.embeds(fragment(MEGABYTE))]
    # As a browser reads it: inside an unclosed comment there is no element; '<img <img … src="deep.gif">' is one
    # <img> whose src is deep.gif; in '<img src="<img src="…' the first src wins.
    assert found == {"<!--": [], '<img src="': ["<img src="]}.get(unit, ["deep.gif"])


def test_a_deeply_nested_html_block_in_a_note_still_yields_its_image(tmp_path):
    depth = 100_000
    (tmp_path / "deep.md").write_text("<div>" * depth + '<img src="lr_gd.gif">' + "</div>" * depth + "\n")
    [embed] = scan(tmp_path, PRODUCES)
    assert embed.target == tmp_path / "lr_gd.gif"


@pytest.mark.slow
def test_a_long_line_of_prose_with_many_images_is_read_in_linear_time():
    def prose(n):
        return ("word " * 18 + "![a](lr_gd.gif) ") * (n // 106)

    assert growth(prose, lambda text: read(".md", text, None), MEGABYTE // 8) < 8
    assert len(read(".md", prose(MEGABYTE // 8), None)) == MEGABYTE // 8 // 106
