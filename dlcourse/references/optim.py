"""NumPy reference optimizers and 2D test functions for contour plots.

What is shown
-------------
- Gradient-descent optimizers that update a list of NumPy arrays in place, given a list
  of gradients of the same shapes: SGD, momentum, Nesterov momentum, Adagrad, RMSprop
  (with Keras's ``momentum`` and ``centered`` options) and Adam with bias correction.
  The same object drives a :class:`dlcourse.references.nn.Network` (``net.params``) and a single
  point on a 2D surface.
- Learning-rate decay ``eta_t = eta_0 / (1 + decay * t)`` for every optimizer, ``t``
  counting the updates already made (Keras's ``InverseTimeDecay`` with
  ``decay_steps=1``).
- 2D test functions (Rosenbrock, Beale, a saddle, an elongated quadratic) with value,
  gradient and known minima, vectorized over grids, and :func:`run_optimizer` that
  returns an optimizer's path on one of them.
- For chapters 07 and 09: plain :func:`gradient_descent` on any function (with 1D test
  functions, ``FUNCTIONS_1D``), :func:`exponentially_weighted_average` with bias
  correction, :func:`race_optimizers` and :func:`best_learning_rate` for fair races on
  the 2D functions, and :func:`run_keras_optimizer` to compare with Keras on them.

Every update is written exactly as Keras 3 writes it (``keras/src/optimizers/``), so
the two agree step by step. Where Keras differs from the textbook formulas of the
course material, the class docstring says so; the differences are:

- momentum: Keras keeps ``v = mu v - eta g`` and adds ``v``; the textbook keeps the
  average ``v = beta v + (1 - beta) g`` and subtracts ``alpha v``. Same path when
  ``eta = alpha (1 - beta)`` and ``mu = beta``.
- Adagrad: the accumulator starts at 0.1, not 0, and ``epsilon`` sits inside the square
  root: ``g / sqrt(G + eps)``.
- RMSprop: ``epsilon`` inside the square root, ``g / sqrt(s + eps)``.
- Adam: bias correction is folded into the step size, and ``epsilon`` is added to
  ``sqrt(v)``, not to ``sqrt(v_hat)``: the textbook's ``eps`` becomes
  ``eps * sqrt(1 - beta_2**t)`` ("epsilon hat" in the Adam paper).
- default ``epsilon`` is 1e-7 (Keras), not 1e-8.

What is left out
----------------
Keras's weight decay, gradient clipping, EMA of the weights, AMSGrad, Nadam and other
optimizers, sparse updates, and learning-rate schedules other than inverse-time decay.
"""

import math
from dataclasses import dataclass

import numpy as np

__all__ = [
    "FUNCTIONS",
    "OPTIMIZERS",
    "SGD",
    "Adagrad",
    "Adam",
    "Function2D",
    "Momentum",
    "Nesterov",
    "Optimizer",
    "RMSprop",
    "beale",
    "beale_gradient",
    "elongated_quadratic",
    "elongated_quadratic_gradient",
    "get_function",
    "get_optimizer",
    "inverse_time_decay",
    "rosenbrock",
    "rosenbrock_gradient",
    "run_optimizer",
    "saddle",
    "saddle_gradient",
    # added for chapters 07 and 09
    "FUNCTIONS_1D",
    "RACE_OPTIMIZERS",
    "Function1D",
    "best_learning_rate",
    "double_well",
    "double_well_derivative",
    "exponentially_weighted_average",
    "final_gap",
    "get_function_1d",
    "gradient_descent",
    "make_race_optimizer",
    "parabola",
    "parabola_derivative",
    "race_optimizers",
    "run_keras_optimizer",
]


