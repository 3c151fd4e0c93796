"""NumPy reference network: a multilayer perceptron with backpropagation written out.

What is shown
-------------
- Dense (fully connected) layers on a batch of rows: ``Z = A_prev @ W + b`` with
  ``A_prev`` of shape ``(batch, n_in)`` and ``W`` of shape ``(n_in, n_out)``, the same
  layout as a Keras ``Dense`` kernel, so weights can be copied across unchanged.
- Activations and their derivatives: sigmoid, tanh, ReLU, leaky ReLU, linear; softmax
  for the output layer.
- Losses and their gradients: mean squared error (as in Keras), half squared error
  (as in TensorFlow Playground), binary and categorical cross-entropy.
- Backpropagation, layer by layer, in the chapter's notation::

      delta_L = dLoss/dZ_L                          (output layer)
      dW_l    = A_(l-1).T @ delta_l                 db_l = sum of delta_l over the batch
      delta_(l-1) = (delta_l @ W_l.T) * g'(Z_(l-1))

- L2 and L1 penalties on the weights (never on the biases), inverted dropout on the
  hidden layers, weight initializers (zeros, small random, Xavier, Glorot, He),
  mini-batch training with an optimizer from :mod:`dlcourse.references.optim`, and a numerical
  gradient check with two-sided differences.

What is left out
----------------
Convolutions, batch normalization, dropout on the input layer, GPUs, and automatic
differentiation: every derivative here is written by hand, which is the point. Use Keras
for real work; this module exists to be read and to be checked against it.

Speed
-----
One epoch of a 784-500-500-10 network on 10,000 MNIST images takes about as long as in
Keras with ``dtype="float32"`` (``tests/benchmarks/bench_nn_vs_keras.py``). On a machine
busy with other work, OpenBLAS's threads wait on each other and small matrix products
get several times slower; ``OPENBLAS_NUM_THREADS=1`` (set before NumPy is imported)
avoids that. Tiny networks (TensorFlow Playground sizes) cost ~50 microseconds per step.

Example
-------
>>> import numpy as np
>>> from dlcourse import nn, optim
>>> X = np.random.default_rng(0).uniform(-1, 1, (200, 2))  # (batch, features)
>>> y = (X[:, 0] * X[:, 1] > 0).astype(int)  # XOR-like labels 0/1
>>> net = nn.Network([2, 8, 1], activation="tanh", output_activation="sigmoid", seed=0)
>>> history = net.fit(X, y, optim.Adam(learning_rate=0.05), epochs=100, batch_size=10)
>>> net.accuracy(X, y) > 0.9
True
"""

import numpy as np

__all__ = [
    "ACTIVATIONS",
    "INITIALIZERS",
    "LOSSES",
    "Network",
    "binary_crossentropy",
    "build_deep_network",
    "binary_crossentropy_gradient",
    "categorical_crossentropy",
    "categorical_crossentropy_gradient",
    "dropout_mask",
    "get_activation",
    "get_loss",
    "gradient_check",
    "half_squared_error",
    "half_squared_error_gradient",
    "initialize_weights",
    "leaky_relu",
    "leaky_relu_derivative",
    "linear",
    "linear_derivative",
    "mean_squared_error",
    "mean_squared_error_gradient",
    "numerical_gradient",
    "relative_error",
    "relu",
    "relu_derivative",
    "sigmoid",
    "sigmoid_derivative",
    "softmax",
    "tanh",
    "tanh_derivative",
]

# Probabilities are clipped to [EPSILON, 1 - EPSILON] before a log, as Keras does.
EPSILON = 1e-7
LEAKY_RELU_SLOPE = 0.01  # the course material's 0.01 z; Keras's default slope is 0.2


# --------------------------------------------------------------------------------------
# Activations g(z) and their derivatives g'(z), element by element.
# --------------------------------------------------------------------------------------


def sigmoid(z):
    """Logistic sigmoid ``1 / (1 + exp(-z))``.

    Written as ``(1 + tanh(z / 2)) / 2``, the same function, which never overflows.
    """
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def sigmoid_derivative(z):
    """``sigmoid'(z) = sigmoid(z) * (1 - sigmoid(z))``, at most 1/4."""
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh(z):
    """Hyperbolic tangent, ``(exp(z) - exp(-z)) / (exp(z) + exp(-z))``."""
    return np.tanh(z)


def tanh_derivative(z):
    """``tanh'(z) = 1 - tanh(z)**2``, at most 1."""
    t = np.tanh(z)
    return 1.0 - t * t


def relu(z):
    """Rectified linear unit ``max(0, z)``."""
    return np.maximum(z, 0.0)


