"""TensorFlow Playground's network and its training rule, on dlcourse.references.nn.

`TensorFlow Playground <https://playground.tensorflow.org>`_ (Smilkov and Carter, Apache
2.0) trains a small network on 2D points in the browser. This module reproduces what it
computes, so that a notebook can run the same experiments headless, over several seeds,
and check what it sees (its data and features are :mod:`dlcourse.playground.inputs`):

- the network: 0-6 hidden layers of 1-8 neurons (ReLU, tanh, sigmoid or linear), one
  output neuron (tanh for classification, trained towards -1 for class 0 and +1 for
  class 1; linear for regression), weights drawn from ``U(-0.5, 0.5)``, biases starting
  at 0.1, the loss ``0.5 (output - target)**2`` averaged over the points;
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
:mod:`dlcourse.references.optim`. Everything is repeatable from ``seed``.

The playground's other modules: :mod:`~dlcourse.playground.runs` trains many
configurations at once, :mod:`~dlcourse.playground.figures` draws them (matplotlib),
:mod:`~dlcourse.playground.ui` is the interactive page.

Example
-------
>>> pg = Playground(dataset="xor", features=("x1", "x2"), hidden_layers=(4,), seed=1)
>>> pg.step(100).test_loss < pg.history["test_loss"][0]
True
"""

import contextlib
import dataclasses
import numbers

import numpy as np

from dlcourse.core.validation import check_choice, check_int, check_number
from dlcourse.playground.inputs import (
    CLASSIFICATION,
    DATASETS,
    FEATURES,
    MAX_SEED,
    NOISE_PERCENT,
    NUM_POINTS,
    TRAIN_PERCENT,
    feature_matrix,
    grid_points,
    make_data,
    split_data,
    targets,
)
from dlcourse.references import nn

__all__ = [
    "ACTIVATIONS",
    "BATCH_SIZES",
    "Config",
    "LEARNING_RATES",
    "MAX_HIDDEN_LAYERS",
    "MAX_NEURONS",
    "Playground",
    "PlaygroundSGD",
    "REGULARIZATIONS",
    "REGULARIZATION_RATES",
    "make_config",
]

ACTIVATIONS = ("relu", "tanh", "sigmoid", "linear")
REGULARIZATIONS = ("none", "L1", "L2")
MAX_HIDDEN_LAYERS = 6
MAX_NEURONS = 8
BATCH_SIZES = (1, 30)
#: the Playground's menus (any value in range is accepted; these are what its UI offers)
LEARNING_RATES = (0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10)
REGULARIZATION_RATES = (0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10)
MAX_RATE = 10.0

WEIGHT_RANGE = 0.5  # initial weights ~ U(-0.5, 0.5)
INITIAL_BIAS = 0.1


# --------------------------------------------------------------------------------------
# Settings
# --------------------------------------------------------------------------------------


def check_learning_rate(value):
    """``value`` as a float when it is a learning rate the Playground takes, (0, 10]."""
    return check_number("learning_rate", value, minimum=0.0, maximum=MAX_RATE,
                        min_inclusive=False)


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
    ValueError: batch_size must be an int from 1 to 30, got 40
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
        check_choice("dataset", self.dataset, tuple(DATASETS))
        set_("noise", check_int("noise", self.noise, minimum=NOISE_PERCENT[0],
                                maximum=NOISE_PERCENT[1]))
        set_("train_percent", check_int("train_percent", self.train_percent,
                                        minimum=TRAIN_PERCENT[0], maximum=TRAIN_PERCENT[1]))
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
        set_("hidden_layers", tuple(check_int(f"neurons in hidden layer {i + 1}", n, minimum=1,
                                              maximum=MAX_NEURONS)
                                    for i, n in enumerate(layers)))
        check_choice("activation", self.activation, ACTIVATIONS)
        set_("learning_rate", check_learning_rate(self.learning_rate))
        check_choice("regularization", self.regularization, REGULARIZATIONS)
        set_("regularization_rate", check_number("regularization_rate",
                                                 self.regularization_rate, minimum=0.0,
                                                 maximum=MAX_RATE))
        set_("batch_size", check_int("batch_size", self.batch_size, minimum=BATCH_SIZES[0],
                                     maximum=BATCH_SIZES[1]))
        set_("seed", check_int("seed", self.seed, minimum=0, maximum=MAX_SEED))

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
        """tanh for classification (targets -1/+1 for the classes 0/1), linear for regression."""
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


