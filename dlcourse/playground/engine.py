"""TensorFlow Playground in a notebook: its data sets, input features and training, on dlcourse.references.nn.

`TensorFlow Playground <https://playground.tensorflow.org>`_ (Smilkov and Carter, Apache
2.0) trains a small network on 2D points in the browser. This module reproduces what it
computes, so that a notebook can run the same experiments headless, over several seeds,
and check what it sees:

- the six data sets with the Playground's generators: ``circle``, ``xor``,
  ``two_gaussians`` and ``spiral`` (classification, 500 points, labels -1/+1) and
  ``plane`` and ``multi_gaussian`` (regression, 1,200 points, targets in [-1, 1]);
  noise 0-50 %, the train/test split 10-90 %, points in ``[-6, 6]**2``;
- the seven input features ``x1, x2, x1^2, x2^2, x1*x2, sin(x1), sin(x2)``;
- the network: 0-6 hidden layers of 1-8 neurons (ReLU, tanh, sigmoid or linear), one
  output neuron (tanh for classification, linear for regression), weights drawn from
  ``U(-0.5, 0.5)``, biases starting at 0.1, the loss ``0.5 (output - target)**2``
  averaged over the points;
- training as the Playground does it: an *epoch* is one pass over the training points
  in a fixed order (shuffled once, when the data are made); the weights change after
  every ``batch_size`` points by plain gradient descent on the batch's mean gradient;
  points left over at the end of an epoch join the first batch of the next one;
- regularization as the Playground applies it, after the gradient step:
  L2 ``w -= learning_rate * rate * w`` (the gradient of ``rate * w**2 / 2``) and
  L1 ``w -= learning_rate * rate * sign(w)``; an L1 step that would carry a weight across
  zero sets it to 0 and freezes it there for good (the Playground marks such a link dead).

The forward and backward passes are :class:`dlcourse.references.nn.Network`'s (half squared error,
no penalty: the Playground reports the loss without it); the update rule above lives in
:class:`PlaygroundSGD`, an optimizer with the ``step(params, grads)`` interface of
:mod:`dlcourse.references.optim`. The data come from NumPy's generator, so the points are not the
browser's (which uses its own random stream), but they are drawn from the same
distributions, and everything is repeatable from ``seed``.

Three layers, as for every widget of the course:

- :class:`Config` (validated settings) and :class:`Playground` (one network: ``step``,
  losses, predictions and every neuron's output on a grid, weights);
- :func:`train_runs`: many configurations and seeds at once, for experiments. Runs that
  share the depth, activation, batch size and data size are packed side by side into
  one wider :class:`dlcourse.references.nn.Network` with block-diagonal weights (each block is one
  run; the blocks never mix because the off-block weights stay exactly zero), which
  costs little more than training one of them;
- ``plot_*`` functions (matplotlib, ``ax=None``) and, in :mod:`dlcourse.presentation.widgets`,
  ``playground_widget``, the interactive front end.

Example
-------
>>> pg = Playground(dataset="xor", features=("x1", "x2"), hidden_layers=(4,), seed=1)
>>> pg.step(100).test_loss < pg.history["test_loss"][0]
True
"""

import contextlib
import dataclasses
import math
import numbers

import numpy as np

from dlcourse.references import nn

__all__ = [
    "ACTIVATIONS",
    "ALL_FEATURES",
    "BATCH_SIZES",
    "CLASSIFICATION",
    "Comparison",
    "Config",
    "DATASETS",
    "DOMAIN",
    "FEATURES",
    "FEATURE_LABELS",
    "LEARNING_RATES",
    "MAX_HIDDEN_LAYERS",
    "MAX_NEURONS",
    "NUM_POINTS",
    "Playground",
    "PlaygroundSGD",
    "REGRESSION",
    "REGULARIZATIONS",
    "REGULARIZATION_RATES",
    "Runs",
    "feature_matrix",
    "grid_points",
    "make_data",
    "plot_data",
    "plot_loss_curves",
    "plot_network",
    "plot_output",
    "plot_playground",
    "compare",
    "split_data",
    "total_rise",
    "train_runs",
]

CLASSIFICATION = "classification"
REGRESSION = "regression"

#: data set -> problem type, in the Playground's order
DATASETS = {
    "circle": CLASSIFICATION,
    "xor": CLASSIFICATION,
    "two_gaussians": CLASSIFICATION,
    "spiral": CLASSIFICATION,
    "plane": REGRESSION,
    "multi_gaussian": REGRESSION,
}

#: points the Playground generates per problem type
NUM_POINTS = {CLASSIFICATION: 500, REGRESSION: 1200}

#: the square every data set lives in (and the grids are drawn on)
DOMAIN = (-6.0, 6.0)

#: input feature -> its function of the point (x1, x2), in the Playground's order
FEATURES = {
    "x1": lambda x1, x2: x1,
    "x2": lambda x1, x2: x2,
    "x1^2": lambda x1, x2: x1 * x1,
    "x2^2": lambda x1, x2: x2 * x2,
    "x1*x2": lambda x1, x2: x1 * x2,
    "sin(x1)": lambda x1, x2: np.sin(x1),
    "sin(x2)": lambda x1, x2: np.sin(x2),
}
ALL_FEATURES = tuple(FEATURES)

ACTIVATIONS = ("relu", "tanh", "sigmoid", "linear")
REGULARIZATIONS = ("none", "L1", "L2")
MAX_HIDDEN_LAYERS = 6
MAX_NEURONS = 8
BATCH_SIZES = (1, 30)
NOISE_PERCENT = (0, 50)
TRAIN_PERCENT = (10, 90)
#: the Playground's menus (any value in range is accepted; these are what its UI offers)
LEARNING_RATES = (0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10)
REGULARIZATION_RATES = (0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10)
MAX_RATE = 10.0

WEIGHT_RANGE = 0.5  # initial weights ~ U(-0.5, 0.5)
INITIAL_BIAS = 0.1


# --------------------------------------------------------------------------------------
# Data: the Playground's generators (dataset.ts), with NumPy's random numbers
# --------------------------------------------------------------------------------------


def _circle(n, noise, rng):
    radius = 5.0
    half = n // 2
    r = np.concatenate([rng.uniform(0, radius * 0.5, half),  # inside: label +1
                        rng.uniform(radius * 0.7, radius, n - half)])  # ring: label -1
    angle = rng.uniform(0, 2 * np.pi, n)
    points = np.column_stack([r * np.sin(angle), r * np.cos(angle)])  # (n, 2)
    jitter = rng.uniform(-radius, radius, (n, 2)) * noise  # noise moves the label only
    labels = np.where(np.hypot(*(points + jitter).T) < radius * 0.5, 1.0, -1.0)
    return points, labels


