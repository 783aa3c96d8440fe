"""The `place` rule's copy: same bytes, parents made, nothing half-written left behind."""

import pytest

from conftest import load_script

place = load_script("scripts/place.py").place


@pytest.mark.parametrize("folder", ["plain", "my media", "x;touch F;y", "$(touch F)", "ünï cødé"])
def test_copy_lands_with_the_same_bytes(tmp_path, folder):
    source = tmp_path / "medium.gif"
    source.write_bytes(b"GIF89a" + bytes(range(256)))
    target = tmp_path / "notes" / folder / "lr_gd.gif"
    place(source, target)
    assert target.read_bytes() == source.read_bytes()
    assert sorted(p.name for p in target.parent.iterdir()) == ["lr_gd.gif"]
    assert not (tmp_path / "F").exists()


def test_a_failed_copy_keeps_the_old_file_and_leaves_no_part(tmp_path):
    target = tmp_path / "notes" / "lr_gd.gif"
    target.parent.mkdir()
    target.write_bytes(b"old")
    with pytest.raises(FileNotFoundError):
        place(tmp_path / "missing.gif", target)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in target.parent.iterdir()) == ["lr_gd.gif"]
