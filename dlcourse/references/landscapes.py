"""Test functions for optimizers: 1D curves and 2D surfaces with known minima.

What is shown
-------------
- 2D functions ``f(x, y)`` that are hard in different ways: Rosenbrock's curved,
  flat-bottomed valley, Beale's steep walls and plateaus, a saddle point, and an
  elongated quadratic (a narrow valley). Each comes with its gradient, its minima and
  saddle points, a plotting window and a telling start (:class:`Function2D`);
  value and gradient are vectorized, so they work on whole grids for contour plots.
- 1D functions for chapter 07: a parabola (where gradient descent converges iff
  ``0 < eta < 1``) and a double well with a global and a local minimum
  (:class:`Function1D`).

The optimizers that walk on them are in :mod:`dlcourse.references.optim`, the loops that
record their paths in :mod:`dlcourse.references.trajectories`.

Example
-------
>>> f = get_function("rosenbrock")
>>> f.minima, float(f.value(1.0, 1.0))
(((1.0, 1.0),), 0.0)
"""

from dataclasses import dataclass

import numpy as np

from dlcourse.core.validation import lookup

__all__ = [
    "FUNCTIONS",
    "FUNCTIONS_1D",
    "Function1D",
    "Function2D",
    "beale",
    "beale_gradient",
    "double_well",
    "double_well_derivative",
    "elongated_quadratic",
    "elongated_quadratic_gradient",
    "get_function",
    "get_function_1d",
    "parabola",
    "parabola_derivative",
    "rosenbrock",
    "rosenbrock_gradient",
    "saddle",
    "saddle_gradient",
]

# --------------------------------------------------------------------------------------
# 2D test functions f(x, y): value and gradient work on scalars or on whole grids.
# --------------------------------------------------------------------------------------


def rosenbrock(x, y):
    """``(1 - x)**2 + 100 (y - x**2)**2``: a curved, flat-bottomed valley; minimum (1, 1)."""
    return (1 - x) ** 2 + 100 * (y - x**2) ** 2


def rosenbrock_gradient(x, y):
    """``(df/dx, df/dy)`` of :func:`rosenbrock`."""
    return -2 * (1 - x) - 400 * x * (y - x**2), 200 * (y - x**2)


def beale(x, y):
    """Beale's function; minimum 0 at (3, 0.5), steep walls and flat plateaus."""
    return (1.5 - x + x * y) ** 2 + (2.25 - x + x * y**2) ** 2 + (2.625 - x + x * y**3) ** 2


def beale_gradient(x, y):
    """``(df/dx, df/dy)`` of :func:`beale`."""
    r1 = 1.5 - x + x * y
    r2 = 2.25 - x + x * y**2
    r3 = 2.625 - x + x * y**3
    dx = 2 * r1 * (y - 1) + 2 * r2 * (y**2 - 1) + 2 * r3 * (y**3 - 1)
    dy = 2 * r1 * x + 2 * r2 * 2 * x * y + 2 * r3 * 3 * x * y**2
    return dx, dy


def saddle(x, y):
    """``x**2 + y**4 / 4 - y**2 / 2``: a saddle point at (0, 0), minima -1/4 at (0, ±1).

    Started on (or very near) the line ``y = 0``, gradient descent slides into the
    saddle and lingers there; the two minima are off to the sides.
    """
    return x**2 + y**4 / 4 - y**2 / 2


def saddle_gradient(x, y):
    """``(df/dx, df/dy)`` of :func:`saddle`."""
    return 2 * x, y**3 - y


def elongated_quadratic(x, y):
    """``0.1 x**2 + 2 y**2``: a narrow valley (curvatures differ 20 times); minimum (0, 0)."""
    return 0.1 * x**2 + 2 * y**2


def elongated_quadratic_gradient(x, y):
    """``(df/dx, df/dy)`` of :func:`elongated_quadratic`."""
    return 0.2 * x, 4 * y


