"""Notes drive the build: which references count as embeds, where they land, and what is refused."""

import pytest

from gdmedia.notes import DocsError, scan, unused

PRODUCES = {"lr_gd": {"gif", "png"}, "regression_fit": {"mp4", "gif", "png"}, "final_fit": {"png", "svg"}}


def notes(tmp_path, files: dict[str, str | bytes]):
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return tmp_path


def test_relative_path_in_a_nested_folder_lands_where_the_note_expects(tmp_path):
    root = notes(tmp_path, {"notes/deep/gd.md": "![x](../../images/lr_gd.gif)\n"})
    [embed] = scan(root, PRODUCES)
    assert (embed.medium, embed.extension) == ("lr_gd", "gif")
    assert embed.target == (root / "images/lr_gd.gif").resolve()
    assert embed.line == 1


def test_urls_are_left_alone(tmp_path):
    root = notes(tmp_path, {"a.md": "![x](https://example.org/lr_gd.gif)\n<img src='data:image/png;base64,AAA'>\n"
                                    "![y](//cdn.example.org/lr_gd.gif)\n"})
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


# Paths as a browser reads them: entities (in HTML), then percent-escapes, then resolution against the note.
@pytest.mark.parametrize(
    "text, target",
    [
        ("![x](my%20media/lr_gd.gif)", "course/my media/lr_gd.gif"),
        ("![x](<my media/lr_gd.gif>)", "course/my media/lr_gd.gif"),
        ('<img src="my%20media/lr_gd.gif">', "course/my media/lr_gd.gif"),
        ('<img src="a&amp;b/lr_gd.gif">', "course/a&b/lr_gd.gif"),
        ('<img src="%2e%2e/img/lr_gd.gif">', "img/lr_gd.gif"),
        ('<img src="..\\img\\lr_gd.gif">', "img/lr_gd.gif"),
        ("![x](lr_gd.gif?v=2#frame)", "course/lr_gd.gif"),
        ("![x](%C3%BCn%C3%AF/lr_gd.gif)", "course/ünï/lr_gd.gif"),
    ],
)
def test_paths_are_read_as_a_browser_reads_them(tmp_path, text, target):
    root = notes(tmp_path / "notes", {"course/a.md": text + "\n"})
    [embed] = scan(root, PRODUCES)
    assert embed.target == (root / target).resolve()


@pytest.mark.parametrize("reference", ["%2e%2e/%2e%2e/lr_gd.gif", "..%2F..%2Flr_gd.gif", "&#46;&#46;/&#46;&#46;/lr_gd.gif",
                                       "..\\..\\lr_gd.gif"])
def test_a_path_that_leaves_the_folder_once_decoded_is_refused(tmp_path, reference):
    root = notes(tmp_path / "notes", {"course/a.md": f'\n\n<img src="{reference}">\n'})
    with pytest.raises(DocsError) as caught:
        scan(root, PRODUCES)
    assert f"course/a.md:3: {reference.replace('&#46;', '.')!r} points outside" in str(caught.value)


def test_a_link_out_of_the_folder_is_refused(tmp_path):
    (tmp_path / "elsewhere").mkdir()
    root = notes(tmp_path / "notes", {"a.md": "![x](out/lr_gd.gif)\n"})
    (root / "out").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(DocsError, match="a.md:1: 'out/lr_gd.gif' points outside"):
        scan(root, PRODUCES)


def test_a_note_that_is_not_utf8_is_refused_by_name(tmp_path):
    root = notes(tmp_path / "notes", {"week/ok.md": "![x](lr_gd.gif)\n", "week/latin1.md": "caf\xe9\n\n![x](lr_gd.gif)".encode("latin-1")})
    with pytest.raises(DocsError, match=r"week/latin1.md:1: not UTF-8 \(byte 3: 0xe9\)"):
        scan(root, PRODUCES)


def test_hidden_folders_and_unknown_formats_are_not_notes(tmp_path):
    root = notes(tmp_path, {".ipynb_checkpoints/a.ipynb": "not json", ".git/x.md": "![x](nope.gif)", "a.txt": "![x](nope.gif)",
                            "b.md": "![x](lr_gd.png)\n"})
    assert [e.medium for e in scan(root, PRODUCES)] == ["lr_gd"]


def test_a_note_is_parsed_once_and_not_again_while_its_bytes_stay_the_same(tmp_path, monkeypatch):
    import importlib

    scan_module = importlib.import_module("gdmedia.notes.scan")

    root = notes(tmp_path / "notes", {"a.md": "![x](lr_gd.gif)\n", "b.rst": ".. image:: final_fit.png\n",
                                      "c.tex": "\\includegraphics{final_fit.svg}\n"})
    calls = []
    real = scan_module.read

    def counting(suffix, text, note):
        calls.append(note.name)
        return real(suffix, text, note)

    monkeypatch.setattr(scan_module, "read", counting)
    cache = tmp_path / "cache.json"
    first = scan(root, PRODUCES, cache=cache)
    assert sorted(calls) == ["a.md", "b.rst", "c.tex"]
    calls.clear()
    assert scan(root, PRODUCES, cache=cache) == first
    assert calls == ["c.tex"]  # LaTeX depends on which files exist: always read
    (root / "a.md").write_text("![x](lr_gd.png)\n")
    assert [e.extension for e in scan(root, PRODUCES, cache=cache)][0] == "png"
    assert sorted(calls) == ["a.md", "c.tex", "c.tex"]
    cache.write_text("{damaged")
    assert len(scan(root, PRODUCES, cache=cache)) == 3
