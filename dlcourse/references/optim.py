"""NumPy reference optimizers: SGD, momentum, Nesterov, Adagrad, RMSprop and Adam.

What is shown
-------------
- Gradient-descent optimizers that update a list of NumPy arrays in place, given a list
  of gradients of the same shapes: SGD, momentum, Nesterov momentum, Adagrad, RMSprop
  (with Keras's ``momentum`` and ``centered`` options) and Adam with bias correction.
  The same object drives a :class:`dlcourse.references.nn.Network` (``net.params``) and a
  single point on a test function of :mod:`dlcourse.references.landscapes` (see
  :mod:`dlcourse.references.trajectories`).
- Learning-rate decay ``eta_t = eta_0 / (1 + decay * t)`` for every optimizer, ``t``
  counting the updates already made (Keras's ``InverseTimeDecay`` with
  ``decay_steps=1``).
- :func:`exponentially_weighted_average` with bias correction, the average that
  momentum, RMSprop and Adam keep (chapter 09).

Every update is written exactly as Keras 3 writes it (``keras/src/optimizers/``), so
the two agree step by step (:mod:`dlcourse.keras_helpers.optimizer_check` runs both).
Where Keras differs from the textbook formulas of the course material, the class
docstring says so; the differences are:

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

import numpy as np

from dlcourse.core.validation import check_number, lookup

__all__ = [
    "OPTIMIZERS",
    "SGD",
    "Adagrad",
    "Adam",
    "Momentum",
    "Nesterov",
    "Optimizer",
    "RMSprop",
    "as_optimizer",
    "exponentially_weighted_average",
    "get_optimizer",
    "inverse_time_decay",
]


def _check_fraction(name, value):
    """A decay factor of a moving average (momentum, rho, beta): a number in [0, 1)."""
    return check_number(name, value, minimum=0, maximum=1, max_inclusive=False)


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
        self.learning_rate = check_number("learning_rate", learning_rate, minimum=0)
        self.decay = check_number("decay", decay, minimum=0)
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
        self.momentum = _check_fraction("momentum", momentum)
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
        self.initial_accumulator_value = check_number(
            "initial_accumulator_value", initial_accumulator_value, minimum=0
        )
        self.epsilon = check_number("epsilon", epsilon, minimum=0)

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
        self.rho = _check_fraction("rho", rho)
        self.momentum = _check_fraction("momentum", momentum)
        self.epsilon = check_number("epsilon", epsilon, minimum=0)
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
        self.beta_1 = _check_fraction("beta_1", beta_1)
        self.beta_2 = _check_fraction("beta_2", beta_2)
        self.epsilon = check_number("epsilon", epsilon, minimum=0)

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
    key = name.lower() if isinstance(name, str) else name
    return lookup(OPTIMIZERS, key, "optimizer")(**settings)


def as_optimizer(optimizer):
    """``optimizer`` itself if it has ``step(params, grads)``; a name gives a new one.

    Raises
    ------
    TypeError
        For anything else (a learning rate passed where the optimizer goes, say).
    """
    if isinstance(optimizer, str):
        return get_optimizer(optimizer)
    if not callable(getattr(optimizer, "step", None)):
        raise TypeError(
            f"optimizer must be a dlcourse.references.optim optimizer (anything with "
            f"step(params, grads)) or its name, got {optimizer!r}"
        )
    return optimizer




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
    beta = _check_fraction("beta", beta)
    values = np.asarray(values, dtype=np.float64)
    if values.ndim != 1:
        raise ValueError(f"values must be a 1D sequence, got shape {values.shape}")
    averages = np.empty_like(values)
    v = 0.0
    for t, theta in enumerate(values, start=1):
        v = beta * v + (1.0 - beta) * theta
        averages[t - 1] = v / (1.0 - beta**t) if bias_correction else v
    return averages