@dataclass(frozen=True)
class Function2D:
    """A 2D test function with what a contour plot needs.

    Attributes
    ----------
    name : str
    value : callable ``(x, y) -> f``, vectorized
    gradient : callable ``(x, y) -> (df/dx, df/dy)``, vectorized
    minima : tuple of (x, y)
        Known global minima.
    minimum_value : float
    saddle_points : tuple of (x, y)
    x_range, y_range : (low, high)
        A plotting window that shows the interesting part.
    start : (x, y)
        A starting point that makes the optimizers' differences visible.
    """

    name: str
    value: object
    gradient: object
    minima: tuple
    minimum_value: float
    saddle_points: tuple
    x_range: tuple
    y_range: tuple
    start: tuple

    def grid(self, num=200):
        """``(X, Y, F)`` on a ``num x num`` grid over the plotting window."""
        X, Y = np.meshgrid(np.linspace(*self.x_range, num), np.linspace(*self.y_range, num))
        return X, Y, self.value(X, Y)


#: name -> Function2D
FUNCTIONS = {
    "rosenbrock": Function2D(
        "rosenbrock", rosenbrock, rosenbrock_gradient, ((1.0, 1.0),), 0.0, (),
        (-2.0, 2.0), (-1.0, 3.0), (-1.5, 2.0),
    ),
    "beale": Function2D(
        "beale", beale, beale_gradient, ((3.0, 0.5),), 0.0, (),
        (-4.5, 4.5), (-4.5, 4.5), (1.0, 1.5),
    ),
    "saddle": Function2D(
        "saddle", saddle, saddle_gradient, ((0.0, 1.0), (0.0, -1.0)), -0.25, ((0.0, 0.0),),
        (-2.0, 2.0), (-1.5, 1.5), (-1.8, 1e-3),
    ),
    "elongated_quadratic": Function2D(
        "elongated_quadratic", elongated_quadratic, elongated_quadratic_gradient,
        ((0.0, 0.0),), 0.0, (), (-5.5, 1.0), (-3.0, 3.0), (-5.0, -2.0),
    ),
}


def get_function(name):
    """A :class:`Function2D` by name (one of ``FUNCTIONS``)."""
    if isinstance(name, Function2D):
        return name
    return lookup(FUNCTIONS, name, "test function")


# --------------------------------------------------------------------------------------
# 1D test functions f(x) (chapter 07)
# --------------------------------------------------------------------------------------


def parabola(x):
    """``x**2``: one minimum at 0; gradient descent converges iff ``0 < eta < 1``."""
    return x**2


def parabola_derivative(x):
    """``2 x``."""
    return 2 * x


def double_well(x):
    """``x**4 - 4 x**2 + x``: a global minimum near -1.47 and a local one near 1.35."""
    return x**4 - 4 * x**2 + x


def double_well_derivative(x):
    """``4 x**3 - 8 x + 1``."""
    return 4 * x**3 - 8 * x + 1


@dataclass(frozen=True)
class Function1D:
    """A 1D test function with its derivative, minima and a plotting window.

    Attributes
    ----------
    name : str
    value, derivative : callable, vectorized
    minima : tuple of float
        Every local minimum, the global one first.
    maxima : tuple of float
        Local maxima (the watersheds between minima).
    x_range : (low, high)
    """

    name: str
    value: object
    derivative: object
    minima: tuple
    maxima: tuple
    x_range: tuple


def _cubic_roots(a, b, c, d):
    roots = np.roots([a, b, c, d])
    return sorted(float(r.real) for r in roots if abs(r.imag) < 1e-12)


_WELL = _cubic_roots(4.0, 0.0, -8.0, 1.0)  # f'(x) = 0: minimum, maximum, minimum

#: name -> Function1D
FUNCTIONS_1D = {
    "parabola": Function1D("parabola", parabola, parabola_derivative, (0.0,), (), (-2.2, 2.2)),
    "double_well": Function1D(
        "double_well", double_well, double_well_derivative, (_WELL[0], _WELL[2]), (_WELL[1],),
        (-2.3, 2.3),
    ),
}


def get_function_1d(name):
    """A :class:`Function1D` by name (one of ``FUNCTIONS_1D``)."""
    if isinstance(name, Function1D):
        return name
    return lookup(FUNCTIONS_1D, name, "1D function")
