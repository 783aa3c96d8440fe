import numpy as np
import pytest
from PIL import Image

from gdmedia.base.storyboard import key_frames, write_storyboard


@pytest.mark.parametrize("count, wanted", [(120, 6), (3, 3), (1, 1)])
def test_key_frames_are_first_last_and_between(count, wanted):
    keys = key_frames(count)
    assert len(keys) == wanted and keys[0] == 0 and keys[-1] == count - 1
    assert keys == sorted(set(keys))


def test_storyboard_is_the_embedded_width_with_frames_in_reading_order(tmp_path):
    frames = [np.full((420, 750, 3), 40 * i, np.uint8) for i in range(6)]
    write_storyboard(frames, tmp_path / "x.storyboard.png", 750)
    with Image.open(tmp_path / "x.storyboard.png") as board:
        sheet = np.asarray(board.convert("RGB"))
    assert sheet.shape[1] == 750
    centres = [sheet[sheet.shape[0] * (2 * r + 1) // 6, 750 * (2 * c + 1) // 4, 0] for r in range(3) for c in range(2)]
    assert centres == [40 * i for i in range(6)]  # left to right, top to bottom
    assert list(tmp_path.iterdir()) == [tmp_path / "x.storyboard.png"]  # no .part left
