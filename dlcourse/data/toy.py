"""Two-dimensional toy problems: data sets and classifiers small enough to train at once.

Points in the plane with two classes show what a model *can* draw: a linear model
separates them by one straight line, a multilayer perceptron by a bent boundary. This
module is the one home of the course's 2D data, in two families, both with the class
labels 0 and 1:

- :func:`make_2d_dataset`: the classic ones (XOR, two circles, two moons, two spirals)
  near the unit square with Gaussian noise, for scikit-learn and NumPy models
  (chapters 04 and 10);
- :func:`make_playground_dataset`: `TensorFlow Playground <https://playground.tensorflow.org>`_'s
  six (``circle``, ``xor``, ``two_gaussians``, ``spiral``; ``plane`` and
  ``multi_gaussian`` for regression, with targets in [-1, 1]) in the square
  ``[-6, 6]**2``, transcribed from its ``dataset.ts`` (chapter 00; the playground maps
  the labels to its -1/+1 targets itself).

:func:`fit_2d_classifier` trains a scikit-learn model on 200 such points in a fraction
of a second and :func:`run_2d_experiment` makes the data, trains and scores, so a
figure or a widget can redraw a decision boundary at once
(:func:`dlcourse.presentation.plots_networks.plot_decision_boundary` draws it).

Example
-------
>>> from dlcourse import toy
>>> x, y = toy.make_2d_dataset("xor", 200, seed=0)
>>> model = toy.fit_2d_classifier(x, y, hidden_units=4, activation="tanh")
>>> model.score(x, y) > 0.9
True
"""

import warnings

import numpy as np

from dlcourse.core.validation import check_choice, check_int, check_number

DATASETS = ("xor", "circles", "moons", "spiral")
"""The names :func:`make_2d_dataset` knows, easiest to hardest for a small network."""

DEFAULT_NOISE = {"xor": 0.3, "circles": 0.08, "moons": 0.15, "spiral": 0.05}
"""Standard deviation of the Gaussian noise added to each point, by data set."""

ACTIVATIONS = ("identity", "logistic", "tanh", "relu")
"""Hidden-layer activations of scikit-learn's ``MLPClassifier``."""


def make_2d_dataset(name, num_samples=200, *, noise=None, seed=0):
    """Points in the plane with two balanced classes (labels 0 and 1).

    Parameters
    ----------
    name : {"xor", "circles", "moons", "spiral"}
        ``xor``: four clouds at the corners (+-1, +-1), class 1 where the signs differ.
        ``circles``: an outer circle of radius 1 (class 0) around an inner one of
        radius 0.5 (class 1). ``moons``: two interleaved half circles. ``spiral``: two
        spiral arms of one turn each, the second turned by half a turn.
    num_samples : int
        Number of points (at least 2).
    noise : float, optional
        Standard deviation of the Gaussian noise; default :data:`DEFAULT_NOISE`.
    seed : int
        Seed of the random generator: the same seed gives the same points.

    Returns
    -------
    x : float64 array (num_samples, 2)
    y : int64 array (num_samples,)

    Example
    -------
    >>> x, y = make_2d_dataset("circles", 100, seed=1)
    >>> x.shape, np.bincount(y).tolist()
    ((100, 2), [50, 50])
    """
    check_choice("name", name, DATASETS)
    num_samples = check_int("num_samples", num_samples, minimum=2)
    noise = check_number("noise", DEFAULT_NOISE[name] if noise is None else noise, minimum=0)
    rng = np.random.default_rng(seed)
    y = rng.permutation(np.arange(num_samples) % 2)  # balanced, in random order
    if name == "xor":
        corner = rng.choice([-1.0, 1.0], size=num_samples)
        other = np.where(y == 1, -corner, corner)  # class 1: the signs differ
        points = np.column_stack([corner, other])  # (n, 2)
    elif name == "circles":
        angle = rng.uniform(0, 2 * np.pi, num_samples)
        radius = np.where(y == 1, 0.5, 1.0)
        points = radius[:, None] * np.column_stack([np.cos(angle), np.sin(angle)])
    elif name == "moons":
        t = rng.uniform(0, np.pi, num_samples)
        upper = np.column_stack([np.cos(t), np.sin(t)])
        lower = np.column_stack([1 - np.cos(t), 0.5 - np.sin(t)])
        points = np.where(y[:, None] == 0, upper, lower) - [0.5, 0.25]  # centred
    else:  # spiral
        t = rng.uniform(0.15, 1.0, num_samples)
        angle = 2 * np.pi * t + np.pi * y  # one full turn
        points = t[:, None] * np.column_stack([np.cos(angle), np.sin(angle)])
    x = points + noise * rng.standard_normal((num_samples, 2))
    return x.astype(np.float64), y.astype(np.int64)