def relu_derivative(z):
    """1 where ``z > 0``, else 0 (the value at the kink ``z = 0`` is taken as 0)."""
    return (z > 0).astype(z.dtype)


def leaky_relu(z, slope=LEAKY_RELU_SLOPE):
    """``z`` for ``z > 0``, else ``slope * z`` (default slope 0.01)."""
    return np.where(z > 0, z, slope * z)


def leaky_relu_derivative(z, slope=LEAKY_RELU_SLOPE):
    """1 for ``z > 0``, else ``slope``."""
    return np.where(z > 0, 1.0, slope).astype(z.dtype)


def linear(z):
    """Identity ``g(z) = z`` (regression outputs)."""
    return z


def linear_derivative(z):
    """``g'(z) = 1``."""
    return np.ones_like(z)


def softmax(z):
    """Softmax over the last axis: ``exp(z) / sum(exp(z))``, row by row.

    The row maximum is subtracted first; this does not change the result and keeps
    ``exp`` from overflowing.
    """
    e = np.exp(z - z.max(axis=-1, keepdims=True))  # (batch, classes)
    return e / e.sum(axis=-1, keepdims=True)


#: name -> (g, g'). Softmax has no element-wise derivative; it is handled with the loss.
ACTIVATIONS = {
    "sigmoid": (sigmoid, sigmoid_derivative),
    "tanh": (tanh, tanh_derivative),
    "relu": (relu, relu_derivative),
    "leaky_relu": (leaky_relu, leaky_relu_derivative),
    "linear": (linear, linear_derivative),
    "softmax": (softmax, None),
}


def get_activation(name):
    """The pair ``(g, g_prime)`` for an activation name.

    Parameters
    ----------
    name : str
        One of ``ACTIVATIONS``: sigmoid, tanh, relu, leaky_relu, linear, softmax
        (softmax's derivative is ``None``: it is only used in the output layer).

    Returns
    -------
    tuple of callables

    Example
    -------
    >>> g, g_prime = get_activation("tanh")
    >>> float(g_prime(np.array(0.0)))
    1.0
    """
    if not isinstance(name, str):
        raise TypeError(f"activation must be a name (str), got {type(name).__name__}: {name!r}")
    if name not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}; use one of {sorted(ACTIVATIONS)}")
    return ACTIVATIONS[name]


# --------------------------------------------------------------------------------------
# Losses L(Y, A), averaged over the batch, and their gradients dL/dA.
# Argument order is Keras's: targets Y first, predictions A second, both (batch, outputs).
# The gradients include the 1/batch of the mean, so backprop never divides again.
# --------------------------------------------------------------------------------------


def mean_squared_error(Y, A):
    """Keras's MSE: ``mean((A - Y)**2)`` over outputs and batch."""
    return float(np.mean((A - Y) ** 2))


def mean_squared_error_gradient(Y, A):
    """``dL/dA = 2 (A - Y) / (batch * outputs)``."""
    return 2.0 * (A - Y) / A.size


def half_squared_error(Y, A):
    """TensorFlow Playground's loss: ``0.5 * sum((A - Y)**2)`` per example, batch mean.

    With one output it is half of :func:`mean_squared_error`.
    """
    return float(0.5 * np.sum((A - Y) ** 2) / len(A))


def half_squared_error_gradient(Y, A):
    """``dL/dA = (A - Y) / batch``."""
    return (A - Y) / len(A)


def binary_crossentropy(Y, A):
    """``-mean(Y log A + (1 - Y) log(1 - A))``, with ``A`` clipped as in Keras."""
    A = np.clip(A, EPSILON, 1.0 - EPSILON)
    return float(-np.mean(Y * np.log(A) + (1.0 - Y) * np.log(1.0 - A)))


def binary_crossentropy_gradient(Y, A):
    """``dL/dA = (A - Y) / (A (1 - A)) / (batch * outputs)``."""
    A = np.clip(A, EPSILON, 1.0 - EPSILON)
    return (A - Y) / (A * (1.0 - A)) / A.size


def categorical_crossentropy(Y, A):
    """``-mean over the batch of sum_k Y_k log A_k``, with ``A`` clipped as in Keras.

    ``Y`` is one-hot (or any rows of class probabilities), shape ``(batch, classes)``.
    """
    A = np.clip(A, EPSILON, 1.0 - EPSILON)
    return float(-np.sum(Y * np.log(A)) / len(A))


def categorical_crossentropy_gradient(Y, A):
    """``dL/dA = -Y / A / batch``."""
    A = np.clip(A, EPSILON, 1.0 - EPSILON)
    return -Y / A / len(A)


