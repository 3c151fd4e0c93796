"""Training conveniences around the NumPy network: the fit loop, gradient checks, toys.

What is shown
-------------
- :func:`fit`: mini-batch training with a history, like Keras's ``model.fit``
  (``Network.fit`` calls it): each batch is one forward pass, one backward pass and one
  optimizer step of :class:`dlcourse.references.nn.Network`;
- gradient checking with two-sided differences (:func:`numerical_gradient`,
  :func:`relative_error`, :func:`gradient_check`), as in chapter 08;
- :func:`build_deep_network`: deep stacks of equal layers, to watch signals and
  gradients vanish or explode through depth (chapter 08);
- :func:`make_toy_data` and :func:`fit_toy`: a small network on two noisy half-moons
  with a given L2 penalty and dropout, fast enough for a slider (chapter 10's
  :func:`dlcourse.presentation.widgets.regularization_widget`).

Everything here is NumPy (and scikit-learn's ``make_moons``); nothing imports Keras.
"""

import numpy as np

from dlcourse.core.validation import check_int, check_number
from dlcourse.references import optim
from dlcourse.references.initializers import INITIALIZERS
from dlcourse.references.nn import Network, weight_gradient_norms

__all__ = ["build_deep_network", "fit", "fit_toy", "gradient_check", "make_toy_data",
           "numerical_gradient", "relative_error"]


# --------------------------------------------------------------------------------------
# The training loop
# --------------------------------------------------------------------------------------


def fit(network, X, y, optimizer, *, epochs=1, batch_size=32, shuffle=True,
        validation_data=None, track_gradient_norms=False, verbose=False):
    """Mini-batch training of ``network``, like Keras's ``model.fit``.

    Parameters
    ----------
    network : dlcourse.references.nn.Network
    X : array of shape (n_samples, n_inputs)
    y : targets (see :meth:`dlcourse.references.nn.Network.backward`)
    optimizer : dlcourse.references.optim.Optimizer or str
        An optimizer object (its state carries over between calls) or a name for
        one with default settings (``"sgd"``, ``"adam"``, ...).
    epochs : int
    batch_size : int
        The last batch of an epoch may be smaller.
    shuffle : bool
        Reshuffle the examples every epoch (with the network's ``rng``).
    validation_data : tuple (X_val, y_val), optional
        Evaluated at the end of every epoch.
    track_gradient_norms : bool
        Record each layer's mean ``||dW||`` over the epoch's batches.
    verbose : bool
        Print one line per epoch.

    Returns
    -------
    dict of lists
        ``loss`` (the batch losses with penalty, each taken before its update,
        averaged over the examples: what Keras reports), and
        ``accuracy`` for classification outputs, ``val_loss``/``val_accuracy`` with
        validation data, ``gradient_norms`` (one array per epoch) if asked for.
    """
    optimizer = optim.as_optimizer(optimizer)
    epochs = check_int("epochs", epochs, minimum=1)
    batch_size = check_int("batch_size", batch_size, minimum=1)
    X = network._as_inputs(X)
    Y = network._as_targets(y, len(X))
    if validation_data is not None:
        X_val, y_val = validation_data
        X_val = network._as_inputs(X_val)
        Y_val = network._as_targets(y_val, len(X_val))
    classify = network.classifies
    history = {"loss": []}
    if classify:
        history["accuracy"] = []
    if validation_data is not None:
        history["val_loss"] = []
        if classify:
            history["val_accuracy"] = []
    if track_gradient_norms:
        history["gradient_norms"] = []

    m = len(X)
    for epoch in range(epochs):
        if shuffle:
            order = network.rng.permutation(m)
            X_epoch, Y_epoch = X[order], Y[order]  # one copy; batches are then views
        else:
            X_epoch, Y_epoch = X, Y
        loss_sum, correct = 0.0, 0
        norm_sum = np.zeros(network.num_layers)
        num_batches = 0
        for start in range(0, m, batch_size):
            X_batch = X_epoch[start : start + batch_size]
            Y_batch = Y_epoch[start : start + batch_size]
            A = network.forward(X_batch, training=True)
            loss_sum += network.batch_loss(Y_batch, A) * len(A)  # before the update
            grads = network.backward(Y_batch)
            optimizer.step(network.params, grads)
            if classify:
                correct += network.num_correct(Y_batch, A)
            if track_gradient_norms:
                norm_sum += weight_gradient_norms(grads)
            num_batches += 1
        history["loss"].append(loss_sum / m)
        if classify:
            history["accuracy"].append(correct / m)
        if track_gradient_norms:
            history["gradient_norms"].append(norm_sum / num_batches)
        if validation_data is not None:
            A_val = network.forward(X_val)
            history["val_loss"].append(network.batch_loss(Y_val, A_val))
            if classify:
                history["val_accuracy"].append(network.num_correct(Y_val, A_val) / len(A_val))
        if verbose:
            shown = (k for k in history if k != "gradient_norms")
            line = ", ".join(f"{k}={history[k][-1]:.4f}" for k in shown)
            print(f"epoch {epoch + 1}/{epochs}: {line}")
    return history


# --------------------------------------------------------------------------------------
# Gradient checking
# --------------------------------------------------------------------------------------


