"""Optimizers on test functions: the paths they take, and races between them.

What is shown
-------------
- :func:`gradient_descent`: plain ``x <- x - eta_t * gradient(x)`` on any function,
  with inverse-time decay (chapter 07);
- :func:`run_optimizer`: the path of an optimizer of :mod:`dlcourse.references.optim` on a
  2D test function of :mod:`dlcourse.references.landscapes`;
- fair races for chapter 09: :func:`race_optimizers` from one start,
  :func:`best_learning_rate` from a grid, :func:`final_gap` to score a path.

A diverging run gives inf or NaN entries, without warnings. The same loop with a
``keras.optimizers`` object is :func:`dlcourse.keras_helpers.optimizer_check.run_keras_optimizer`.
"""

import math

import numpy as np

from dlcourse.core.validation import check_choice, check_int, check_number
from dlcourse.references.landscapes import get_function
from dlcourse.references.optim import SGD, Adagrad, Adam, Optimizer, RMSprop

__all__ = [
    "RACE_OPTIMIZERS",
    "best_learning_rate",
    "final_gap",
    "gradient_descent",
    "make_race_optimizer",
    "race_optimizers",
    "run_optimizer",
]


def gradient_descent(gradient, start, learning_rate, num_steps=50, decay=0.0):
    """The path of plain gradient descent ``x <- x - eta_t * gradient(x)``.

    Parameters
    ----------
    gradient : callable
        ``gradient(x)`` for a point ``x`` of the same shape as ``start`` (a float for
        a 1D function, an array for more dimensions).
    start : float or array
    learning_rate : float
        ``eta_0`` (>= 0).
    num_steps : int
    decay : float
        Inverse-time decay: step ``t`` (0, 1, ...) uses ``eta_0 / (1 + decay * t)``.

    Returns
    -------
    numpy.ndarray of shape (num_steps + 1,) + shape of ``start``
        The points visited, ``start`` first. A diverging run gives inf or nan entries
        (without warnings).

    Example
    -------
    >>> path = gradient_descent(lambda x: 2 * x, 1.0, learning_rate=0.25, num_steps=3)
    >>> path.tolist()  # x <- x - 0.25 * 2x = x / 2
    [1.0, 0.5, 0.25, 0.125]
    """
    if not callable(gradient):
        raise TypeError(f"gradient must be a function of the point, got {gradient!r}")
    eta_0 = check_number("learning_rate", learning_rate, minimum=0)
    decay = check_number("decay", decay, minimum=0)
    num_steps = check_int("num_steps", num_steps, minimum=0)
    x = np.array(start, dtype=np.float64)
    path = np.empty((num_steps + 1,) + x.shape)  # (steps, *point)
    path[0] = x
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(num_steps):
            x = x - eta_0 / (1.0 + decay * t) * np.asarray(gradient(x), dtype=np.float64)
            path[t + 1] = x
    return path


def run_optimizer(optimizer, function, start=None, num_steps=100):
    """The path of ``optimizer`` on a 2D test function.

    Parameters
    ----------
    optimizer : Optimizer
        Reset first (its state and step count start from zero).
    function : str or Function2D
        rosenbrock, beale, saddle, elongated_quadratic (or your own Function2D).
    start : (x, y), optional
        Defaults to the function's ``start``.
    num_steps : int

    Returns
    -------
    numpy.ndarray of shape (num_steps + 1, 2)
        The points visited, ``start`` first. A diverging run gives inf or nan rows.

    Example
    -------
    >>> path = run_optimizer(Adam(learning_rate=0.1), "rosenbrock", num_steps=500)
    >>> path.shape
    (501, 2)
    """
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"optimizer must be a dlcourse.references.optim.Optimizer, got {optimizer!r}")
    function = get_function(function)
    num_steps = check_int("num_steps", num_steps, minimum=0)
    start = function.start if start is None else start
    theta = np.array(start, dtype=np.float64)
    if theta.shape != (2,):
        raise ValueError(f"start must be a point (x, y), got {start!r}")
    optimizer.reset()
    path = np.empty((num_steps + 1, 2))  # (steps, xy)
    path[0] = theta
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(num_steps):
            g = np.array(function.gradient(theta[0], theta[1]))  # (2,)
            optimizer.step([theta], [g])
            path[k + 1] = theta
    return path


