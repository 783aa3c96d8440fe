import pytest

from gdmedia.docs import DocsError, references, scan, unused

PRODUCES = {"lr_gd": {"gif", "png"}, "regression_fit": {"mp4", "gif", "png"}, "final_fit": {"png", "svg"}}


def notes(tmp_path, files: dict[str, str]):
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path


def test_every_reference_form_is_found():
    text = (
        '![Title](../images/lr_gd.gif)\n'
        '<img src="../images/gd.gif" width="750" align="center">\n'
        "<video controls src='fit.mp4' poster='fit.png'></video>\n"
        '<video controls><source src="media/regression_fit.mp4" type="video/mp4"></video>\n'
        '![with title](a.png "a title") and ![second](b.png)\n'
    )
    assert list(references(text)) == [
        (1, "../images/lr_gd.gif"), (2, "../images/gd.gif"), (3, "fit.mp4"), (3, "fit.png"),
        (4, "media/regression_fit.mp4"), (5, "a.png"), (5, "b.png"),
    ]


def test_relative_path_in_a_nested_folder_lands_where_the_note_expects(tmp_path):
    root = notes(tmp_path, {"notes/deep/gd.md": "![x](../../images/lr_gd.gif)\n"})
    [embed] = scan(root, PRODUCES)
    assert (embed.medium, embed.extension) == ("lr_gd", "gif")
    assert embed.target == (root / "images/lr_gd.gif").resolve()
    assert embed.line == 1


def test_urls_are_left_alone(tmp_path):
    root = notes(tmp_path, {"a.md": "![x](https://example.org/lr_gd.gif)\n<img src='data:image/png;base64,AAA'>\n"})
    assert scan(root, PRODUCES) == []


@pytest.mark.parametrize(
    "text, message",
    [
        ("![x](images/nothing.gif)", "a.md:1: 'images/nothing.gif' names no medium this config makes and no file in the notes folder; known media: "),
        ("![x](images/final_fit.gif)", "names no medium"),  # a still makes no GIF
        ("\n![x](../../outside/lr_gd.gif)", "a.md:2: '../../outside/lr_gd.gif' points outside the notes folder"),
        ("![x](/abs/lr_gd.gif)", "a.md:1: '/abs/lr_gd.gif' is an absolute path"),
    ],
)
def test_bad_references_are_refused_naming_note_line_and_reference(tmp_path, text, message):
    root = notes(tmp_path / "notes", {"a.md": text + "\n"})
    with pytest.raises(DocsError) as caught:
        scan(root, PRODUCES)
    assert message in str(caught.value)
    assert "lr_gd.gif" in str(caught.value) and "regression_fit.mp4" in str(caught.value)


def test_unused_media_are_listed(tmp_path):
    root = notes(tmp_path, {"a.md": "![x](lr_gd.gif)\n"})
    assert unused(scan(root, PRODUCES), sorted(PRODUCES)) == ["final_fit", "regression_fit"]


def test_the_authors_own_images_are_accepted_and_left_alone(tmp_path):
    root = notes(tmp_path / "notes", {
        "course/week1.md": "![diagram](../img/diagram.svg)\n<img src='../img/photo.jpg'>\n![fit](../images/lr_gd.gif)\n",
        "img/diagram.svg": "<svg/>",
        "img/photo.jpg": "not really a jpeg",
    })
    [embed] = scan(root, PRODUCES)
    assert embed.medium == "lr_gd"
    assert (root / "img/diagram.svg").read_text() == "<svg/>"


def test_a_missing_file_that_names_no_medium_is_still_refused(tmp_path):
    root = notes(tmp_path / "notes", {"a.md": "![diagram](img/diagram.svg)\n"})
    with pytest.raises(DocsError, match="a.md:1: 'img/diagram.svg' names no medium this config makes and no file"):
        scan(root, PRODUCES)
