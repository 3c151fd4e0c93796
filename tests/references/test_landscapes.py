"""Test functions of dlcourse.references.landscapes against finite differences."""

import numpy as np
import pytest

from dlcourse.references import landscapes

# --- 2D test functions ----------------------------------------------------------------


def finite_difference_gradient(f, x, y, h=1e-6):
    return (f(x + h, y) - f(x - h, y)) / (2 * h), (f(x, y + h) - f(x, y - h)) / (2 * h)


def gradient_mismatch(f, gradient, points):
    """Largest relative difference between ``gradient`` and finite differences of ``f``."""
    x, y = points
    exact = np.stack(gradient(x, y))
    approx = np.stack(finite_difference_gradient(f, x, y))
    return float(np.max(np.abs(exact - approx) / (1 + np.abs(approx))))


def sample_points(function, num=50, seed=0):
    rng = np.random.default_rng(seed)
    return rng.uniform(*function.x_range, num), rng.uniform(*function.y_range, num)


@pytest.mark.parametrize("name", sorted(landscapes.FUNCTIONS))
def test_function_gradient_matches_finite_differences(name):
    f = landscapes.get_function(name)
    assert gradient_mismatch(f.value, f.gradient, sample_points(f)) < 1e-5


def test_finite_difference_check_catches_a_wrong_gradient():
    def wrong_rosenbrock_gradient(x, y):
        dx, dy = landscapes.rosenbrock_gradient(x, y)
        return dx, 0.5 * dy

    f = landscapes.get_function("rosenbrock")
    assert gradient_mismatch(f.value, wrong_rosenbrock_gradient, sample_points(f)) > 1e-2


@pytest.mark.parametrize("name", sorted(landscapes.FUNCTIONS))
def test_function_minima_and_saddle_points(name):
    f = landscapes.get_function(name)
    for x, y in f.minima + f.saddle_points:
        np.testing.assert_allclose(f.gradient(x, y), (0.0, 0.0), atol=1e-12)
    for x, y in f.minima:
        assert f.value(x, y) == pytest.approx(f.minimum_value, abs=1e-12)
    X, Y, F = f.grid(num=101)
    assert F.shape == X.shape == Y.shape == (101, 101)
    assert F.min() >= f.minimum_value - 1e-12  # nothing on the grid is below the minimum
    dX, dY = f.gradient(X, Y)
    assert dX.shape == dY.shape == (101, 101)


def test_saddle_point_is_not_a_minimum():
    f = landscapes.get_function("saddle")
    assert f.value(0.0, 0.1) < f.value(0.0, 0.0) < f.value(0.1, 0.0)


@pytest.mark.parametrize("name", sorted(landscapes.FUNCTIONS_1D))
def test_1d_functions_derivatives_and_stationary_points(name):
    f = landscapes.get_function_1d(name)
    xs = np.linspace(*f.x_range, 41)
    h = 1e-6
    numeric = (f.value(xs + h) - f.value(xs - h)) / (2 * h)
    np.testing.assert_allclose(f.derivative(xs), numeric, rtol=1e-6, atol=1e-6)
    for point in f.minima + f.maxima:
        assert abs(f.derivative(point)) < 1e-9
    for point in f.minima:  # a minimum: both neighbours are higher
        assert f.value(point - 1e-3) > f.value(point) < f.value(point + 1e-3)
    for point in f.maxima:
        assert f.value(point - 1e-3) < f.value(point) > f.value(point + 1e-3)
    if len(f.minima) > 1:
        assert f.value(f.minima[0]) < min(f.value(m) for m in f.minima[1:])  # global first


def test_get_function_1d_errors_and_pass_through():
    well = landscapes.get_function_1d("double_well")
    assert landscapes.get_function_1d(well) is well
    with pytest.raises(ValueError, match="unknown 1D function 'cubic'"):
        landscapes.get_function_1d("cubic")


def test_unknown_function_names_the_choices():
    with pytest.raises(ValueError, match=r"unknown test function 'himmelblau'.*'rosenbrock'"):
        landscapes.get_function("himmelblau")
