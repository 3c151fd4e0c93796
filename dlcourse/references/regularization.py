"""Small generalization experiments: noisy labels, sparsity, ensembles, a toy problem.

Chapter 10 measures overfitting and its remedies with these helpers:

- :func:`corrupt_labels` replaces a fraction of the labels by random classes, the way
  real data sets carry labelling mistakes; a network that memorizes them shows
  overfitting plainly.
- :func:`fraction_near_zero` measures the sparsity L1 regularization brings.
- :func:`ensemble_predict` averages the predicted probabilities of several models.
- :func:`make_toy_data` and :func:`fit_toy` train a small :class:`dlcourse.references.nn.Network`
  on two noisy half-moons with a given L2 penalty and dropout, fast enough for a
  slider (the chapter's widget,
  :func:`dlcourse.presentation.widgets_training.regularization_widget`).

Everything here is NumPy (the moons are :func:`dlcourse.data.toy.make_2d_dataset`'s);
nothing imports Keras.
"""

import numpy as np

__all__ = ["corrupt_labels", "ensemble_predict", "fit_toy", "fraction_near_zero",
           "make_toy_data"]


def corrupt_labels(y, fraction, num_classes=None, *, seed=0):
    """Replace a random ``fraction`` of the labels by a random class.

    A replaced label can land on the true class by chance (1 in ``num_classes``), so
    about ``fraction * (1 - 1/num_classes)`` of the labels end up wrong.

    Parameters
    ----------
    y : array of int, shape (n,)
    fraction : float in [0, 1]
    num_classes : int, optional
        Default: ``y.max() + 1``.
    seed : int

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        The new labels (a copy) and a boolean mask of the labels that are now wrong.

    Example
    -------
    >>> y_noisy, wrong = corrupt_labels(np.arange(10) % 3, 0.5, seed=0)
    >>> y_noisy.shape, wrong.dtype
    ((10,), dtype('bool'))
    """
    y = np.asarray(y)
    if y.ndim != 1 or not np.issubdtype(y.dtype, np.integer):
        raise ValueError(f"y must be integer labels of shape (n,), got shape {y.shape} "
                         f"dtype {y.dtype}")
    if not 0 <= fraction <= 1:
        raise ValueError(f"fraction must be in [0, 1], got {fraction!r}")
    num_classes = int(y.max()) + 1 if num_classes is None else int(num_classes)
    rng = np.random.default_rng(seed)
    replaced = rng.random(len(y)) < fraction
    noisy = y.copy()
    noisy[replaced] = rng.integers(0, num_classes, int(replaced.sum()))
    return noisy, noisy != y


def fraction_near_zero(weights, tolerance=1e-3):
    """Share of the numbers in ``weights`` (an array or a list of arrays) with ``|w| < tolerance``."""
    arrays = [np.ravel(w) for w in (weights if isinstance(weights, (list, tuple)) else [weights])]
    values = np.concatenate(arrays) if arrays else np.array([])
    if values.size == 0:
        raise ValueError("weights holds no numbers")
    if tolerance <= 0:
        raise ValueError(f"tolerance must be > 0, got {tolerance!r}")
    return float(np.mean(np.abs(values) < tolerance))


def ensemble_predict(models, x):
    """Average of ``model.predict(x)`` over the models: the ensemble's probabilities.

    Works with Keras models (``predict(x, verbose=0)`` is tried first) and with
    :class:`dlcourse.references.nn.Network` objects alike.
    """
    models = list(models)
    if not models:
        raise ValueError("an ensemble needs at least one model")
    outputs = []
    for model in models:
        try:
            outputs.append(np.asarray(model.predict(x, verbose=0)))
        except TypeError:  # a predict without Keras's verbose argument
            outputs.append(np.asarray(model.predict(x)))
    return np.mean(outputs, axis=0)


def make_toy_data(num_train=60, num_test=500, noise=0.3, seed=0):
    """Two interleaved half-moons in 2D with Gaussian noise: ``(x, y), (x_test, y_test)``.

    Training and test points come from the same distribution; labels are 0/1.
    """
    from dlcourse.data.toy import make_2d_dataset

    if num_train < 2 or num_test < 2:
        raise ValueError(f"need at least 2 training and 2 test points, got {num_train}, {num_test}")
    x, y = make_2d_dataset("moons", num_train + num_test, noise=noise, seed=seed)
    return (x[:num_train], y[:num_train]), (x[num_train:], y[num_train:])


def fit_toy(*, hidden_units=64, l2=0.0, dropout=0.0, num_train=60, noise=0.3, epochs=300,
            learning_rate=0.01, seed=0):
    """Train a ``2-H-H-1`` NumPy network on :func:`make_toy_data`; report the accuracies.

    Full-batch Adam, ``tanh`` hidden layers, a sigmoid output. About 0.1 s on a laptop,
    so a widget can retrain on every slider move.

    Parameters
    ----------
    hidden_units : int
        Width of each of the two hidden layers.
    l2 : float
        L2 penalty on the weights (not the biases), Keras's convention.
    dropout : float in [0, 1)
        Inverted dropout on both hidden layers during training.
    num_train, noise : int, float
        Size and noise of the training set (the test set has 500 points).
    epochs, learning_rate, seed : int, float, int

    Returns
    -------
    dict
        ``network``, ``train`` and ``test`` (each ``(x, y)``), ``train_accuracy``,
        ``test_accuracy``, ``gap`` (train minus test accuracy), and the settings.
    """
    from dlcourse.references import nn, optim

    if isinstance(hidden_units, bool) or not isinstance(hidden_units, (int, np.integer)) \
            or hidden_units < 1:
        raise ValueError(f"hidden_units must be a positive int, got {hidden_units!r}")
    train, test = make_toy_data(num_train, 500, noise, seed)
    network = nn.Network([2, int(hidden_units), int(hidden_units), 1], activation="tanh",
                         output_activation="sigmoid", l2=float(l2), dropout=float(dropout),
                         seed=seed)
    network.fit(*train, optim.Adam(learning_rate=learning_rate), epochs=epochs,
                batch_size=len(train[0]), shuffle=False)
    train_accuracy = network.accuracy(*train)
    test_accuracy = network.accuracy(*test)
    return {"network": network, "train": train, "test": test,
            "train_accuracy": train_accuracy, "test_accuracy": test_accuracy,
            "gap": train_accuracy - test_accuracy,
            "settings": {"hidden_units": int(hidden_units), "l2": float(l2),
                         "dropout": float(dropout), "num_train": num_train, "noise": noise}}
