import numpy as np
import pytest

from gdsim.surfaces import SURFACES, get_surface, hessian, nearest_minimum


@pytest.mark.parametrize("name", sorted(SURFACES))
def test_gradient_matches_finite_differences(name):
    surface = SURFACES[name]
    (x0, x1), (y0, y1) = surface.bounds
    points = np.random.default_rng(1).uniform([x0, y0], [x1, y1], size=(20, 2))
    h = 1e-6
    numeric = np.stack(
        [(surface.value(points + h * e) - surface.value(points - h * e)) / (2 * h) for e in np.eye(2)], axis=-1
    )
    np.testing.assert_allclose(surface.grad(points), numeric, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("name", sorted(SURFACES))
def test_minima_are_minima(name):
    surface = SURFACES[name]
    for point in surface.minima():
        assert np.linalg.norm(surface.grad(point)) < 1e-7
        assert np.all(np.linalg.eigvalsh(hessian(surface, point)) > 0)


def test_gaussian_wells_have_one_global_and_several_local_minima():
    surface = get_surface("gaussian_wells")
    values = surface.value(surface.minima())
    assert len(values) >= 4
    glob = surface.global_minimum()
    assert np.sum(values <= values[glob] + 1e-9) == 1  # the global one is strictly lowest


def test_known_minima():
    np.testing.assert_allclose(get_surface("rosenbrock").minima(), [[1.0, 1.0]], atol=1e-8)
    np.testing.assert_allclose(get_surface("himmelblau").value(get_surface("himmelblau").minima()), 0, atol=1e-12)
    assert len(get_surface("saddle").minima()) == 0
    bumpy = get_surface("bumpy_bowl")
    np.testing.assert_allclose(bumpy.minima()[bumpy.global_minimum()], [0, 0], atol=1e-9)


def test_unknown_surface_is_named():
    with pytest.raises(ValueError, match="surface must be one of .*'nope'"):
        get_surface("nope")


def test_nearest_minimum_uses_radius():
    surface = get_surface("rosenbrock")
    assert nearest_minimum(surface, np.array([[1.0, 1.01], [0.0, 0.0]]), 0.1).tolist() == [0, -1]