# --------------------------------------------------------------------------------------
# TensorFlow Playground's data sets (dataset.ts), with NumPy's random numbers
# --------------------------------------------------------------------------------------

#: TensorFlow Playground's data sets, in its order: name -> "classification" or "regression"
PLAYGROUND_DATASETS = {
    "circle": "classification",
    "xor": "classification",
    "two_gaussians": "classification",
    "spiral": "classification",
    "plane": "regression",
    "multi_gaussian": "regression",
}

#: the square the Playground's data live in
PLAYGROUND_DOMAIN = (-6.0, 6.0)


def _circle(n, noise, rng):
    radius = 5.0
    half = n // 2
    r = np.concatenate([rng.uniform(0, radius * 0.5, half),  # inside: class 1
                        rng.uniform(radius * 0.7, radius, n - half)])  # the ring: class 0
    angle = rng.uniform(0, 2 * np.pi, n)
    points = np.column_stack([r * np.sin(angle), r * np.cos(angle)])  # (n, 2)
    jitter = rng.uniform(-radius, radius, (n, 2)) * noise  # noise moves the label only
    return points, np.hypot(*(points + jitter).T) < radius * 0.5


def _xor(n, noise, rng):
    points = rng.uniform(-5, 5, (n, 2))
    points += np.where(points > 0, 0.3, -0.3)  # a gap of 0.6 along both axes
    jitter = rng.uniform(-5, 5, (n, 2)) * noise
    moved = points + jitter
    return points, moved[:, 0] * moved[:, 1] >= 0  # class 1: the signs agree


def _two_gaussians(n, noise, rng):
    variance = 0.5 + 7.0 * noise  # 0.5 at no noise, 4 at 50 %
    half = n // 2
    centers = np.repeat([[2.0, 2.0], [-2.0, -2.0]], [half, n - half], axis=0)
    points = centers + rng.normal(0, np.sqrt(variance), (n, 2))
    return points, np.repeat([1, 0], [half, n - half])


def _spiral(n, noise, rng):
    half = n // 2
    parts = []
    for delta, label, count in ((0.0, 1, half), (np.pi, 0, n - half)):
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


_PLAYGROUND_GENERATORS = {"circle": _circle, "xor": _xor, "two_gaussians": _two_gaussians,
                          "spiral": _spiral, "plane": _plane, "multi_gaussian": _multi_gaussian}


def make_playground_dataset(name, num_samples, *, noise=0.0, seed=0):
    """One of TensorFlow Playground's data sets, points in a random order.

    The generators are the Playground's (``dataset.ts``); the random numbers are
    NumPy's, so the points are not the browser's, but they are drawn from the same
    distributions. Noise moves the points that decide a label (circle, xor, plane,
    multi_gaussian: the label blurs, the point stays), widens the two Gaussians or
    jitters the spiral arms.

    Parameters
    ----------
    name : str
        One of :data:`PLAYGROUND_DATASETS`.
    num_samples : int
        At least 2 (the Playground makes 500 for classification, 1,200 for regression).
    noise : float
        From 0 to 0.5 (the Playground's noise slider, 0 to 50 %).
    seed : int or sequence of int
        Seeds ``numpy.random.default_rng``: the same seed gives the same points.

    Returns
    -------
    points : float64 array (num_samples, 2)
        In or near :data:`PLAYGROUND_DOMAIN` squared, shuffled once (as the Playground does).
    labels : int64 array (num_samples,) of 0 and 1, or float64 targets in [-1, 1]
        Class labels for the classification sets, targets for ``plane`` and
        ``multi_gaussian``.

    Example
    -------
    >>> points, labels = make_playground_dataset("spiral", 500, noise=0.1)
    >>> points.shape, np.bincount(labels).tolist()
    ((500, 2), [250, 250])
    """
    check_choice("name", name, tuple(PLAYGROUND_DATASETS))
    num_samples = check_int("num_samples", num_samples, minimum=2)
    noise = check_number("noise", noise, minimum=0, maximum=0.5)
    rng = np.random.default_rng(seed)
    points, labels = _PLAYGROUND_GENERATORS[name](num_samples, noise, rng)
    if PLAYGROUND_DATASETS[name] == "classification":
        labels = np.asarray(labels).astype(np.int64)
    order = rng.permutation(num_samples)
    return points[order], labels[order]


