import numpy as np
import pytest

from gdmedia.base.frames import delays_cs, distinct_rows, frame_rows


@pytest.mark.parametrize("rows, frames", [(1000, 120), (30, 120), (1, 5), (120, 120)])
def test_rows_span_the_trace_in_order(rows, frames):
    picked = frame_rows(rows, frames, 2.0)
    assert len(picked) == frames
    assert picked[0] == 0 and picked[-1] == rows - 1
    assert np.all(np.diff(picked) >= 0)


def test_early_rows_are_denser():
    picked = frame_rows(1000, 100, 2.0)
    assert np.sum(picked < 250) > np.sum(picked >= 750)
    even = frame_rows(1000, 100, 1.0)
    assert abs(np.sum(even < 250) - np.sum(even >= 750)) <= 1


def test_delays_hold_the_first_and_the_last_frame():
    assert delays_cs(4, 20, 3.0) == [155, 5, 5, 305]  # the first holds 1.5 s before anything moves
    assert delays_cs(4, 20, 3.0, first_hold_s=0) == [5, 5, 5, 305]
    assert delays_cs(1, 20, 3.0) == [305]
    with pytest.raises(ValueError, match="fps must divide 100"):
        delays_cs(4, 30, 0)


@pytest.mark.parametrize("rows, frames", [(1000, 120), (301, 120), (120, 120), (30, 120), (1, 5)])
def test_distinct_rows_never_repeat_a_picture(rows, frames):
    picked = distinct_rows(rows, frames, 2.5)
    assert len(picked) == min(rows, frames)
    assert picked[0] == 0 and picked[-1] == rows - 1
    assert np.all(np.diff(picked) >= 1)
    if rows > 2 * frames:  # still denser early
        assert np.sum(picked < rows // 4) > np.sum(picked >= 3 * rows // 4)