def numerical_gradient(f, params, epsilon=1e-6):
    """Two-sided finite differences ``(f(p + eps) - f(p - eps)) / (2 eps)``, entry by entry.

    Parameters
    ----------
    f : callable
        ``f()`` returns the loss computed from the *current* contents of ``params``.
    params : list of numpy.ndarray
        Arrays that ``f`` reads; each entry is nudged in place and restored.
    epsilon : float

    Returns
    -------
    list of numpy.ndarray
        One array per parameter, same shapes. Costs two calls of ``f`` per entry: use
        tiny networks.
    """
    epsilon = check_number("epsilon", epsilon, minimum=0, min_inclusive=False)
    approx = []
    for p in params:
        g = np.zeros_like(p, dtype=np.float64)
        for index in np.ndindex(p.shape):
            old = p[index]
            p[index] = old + epsilon
            f_plus = f()
            p[index] = old - epsilon
            f_minus = f()
            p[index] = old
            g[index] = (f_plus - f_minus) / (2.0 * epsilon)
        approx.append(g)
    return approx


def relative_error(approx, exact):
    """``||approx - exact|| / (||approx|| + ||exact||)`` over all arrays together.

    Around 1e-7 or below (float64, epsilon 1e-6): the gradient is right; above 1e-3:
    it is almost certainly wrong. Two zero gradients give 0.
    """
    approx = np.concatenate([np.ravel(a) for a in approx])
    exact = np.concatenate([np.ravel(e) for e in exact])
    if approx.shape != exact.shape:
        raise ValueError(f"gradients of different sizes: {approx.size} vs {exact.size} numbers")
    denominator = np.linalg.norm(approx) + np.linalg.norm(exact)
    return 0.0 if denominator == 0 else float(np.linalg.norm(approx - exact) / denominator)


def gradient_check(network, X, y, epsilon=1e-6):
    """Relative error between backpropagation and finite differences on one batch.

    Dropout is off (as the course material advises: the random mask changes the
    function between the two evaluations).

    Parameters
    ----------
    network : dlcourse.references.nn.Network
        Built with ``dtype="float64"``; float32 rounding would swamp the check.
    X, y : one small batch
    epsilon : float
        Step of the two-sided difference.

    Returns
    -------
    float
        See :func:`relative_error`.

    Example
    -------
    >>> net = Network([3, 5, 2], activation="tanh", seed=0)
    >>> X = np.random.default_rng(0).standard_normal((4, 3))
    >>> gradient_check(net, X, np.array([0, 1, 1, 0])) < 1e-7
    True
    """
    if not isinstance(network, Network):
        raise TypeError(f"network must be a dlcourse.references.nn.Network, "
                        f"got {type(network).__name__}")
    if network.dtype != np.float64:
        raise ValueError(
            f"gradient checks need dtype='float64', this network is {network.dtype}; "
            f"rebuild it with dtype='float64'"
        )
    _, exact = network.gradients(X, y)  # without dropout
    return relative_error(
        numerical_gradient(lambda: network.compute_loss(X, y), network.params, epsilon), exact)


# --------------------------------------------------------------------------------------
# Deep stacks for initialization experiments (chapter 08)
# --------------------------------------------------------------------------------------


def build_deep_network(activation, initializer, *, num_layers=10, width=256, seed=0):
    """A stack of ``num_layers`` equal dense layers, to watch signals through depth.

    Every layer has ``width`` units and the same activation (the last one too, with
    the mean squared error as its loss), so layer-by-layer statistics compare like with
    like.

    Parameters
    ----------
    activation : str
        sigmoid, tanh, relu, leaky_relu or linear.
    initializer : str or float
        A name from ``INITIALIZERS``, or a number: the standard deviation of a normal
        distribution (``1.0`` gives the "too large" weights of the chapter).
    num_layers, width : int
    seed : int

    Returns
    -------
    dlcourse.references.nn.Network
        Use ``layer_activations(X)`` on inputs of shape (batch, width) and
        ``gradient_norms(X, Y)``.

    Example
    -------
    >>> net = build_deep_network("tanh", 0.01, num_layers=5, width=100)
    >>> X = np.random.default_rng(0).standard_normal((200, 100))
    >>> bool(net.layer_activations(X)[-1].std() < 1e-4)  # about 0.1 less per layer
    True
    """
    scale = None
    if not isinstance(initializer, str):  # a standard deviation
        scale = check_number(f"initializer (one of {', '.join(INITIALIZERS)}, or a standard "
                             f"deviation)", initializer, minimum=0, min_inclusive=False)
        initializer = "zeros"
    num_layers = check_int("num_layers", num_layers, minimum=1)
    width = check_int("width", width, minimum=1)
    net = Network([width] * (num_layers + 1), activation, output_activation=activation,
                  loss="mean_squared_error", initializer=initializer, seed=seed)
    if scale is not None:
        rng = np.random.default_rng(seed)
        net.set_weights([scale * rng.standard_normal(p.shape) if p.ndim == 2 else p
                         for p in net.params])
    return net


# --------------------------------------------------------------------------------------
# A toy problem for the regularization widget (chapter 10)
# --------------------------------------------------------------------------------------


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
    hidden_units = check_int("hidden_units", hidden_units, minimum=1)
    train, test = make_toy_data(num_train, 500, noise, seed)
    network = Network([2, hidden_units, hidden_units, 1], activation="tanh",
                      output_activation="sigmoid", l2=l2, dropout=dropout, seed=seed)
    network.fit(*train, optim.Adam(learning_rate=learning_rate), epochs=epochs,
                batch_size=len(train[0]), shuffle=False)
    train_accuracy = network.accuracy(*train)
    test_accuracy = network.accuracy(*test)
    return {"network": network, "train": train, "test": test,
            "train_accuracy": train_accuracy, "test_accuracy": test_accuracy,
            "gap": train_accuracy - test_accuracy,
            "settings": {"hidden_units": hidden_units, "l2": network.l2,
                         "dropout": network.dropout[0], "num_train": num_train, "noise": noise}}
