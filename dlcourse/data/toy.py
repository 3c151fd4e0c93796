"""Two-dimensional toy problems: data sets and classifiers small enough to train at once.

Points in the plane with two classes show what a model *can* draw: a linear model
separates them by one straight line, a multilayer perceptron by a bent boundary. The
data sets here are the classic ones (XOR, two circles, two moons, two spirals), and
:func:`fit_2d_classifier` trains a scikit-learn model on 200 such points in a fraction
of a second, so a figure or a widget can redraw its decision boundary at once
(:func:`dlcourse.presentation.plots.plot_decision_boundary` draws it).

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

DATASETS = ("xor", "circles", "moons", "spiral")
"""The names :func:`make_2d_dataset` knows, easiest to hardest for a small network."""

DEFAULT_NOISE = {"xor": 0.3, "circles": 0.08, "moons": 0.15, "spiral": 0.05}
"""Standard deviation of the Gaussian noise added to each point, by data set."""

ACTIVATIONS = ("identity", "logistic", "tanh", "relu")
"""Hidden-layer activations of scikit-learn's ``MLPClassifier``."""


def _check_int(name, value, low):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
        raise ValueError(f"{name} must be an integer >= {low}, got {value!r}")
    return int(value)


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
    if name not in DATASETS:
        raise ValueError(f"unknown 2D data set {name!r}; choose one of {', '.join(DATASETS)}")
    num_samples = _check_int("num_samples", num_samples, 2)
    noise = DEFAULT_NOISE[name] if noise is None else noise
    if isinstance(noise, bool) or not isinstance(noise, (int, float, np.floating)) or noise < 0:
        raise ValueError(f"noise must be a number >= 0, got {noise!r}")
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


def _hidden_layers(hidden_units):
    if isinstance(hidden_units, (int, np.integer)) and not isinstance(hidden_units, bool):
        layers = (int(hidden_units),) if hidden_units != 0 else ()
    elif isinstance(hidden_units, (tuple, list)):
        layers = tuple(hidden_units)
    else:
        raise TypeError(f"hidden_units must be an int or a tuple of ints, got "
                        f"{type(hidden_units).__name__}")
    for units in layers:
        if isinstance(units, bool) or not isinstance(units, (int, np.integer)) or units < 1:
            raise ValueError(f"every hidden layer needs an integer >= 1 units, got "
                             f"hidden_units={hidden_units!r} (use 0 or () for no hidden layer)")
    return tuple(int(u) for u in layers)


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
    if activation not in ACTIVATIONS:
        raise ValueError(f"unknown activation {activation!r}; choose one of "
                         f"{', '.join(ACTIVATIONS)}")
    layers = _hidden_layers(hidden_units)
    max_iter = _check_int("max_iter", max_iter, 1)
    if layers:
        model = MLPClassifier(hidden_layer_sizes=layers, activation=activation,
                              solver="lbfgs", max_iter=max_iter, random_state=seed)
    else:
        model = LogisticRegression(max_iter=max_iter)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return model.fit(x, np.asarray(y))


def run_2d_experiment(name, hidden_units=4, activation="tanh", *, seed=0, num_samples=200,
                      num_test=1000, noise=None):
    """Make a 2D data set, train :func:`fit_2d_classifier` on it, score it on fresh points.

    The training points use data seed 0 and the test points data seed 1, so only the
    model changes when ``seed`` (the seed of the initial weights) changes.

    Returns
    -------
    dict
        ``model``, ``x``, ``y`` (the training points), ``train_accuracy``,
        ``test_accuracy``.

    Example
    -------
    >>> result = run_2d_experiment("xor", hidden_units=0)
    >>> result["test_accuracy"] < 0.7  # no hidden layer: a straight line
    True
    """
    x, y = make_2d_dataset(name, num_samples, noise=noise, seed=0)
    x_test, y_test = make_2d_dataset(name, num_test, noise=noise, seed=1)
    model = fit_2d_classifier(x, y, hidden_units, activation, seed=seed)
    return {"model": model, "x": x, "y": y, "train_accuracy": float(model.score(x, y)),
            "test_accuracy": float(model.score(x_test, y_test))}