def _xor(n, noise, rng):
    points = rng.uniform(-5, 5, (n, 2))
    points += np.where(points > 0, 0.3, -0.3)  # a gap of 0.6 along both axes
    jitter = rng.uniform(-5, 5, (n, 2)) * noise
    moved = points + jitter
    labels = np.where(moved[:, 0] * moved[:, 1] >= 0, 1.0, -1.0)
    return points, labels


def _two_gaussians(n, noise, rng):
    variance = 0.5 + 7.0 * noise  # 0.5 at no noise, 4 at 50 %
    half = n // 2
    centers = np.repeat([[2.0, 2.0], [-2.0, -2.0]], [half, n - half], axis=0)
    points = centers + rng.normal(0, np.sqrt(variance), (n, 2))
    labels = np.repeat([1.0, -1.0], [half, n - half])
    return points, labels


def _spiral(n, noise, rng):
    half = n // 2
    parts = []
    for delta, label, count in ((0.0, 1.0, half), (np.pi, -1.0, n - half)):
        i = np.arange(count)
        r = i / count * 5
        t = 1.75 * i / count * 2 * np.pi + delta
        xy = np.column_stack([r * np.sin(t), r * np.cos(t)])
        xy += rng.uniform(-1, 1, (count, 2)) * noise
        parts.append((xy, np.full(count, label)))
    return np.concatenate([p for p, _ in parts]), np.concatenate([l for _, l in parts])


def _plane(n, noise, rng):
    radius = 6.0
    points = rng.uniform(-radius, radius, (n, 2))
    moved = points + rng.uniform(-radius, radius, (n, 2)) * noise
    return points, (moved[:, 0] + moved[:, 1]) / 10.0  # x1 + x2 in [-12, 12] -> about [-1, 1]


_GAUSSIAN_BUMPS = np.array([[-4, 2.5, 1], [0, 2.5, -1], [4, 2.5, 1],
                            [-4, -2.5, -1], [0, -2.5, 1], [4, -2.5, -1]], dtype=float)


def _multi_gaussian(n, noise, rng):
    radius = 6.0
    points = rng.uniform(-radius, radius, (n, 2))
    moved = points + rng.uniform(-radius, radius, (n, 2)) * noise
    distance = np.hypot(moved[:, None, 0] - _GAUSSIAN_BUMPS[:, 0],
                        moved[:, None, 1] - _GAUSSIAN_BUMPS[:, 1])  # (n, 6)
    values = _GAUSSIAN_BUMPS[:, 2] * np.clip(1 - distance / 2, 0, 1)  # cones of radius 2
    strongest = np.argmax(np.abs(values), axis=1)  # the bump with the largest |value|
    return points, values[np.arange(n), strongest]


_GENERATORS = {"circle": _circle, "xor": _xor, "two_gaussians": _two_gaussians,
               "spiral": _spiral, "plane": _plane, "multi_gaussian": _multi_gaussian}


def _check_choice(name, value, allowed):
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, allowed))}; got {value!r}")
    return value


def _check_int(name, value, low, high):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an int from {low} to {high}, got {value!r}")
    if not low <= value <= high:
        raise ValueError(f"{name} must be from {low} to {high}, got {value!r}")
    return int(value)


def _check_float(name, value, low, high, low_inclusive=True):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {value!r}")
    too_low = value < low if low_inclusive else value <= low
    if too_low or value > high or not math.isfinite(value):
        bracket = "[" if low_inclusive else "("
        raise ValueError(f"{name} must be in {bracket}{low}, {high}], got {value!r}")
    return float(value)


def make_data(dataset, noise=0, seed=0, num_points=None):
    """Points and labels of one of the Playground's data sets, in a random order.

    Parameters
    ----------
    dataset : str
        One of ``DATASETS``: circle, xor, two_gaussians, spiral (labels -1/+1) or plane,
        multi_gaussian (targets in [-1, 1]).
    noise : int
        Percent, 0 to 50: how far the points are jittered (how labels are blurred).
    seed : int
        Non-negative; the same seed gives the same points.
    num_points : int, optional
        Default: the Playground's 500 for classification, 1,200 for regression.

    Returns
    -------
    points : numpy.ndarray of shape (n, 2)
        ``(x1, x2)``, shuffled once (as the Playground does).
    labels : numpy.ndarray of shape (n,)

    Example
    -------
    >>> points, labels = make_data("spiral", noise=10, seed=0)
    >>> points.shape, np.unique(labels).tolist()
    ((500, 2), [-1.0, 1.0])
    """
    _check_choice("dataset", dataset, tuple(DATASETS))
    noise = _check_int("noise", noise, *NOISE_PERCENT)
    seed = _check_int("seed", seed, 0, 2**32 - 1)
    n = NUM_POINTS[DATASETS[dataset]] if num_points is None else _check_int(
        "num_points", num_points, 2, 10**6)
    rng = np.random.default_rng([seed, 0])  # stream 0: data (stream 1: weights)
    points, labels = _GENERATORS[dataset](n, noise / 100.0, rng)
    order = rng.permutation(n)
    return points[order], labels[order]


def split_data(points, labels, train_percent):
    """The first ``floor(n * train_percent / 100)`` points train, the rest test.

    Returns
    -------
    (train_points, train_labels), (test_points, test_labels)
    """
    train_percent = _check_int("train_percent", train_percent, *TRAIN_PERCENT)
    cut = len(points) * train_percent // 100
    return (points[:cut], labels[:cut]), (points[cut:], labels[cut:])


def feature_matrix(points, features=ALL_FEATURES):
    """The network's input: one column per feature, in the Playground's order.

    Parameters
    ----------
    points : array of shape (n, 2)
    features : iterable of str
        Names from ``FEATURES``.

    Returns
    -------
    numpy.ndarray of shape (n, len(features))
    """
    points = np.asarray(points, dtype=float)
    if points.ndim != 2 or points.shape[1] != 2:
        raise ValueError(f"points must have shape (n, 2), got {points.shape}")
    x1, x2 = points[:, 0], points[:, 1]
    return np.column_stack([FEATURES[name](x1, x2) for name in features])  # (n, f)


def grid_points(resolution=100):
    """A ``resolution x resolution`` grid over ``DOMAIN``, row by row from the top.

    Row 0 is ``x2 = 6`` and column 0 is ``x1 = -6``, so an array reshaped to
    ``(resolution, resolution)`` displays like the plane (``imshow`` with the default
    ``origin="upper"``).

    Returns
    -------
    numpy.ndarray of shape (resolution**2, 2)
    """
    resolution = _check_int("resolution", resolution, 2, 1000)
    axis = np.linspace(*DOMAIN, resolution)
    x1, x2 = np.meshgrid(axis, axis[::-1])
    return np.column_stack([x1.ravel(), x2.ravel()])


