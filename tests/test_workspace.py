"""A working copy holds the workflow's sources and nothing a build made."""

from gdmedia.workflow.authoring.workspace import PROJECT_PARTS, copy_project


def test_copy_has_every_part_and_no_build_products(tmp_path):
    source = tmp_path / "source"
    for part in PROJECT_PARTS:
        if "." in part or part == "Snakefile":
            (source / part).parent.mkdir(parents=True, exist_ok=True)
            (source / part).write_text(part)
        else:
            (source / part / "__pycache__").mkdir(parents=True)
            (source / part / "kept.txt").write_text(part)
    (source / "docs" / "media").mkdir()
    (source / "docs" / "media" / "lr_gd.gif").write_text("built")
    (source / "output").mkdir()
    copy = copy_project(tmp_path / "copy", source)
    assert sorted(p.name for p in copy.iterdir()) == sorted(PROJECT_PARTS)
    assert (copy / "rules" / "kept.txt").read_text() == "rules"
    assert not list(copy.rglob("__pycache__")) and not (copy / "docs" / "media").exists()