def _check_number(name, value, low=0.0, high=None, low_inclusive=True):
    """Raise TypeError/ValueError unless ``value`` is a real number in the range."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number, got {value!r}")
    too_low = value < low if low_inclusive else value <= low
    too_high = high is not None and value >= high
    if too_low or too_high or not math.isfinite(value):
        lower = f"{'>=' if low_inclusive else '>'} {low}"
        allowed = f"{lower} and < {high}" if high is not None else lower
        raise ValueError(f"{name} must be {allowed}, got {value!r}")
    return float(value)


def inverse_time_decay(learning_rate, decay, t):
    """``eta_t = eta_0 / (1 + decay * t)`` (vectorized over ``t``).

    The course material writes ``alpha = alpha_0 / (1 + decay_rate * epoch_num)``; here
    ``t`` counts whatever you pass (optimizers pass the number of updates made so far).
    """
    return learning_rate / (1.0 + decay * np.asarray(t, dtype=np.float64))


# --------------------------------------------------------------------------------------
# Optimizers
# --------------------------------------------------------------------------------------


class Optimizer:
    """Base class: state handling, learning-rate decay, and the update loop.

    Subclasses write two methods: ``init_state(theta)`` (the per-parameter buffers,
    a dict) and ``update(theta, g, state, eta)`` (one in-place update of one array).

    Parameters
    ----------
    learning_rate : float
        ``eta_0`` (>= 0).
    decay : float
        Inverse-time decay: step ``t`` (0, 1, 2, ...) uses
        ``learning_rate / (1 + decay * t)``. 0 (default) keeps it constant.

    Attributes
    ----------
    iterations : int
        Updates made so far (Keras's ``optimizer.iterations``).
    state : list of dict or None
        Per-parameter buffers, created at the first :meth:`step`.
    """

    def __init__(self, learning_rate, decay=0.0):
        self.learning_rate = _check_number("learning_rate", learning_rate)
        self.decay = _check_number("decay", decay)
        self.reset()

    def reset(self):
        """Forget the state (velocities, accumulators) and the step count."""
        self.iterations = 0
        self.state = None

    @property
    def current_learning_rate(self):
        """The learning rate the next :meth:`step` will use."""
        return self.learning_rate / (1.0 + self.decay * self.iterations)

    def init_state(self, theta):
        """Buffers for one parameter array (none for plain SGD)."""
        return {}

    def update(self, theta, g, state, eta):
        """Update ``theta`` in place from its gradient ``g``."""
        raise NotImplementedError

    def step(self, params, grads):
        """Update every array of ``params`` in place from ``grads``.

        Parameters
        ----------
        params : list of numpy.ndarray
            Float arrays, always passed in the same order (their state is matched by
            position), e.g. ``network.params``.
        grads : list of numpy.ndarray
            Gradients, same shapes.
        """
        if self.state is None:
            for i, theta in enumerate(params):
                if not isinstance(theta, np.ndarray) or theta.dtype.kind != "f":
                    raise TypeError(
                        f"params[{i}] must be a float NumPy array (updated in place), "
                        f"got {type(theta).__name__}"
                        + (f" of dtype {theta.dtype}" if isinstance(theta, np.ndarray) else "")
                    )
            self.state = [self.init_state(theta) for theta in params]
            self._shapes = [theta.shape for theta in params]
        if len(params) != len(self.state) or len(grads) != len(self.state):
            raise ValueError(
                f"this optimizer was started on {len(self.state)} arrays; got "
                f"{len(params)} params and {len(grads)} grads (call reset() to start over)"
            )
        eta = self.current_learning_rate
        self.iterations += 1
        for theta, g, state, shape in zip(params, grads, self.state, self._shapes):
            if theta.shape != shape or np.shape(g) != shape:
                raise ValueError(
                    f"param shape {theta.shape} and grad shape {np.shape(g)} must both "
                    f"be {shape}, the shape this optimizer was started on"
                )
            self.update(theta, g, state, eta)

    def __repr__(self):
        settings = ", ".join(f"{k}={v!r}" for k, v in self._config().items())
        return f"{type(self).__name__}({settings})"

    def _config(self):
        return {"learning_rate": self.learning_rate, "decay": self.decay}


class SGD(Optimizer):
    """Gradient descent, optionally with momentum or Nesterov momentum (as Keras's SGD).

    Plain: ``theta -= eta * g``.

    Momentum (Keras form)::

        v = mu * v - eta * g
        theta += v

    The course material's form ``v = beta v + (1 - beta) g; theta -= alpha v`` follows
    the same path with ``mu = beta`` and ``eta = alpha (1 - beta)``.

    Nesterov (Keras form: ``theta`` is stored at the look-ahead point)::

        v = mu * v - eta * g
        theta += mu * v - eta * g

    Parameters
    ----------
    learning_rate : float
    momentum : float
        ``mu`` in [0, 1); 0 is plain SGD.
    nesterov : bool
    decay : float
        See :class:`Optimizer`.
    """

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False, decay=0.0):
        super().__init__(learning_rate, decay)
        self.momentum = _check_number("momentum", momentum, 0.0, 1.0)
        if not isinstance(nesterov, bool):
            raise TypeError(f"nesterov must be True or False, got {nesterov!r}")
        self.nesterov = nesterov

    def init_state(self, theta):
        return {"v": np.zeros_like(theta)} if self.momentum else {}

    def update(self, theta, g, state, eta):
        if not self.momentum:
            theta -= eta * g
            return
        mu, v = self.momentum, state["v"]
        v *= mu
        v -= eta * g
        if self.nesterov:
            theta += mu * v - eta * g
        else:
            theta += v

    def _config(self):
        return {**super()._config(), "momentum": self.momentum, "nesterov": self.nesterov}


class Momentum(SGD):
    """SGD with momentum (default ``mu = 0.9``); see :class:`SGD`."""

    def __init__(self, learning_rate=0.01, momentum=0.9, decay=0.0):
        super().__init__(learning_rate, momentum=momentum, nesterov=False, decay=decay)


class Nesterov(SGD):
    """SGD with Nesterov momentum (default ``mu = 0.9``); see :class:`SGD`."""

    def __init__(self, learning_rate=0.01, momentum=0.9, decay=0.0):
        super().__init__(learning_rate, momentum=momentum, nesterov=True, decay=decay)


class Adagrad(Optimizer):
    """Adagrad: each entry's step shrinks with its sum of squared gradients.

    Keras form::

        G += g**2                       (G starts at initial_accumulator_value)
        theta -= eta * g / sqrt(G + eps)

    The textbook starts ``G`` at 0 and writes ``g / (sqrt(G) + eps)``; Keras's 0.1 start
    makes the first steps smaller than ``eta``.
    """

    def __init__(
        self, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7, decay=0.0
    ):
        super().__init__(learning_rate, decay)
        self.initial_accumulator_value = _check_number(
            "initial_accumulator_value", initial_accumulator_value
        )
        self.epsilon = _check_number("epsilon", epsilon)

    def init_state(self, theta):
        return {"G": np.full_like(theta, self.initial_accumulator_value)}

    def update(self, theta, g, state, eta):
        G = state["G"]
        G += g * g
        theta -= eta * g / np.sqrt(G + self.epsilon)

    def _config(self):
        return {
            **super()._config(),
            "initial_accumulator_value": self.initial_accumulator_value,
            "epsilon": self.epsilon,
        }


class RMSprop(Optimizer):
    """RMSprop: divide by a moving root-mean-square of recent gradients.

    Keras form::

        s = rho * s + (1 - rho) * g**2
        step = eta * g / sqrt(s + eps)          (textbook: g / (sqrt(s) + eps))
        theta -= step

    ``centered=True`` divides by an estimate of the gradient's standard deviation
    instead, ``sqrt(s - gbar**2 + eps)`` with ``gbar = rho gbar + (1 - rho) g``.
    ``momentum > 0`` accumulates the steps: ``m = momentum * m + step; theta -= m``.
    """

    def __init__(
        self, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7, centered=False, decay=0.0
    ):
        super().__init__(learning_rate, decay)
        self.rho = _check_number("rho", rho, 0.0, 1.0)
        self.momentum = _check_number("momentum", momentum, 0.0, 1.0)
        self.epsilon = _check_number("epsilon", epsilon)
        if not isinstance(centered, bool):
            raise TypeError(f"centered must be True or False, got {centered!r}")
        self.centered = centered

    def init_state(self, theta):
        state = {"s": np.zeros_like(theta)}
        if self.momentum:
            state["m"] = np.zeros_like(theta)
        if self.centered:
            state["gbar"] = np.zeros_like(theta)
        return state

    def update(self, theta, g, state, eta):
        rho, s = self.rho, state["s"]
        s *= rho
        s += (1.0 - rho) * (g * g)
        if self.centered:
            gbar = state["gbar"]
            gbar *= rho
            gbar += (1.0 - rho) * g
            step = eta * g / np.sqrt(s - gbar * gbar + self.epsilon)
        else:
            step = eta * g / np.sqrt(s + self.epsilon)
        if self.momentum:
            m = state["m"]
            m *= self.momentum
            m += step
            theta -= m
        else:
            theta -= step

    def _config(self):
        return {
            **super()._config(),
            "rho": self.rho,
            "momentum": self.momentum,
            "epsilon": self.epsilon,
            "centered": self.centered,
        }


class Adam(Optimizer):
    """Adam: momentum on ``g`` and RMSprop on ``g**2``, both bias-corrected.

    Textbook (course material), step ``t = 1, 2, ...``::

        m = beta_1 m + (1 - beta_1) g          m_hat = m / (1 - beta_1**t)
        v = beta_2 v + (1 - beta_2) g**2       v_hat = v / (1 - beta_2**t)
        theta -= eta * m_hat / (sqrt(v_hat) + eps)

    Keras form (used here) folds the corrections into the step size::

        eta_t = eta * sqrt(1 - beta_2**t) / (1 - beta_1**t)
        theta -= eta_t * m / (sqrt(v) + eps)

    which is the textbook update with ``eps`` replaced by ``eps * sqrt(1 - beta_2**t)``.
    Without the corrections, the first steps would be about ``1 - beta_1 = 0.1`` times
    too small, because ``m`` and ``v`` start at zero.
    """

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, decay=0.0):
        super().__init__(learning_rate, decay)
        self.beta_1 = _check_number("beta_1", beta_1, 0.0, 1.0)
        self.beta_2 = _check_number("beta_2", beta_2, 0.0, 1.0)
        self.epsilon = _check_number("epsilon", epsilon)

    def init_state(self, theta):
        return {"m": np.zeros_like(theta), "v": np.zeros_like(theta)}

    def update(self, theta, g, state, eta):
        t = self.iterations  # already counts this step: 1 at the first update
        m, v = state["m"], state["v"]
        m += (1.0 - self.beta_1) * (g - m)
        v += (1.0 - self.beta_2) * (g * g - v)
        eta_t = eta * math.sqrt(1.0 - self.beta_2**t) / (1.0 - self.beta_1**t)
        theta -= eta_t * m / (np.sqrt(v) + self.epsilon)

    def _config(self):
        return {
            **super()._config(),
            "beta_1": self.beta_1,
            "beta_2": self.beta_2,
            "epsilon": self.epsilon,
        }


#: name -> optimizer class (``get_optimizer`` builds one with default settings)
OPTIMIZERS = {
    "sgd": SGD,
    "momentum": Momentum,
    "nesterov": Nesterov,
    "adagrad": Adagrad,
    "rmsprop": RMSprop,
    "adam": Adam,
}


def get_optimizer(name, **settings):
    """An optimizer by name: ``get_optimizer("adam", learning_rate=0.01)``.

    Parameters
    ----------
    name : str
        One of ``OPTIMIZERS``: sgd, momentum, nesterov, adagrad, rmsprop, adam.
    **settings
        Passed to the class (``learning_rate``, ``decay``, ...).
    """
    if not isinstance(name, str):
        raise TypeError(f"optimizer name must be a str, got {name!r}")
    key = name.lower()
    if key not in OPTIMIZERS:
        raise ValueError(f"unknown optimizer {name!r}; use one of {sorted(OPTIMIZERS)}")
    return OPTIMIZERS[key](**settings)


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
    if name not in FUNCTIONS:
        raise ValueError(f"unknown test function {name!r}; use one of {sorted(FUNCTIONS)}")
    return FUNCTIONS[name]


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
    if isinstance(num_steps, bool) or not isinstance(num_steps, (int, np.integer)) or num_steps < 0:
        raise ValueError(f"num_steps must be an int >= 0, got {num_steps!r}")
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


# --------------------------------------------------------------------------------------
# Plain gradient descent on any function, 1D test functions (chapter 07), averages and
# races (chapter 09).
# --------------------------------------------------------------------------------------


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
    eta_0 = _check_number("learning_rate", learning_rate)
    decay = _check_number("decay", decay)
    if isinstance(num_steps, bool) or not isinstance(num_steps, (int, np.integer)) or num_steps < 0:
        raise ValueError(f"num_steps must be an int >= 0, got {num_steps!r}")
    x = np.array(start, dtype=np.float64)
    path = np.empty((num_steps + 1,) + x.shape)  # (steps, *point)
    path[0] = x
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(num_steps):
            x = x - eta_0 / (1.0 + decay * t) * np.asarray(gradient(x), dtype=np.float64)
            path[t + 1] = x
    return path


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
    if name not in FUNCTIONS_1D:
        raise ValueError(f"unknown 1D function {name!r}; use one of {sorted(FUNCTIONS_1D)}")
    return FUNCTIONS_1D[name]


def exponentially_weighted_average(values, beta, bias_correction=False):
    """``v_t = beta v_(t-1) + (1 - beta) theta_t`` with ``v_0 = 0``, for t = 1, 2, ...

    Parameters
    ----------
    values : 1D array
        ``theta_1, theta_2, ...``
    beta : float in [0, 1)
        Roughly, the average covers the last ``1 / (1 - beta)`` values.
    bias_correction : bool
        Divide by ``1 - beta**t``, which undoes the pull toward the zero start.

    Returns
    -------
    numpy.ndarray, same length as ``values``

    Example
    -------
    >>> exponentially_weighted_average([10.0, 10.0], beta=0.9).round(2).tolist()
    [1.0, 1.9]
    >>> exponentially_weighted_average([10.0, 10.0], 0.9, bias_correction=True).round(2).tolist()
    [10.0, 10.0]
    """
    beta = _check_number("beta", beta, 0.0, 1.0)
    values = np.asarray(values, dtype=np.float64)
    if values.ndim != 1:
        raise ValueError(f"values must be a 1D sequence, got shape {values.shape}")
    averages = np.empty_like(values)
    v = 0.0
    for t, theta in enumerate(values, start=1):
        v = beta * v + (1.0 - beta) * theta
        averages[t - 1] = v / (1.0 - beta**t) if bias_correction else v
    return averages


#: the optimizers a race runs, and the settings each one takes from the race
RACE_OPTIMIZERS = ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam")


def make_race_optimizer(name, learning_rate, *, momentum=0.9, beta_1=0.9, beta_2=0.999,
                        rho=0.9):
    """One of ``RACE_OPTIMIZERS`` with the race's settings.

    ``momentum`` goes to momentum and Nesterov, ``rho`` to RMSprop, ``beta_1`` and
    ``beta_2`` to Adam; every other setting keeps its Keras default.
    """
    if name not in RACE_OPTIMIZERS:
        raise ValueError(f"unknown optimizer {name!r}; a race has {list(RACE_OPTIMIZERS)}")
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


def run_keras_optimizer(optimizer, function, start=None, num_steps=100):
    """The path of a ``keras.optimizers`` optimizer on a 2D test function.

    The same loop as :func:`run_optimizer` (gradient of the test function at the
    current point, one ``apply_gradients``), on a float64 Keras variable: compare the
    two paths to see that :mod:`dlcourse.references.optim` computes what Keras computes. Imports
    Keras.

    Returns
    -------
    numpy.ndarray of shape (num_steps + 1, 2)
    """
    import keras

    if not isinstance(optimizer, keras.optimizers.Optimizer):
        raise TypeError(f"optimizer must be a keras.optimizers.Optimizer, got {optimizer!r}")
    function = get_function(function)
    if isinstance(num_steps, bool) or not isinstance(num_steps, (int, np.integer)) or num_steps < 0:
        raise ValueError(f"num_steps must be an int >= 0, got {num_steps!r}")
    start = function.start if start is None else start
    variable = keras.Variable(np.array(start, dtype=np.float64), dtype="float64")
    path = np.empty((num_steps + 1, 2))  # (steps, xy)
    path[0] = variable.numpy()
    for k in range(num_steps):
        x, y = variable.numpy()
        g = np.array(function.gradient(x, y), dtype=np.float64)  # (2,)
        optimizer.apply_gradients([(g, variable)])
        path[k + 1] = variable.numpy()
    return path