# --------------------------------------------------------------------------------------
# Settings
# --------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Config:
    """The Playground's settings, validated when made. Defaults are the Playground's.

    Parameters
    ----------
    dataset : str
        One of ``DATASETS``; it sets the problem type (:attr:`problem`).
    noise : int
        Percent, 0 to 50.
    train_percent : int
        Ratio of training to test data, in percent of the points, 10 to 90.
    features : iterable of str
        At least one of ``FEATURES`` (stored in the Playground's order).
    hidden_layers : iterable of int
        Neurons per hidden layer: 0 to 6 layers of 1 to 8 neurons; ``()`` connects the
        features straight to the output neuron.
    activation : str
        Of the hidden neurons: relu, tanh, sigmoid or linear.
    learning_rate : float
        In (0, 10]; the Playground's menu is ``LEARNING_RATES``.
    regularization : str
        "none", "L1" or "L2".
    regularization_rate : float
        In [0, 10]; the Playground's menu is ``REGULARIZATION_RATES``.
    batch_size : int
        1 to 30.
    seed : int
        Seeds the data and the initial weights.

    Example
    -------
    >>> Config(dataset="spiral", features=ALL_FEATURES, hidden_layers=(8,)).num_inputs
    7
    >>> Config(batch_size=40)
    Traceback (most recent call last):
    ...
    ValueError: batch_size must be from 1 to 30, got 40
    """

    dataset: str = "circle"
    noise: int = 0
    train_percent: int = 50
    features: tuple = ("x1", "x2")
    hidden_layers: tuple = (4, 2)
    activation: str = "tanh"
    learning_rate: float = 0.03
    regularization: str = "none"
    regularization_rate: float = 0.0
    batch_size: int = 10
    seed: int = 0

    def __post_init__(self):
        set_ = lambda name, value: object.__setattr__(self, name, value)  # noqa: E731
        _check_choice("dataset", self.dataset, tuple(DATASETS))
        set_("noise", _check_int("noise", self.noise, *NOISE_PERCENT))
        set_("train_percent", _check_int("train_percent", self.train_percent, *TRAIN_PERCENT))
        if isinstance(self.features, str):
            raise TypeError(f"features must be a collection of names, e.g. ('x1', 'x2'), "
                            f"got the string {self.features!r}")
        chosen = set(self.features)
        unknown = sorted(chosen - set(FEATURES))
        if unknown:
            raise ValueError(f"unknown feature(s) {unknown}; choose from {list(FEATURES)}")
        if not chosen:
            raise ValueError(f"choose at least one feature from {list(FEATURES)}")
        set_("features", tuple(name for name in FEATURES if name in chosen))
        if isinstance(self.hidden_layers, numbers.Integral):
            raise TypeError(f"hidden_layers must list neurons per layer, e.g. (4, 2) or (), "
                            f"got {self.hidden_layers!r}")
        layers = tuple(self.hidden_layers)
        if len(layers) > MAX_HIDDEN_LAYERS:
            raise ValueError(f"hidden_layers may have 0 to {MAX_HIDDEN_LAYERS} layers, got "
                             f"{len(layers)}: {layers}")
        set_("hidden_layers", tuple(_check_int(f"neurons in hidden layer {i + 1}", n, 1,
                                               MAX_NEURONS) for i, n in enumerate(layers)))
        _check_choice("activation", self.activation, ACTIVATIONS)
        set_("learning_rate", _check_float("learning_rate", self.learning_rate, 0.0, MAX_RATE,
                                           low_inclusive=False))
        _check_choice("regularization", self.regularization, REGULARIZATIONS)
        set_("regularization_rate", _check_float("regularization_rate",
                                                 self.regularization_rate, 0.0, MAX_RATE))
        set_("batch_size", _check_int("batch_size", self.batch_size, *BATCH_SIZES))
        set_("seed", _check_int("seed", self.seed, 0, 2**32 - 1))

    @property
    def problem(self):
        """``"classification"`` or ``"regression"``, from the data set."""
        return DATASETS[self.dataset]

    @property
    def num_inputs(self):
        return len(self.features)

    @property
    def layer_sizes(self):
        """``[inputs, hidden..., 1]``, as :class:`dlcourse.references.nn.Network` takes them."""
        return [self.num_inputs, *self.hidden_layers, 1]

    @property
    def output_activation(self):
        """tanh for classification (labels -1/+1), linear for regression."""
        return "tanh" if self.problem == CLASSIFICATION else "linear"

    @property
    def num_train(self):
        return NUM_POINTS[self.problem] * self.train_percent // 100

    def replace(self, **changes):
        """A copy with some settings changed (validated again)."""
        unknown = sorted(set(changes) - {f.name for f in dataclasses.fields(self)})
        if unknown:
            raise TypeError(f"unknown setting(s) {unknown}; settings are "
                            f"{[f.name for f in dataclasses.fields(self)]}")
        return dataclasses.replace(self, **changes)

    def describe(self):
        """A one-line summary, e.g. for a table or a title."""
        layers = "-".join(map(str, self.hidden_layers)) or "none"
        reg = (f", {self.regularization} {self.regularization_rate:g}"
               if self.regularization != "none" else "")
        return (f"{self.dataset} (noise {self.noise} %, train {self.train_percent} %), "
                f"features {', '.join(self.features)}, hidden {layers}, {self.activation}, "
                f"learning rate {self.learning_rate:g}, batch {self.batch_size}{reg}, "
                f"seed {self.seed}")


def _as_config(config, settings):
    if config is None:
        return Config(**settings)
    if not isinstance(config, Config):
        raise TypeError(f"config must be a playground.Config, got {type(config).__name__}")
    return config.replace(**settings) if settings else config


# --------------------------------------------------------------------------------------
# The update rule
# --------------------------------------------------------------------------------------