#: name -> (loss, gradient of the loss with respect to the network output A)
LOSSES = {
    "mse": (mean_squared_error, mean_squared_error_gradient),
    "half_squared_error": (half_squared_error, half_squared_error_gradient),
    "binary_crossentropy": (binary_crossentropy, binary_crossentropy_gradient),
    "categorical_crossentropy": (categorical_crossentropy, categorical_crossentropy_gradient),
}

# The output activation's natural loss, used when ``loss`` is not given.
DEFAULT_LOSS = {
    "softmax": "categorical_crossentropy",
    "sigmoid": "binary_crossentropy",
    "tanh": "half_squared_error",
    "linear": "mse",
    "relu": "mse",
    "leaky_relu": "mse",
}

# Pairs where dL/dZ simplifies to (A - Y) / size: the g'(Z) cancels against dL/dA.
_CANCELLING_PAIRS = {("softmax", "categorical_crossentropy"), ("sigmoid", "binary_crossentropy")}


def get_loss(name):
    """The pair ``(loss, loss_gradient)`` for a loss name (one of ``LOSSES``)."""
    if not isinstance(name, str):
        raise TypeError(f"loss must be a name (str), got {type(name).__name__}: {name!r}")
    if name not in LOSSES:
        raise ValueError(f"unknown loss {name!r}; use one of {sorted(LOSSES)}")
    return LOSSES[name]


# --------------------------------------------------------------------------------------
# Initializers and dropout
# --------------------------------------------------------------------------------------

#: initializer name -> what it draws for a (fan_in, fan_out) weight matrix
INITIALIZERS = {
    "zeros": "all zeros (every unit stays identical: symmetry is never broken)",
    "small_random": "normal, standard deviation 0.01",
    "xavier": "normal, standard deviation sqrt(1 / fan_in) (the course material's Xavier)",
    "glorot_normal": "normal, standard deviation sqrt(2 / (fan_in + fan_out))",
    "glorot_uniform": "uniform on +-sqrt(6 / (fan_in + fan_out)) (Keras's default)",
    "he_normal": "normal, standard deviation sqrt(2 / fan_in) (for ReLU)",
    "he_uniform": "uniform on +-sqrt(6 / fan_in)",
}


def initialize_weights(fan_in, fan_out, method="glorot_uniform", rng=None, dtype=np.float64):
    """A weight matrix ``W`` of shape ``(fan_in, fan_out)`` drawn by ``method``.

    Parameters
    ----------
    fan_in, fan_out : int
        Units in the layer below and in this layer.
    method : str
        One of ``INITIALIZERS`` (zeros, small_random, xavier, glorot_normal,
        glorot_uniform, he_normal, he_uniform). Keras draws its ``*_normal`` variants
        from a normal truncated at two standard deviations; here the normal is not
        truncated.
    rng : numpy.random.Generator, optional
        Source of randomness (a fresh unseeded one if omitted).
    dtype : numpy dtype
        float32 or float64.

    Returns
    -------
    numpy.ndarray of shape (fan_in, fan_out)

    Example
    -------
    >>> W = initialize_weights(784, 500, "he_normal", np.random.default_rng(0))
    >>> round(float(W.std() * np.sqrt(784 / 2)), 1)
    1.0
    """
    if method not in INITIALIZERS:
        raise ValueError(f"unknown initializer {method!r}; use one of {sorted(INITIALIZERS)}")
    rng = np.random.default_rng() if rng is None else rng
    shape = (fan_in, fan_out)
    if method == "zeros":
        W = np.zeros(shape)
    elif method == "small_random":
        W = 0.01 * rng.standard_normal(shape)
    elif method == "xavier":
        W = np.sqrt(1.0 / fan_in) * rng.standard_normal(shape)
    elif method == "glorot_normal":
        W = np.sqrt(2.0 / (fan_in + fan_out)) * rng.standard_normal(shape)
    elif method == "glorot_uniform":
        limit = np.sqrt(6.0 / (fan_in + fan_out))
        W = rng.uniform(-limit, limit, shape)
    elif method == "he_normal":
        W = np.sqrt(2.0 / fan_in) * rng.standard_normal(shape)
    else:  # he_uniform
        limit = np.sqrt(6.0 / fan_in)
        W = rng.uniform(-limit, limit, shape)
    return W.astype(dtype, copy=False)


