"""One reading of a note: what a built page shows is in the site, and the notes reader sees what MkDocs renders."""

import pytest

from gdmedia.notes import markdown, pages
from gdmedia.notes.scan import scan

PRODUCES = {"lr_gd": {"gif", "png"}, "final_fit": {"png", "svg"}}


def site(tmp_path, pages_html: dict[str, str], files=()):
    root = tmp_path / "site"
    for name, text in pages_html.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    for name in files:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(b"GIF89a")
    return root


def test_a_page_asks_for_each_src_srcset_and_poster():
    page = ('<picture><source media="(x)" srcset="a.png 1x, a@2x.png 2x"><img src="b.gif#only-light" '
            'srcset="b.gif 1x"></picture><video poster="p.png" src="v.mp4"><source src="v.webm"></video>'
            '<script>"<img src=no.png>"</script><code>&lt;img src="shown.png"&gt;</code>')
    assert pages.requests(page) == ["a.png", "a@2x.png", "b.gif#only-light", "b.gif", "v.mp4", "p.png", "v.webm"]


def test_a_site_that_has_every_file_its_pages_show_passes(tmp_path):
    root = site(tmp_path, {
        "w/fit.html": '<img src="../media/lr_gd.gif?v=1#only-light"><img src="/media/lr_gd.gif">'
                      '<img src="data:image/png;base64,AAAA"><img src="https://example.org/x.png"><img src="">',
        "index.html": '<img src="media/my%20lr.gif">',
    }, files=["media/lr_gd.gif", "media/my lr.gif"])
    assert pages.missing(root, tmp_path / "notes", PRODUCES) == []
    pages.check(root, tmp_path / "notes", PRODUCES)


def test_a_medium_the_reader_did_not_see_fails_naming_note_line_and_how_to_write_it(tmp_path):
    notes = tmp_path / "notes"
    (notes / "w").mkdir(parents=True)
    (notes / "w" / "fit.md").write_text("# Fit\n\nIntro.\n\n![fit](../my media/lr_gd.gif)\n")
    root = site(tmp_path, {"w/fit.html": '<p><img alt="fit" src="../my media/lr_gd.gif" /></p>',
                           "other.html": '<img src="../../outside.png"><img src="gone.png">'})
    with pytest.raises(pages.SiteError) as failed:
        pages.check(root, notes, PRODUCES)
    said = str(failed.value)
    assert ("w/fit.md:5: the page w/fit.html shows '../my media/lr_gd.gif', and the site has no such file: it names "
            "the medium lr_gd.gif, but nothing was placed there (the notes reader read this embed otherwise, or not "
            "at all); write it so CommonMark reads it too: ![…](<../my media/lr_gd.gif>) or "
            "![…](../my%20media/lr_gd.gif), or <img src=\"../my media/lr_gd.gif\">") in said
    assert "the page other.html: the page other.html shows '../../outside.png', and the site has no such file " \
           "(it is outside the site)" in said
    assert "shows 'gone.png', and the site has no such file" in said


def test_sphinx_is_told_it_reads_no_path_with_a_space(tmp_path):
    root = site(tmp_path, {"w/fit.html": '<img src="my%20media/lr_gd.gif">'})
    [said] = pages.missing(root, tmp_path / "notes", PRODUCES, engine="sphinx")
    assert said.endswith("Sphinx reads no path with a space (nor a %20 for one): name the folder without a space")


def test_a_notebook_and_a_sphinx_page_name_their_note(tmp_path):
    notes = tmp_path / "notes"
    (notes / "w").mkdir(parents=True)
    (notes / "w" / "nb.ipynb").write_text("{}")
    (notes / "w" / "a.rst").write_text("A\n=\n\n.. image:: missing.png\n")
    root = site(tmp_path, {"w/nb.html": '<img src="x.png">', "w/a.html": '<img src="missing.png">'})
    said = pages.missing(root, notes, PRODUCES)
    assert said[0].startswith("w/a.rst:4: the page w/a.html shows 'missing.png'")
    assert said[1].startswith("w/nb.ipynb: the page w/nb.html shows 'x.png'")


@pytest.mark.parametrize("note, path", [
    ("![fit](../my media/lr_gd.gif)", "../my media/lr_gd.gif"),
    ('![fit](../my media/lr_gd.gif "The fit")', "../my media/lr_gd.gif"),
    ("Text ![a](my  media/final_fit.png) more", "my  media/final_fit.png"),
    ("* item ![a](../my media/lr_gd.dark@2x.gif)", "../my media/lr_gd.dark@2x.gif"),
], ids=["plain", "title", "two-spaces", "in-a-list"])
def test_an_image_whose_path_holds_a_space_is_read_as_mkdocs_renders_it(note, path):
    import markdown as python_markdown

    found = [f for f in markdown.embeds(f"# T\n\n{note}\n") if f.path is not None]
    assert [f.path for f in found] == [path] and found[0].line == 3
    assert f'src="{path}"' in python_markdown.markdown(note)  # what MkDocs' renderer makes of it


@pytest.mark.parametrize("note", [
    "`![code](my media/lr_gd.gif)`",
    "\\![escaped](my media/lr_gd.gif)",
    "![prose](the notes above)",
    "![angle](<my media/lr_gd.gif>)",
    "![one](lr_gd.gif \"a title\")",
], ids=["code", "escaped", "no-file-name", "angle-brackets", "title"])
def test_what_is_not_such_an_image_is_read_as_before(note):
    found = [f.kind for f in markdown.embeds(f"# T\n\n{note}\n")]
    assert "markdown image (a path with a space)" not in found


def test_a_spaced_path_is_placed_where_the_page_asks(tmp_path):
    notes = tmp_path / "notes"
    (notes / "w").mkdir(parents=True)
    (notes / "w" / "fit.md").write_text("# Fit\n\n![fit](../my media/lr_gd.gif)\n")
    [embed] = scan(notes, PRODUCES)
    assert embed.target == notes / "my media" / "lr_gd.gif" and embed.medium == "lr_gd"