def make_config(config=None, **settings):
    """A :class:`Config` from a preset, settings, or both (the settings change the preset).

    Example
    -------
    >>> make_config(Config(dataset="xor"), seed=3).seed
    3
    """
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


def batch_plan(X, Y, batch_size):
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


def _initial_weights(config):
    """The Playground's initial weights ``U(-0.5, 0.5)`` and biases 0.1, as nn arrays.

    Drawn from stream 1 of the config's seed (stream 0 makes the data).
    """
    rng = np.random.default_rng([config.seed, 1])
    sizes = config.layer_sizes
    weights = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        weights.append(rng.uniform(-WEIGHT_RANGE, WEIGHT_RANGE, (n_in, n_out)))  # (n_in, n_out)
        weights.append(np.full(n_out, INITIAL_BIAS))
    return weights


_BLAS = None


def one_blas_thread():
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


def half_squared_errors(A, Y):
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
        The data, ``(n, 2)`` points and ``(n,)`` labels (classes 0/1, or targets).
    train_inputs, test_inputs : numpy.ndarray
        What the network reads: the points' features, ``(n, features)``
        (:func:`dlcourse.playground.inputs.feature_matrix`).

    Example
    -------
    >>> pg = Playground(dataset="two_gaussians", hidden_layers=())
    >>> pg.step(20).train_loss < 0.1
    True
    """

    def __init__(self, config=None, **settings):
        self.config = make_config(config, **settings)
        cfg = self.config
        points, labels = make_data(cfg.dataset, cfg.noise, cfg.seed)
        (self.train_points, self.train_labels), (self.test_points, self.test_labels) = \
            split_data(points, labels, cfg.train_percent)
        self.train_inputs = feature_matrix(self.train_points, cfg.features)  # (m, f)
        self.test_inputs = feature_matrix(self.test_points, cfg.features)
        self._Y_train = targets(self.train_labels).reshape(-1, 1)  # (m, 1): -1/+1 or targets
        self._Y_test = targets(self.test_labels).reshape(-1, 1)
        self._plan = batch_plan(self.train_inputs, self._Y_train, cfg.batch_size)
        self.reset()

    def reset(self):
        """New initial weights (the same ones for the same seed), epoch 0."""
        cfg = self.config
        self.network = nn.Network(cfg.layer_sizes, activation=cfg.activation,
                                  output_activation=cfg.output_activation,
                                  loss="half_squared_error", seed=cfg.seed)
        self.network.set_weights(_initial_weights(cfg))
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
        learning_rate = check_learning_rate(learning_rate)
        dead = self.optimizer.dead
        self.config = self.config.replace(learning_rate=learning_rate)
        self.optimizer = self._make_optimizer(learning_rate)
        self.optimizer.dead = dead
        return self

    def _record(self):
        net = self.network
        self.history["epoch"].append(self.epoch)
        self.history["train_loss"].append(
            float(half_squared_errors(net.forward(self.train_inputs), self._Y_train)[0]))
        self.history["test_loss"].append(
            float(half_squared_errors(net.forward(self.test_inputs), self._Y_test)[0]))

    def step(self, num_epochs=1):
        """Train ``num_epochs`` epochs (passes over the training points); returns self."""
        num_epochs = check_int("num_epochs", num_epochs, minimum=0, maximum=10**7)
        net, optimizer = self.network, self.optimizer
        params = net.params  # the arrays themselves, updated in place
        with np.errstate(over="ignore", invalid="ignore"), one_blas_thread():
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
        """Fraction of ``subset`` ("train" or "test") points the output's sign puts in their class.

        Negative outputs mean class 0, positive ones class 1.
        """
        check_choice("subset", subset, ("train", "test"))
        if self.config.problem != CLASSIFICATION:
            raise ValueError(f"accuracy needs a classification data set; "
                             f"{self.config.dataset!r} is a regression one")
        points, labels = ((self.train_points, self.train_labels) if subset == "train"
                          else (self.test_points, self.test_labels))
        return float(np.mean(np.sign(self.predict(points)) == targets(labels)))

    def output_grid(self, resolution=100):
        """The output on :func:`grid_points`, shape ``(resolution, resolution)``."""
        with one_blas_thread():
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
        with one_blas_thread():
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