def dropout_mask(shape, rate, rng, dtype=np.float64):
    """Inverted-dropout mask: 0 with probability ``rate``, else ``1 / (1 - rate)``.

    Multiplying activations by it drops units and rescales the kept ones, so the
    expected activation is unchanged and nothing has to change at test time.
    ``rate`` is the fraction dropped (Keras's convention); the course material's
    ``keep_prob`` is ``1 - rate``.
    """
    keep_prob = 1.0 - rate
    keep = rng.random(shape) < keep_prob
    return keep.astype(dtype) / np.asarray(keep_prob, dtype=dtype)


# --------------------------------------------------------------------------------------
# The network
# --------------------------------------------------------------------------------------

_FLOAT_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))


class Network:
    """A multilayer perceptron trained by backpropagation.

    Layer 0 is the input. ``W[l]`` and ``b[l]`` connect layer ``l`` to layer ``l + 1``,
    so ``Z[l + 1] = A[l] @ W[l] + b[l]`` and ``A[l + 1] = g(Z[l + 1])``.

    Parameters
    ----------
    layer_sizes : sequence of int
        Units per layer, input first, output last: ``[784, 500, 500, 10]``.
    activation : str or sequence of str
        Hidden-layer activation (one name, or one per hidden layer): sigmoid, tanh,
        relu, leaky_relu or linear.
    output_activation : str
        softmax (with categorical cross-entropy), sigmoid (binary cross-entropy),
        tanh (TensorFlow Playground's ±1 labels) or linear (regression).
    loss : str, optional
        One of ``LOSSES``; default: softmax -> categorical_crossentropy,
        sigmoid -> binary_crossentropy, tanh -> half_squared_error, linear -> mse.
    initializer : str
        Weight initializer (``INITIALIZERS``); biases start at zero.
    l2, l1 : float
        Penalty ``l2 * sum(W**2) + l1 * sum(|W|)`` over all weight matrices, added to
        the loss as Keras's ``regularizers.L2(l2)`` / ``L1(l1)`` do. Biases are not
        penalized.
    dropout : float or sequence of float
        Fraction of each hidden layer's units dropped during training (inverted
        dropout); one value for all hidden layers or one per hidden layer.
    dtype : str or numpy dtype
        float64 (default: exact enough for gradient checks) or float32 (faster).
    seed : int, optional
        Seeds initialization, dropout and shuffling. If omitted, a seed is drawn from
        NumPy's global generator, so :func:`dlcourse.core.config.set_seed` makes runs
        repeatable.

    Attributes
    ----------
    W, b : list of numpy.ndarray
        Weights ``(n_l, n_(l+1))`` and biases ``(n_(l+1),)``, updated in place.
    params : list of numpy.ndarray
        ``[W[0], b[0], W[1], b[1], ...]``: the same arrays, in Keras's
        ``model.trainable_variables`` order; what an optimizer updates.
    A, Z : list of numpy.ndarray
        Activations and pre-activations of the last forward pass (``A[0]`` is the
        input, ``Z[0]`` is ``None``); ``A`` holds hidden activations after dropout.

    Example
    -------
    >>> net = Network([784, 100, 10], activation="relu", output_activation="softmax")
    >>> history = net.fit(x_train, y_train, optim.Adam(), epochs=2, batch_size=100)  # doctest: +SKIP
    """

    def __init__(
        self,
        layer_sizes,
        activation="relu",
        output_activation="softmax",
        loss=None,
        *,
        initializer="glorot_uniform",
        l2=0.0,
        l1=0.0,
        dropout=0.0,
        dtype="float64",
        seed=None,
    ):
        sizes = list(layer_sizes)
        if len(sizes) < 2 or not all(isinstance(n, (int, np.integer)) and n > 0 for n in sizes):
            raise ValueError(
                f"layer_sizes must list at least two positive ints (input, ..., output), "
                f"got {layer_sizes!r}"
            )
        self.layer_sizes = [int(n) for n in sizes]
        self.num_layers = len(sizes) - 1  # layers with weights: hidden layers + output
        num_hidden = self.num_layers - 1

        if isinstance(activation, str):
            hidden = [activation] * num_hidden
        elif isinstance(activation, (list, tuple)):
            hidden = list(activation)
        else:
            raise TypeError(
                f"activation must be a name or a list of names (one per hidden layer), "
                f"got {activation!r}"
            )
        if len(hidden) != num_hidden:
            raise ValueError(
                f"activation lists {len(hidden)} names but the network has {num_hidden} "
                f"hidden layers; give one name or one per hidden layer"
            )
        for name in hidden:
            get_activation(name)
            if name == "softmax":
                raise ValueError(
                    "softmax is for the output layer only; use it as output_activation"
                )
        get_activation(output_activation)
        if output_activation == "softmax" and self.layer_sizes[-1] < 2:
            raise ValueError(
                "softmax needs at least 2 output units; for one output use "
                "output_activation='sigmoid' (or 'tanh')"
            )
        self.activations = hidden + [output_activation]

        loss = DEFAULT_LOSS[output_activation] if loss is None else loss
        self.loss_function, self.loss_gradient = get_loss(loss)
        self.loss = loss

        for name, value in (("l2", l2), ("l1", l1)):
            if not isinstance(value, (int, float, np.floating)) or isinstance(value, bool):
                raise TypeError(f"{name} must be a number, got {value!r}")
            if value < 0:
                raise ValueError(f"{name} must be >= 0 (0 turns the penalty off), got {value!r}")
        self.l2, self.l1 = float(l2), float(l1)

        rates = [dropout] * num_hidden if np.ndim(dropout) == 0 else list(dropout)
        if len(rates) != num_hidden:
            raise ValueError(
                f"dropout lists {len(rates)} rates but the network has {num_hidden} hidden "
                f"layers; give one rate or one per hidden layer"
            )
        if not all(0.0 <= r < 1.0 for r in rates):
            raise ValueError(f"dropout rates must be in [0, 1), got {dropout!r}")
        self.dropout = [float(r) for r in rates]

        try:
            self.dtype = np.dtype(dtype)
        except TypeError:
            raise TypeError(f"dtype must be 'float32' or 'float64', got {dtype!r}") from None
        if self.dtype not in _FLOAT_DTYPES:
            raise ValueError(f"dtype must be 'float32' or 'float64', got {dtype!r}")

        if seed is None:
            seed = int(np.random.randint(2**31))
        self.rng = np.random.default_rng(seed)
        self.initializer = initializer
        self.W = [
            initialize_weights(n_in, n_out, initializer, self.rng, self.dtype)
            for n_in, n_out in zip(self.layer_sizes[:-1], self.layer_sizes[1:])
        ]
        self.b = [np.zeros(n_out, dtype=self.dtype) for n_out in self.layer_sizes[1:]]
        self._bind_activations()
        self.A, self.Z, self.masks = [], [], []

    def _bind_activations(self):
        # Looked up once, so the training loop does no dictionary lookups.
        pairs = [get_activation(name) for name in self.activations]
        self._g = [g for g, _ in pairs]
        self._g_prime = [g_prime for _, g_prime in pairs]

    # ----- parameters ----------------------------------------------------------------

    @property
    def params(self):
        """``[W[0], b[0], W[1], b[1], ...]``: the arrays themselves, not copies."""
        return [p for W, b in zip(self.W, self.b) for p in (W, b)]

    @property
    def num_params(self):
        """Number of trainable numbers (weights and biases)."""
        return sum(p.size for p in self.params)

    def get_weights(self):
        """Copies of ``[W[0], b[0], W[1], b[1], ...]`` (Keras's ``get_weights`` order)."""
        return [p.copy() for p in self.params]

    def set_weights(self, weights):
        """Copy ``[W[0], b[0], ...]`` into the network (e.g. from ``model.get_weights()``).

        Raises
        ------
        ValueError
            If the number of arrays or a shape does not match.
        """
        weights = list(weights)
        params = self.params
        if len(weights) != len(params):
            raise ValueError(
                f"expected {len(params)} arrays [W0, b0, W1, b1, ...], got {len(weights)}"
            )
        for i, (p, w) in enumerate(zip(params, weights)):
            w = np.asarray(w)
            if w.shape != p.shape:
                raise ValueError(f"array {i} has shape {w.shape}; this network needs {p.shape}")
            p[...] = w  # in place, so optimizers holding `params` stay connected

    def penalty(self):
        """The regularization term ``l2 * sum(W**2) + l1 * sum(|W|)`` (no biases)."""
        total = 0.0
        for W in self.W:
            if self.l2:
                total += self.l2 * float(np.sum(W * W))
            if self.l1:
                total += self.l1 * float(np.sum(np.abs(W)))
        return total

    # ----- inputs and targets --------------------------------------------------------

    def _as_inputs(self, X):
        X = np.asarray(X, dtype=self.dtype)  # no copy when already the right dtype
        if X.ndim != 2 or X.shape[1] != self.layer_sizes[0]:
            raise ValueError(
                f"X must have shape (batch, {self.layer_sizes[0]}), got {X.shape}"
            )
        return X

    def _as_targets(self, y, batch):
        """Targets as a (batch, outputs) float array; class labels become one-hot rows."""
        y = np.asarray(y)
        n_out = self.layer_sizes[-1]
        if self.activations[-1] == "softmax" and y.ndim == 1:
            if y.dtype.kind not in "iu":
                raise TypeError(f"class labels for softmax must be ints, got dtype {y.dtype}")
            if y.size and (y.min() < 0 or y.max() >= n_out):
                raise ValueError(
                    f"class labels must be in 0..{n_out - 1}, got {y.min()}..{y.max()}"
                )
            Y = np.eye(n_out, dtype=self.dtype)[y]  # (batch, classes), one-hot
        else:
            Y = np.asarray(y, dtype=self.dtype)
            if Y.ndim == 1 and n_out == 1:
                Y = Y.reshape(-1, 1)  # (batch, 1)
        if Y.shape != (batch, n_out):
            raise ValueError(
                f"targets must have shape ({batch}, {n_out}) to match X and the output "
                f"layer" + (" (or int class labels of shape (batch,))" if n_out > 1 else "")
                + f", got {np.shape(y)}"
            )
        return Y

    # ----- forward and backward pass -------------------------------------------------

    def forward(self, X, training=False):
        """Output activations for a batch; keeps ``A``, ``Z`` and dropout ``masks``.

        Parameters
        ----------
        X : array of shape (batch, n_inputs)
        training : bool
            Apply dropout (only then).

        Returns
        -------
        numpy.ndarray of shape (batch, n_outputs)
        """
        return self._forward(self._as_inputs(X), training)

    def _forward(self, X, training):
        A = X
        self.A, self.Z, self.masks = [X], [None], [None]
        for l in range(self.num_layers):
            Z = A @ self.W[l] + self.b[l]  # (batch, n_(l+1))
            A = self._g[l](Z)
            mask = None
            if training and l < self.num_layers - 1 and self.dropout[l] > 0:
                mask = dropout_mask(A.shape, self.dropout[l], self.rng, self.dtype)
                A = A * mask
            self.Z.append(Z)
            self.A.append(A)
            self.masks.append(mask)
        return A

    def _output_delta(self, Y):
        """``delta_L = dLoss/dZ_L`` for the output layer, shape (batch, n_outputs)."""
        A, Z = self.A[-1], self.Z[-1]
        output = self.activations[-1]
        if (output, self.loss) in _CANCELLING_PAIRS:
            # softmax + cross-entropy, sigmoid + binary cross-entropy: g'(Z) cancels.
            return (A - Y) / (A.size if output == "sigmoid" else len(A))
        dA = self.loss_gradient(Y, A)  # dLoss/dA, (batch, n_outputs)
        if output == "softmax":
            # Softmax mixes a row's outputs; its Jacobian-vector product:
            return A * (dA - np.sum(dA * A, axis=1, keepdims=True))
        return dA * self._g_prime[-1](Z)

    def backward(self, y):
        """Gradients of the loss of the last :meth:`forward` pass.

        Parameters
        ----------
        y : array
            Targets of that batch: shape (batch, n_outputs), or (batch,) class labels
            for a softmax output or values for a single output.

        Returns
        -------
        list of numpy.ndarray
            ``[dW[0], db[0], dW[1], db[1], ...]``, matching :attr:`params`; the weight
            gradients include the L2/L1 penalty.
        """
        if not self.A:
            raise ValueError("backward() needs a forward() pass first")
        return self._backward(self._as_targets(y, len(self.A[0])))

    def _backward(self, Y):
        grads = [None] * (2 * self.num_layers)
        delta = self._output_delta(Y)  # (batch, n_L)
        for l in reversed(range(self.num_layers)):
            # Gradients of the weights and biases that produced Z[l + 1]:
            dW = self.A[l].T @ delta  # (n_l, n_(l+1)); delta carries the 1/batch
            if self.l2:
                dW += (2.0 * self.l2) * self.W[l]
            if self.l1:
                dW += self.l1 * np.sign(self.W[l])
            grads[2 * l] = dW
            grads[2 * l + 1] = delta.sum(axis=0)  # (n_(l+1),)
            if l > 0:
                # delta one layer down: back through W[l], then through g of layer l.
                delta = (delta @ self.W[l].T) * self._g_prime[l - 1](self.Z[l])  # (batch, n_l)
                if self.masks[l] is not None:
                    delta *= self.masks[l]  # dropped units pass no gradient back
        return grads

    def gradients(self, X, y, training=False):
        """Loss (with penalty) and gradients for one batch: ``(loss, grads)``.

        ``grads`` is ``[dW[0], db[0], ...]`` in the order of :attr:`params`.
        """
        X = self._as_inputs(X)
        Y = self._as_targets(y, len(X))
        A = self._forward(X, training)
        return self.loss_function(Y, A) + self.penalty(), self._backward(Y)

    # ----- training ------------------------------------------------------------------

    def _train_step(self, X, Y, optimizer):
        A = self._forward(X, training=True)
        grads = self._backward(Y)
        optimizer.step(self.params, grads)
        return A, grads

    def train_step(self, X, y, optimizer):
        """One gradient step on one batch; returns the batch loss before the step.

        Parameters
        ----------
        X : array of shape (batch, n_inputs)
        y : targets (see :meth:`backward`)
        optimizer : dlcourse.references.optim.Optimizer
            Anything with ``step(params, grads)``.
        """
        X = self._as_inputs(X)
        Y = self._as_targets(y, len(X))
        penalty = self.penalty()  # before the step changes the weights
        A, _ = self._train_step(X, Y, _resolve_optimizer(optimizer))
        return self.loss_function(Y, A) + penalty

    def fit(
        self,
        X,
        y,
        optimizer,
        *,
        epochs=1,
        batch_size=32,
        shuffle=True,
        validation_data=None,
        track_gradient_norms=False,
        verbose=False,
    ):
        """Mini-batch training, like Keras's ``model.fit``.

        Parameters
        ----------
        X : array of shape (n_samples, n_inputs)
        y : targets (see :meth:`backward`)
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
        optimizer = _resolve_optimizer(optimizer)
        for name, value in (("epochs", epochs), ("batch_size", batch_size)):
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
                raise ValueError(f"{name} must be a positive int, got {value!r}")
        X = self._as_inputs(X)
        Y = self._as_targets(y, len(X))
        if validation_data is not None:
            X_val, y_val = validation_data
            X_val = self._as_inputs(X_val)
            Y_val = self._as_targets(y_val, len(X_val))
        classify = self.activations[-1] in _CLASSIFYING_OUTPUTS
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
        regularized = bool(self.l2 or self.l1)
        for epoch in range(epochs):
            if shuffle:
                order = self.rng.permutation(m)
                X_epoch, Y_epoch = X[order], Y[order]  # one copy; batches are then views
            else:
                X_epoch, Y_epoch = X, Y
            loss_sum, correct = 0.0, 0
            norm_sum = np.zeros(self.num_layers)
            num_batches = 0
            for start in range(0, m, batch_size):
                X_batch = X_epoch[start : start + batch_size]
                Y_batch = Y_epoch[start : start + batch_size]
                penalty = self.penalty() if regularized else 0.0  # before the update
                A, grads = self._train_step(X_batch, Y_batch, optimizer)
                loss_sum += (self.loss_function(Y_batch, A) + penalty) * len(A)
                if classify:
                    correct += self._num_correct(Y_batch, A)
                if track_gradient_norms:
                    norm_sum += [np.linalg.norm(dW) for dW in grads[0::2]]
                num_batches += 1
            history["loss"].append(loss_sum / m)
            if classify:
                history["accuracy"].append(correct / m)
            if track_gradient_norms:
                history["gradient_norms"].append(norm_sum / num_batches)
            if validation_data is not None:
                A_val = self._forward(X_val, training=False)
                history["val_loss"].append(self.loss_function(Y_val, A_val) + self.penalty())
                if classify:
                    history["val_accuracy"].append(self._num_correct(Y_val, A_val) / len(A_val))
            if verbose:
                shown = (k for k in history if k != "gradient_norms")
                line = ", ".join(f"{k}={history[k][-1]:.4f}" for k in shown)
                print(f"epoch {epoch + 1}/{epochs}: {line}")
        return history

    # ----- using a trained network ---------------------------------------------------

    def predict(self, X):
        """Output activations for ``X`` (no dropout): probabilities or values."""
        return self._forward(self._as_inputs(X), training=False)

    def compute_loss(self, X, y):
        """Loss on ``(X, y)`` without dropout, penalty included (as Keras's ``evaluate``)."""
        X = self._as_inputs(X)
        Y = self._as_targets(y, len(X))
        return self.loss_function(Y, self._forward(X, training=False)) + self.penalty()

    def _num_correct(self, Y, A):
        output = self.activations[-1]
        if output == "softmax":
            return int(np.sum(A.argmax(axis=1) == Y.argmax(axis=1)))
        threshold = 0.5 if output == "sigmoid" else 0.0  # tanh: labels are -1 and +1
        # several outputs (multi-label): each output counts as a fraction of an example
        return int(np.count_nonzero((A > threshold) == (Y > threshold))) / A.shape[1]

    def accuracy(self, X, y):
        """Fraction of correctly classified examples.

        softmax: arg max against the label; sigmoid: output > 0.5 against label > 0.5;
        tanh: the sign of the output against the sign of the ±1 label.

        Raises
        ------
        ValueError
            For a regression output (linear, relu, leaky_relu).
        """
        if self.activations[-1] not in _CLASSIFYING_OUTPUTS:
            raise ValueError(
                f"accuracy needs a classification output ({', '.join(_CLASSIFYING_OUTPUTS)}); "
                f"this network's output is {self.activations[-1]!r}"
            )
        X = self._as_inputs(X)
        Y = self._as_targets(y, len(X))
        return float(self._num_correct(Y, self._forward(X, training=False)) / len(X))

    def layer_activations(self, X, training=False):
        """Activations of every layer after the input, for histograms.

        Returns
        -------
        list of numpy.ndarray
            ``[A[1], ..., A[L]]``, each of shape (batch, units in that layer).
        """
        self.forward(X, training)
        return list(self.A[1:])

    def gradient_norms(self, X, y):
        """``||dW||`` (Frobenius norm) of every layer's weight gradient on one batch.

        Returns
        -------
        numpy.ndarray of shape (num_layers,)
            Input side first; vanishing gradients show as small first entries.
        """
        _, grads = self.gradients(X, y)
        return np.array([np.linalg.norm(dW) for dW in grads[0::2]])

    def summary(self):
        """A table of layers, shapes and parameter counts, as a string."""
        lines = [f"{'layer':<8}{'units':>7}  {'activation':<12}{'W shape':>14}{'params':>10}"]
        lines.append(f"{'input':<8}{self.layer_sizes[0]:>7}")
        for l, W in enumerate(self.W):
            lines.append(
                f"{l + 1:<8}{W.shape[1]:>7}  {self.activations[l]:<12}"
                f"{str(W.shape):>14}{W.size + self.b[l].size:>10}"
            )
        lines.append(f"loss: {self.loss}, l2={self.l2}, l1={self.l1}, dropout={self.dropout}, "
                     f"dtype={self.dtype}, params: {self.num_params}")
        return "\n".join(lines)

    def __repr__(self):
        return (
            f"Network({self.layer_sizes}, activation={self.activations[:-1]}, "
            f"output_activation={self.activations[-1]!r}, loss={self.loss!r})"
        )


_CLASSIFYING_OUTPUTS = ("softmax", "sigmoid", "tanh")


def _resolve_optimizer(optimizer):
    if isinstance(optimizer, str):
        from dlcourse.references import optim  # NumPy only; imported late to keep the modules apart

        return optim.get_optimizer(optimizer)
    if not callable(getattr(optimizer, "step", None)):
        raise TypeError(
            f"optimizer must be a dlcourse.references.optim optimizer (anything with "
            f"step(params, grads)) or its name, got {optimizer!r}"
        )
    return optimizer


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
    if epsilon <= 0:
        raise ValueError(f"epsilon must be > 0, got {epsilon!r}")
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
    network : Network
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
        raise TypeError(f"network must be a dlcourse.references.nn.Network, got {type(network).__name__}")
    if network.dtype != np.float64:
        raise ValueError(
            f"gradient checks need dtype='float64', this network is {network.dtype}; "
            f"rebuild it with dtype='float64'"
        )
    X = network._as_inputs(X)
    Y = network._as_targets(y, len(X))
    network._forward(X, training=False)
    exact = network._backward(Y)

    def loss():
        return network.loss_function(Y, network._forward(X, training=False)) + network.penalty()

    return relative_error(numerical_gradient(loss, network.params, epsilon), exact)


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
    Network
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
    if not isinstance(initializer, str):
        if isinstance(initializer, bool) or not isinstance(initializer, (int, float, np.floating)):
            raise TypeError(
                f"initializer must be a name from {sorted(INITIALIZERS)} or a standard "
                f"deviation (a number), got {initializer!r}"
            )
        if not initializer > 0:
            raise ValueError(f"a standard deviation must be > 0, got {initializer!r}")
        scale, initializer = float(initializer), "zeros"
    for name, value in (("num_layers", num_layers), ("width", width)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"{name} must be a positive int, got {value!r}")
    net = Network([width] * (num_layers + 1), activation, output_activation=activation,
                  loss="mse", initializer=initializer, seed=seed)
    if scale is not None:
        rng = np.random.default_rng(seed)
        net.set_weights([scale * rng.standard_normal(p.shape) if p.ndim == 2 else p
                         for p in net.params])
    return net