#: the optimizers a race runs, and the settings each one takes from the race
RACE_OPTIMIZERS = ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam")


def make_race_optimizer(name, learning_rate, *, momentum=0.9, beta_1=0.9, beta_2=0.999,
                        rho=0.9):
    """One of ``RACE_OPTIMIZERS`` with the race's settings.

    ``momentum`` goes to momentum and Nesterov, ``rho`` to RMSprop, ``beta_1`` and
    ``beta_2`` to Adam; every other setting keeps its Keras default.
    """
    check_choice("optimizer", name, RACE_OPTIMIZERS)
    if name == "sgd":
        return SGD(learning_rate)
    if name in ("momentum", "nesterov"):
        return SGD(learning_rate, momentum=momentum, nesterov=name == "nesterov")
    if name == "adagrad":
        return Adagrad(learning_rate)
    if name == "rmsprop":
        return RMSprop(learning_rate, rho=rho)
    return Adam(learning_rate, beta_1=beta_1, beta_2=beta_2)


def race_optimizers(function, learning_rates, *, num_steps=300, start=None, momentum=0.9,
                    beta_1=0.9, beta_2=0.999, rho=0.9):
    """The paths of several optimizers from the same start on a 2D test function.

    Parameters
    ----------
    function : str or Function2D
    learning_rates : dict or float
        ``{name: learning_rate}`` for the optimizers to race (names from
        ``RACE_OPTIMIZERS``), or one learning rate for all six.
    num_steps : int
    start : (x, y), optional
        Defaults to the function's ``start``.
    momentum, beta_1, beta_2, rho : float
        See :func:`make_race_optimizer`.

    Returns
    -------
    dict
        name -> path, an array of shape (num_steps + 1, 2) (see :func:`run_optimizer`).

    Example
    -------
    >>> paths = race_optimizers("saddle", {"sgd": 0.1, "adam": 0.1}, num_steps=20)
    >>> sorted(paths), paths["adam"].shape
    (['adam', 'sgd'], (21, 2))
    """
    if not isinstance(learning_rates, dict):
        learning_rates = {name: learning_rates for name in RACE_OPTIMIZERS}
    settings = {"momentum": momentum, "beta_1": beta_1, "beta_2": beta_2, "rho": rho}
    return {
        name: run_optimizer(make_race_optimizer(name, lr, **settings), function, start, num_steps)
        for name, lr in learning_rates.items()
    }


def final_gap(path, function):
    """``f(last point) - f(minimum)`` of a path: 0 at a minimum, inf if it diverged."""
    function = get_function(function)
    x, y = path[-1]
    if not (np.isfinite(x) and np.isfinite(y)):
        return math.inf
    gap = float(function.value(x, y)) - function.minimum_value
    return gap if math.isfinite(gap) else math.inf


def best_learning_rate(name, function, learning_rates, *, num_steps=300, start=None,
                       **settings):
    """The learning rate from a grid that brings optimizer ``name`` closest to a minimum.

    Parameters
    ----------
    name : str
        One of ``RACE_OPTIMIZERS``.
    function : str or Function2D
    learning_rates : sequence of float
        The candidates.
    num_steps : int
    start : (x, y), optional
    **settings
        ``momentum``, ``beta_1``, ``beta_2``, ``rho`` (see :func:`make_race_optimizer`).

    Returns
    -------
    (float, dict)
        The best learning rate (the smallest final :func:`final_gap`; ties go to the
        smaller rate) and ``{learning_rate: final_gap}`` for every candidate.
    """
    gaps = {}
    for lr in learning_rates:
        optimizer = make_race_optimizer(name, lr, **settings)
        gaps[lr] = final_gap(run_optimizer(optimizer, function, start, num_steps), function)
    best = min(sorted(gaps), key=lambda lr: gaps[lr])
    return best, gaps
