import dataclasses

import numpy as np
import pytest

from gdsim.data import DatasetSpec, make_dataset

SPEC = DatasetSpec(n=30, x_low=-1.0, x_high=2.0, theta_true=(0.5, -1.0), noise=0.1, seed=3)


def test_seeded_and_parameterised():
    x1, y1 = make_dataset(SPEC)
    x2, y2 = make_dataset(SPEC)
    np.testing.assert_array_equal(x1, x2)
    np.testing.assert_array_equal(y1, y2)
    assert len(x1) == 30 and x1.min() >= -1 and x1.max() <= 2
    assert np.all(np.diff(x1) >= 0)
    x3, _ = make_dataset(dataclasses.replace(SPEC, seed=4))
    assert not np.array_equal(x1, x3)


def test_noise_free_data_lies_on_the_true_line():
    x, y = make_dataset(dataclasses.replace(SPEC, noise=0.0))
    np.testing.assert_allclose(y, 0.5 - 1.0 * x)


@pytest.mark.parametrize(
    "change, field",
    [({"n": 0}, "n"), ({"x_low": 3.0}, "x_range"), ({"noise": -1.0}, "noise"),
     ({"noise": float("nan")}, "noise"), ({"theta_true": (float("nan"), 1.0)}, "theta_true")],
)
def test_bad_arguments_are_named(change, field):
    with pytest.raises(ValueError, match=field):
        make_dataset(dataclasses.replace(SPEC, **change))