# --------------------------------------------------------------------------------------
# Classifiers and experiments
# --------------------------------------------------------------------------------------


def _hidden_layers(hidden_units):
    if isinstance(hidden_units, (tuple, list)):
        return tuple(check_int("units of every hidden layer", units, minimum=1)
                     for units in hidden_units)
    units = check_int("hidden_units", hidden_units, minimum=0)  # 0: no hidden layer
    return (units,) if units else ()


def fit_2d_classifier(x, y, hidden_units=4, activation="tanh", *, seed=0, max_iter=1000):
    """Train a small classifier on 2D points; returns the fitted scikit-learn model.

    With hidden layers it is an ``MLPClassifier`` trained by L-BFGS (a full-batch
    method that converges in a fraction of a second on a few hundred points); with no
    hidden layer (``hidden_units=0``) it is a ``LogisticRegression``, the linear model
    an MLP without hidden layers would be. Training stops after ``max_iter``
    iterations at the latest; scikit-learn's ``ConvergenceWarning`` for hitting that
    cap is silenced on purpose (a widget should redraw, not warn).

    Parameters
    ----------
    x : array (n, 2)
    y : array (n,) of class labels
    hidden_units : int or tuple of int
        Units of the one hidden layer (int), or of several (tuple); 0 or () for none.
    activation : {"identity", "logistic", "tanh", "relu"}
        Hidden-layer activation (ignored without hidden layers).
    seed : int
        Seed of the initial weights.
    max_iter : int

    Returns
    -------
    sklearn.neural_network.MLPClassifier or sklearn.linear_model.LogisticRegression

    Example
    -------
    >>> x, y = make_2d_dataset("circles", 200)
    >>> fit_2d_classifier(x, y, hidden_units=0).score(x, y) < 0.7  # a line cannot do it
    True
    """
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression
    from sklearn.neural_network import MLPClassifier

    x = np.asarray(x, dtype=float)
    if x.ndim != 2 or x.shape[1] != 2:
        raise ValueError(f"x must have shape (n, 2), got {x.shape}")
    check_choice("activation", activation, ACTIVATIONS)
    layers = _hidden_layers(hidden_units)
    max_iter = check_int("max_iter", max_iter, minimum=1)
    if layers:
        model = MLPClassifier(hidden_layer_sizes=layers, activation=activation,
                              solver="lbfgs", max_iter=max_iter, random_state=seed)
    else:
        model = LogisticRegression(max_iter=max_iter)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return model.fit(x, np.asarray(y))


def run_2d_experiment(name, hidden_units=4, activation="tanh", *, seed=0, num_train=200,
                      num_test=1000, noise=None):
    """Make a 2D data set, train :func:`fit_2d_classifier` on it, score it on fresh points.

    The training points use data seed 0 and the test points data seed 1, so only the
    model changes when ``seed`` (the seed of the initial weights) changes. The result
    speaks the vocabulary of :func:`dlcourse.references.training.fit_toy`, the
    NumPy runner of chapter 10 (``train``, ``test``, the two accuracies, ``gap``,
    ``settings``); there the trained model is ``network``, here ``model``.

    Returns
    -------
    dict
        ``model`` (the fitted scikit-learn model), ``train`` and ``test`` (each
        ``(x, y)``), ``train_accuracy``, ``test_accuracy``, ``gap`` (train minus test
        accuracy) and ``settings`` (``name``, ``hidden_units`` as a tuple,
        ``activation``, ``seed``, ``num_train``, ``noise``).

    Example
    -------
    >>> result = run_2d_experiment("xor", hidden_units=0)
    >>> result["test_accuracy"] < 0.7  # no hidden layer: a straight line
    True
    """
    train = make_2d_dataset(name, num_train, noise=noise, seed=0)
    test = make_2d_dataset(name, num_test, noise=noise, seed=1)
    model = fit_2d_classifier(*train, hidden_units, activation, seed=seed)
    train_accuracy, test_accuracy = float(model.score(*train)), float(model.score(*test))
    return {"model": model, "train": train, "test": test, "train_accuracy": train_accuracy,
            "test_accuracy": test_accuracy, "gap": train_accuracy - test_accuracy,
            "settings": {"name": name, "hidden_units": _hidden_layers(hidden_units),
                         "activation": activation, "seed": seed, "num_train": num_train,
                         "noise": DEFAULT_NOISE[name] if noise is None else noise}}