class PlaygroundSGD:
    """The Playground's weight update, as an optimizer for :class:`dlcourse.references.nn.Network`.

    For every weight ``w`` with the batch's mean gradient ``g``::

        w1 = w - eta * g                               (gradient step)
        L2: w = w1 - eta * rate * w                    (gradient of rate * w**2 / 2)
        L1: w = w1 - eta * rate * sign(w), but 0 if that crosses zero; then frozen

    and ``b -= eta * g_b`` for the biases (never regularized).

    Parameters
    ----------
    learning_rate : float or list of arrays
        ``eta``; a list gives one array per parameter of ``network.params``
        (``[W0, b0, W1, b1, ...]``), one value per weight: that is how
        :func:`train_runs` gives each packed run its own settings. 0 keeps a weight fixed.
    l1, l2 : float or list of arrays
        The L1 and L2 regularization rates (0: none); a list gives one array per weight
        matrix.

    Attributes
    ----------
    dead : list of numpy.ndarray of bool
        Per weight matrix, the links L1 has set to zero and frozen (after the first step).
    """

    def __init__(self, learning_rate, l1=0.0, l2=0.0):
        self.learning_rate, self.l1, self.l2 = learning_rate, l1, l2
        self.dead = None

    def _expand(self, params):
        """Per-weight arrays of eta, eta * l1 and eta * l2, made at the first step."""
        num_layers = len(params) // 2

        def per_param(value, i, shape):
            v = value[i] if isinstance(value, (list, tuple)) else value
            return np.broadcast_to(np.asarray(v, dtype=float), shape).copy()

        self._eta = [per_param(self.learning_rate, i, p.shape) for i, p in enumerate(params)]
        self._l1 = [self._eta[2 * l] * per_param(self.l1, l, params[2 * l].shape)
                    for l in range(num_layers)]
        self._l2 = [self._eta[2 * l] * per_param(self.l2, l, params[2 * l].shape)
                    for l in range(num_layers)]
        self._any_l1 = [bool(a.any()) for a in self._l1]
        self._any_l2 = [bool(a.any()) for a in self._l2]
        if self.dead is None:
            self.dead = [np.zeros(params[2 * l].shape, dtype=bool) for l in range(num_layers)]
        for l, mask in enumerate(self.dead):
            self._freeze(l, mask)

    def _freeze(self, l, mask):
        for rates in (self._eta[2 * l], self._l1[l], self._l2[l]):
            rates[mask] = 0.0

    def step(self, params, grads):
        """Update ``params`` (``[W0, b0, W1, b1, ...]``) in place from ``grads``."""
        if not hasattr(self, "_eta"):
            self._expand(params)
        for l in range(len(params) // 2):
            W, b = params[2 * l], params[2 * l + 1]
            b -= self._eta[2 * l + 1] * grads[2 * l + 1]
            eta, l1, l2 = self._eta[2 * l], self._l1[l], self._l2[l]
            if not (self._any_l1[l] or self._any_l2[l]):
                W -= eta * grads[2 * l]
                continue
            moved = W - eta * grads[2 * l]  # the gradient step, (n_in, n_out)
            new = moved
            if self._any_l2[l]:
                new = new - l2 * W
            if self._any_l1[l]:
                new = new - l1 * np.sign(W)
                crossed = (moved * new < 0) & (l1 > 0)
                if crossed.any():  # L1 carried these weights across zero: 0, and frozen
                    new[crossed] = 0.0
                    self.dead[l] |= crossed
                    self._freeze(l, crossed)
            W[...] = new


# --------------------------------------------------------------------------------------
# Training: the Playground's epochs and batches, on an nn.Network
# --------------------------------------------------------------------------------------


def _batch_plan(X, Y, batch_size):
    """Batches of the first epoch and of every later epoch, as lists of (X, Y) views.

    The Playground updates after every ``batch_size``-th point; the points after the
    last full batch are kept and join the first batch of the next epoch.
    """
    m = len(X)
    full = m - m % batch_size
    first = [(X[s:s + batch_size], Y[s:s + batch_size]) for s in range(0, full, batch_size)]
    if full == m:
        return first, first
    carry_X, carry_Y = X[full:], Y[full:]
    later = list(first)
    later[0] = (np.concatenate([carry_X, first[0][0]]), np.concatenate([carry_Y, first[0][1]]))
    return first, later


def _new_weights(config, rng):
    """The Playground's initial weights ``U(-0.5, 0.5)`` and biases 0.1, as nn arrays."""
    sizes = config.layer_sizes
    weights = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        weights.append(rng.uniform(-WEIGHT_RANGE, WEIGHT_RANGE, (n_in, n_out)))  # (n_in, n_out)
        weights.append(np.full(n_out, INITIAL_BIAS))
    return weights


def _weight_rng(seed):
    return np.random.default_rng([seed, 1])


_BLAS = None


def _one_blas_thread():
    """A context in which NumPy's matrix products use one thread.

    The playground's matrices are small; OpenBLAS splits them over threads anyway, and on
    a busy machine those threads wait for each other: a packed run was 6 to 9 times
    slower with the default thread count. Uses ``threadpoolctl`` (installed with
    scikit-learn) when available, else does nothing.
    """
    global _BLAS
    if _BLAS is None:
        try:
            from threadpoolctl import ThreadpoolController

            _BLAS = ThreadpoolController()
        except ImportError:  # pragma: no cover - scikit-learn brings it
            _BLAS = False
    return _BLAS.limit(limits=1, user_api="blas") if _BLAS else contextlib.nullcontext()


def _half_squared_errors(A, Y):
    """The Playground's loss per column: mean over points of ``0.5 (a - y)**2``."""
    return 0.5 * np.mean((A - Y) ** 2, axis=0)


class Playground:
    """One Playground network with its data: train it epoch by epoch and look inside.

    Parameters
    ----------
    config : Config, optional
        The settings; or pass them as keyword arguments (``Playground(dataset="xor")``),
        or both (the keywords change the config).

    Attributes
    ----------
    config : Config
    network : dlcourse.references.nn.Network
        The network being trained (its ``W``, ``b`` are the Playground's weights).
    epoch : int
        Epochs trained since the last reset.
    history : dict of lists
        ``epoch``, ``train_loss``, ``test_loss``, one entry per epoch from epoch 0.
    train_points, train_labels, test_points, test_labels : numpy.ndarray
        The data, ``(n, 2)`` points and ``(n,)`` labels.

    Example
    -------
    >>> pg = Playground(dataset="two_gaussians", hidden_layers=())
    >>> pg.step(20).train_loss < 0.1
    True
    """

    def __init__(self, config=None, **settings):
        self.config = _as_config(config, settings)
        cfg = self.config
        points, labels = make_data(cfg.dataset, cfg.noise, cfg.seed)
        (self.train_points, self.train_labels), (self.test_points, self.test_labels) = \
            split_data(points, labels, cfg.train_percent)
        self._X_train = feature_matrix(self.train_points, cfg.features)  # (m, f)
        self._X_test = feature_matrix(self.test_points, cfg.features)
        self._Y_train = self.train_labels.reshape(-1, 1)  # (m, 1)
        self._Y_test = self.test_labels.reshape(-1, 1)
        self._plan = _batch_plan(self._X_train, self._Y_train, cfg.batch_size)
        self.reset()

    def reset(self):
        """New initial weights (the same ones for the same seed), epoch 0."""
        cfg = self.config
        self.network = nn.Network(cfg.layer_sizes, activation=cfg.activation,
                                  output_activation=cfg.output_activation,
                                  loss="half_squared_error", seed=cfg.seed)
        self.network.set_weights(_new_weights(cfg, _weight_rng(cfg.seed)))
        self.optimizer = self._make_optimizer(cfg.learning_rate)
        self.epoch = 0
        self.history = {"epoch": [], "train_loss": [], "test_loss": []}
        self._record()
        return self

    def _make_optimizer(self, learning_rate):
        cfg = self.config
        rate = cfg.regularization_rate
        return PlaygroundSGD(learning_rate, l1=rate if cfg.regularization == "L1" else 0.0,
                             l2=rate if cfg.regularization == "L2" else 0.0)

    def set_learning_rate(self, learning_rate):
        """Change the learning rate and keep training (the Playground does not reset here).

        Links that L1 has frozen stay frozen.
        """
        learning_rate = _check_float("learning_rate", learning_rate, 0.0, MAX_RATE,
                                     low_inclusive=False)
        dead = self.optimizer.dead
        self.config = self.config.replace(learning_rate=learning_rate)
        self.optimizer = self._make_optimizer(learning_rate)
        self.optimizer.dead = dead
        return self

    def _record(self):
        net = self.network
        self.history["epoch"].append(self.epoch)
        self.history["train_loss"].append(
            float(_half_squared_errors(net.forward(self._X_train), self._Y_train)[0]))
        self.history["test_loss"].append(
            float(_half_squared_errors(net.forward(self._X_test), self._Y_test)[0]))

    def step(self, num_epochs=1):
        """Train ``num_epochs`` epochs (passes over the training points); returns self."""
        num_epochs = _check_int("num_epochs", num_epochs, 0, 10**7)
        net, optimizer = self.network, self.optimizer
        params = net.params  # the arrays themselves, updated in place
        with np.errstate(over="ignore", invalid="ignore"), _one_blas_thread():
            for _ in range(num_epochs):  # (a diverging run turns to inf/NaN: no warnings)
                for X, Y in self._plan[self.epoch > 0]:
                    net.forward(X)
                    optimizer.step(params, net.backward(Y))
                self.epoch += 1
                self._record()
        return self

    @property
    def train_loss(self):
        """Loss on the training points after the last epoch (``0.5 (out - label)**2``, mean)."""
        return self.history["train_loss"][-1]

    @property
    def test_loss(self):
        return self.history["test_loss"][-1]

    @property
    def diverged(self):
        """True when a weight became inf or NaN (too large a learning rate)."""
        return not all(np.all(np.isfinite(p)) for p in self.network.params)

    def predict(self, points):
        """The network's output for points ``(n, 2)``: in (-1, 1) for classification."""
        return self.network.predict(feature_matrix(points, self.config.features))[:, 0]

    def accuracy(self, subset="test"):
        """Fraction of ``subset`` ("train" or "test") points whose label has the output's sign."""
        _check_choice("subset", subset, ("train", "test"))
        if self.config.problem != CLASSIFICATION:
            raise ValueError(f"accuracy needs a classification data set; "
                             f"{self.config.dataset!r} is a regression one")
        points, labels = ((self.train_points, self.train_labels) if subset == "train"
                          else (self.test_points, self.test_labels))
        return float(np.mean(np.sign(self.predict(points)) == labels))

    def output_grid(self, resolution=100):
        """The output on :func:`grid_points`, shape ``(resolution, resolution)``."""
        with _one_blas_thread():
            return self.predict(grid_points(resolution)).reshape(resolution, resolution)

    def neuron_grids(self, resolution=20):
        """Every node's value on the grid, layer by layer, inputs first.

        Returns
        -------
        list of numpy.ndarray
            ``[features (f, r, r), hidden layer 1 (n1, r, r), ..., output (1, r, r)]``
            with ``r = resolution``; the Playground draws these as the small squares.
        """
        X = feature_matrix(grid_points(resolution), self.config.features)  # (r*r, f)
        with _one_blas_thread():
            layers = [X] + self.network.layer_activations(X)
        return [A.T.reshape(-1, resolution, resolution) for A in layers]

    @property
    def weights(self):
        """Copies of ``[(W0, b0), (W1, b1), ...]``; ``W`` is ``(n_in, n_out)``."""
        return [(W.copy(), b.copy()) for W, b in zip(self.network.W, self.network.b)]

    def dead_links(self):
        """Per weight matrix, a boolean mask of the links L1 has frozen at zero."""
        dead = self.optimizer.dead
        return [np.zeros(W.shape, dtype=bool) if dead is None else dead[l].copy()
                for l, W in enumerate(self.network.W)]

    def __repr__(self):
        return (f"Playground({self.config.describe()}; epoch {self.epoch}, "
                f"train loss {self.train_loss:.3f}, test loss {self.test_loss:.3f})")


# --------------------------------------------------------------------------------------
# Many runs at once
# --------------------------------------------------------------------------------------


class Runs:
    """Results of :func:`train_runs`, one row per configuration.

    Attributes
    ----------
    configs : list of Config
    train_loss, test_loss : numpy.ndarray of shape (runs, epochs + 1)
        Losses after every epoch, epoch 0 (the initial weights) first. A run whose
        weights overflowed holds NaN from then on.
    """

    def __init__(self, configs, train_loss, test_loss, weights, dead):
        self.configs = list(configs)
        self.train_loss = train_loss
        self.test_loss = test_loss
        self._weights = weights
        self._dead = dead

    def __len__(self):
        return len(self.configs)

    @property
    def final_train_loss(self):
        return self.train_loss[:, -1]

    @property
    def final_test_loss(self):
        return self.test_loss[:, -1]

    def weights(self, index):
        """Run ``index``'s trained ``[(W0, b0), (W1, b1), ...]`` (without rebuilding it)."""
        w = self._weights[index]
        return [(w[2 * l], w[2 * l + 1]) for l in range(len(w) // 2)]

    def dead_links(self, index):
        """Run ``index``'s links frozen at zero by L1, one boolean mask per weight matrix."""
        return list(self._dead[index])

    def playground(self, index):
        """Run ``index`` as a :class:`Playground`, with its trained weights and history."""
        pg = Playground(self.configs[index])
        pg.network.set_weights(self._weights[index])
        pg.optimizer.dead = [mask.copy() for mask in self._dead[index]]
        num_epochs = self.train_loss.shape[1] - 1
        pg.epoch = num_epochs
        pg.history = {"epoch": list(range(num_epochs + 1)),
                      "train_loss": self.train_loss[index].tolist(),
                      "test_loss": self.test_loss[index].tolist()}
        return pg


def _pack_key(config):
    return (len(config.hidden_layers), config.activation, config.output_activation,
            config.batch_size, config.problem, config.train_percent)


def _train_pack(configs, num_epochs):
    """Train runs that share a pack key side by side in one block-diagonal nn.Network.

    Returns the losses, each run's weights and dead links, and whether a value became
    inf or NaN in a pack of several runs (then the runs may have mixed, since
    ``0 * nan`` is nan, and the pack stops early; a single run just goes on).
    """
    depth = len(configs[0].hidden_layers)
    widths = [[c.num_inputs, *c.hidden_layers, 1] for c in configs]  # per run, per layer
    offsets = np.zeros((len(configs) + 1, depth + 2), dtype=int)
    offsets[1:] = np.cumsum(widths, axis=0)  # where each run's units start, per layer
    net = nn.Network([int(s) for s in offsets[-1]], activation=configs[0].activation,
                     output_activation=configs[0].output_activation,
                     loss="half_squared_error", seed=0)

    def block(k, l):  # run k's rows and columns of weight matrix l
        return (slice(offsets[k, l], offsets[k + 1, l]),
                slice(offsets[k, l + 1], offsets[k + 1, l + 1]))

    X_train, Y_train, X_test, Y_test = [], [], [], []
    params = [np.zeros_like(p) for p in net.params]
    eta = [np.zeros_like(p) for p in net.params]  # 0 off the blocks: never updated
    l1 = [np.zeros_like(W) for W in net.W]
    l2 = [np.zeros_like(W) for W in net.W]
    for k, cfg in enumerate(configs):
        points, labels = make_data(cfg.dataset, cfg.noise, cfg.seed)
        (p_train, y_train), (p_test, y_test) = split_data(points, labels, cfg.train_percent)
        X_train.append(feature_matrix(p_train, cfg.features))
        X_test.append(feature_matrix(p_test, cfg.features))
        Y_train.append(y_train)
        Y_test.append(y_test)
        initial = _new_weights(cfg, _weight_rng(cfg.seed))
        for l in range(depth + 1):
            rows, cols = block(k, l)
            params[2 * l][rows, cols] = initial[2 * l]
            params[2 * l + 1][cols] = initial[2 * l + 1]
            eta[2 * l][rows, cols] = cfg.learning_rate
            eta[2 * l + 1][cols] = cfg.learning_rate
            if cfg.regularization == "L1":
                l1[l][rows, cols] = cfg.regularization_rate
            elif cfg.regularization == "L2":
                l2[l][rows, cols] = cfg.regularization_rate
    net.set_weights(params)
    X_train, X_test = np.hstack(X_train), np.hstack(X_test)  # (m, all runs' features)
    Y_train, Y_test = np.column_stack(Y_train), np.column_stack(Y_test)  # (m, runs)
    optimizer = PlaygroundSGD(eta, l1, l2)
    plan = _batch_plan(X_train, Y_train, configs[0].batch_size)

    train_loss = np.empty((len(configs), num_epochs + 1))
    test_loss = np.empty((len(configs), num_epochs + 1))
    params = net.params
    with np.errstate(over="ignore", invalid="ignore"):
        for epoch in range(num_epochs + 1):
            if epoch:
                for X, Y in plan[epoch > 1]:
                    net.forward(X)
                    optimizer.step(params, net.backward(Y))
            train_loss[:, epoch] = _half_squared_errors(net.forward(X_train), Y_train)
            test_loss[:, epoch] = _half_squared_errors(net.forward(X_test), Y_test)
            if len(configs) > 1 and not np.all(np.isfinite(train_loss[:, epoch])):
                return train_loss, test_loss, None, None, True

    weights, dead = [], []
    for k in range(len(configs)):
        run_weights, run_dead = [], []
        for l in range(depth + 1):
            rows, cols = block(k, l)
            run_weights += [net.W[l][rows, cols].copy(), net.b[l][cols].copy()]
            run_dead.append(optimizer.dead[l][rows, cols].copy())
        weights.append(run_weights)
        dead.append(run_dead)
    return train_loss, test_loss, weights, dead, False


def _train_alone(config, num_epochs):
    pg = Playground(config).step(num_epochs)
    return (np.array(pg.history["train_loss"]), np.array(pg.history["test_loss"]),
            [p.copy() for p in pg.network.params], pg.dead_links())


def train_runs(configs, num_epochs, max_pack=32, max_units=64):
    """Train many configurations (e.g. settings x seeds) for ``num_epochs`` epochs each.

    Each run is trained exactly as a :class:`Playground` with its config would be
    (the same data, initial weights and update rule; results agree up to rounding).
    Runs with the same depth, activation, batch size, problem type and train ratio are
    trained together in one block-diagonal network, up to ``max_pack`` runs and
    ``max_units`` units per layer at a time: small matrix products cost about as much
    as tiny ones, so a pack of eight 7-8-1 networks trains in about twice the time of
    one.

    Parameters
    ----------
    configs : iterable of Config
    num_epochs : int
    max_pack : int
        Most runs per packed network (1 trains them one by one).
    max_units : int
        Most units per layer of a packed network (inputs and hidden layers).

    Returns
    -------
    Runs

    Example
    -------
    >>> base = Config(dataset="spiral", features=ALL_FEATURES, hidden_layers=(8,))
    >>> runs = train_runs([base.replace(seed=s) for s in range(3)], num_epochs=5)
    >>> runs.test_loss.shape
    (3, 6)
    """
    configs = list(configs)
    for i, cfg in enumerate(configs):
        if not isinstance(cfg, Config):
            raise TypeError(f"configs[{i}] must be a playground.Config, got {type(cfg).__name__}")
    num_epochs = _check_int("num_epochs", num_epochs, 0, 10**7)
    max_pack = _check_int("max_pack", max_pack, 1, 1024)
    max_units = _check_int("max_units", max_units, 1, 10**5)
    groups = {}
    for i, cfg in enumerate(configs):
        groups.setdefault(_pack_key(cfg), []).append(i)
    packs = []
    for members in groups.values():
        pack, units = [], None
        for i in members:
            widths = np.array([configs[i].num_inputs, *configs[i].hidden_layers])
            if pack and (len(pack) == max_pack or np.any(units + widths > max_units)):
                packs.append(pack)
                pack, units = [], None
            pack.append(i)
            units = widths if units is None else units + widths
        packs.append(pack)

    train_loss = np.empty((len(configs), num_epochs + 1))
    test_loss = np.empty((len(configs), num_epochs + 1))
    weights, dead = [None] * len(configs), [None] * len(configs)
    for pack in packs:
        with _one_blas_thread():
            tr, te, w, d, overflowed = _train_pack([configs[i] for i in pack], num_epochs)
        if overflowed:
            # A run overflowed and may have spread NaN to its pack: train them one by one.
            for i in pack:
                train_loss[i], test_loss[i], weights[i], dead[i] = _train_alone(
                    configs[i], num_epochs)
            continue
        train_loss[pack], test_loss[pack] = tr, te
        for j, i in enumerate(pack):
            weights[i], dead[i] = w[j], d[j]
    return Runs(configs, train_loss, test_loss, weights, dead)


def total_rise(losses):
    """How much a loss curve goes *up* on its way: the sum of its epoch-to-epoch increases.

    0 for a curve that only falls; large for a noisy one. NaN (an overflowed run) counts
    as no change. Works on one curve or on rows of curves (the last axis is the epoch).
    """
    steps = np.diff(np.asarray(losses, dtype=float), axis=-1)
    return np.nansum(np.maximum(steps, 0.0), axis=-1)


class Comparison:
    """Several settings, each trained over the same seeds: what an exercise compares.

    Made by :func:`compare`. For each setting name, ``test_loss[name]`` and
    ``train_loss[name]`` are arrays of shape ``(seeds, epochs + 1)``.
    """

    def __init__(self, names, seeds, runs):
        self.names = list(names)
        self.seeds = list(seeds)
        self.runs = runs
        k = len(self.seeds)
        self._rows = {name: range(i * k, (i + 1) * k) for i, name in enumerate(self.names)}
        self.test_loss = {name: runs.test_loss[list(r)] for name, r in self._rows.items()}
        self.train_loss = {name: runs.train_loss[list(r)] for name, r in self._rows.items()}

    def config(self, name, seed_index=0):
        return self.runs.configs[self._rows[name][seed_index]]

    def median(self, name, epoch=-1, kind="test"):
        """Median over the seeds of the test (or train) loss after ``epoch`` epochs."""
        losses = self.test_loss if kind == "test" else self.train_loss
        return float(np.median(losses[name][:, epoch]))

    def final(self, name):
        """Each seed's test loss after the last epoch."""
        return self.test_loss[name][:, -1]

    def rise(self, name):
        """Median over the seeds of :func:`total_rise` of the test loss."""
        return float(np.median(total_rise(self.test_loss[name])))

    def playground(self, name, seed_index=0):
        """That run as a trained :class:`Playground` (for its pictures)."""
        return self.runs.playground(self._rows[name][seed_index])

    def weights(self, name):
        """Each seed's trained ``[(W0, b0), ...]``, in the order of the seeds."""
        return [self.runs.weights(i) for i in self._rows[name]]

    def dead_fraction(self, name):
        """Median over the seeds of the fraction of links that L1 froze at zero."""
        return float(np.median([np.mean(np.concatenate([d.ravel() for d in self.runs.dead_links(i)]))
                                for i in self._rows[name]]))

    def table(self, at=None):
        """One row per setting: median, lowest and highest final test loss, and the rise.

        ``at``: also the median test loss after that many epochs.
        """
        from dlcourse.core.tables import Table

        rows = []
        for name in self.names:
            final = self.final(name)
            row = {"setting": name, "median test loss": self.median(name),
                   "lowest test loss": float(np.nanmin(final)),
                   "highest test loss": float(np.nanmax(final))}
            if at is not None:
                row[f"median test loss at epoch {at}"] = self.median(name, at)
            row["median rise"] = round(self.rise(name), 3)
            rows.append(row)
        return Table(rows)

    def plot(self, names=None, ax=None, *, colors=None, title=None, log=False, legend_columns=None):
        """Median test loss over the seeds against the epoch, one line per setting."""
        import matplotlib.pyplot as plt

        ax = _new_axes(ax, (5, 2.6))
        names = self.names if names is None else names
        if colors is None:
            colors = plt.get_cmap("viridis")(np.linspace(0, 0.9, len(names)))
        for name, color in zip(names, colors):
            ax.plot(np.median(self.test_loss[name], axis=0), color=color, lw=1.3, label=name)
        ax.set(xlabel="epoch", ylabel="median test loss", ylim=(0, None) if not log else None)
        if log:
            ax.set_yscale("log")
        ax.legend(fontsize=7, frameon=False, ncol=legend_columns or 1 + len(names) // 5)
        if title:
            ax.set_title(title, fontsize=9)
        return ax


def compare(settings, base, seeds, num_epochs):
    """Train every setting over every seed (packed, see :func:`train_runs`).

    Parameters
    ----------
    settings : dict
        Setting name -> changes to ``base``, e.g. ``{"batch 1": {"batch_size": 1}}``.
    base : Config
    seeds : iterable of int
    num_epochs : int

    Returns
    -------
    Comparison

    Example
    -------
    >>> result = compare({"no hidden layer": {"hidden_layers": ()},
    ...                   "one of 4": {"hidden_layers": (4,)}},
    ...                  base=Config(), seeds=[0, 1], num_epochs=3)
    >>> result.test_loss["one of 4"].shape
    (2, 4)
    """
    if not isinstance(base, Config):
        raise TypeError(f"base must be a playground.Config, got {type(base).__name__}")
    seeds = list(seeds)
    if not seeds:
        raise ValueError("seeds is empty; give at least one seed")
    configs = [base.replace(**changes, seed=seed) for changes in settings.values()
               for seed in seeds]
    return Comparison(settings, seeds, train_runs(configs, num_epochs))


# --------------------------------------------------------------------------------------
# Figures (matplotlib): the chapter's plots and the widget's static first frame
# --------------------------------------------------------------------------------------

#: the Playground's colours: orange for -1, light grey for 0, blue for +1
COLORS = ("#f59322", "#e8eaeb", "#0877bd")


def _colormap():
    from matplotlib.colors import LinearSegmentedColormap

    return LinearSegmentedColormap.from_list("playground", COLORS)


def _new_axes(ax, figsize):
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def plot_data(points, labels, ax=None, *, test=False, size=12, title=None):
    """Points coloured by label (orange -1, blue +1); test points get a dark edge."""
    ax = _new_axes(ax, (3, 3))
    ax.scatter(points[:, 0], points[:, 1], c=labels, cmap=_colormap(), vmin=-1, vmax=1,
               s=size, edgecolors="#333333" if test else "white",
               linewidths=0.6 if size >= 8 else 0)
    ax.set(xlim=DOMAIN, ylim=DOMAIN, aspect="equal", xticks=[-6, 0, 6], yticks=[-6, 0, 6])
    if title:
        ax.set_title(title, fontsize=9)
    ax.tick_params(labelsize=7)
    return ax


def plot_output(playground, ax=None, *, resolution=100, show_test=True, discretize=False,
                title=None):
    """The output over the plane (the decision surface) with the train and test points."""
    ax = _new_axes(ax, (3, 3))
    values = playground.output_grid(resolution)
    if discretize:
        values = np.where(values > 0, 1.0, -1.0)
    ax.imshow(values, cmap=_colormap(), vmin=-1, vmax=1, extent=(*DOMAIN, *DOMAIN),
              alpha=0.85, interpolation="nearest")
    plot_data(playground.train_points, playground.train_labels, ax)
    if show_test:
        plot_data(playground.test_points, playground.test_labels, ax, test=True)
    ax.set_title(title if title is not None else
                 f"epoch {playground.epoch}: test loss {playground.test_loss:.3f}", fontsize=9)
    return ax


def plot_loss_curves(history, ax=None, *, title=None, label=None, color=None):
    """Train (grey) and test (black) loss against the epoch, as the Playground draws them.

    ``history`` is a :attr:`Playground.history` dict (or anything with ``train_loss``
    and ``test_loss``); with ``label``/``color`` several runs can share the axes (then
    train is dashed, test solid, in that colour).
    """
    ax = _new_axes(ax, (4, 2.2))
    train, test = np.asarray(history["train_loss"]), np.asarray(history["test_loss"])
    epochs = np.arange(len(test))
    if color is None:
        ax.plot(epochs, train, color="#999999", lw=1.2, label="train")
        ax.plot(epochs, test, color="black", lw=1.2, label="test")
    else:
        ax.plot(epochs, train, color=color, lw=0.9, ls="--", alpha=0.8)
        ax.plot(epochs, test, color=color, lw=1.2, label=label)
    ax.set(xlabel="epoch", ylabel="loss", ylim=(0, None), xlim=(0, max(len(test) - 1, 1)))
    ax.legend(fontsize=7, frameon=False)
    if title:
        ax.set_title(title, fontsize=9)
    return ax


def _link_color_width(w):
    # The Playground's scales: colour by sign and size up to |w| = 1, width 1..10 px for
    # |w| in 0..5 (here in points, a little thinner).
    from matplotlib.colors import to_hex

    color = to_hex(_colormap()(0.5 + 0.5 * float(np.clip(w, -1, 1))))
    return color, 0.5 + 4.5 * min(abs(float(w)) / 5.0, 1.0)


def plot_network(playground, ax=None, *, resolution=24, title=None):
    """The network as the Playground draws it.

    Every node is a small heat map of its output over the plane (features on the left,
    then the hidden layers, the output on the right); links are coloured by the sign of
    the weight (blue positive, orange negative) and drawn thicker the larger it is.
    """
    from matplotlib.patches import Rectangle

    ax = _new_axes(ax, (5, 3.2))
    cmap = _colormap()
    grids = playground.neuron_grids(resolution)
    sizes = [len(g) for g in grids]
    cfg = playground.config
    pitch_y, box = 1.25, 1.0
    height = max(sizes) * pitch_y
    centers = []
    for l, count in enumerate(sizes):
        x = l * 2.4
        top = height / 2 + (count - 1) * pitch_y / 2
        centers.append([(x, top - i * pitch_y) for i in range(count)])
    dead = playground.dead_links()
    for l, W in enumerate(playground.network.W):
        for i, (x0, y0) in enumerate(centers[l]):
            for j, (x1, y1) in enumerate(centers[l + 1]):
                color, width = _link_color_width(W[i, j])
                xs = np.linspace(x0 + box / 2, x1 - box / 2, 20)
                t = (xs - xs[0]) / (xs[-1] - xs[0])
                ys = y0 + (y1 - y0) * (3 * t**2 - 2 * t**3)  # an S-curve, like d3's diagonal
                ax.plot(xs, ys, color=color, lw=width, alpha=0.9, zorder=1,
                        ls=":" if dead[l][i, j] else "-", solid_capstyle="butt")
    for l, grid in enumerate(grids):
        for i, (x, y) in enumerate(centers[l]):
            ax.imshow(grid[i], cmap=cmap, vmin=-1, vmax=1, zorder=2,
                      extent=(x - box / 2, x + box / 2, y - box / 2, y + box / 2))
            ax.add_patch(Rectangle(
                (x - box / 2, y - box / 2), box, box, fill=False, lw=0.6, ec="#555555",
                zorder=3))
            if l == 0:
                ax.text(x - box / 2 - 0.15, y, FEATURE_LABELS[cfg.features[i]], ha="right",
                        va="center", fontsize=8)
    ax.set_xlim(-1.9, (len(sizes) - 1) * 2.4 + 0.7)
    ax.set_ylim(-0.2, height + 0.4)
    ax.set_aspect("equal")
    ax.axis("off")
    layers = ", ".join(f"{n}" for n in cfg.hidden_layers) or "none"
    ax.set_title(title if title is not None else
                 f"{cfg.num_inputs} features, hidden layers: {layers}, {cfg.activation}",
                 fontsize=9)
    return ax


#: features as matplotlib math text, for axis labels
FEATURE_LABELS = {"x1": "$x_1$", "x2": "$x_2$", "x1^2": "$x_1^2$", "x2^2": "$x_2^2$",
                   "x1*x2": "$x_1 x_2$", "sin(x1)": r"$\sin x_1$", "sin(x2)": r"$\sin x_2$"}


def plot_playground(playground, *, figsize=(9, 3.6), show_test=False, title=None):
    """The whole view in one figure: network, output and loss curves; returns the Figure.

    This is the static picture the widget shows where no kernel runs (e.g. on GitHub).
    """
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=figsize, layout="constrained")
    grid = fig.add_gridspec(2, 2, width_ratios=[1.45, 1], height_ratios=[2.3, 1])
    plot_network(playground, fig.add_subplot(grid[:, 0]))
    plot_output(playground, fig.add_subplot(grid[0, 1]), show_test=show_test)
    plot_loss_curves(playground.history, fig.add_subplot(grid[1, 1]))
    cfg = playground.config
    fig.suptitle(title if title is not None else
                 f"{cfg.dataset}, learning rate {cfg.learning_rate:g}, batch size "
                 f"{cfg.batch_size}" + (f", {cfg.regularization} {cfg.regularization_rate:g}"
                                        if cfg.regularization != "none" else ""), fontsize=10)
    return fig
