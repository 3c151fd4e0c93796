"""NumPy reference network: a multilayer perceptron with backpropagation written out.

What is shown (chapter 08 reads it)
-----------------------------------
- Dense (fully connected) layers on a batch of rows, ``Z = A_prev @ W + b``, with
  ``A_prev`` of shape ``(batch, n_in)`` and ``W`` of shape ``(n_in, n_out)``: the layout
  of a Keras ``Dense`` kernel, so weights can be copied across unchanged.
- The forward pass, ``A = g(Z)`` layer by layer, with inverted dropout on the hidden
  layers during training.
- The backward pass in the chapter's notation, ``delta_l = dLoss/dZ_l``::

      delta_L = dLoss/dZ_L                          (output layer, :meth:`Network.output_delta`)
      dW_l    = A_(l-1).T @ delta_l                 db_l = sum of delta_l over the batch
      delta_(l-1) = (delta_l @ W_l.T) * g'(Z_(l-1))

  plus the L2 and L1 penalties on the weights (never on the biases).
- The update: an optimizer of :mod:`dlcourse.references.optim` changes ``W`` and ``b``
  in place, ``theta <- theta - eta * dtheta`` for plain SGD (:meth:`Network.train_step`).

The loss is the batch mean of a per-sample loss of :mod:`dlcourse.references.losses`
(mean squared error, TensorFlow Playground's half squared error, binary and
categorical cross-entropy, ...), so ``delta_L`` carries a ``1 / batch``; the
activations and their derivatives come from :mod:`dlcourse.references.activations`,
the initializers from :mod:`dlcourse.references.initializers`. The training loop
(``fit``), the gradient check and the deep stacks of chapter 08 are in
:mod:`dlcourse.references.training`.

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

from dlcourse.core.validation import check_int, check_number
from dlcourse.references import losses, optim
from dlcourse.references.activations import get_activation, softmax_backward
from dlcourse.references.initializers import initialize_weights

__all__ = ["DEFAULT_LOSS", "Network", "dropout_mask", "weight_gradient_norms"]

#: The output activation's natural loss, used when ``loss`` is not given.
DEFAULT_LOSS = {
    "softmax": "categorical_crossentropy",
    "sigmoid": "binary_crossentropy",
    "tanh": "half_squared_error",
    "linear": "mean_squared_error",
    "relu": "mean_squared_error",
    "leaky_relu": "mean_squared_error",
}

# Pairs where dLoss/dZ simplifies to (A - Y) per sample: g'(Z) cancels against dLoss/dA.
_CANCELLING_PAIRS = {("softmax", "categorical_crossentropy"), ("sigmoid", "binary_crossentropy")}
_CLASSIFYING_OUTPUTS = ("softmax", "sigmoid", "tanh")
_FLOAT_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))


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


def weight_gradient_norms(grads):
    """``||dW||`` (Frobenius norm) of each layer's weight gradient in ``[dW, db, ...]``."""
    return np.array([np.linalg.norm(dW) for dW in grads[0::2]])  # (num_layers,)


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
        A loss of :func:`dlcourse.references.losses.get_loss` (all but the sparse
        cross-entropy: class labels become one-hot rows here); default
        :data:`DEFAULT_LOSS`: softmax -> categorical_crossentropy, sigmoid ->
        binary_crossentropy, tanh -> half_squared_error, linear -> mean_squared_error.
    initializer : str
        Weight initializer (:data:`dlcourse.references.initializers.INITIALIZERS`);
        biases start at zero.
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
    g, g_prime : list of callables
        Each layer's activation and its derivative (``g_prime[-1]`` is ``None`` for a
        softmax output); replace one to plant a bug for a gradient check.
    A, Z : list of numpy.ndarray
        Activations and pre-activations of the last forward pass (``A[0]`` is the
        input, ``Z[0]`` is ``None``); ``A`` holds hidden activations after dropout.

    Example
    -------
    >>> net = Network([784, 100, 10], activation="relu", output_activation="softmax")
    >>> history = net.fit(x_train, y_train, optim.Adam(), epochs=2, batch_size=100)  # doctest: +SKIP
    """

    def __init__(self, layer_sizes, activation="relu", output_activation="softmax", loss=None,
                 *, initializer="glorot_uniform", l2=0.0, l1=0.0, dropout=0.0,
                 dtype="float64", seed=None):
        self.layer_sizes, self.activations = _check_layers(layer_sizes, activation,
                                                           output_activation)
        self.num_layers = len(self.layer_sizes) - 1  # layers with weights: hidden + output
        self.loss = DEFAULT_LOSS[output_activation] if loss is None else loss
        self.loss_function, self.loss_gradient = _check_loss(self.loss)
        self.l2 = check_number("l2", l2, minimum=0)
        self.l1 = check_number("l1", l1, minimum=0)
        self.dropout = _check_dropout(dropout, self.num_layers - 1)
        self.dtype = _check_dtype(dtype)
        self.rng = np.random.default_rng(int(np.random.randint(2**31)) if seed is None else seed)
        self.initializer = initializer
        self.W = [initialize_weights(n_in, n_out, initializer, self.rng, self.dtype)
                  for n_in, n_out in zip(self.layer_sizes[:-1], self.layer_sizes[1:])]
        self.b = [np.zeros(n_out, dtype=self.dtype) for n_out in self.layer_sizes[1:]]
        pairs = [get_activation(name) for name in self.activations]  # looked up once
        self.g = [g for g, _ in pairs]
        self.g_prime = [g_prime for _, g_prime in pairs]
        self.A, self.Z, self.masks = [], [], []

    # ----- forward pass --------------------------------------------------------------

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
        A = self._as_inputs(X)
        self.A, self.Z, self.masks = [A], [None], [None]
        for l in range(self.num_layers):
            Z = A @ self.W[l] + self.b[l]  # (batch, n_(l+1))
            A = self.g[l](Z)
            mask = None
            if training and l < self.num_layers - 1 and self.dropout[l] > 0:
                mask = dropout_mask(A.shape, self.dropout[l], self.rng, self.dtype)
                A = A * mask
            self.Z.append(Z)
            self.A.append(A)
            self.masks.append(mask)
        return A

    # ----- backward pass -------------------------------------------------------------

    def output_delta(self, Y):
        """``delta_L = dLoss/dZ_L`` of the last forward pass, shape (batch, n_outputs).

        The loss is the batch mean, so each sample's gradient is divided by the batch.
        """
        A, Z, output = self.A[-1], self.Z[-1], self.activations[-1]
        if (output, self.loss) in _CANCELLING_PAIRS:
            # A - Y per sample (a mean over the outputs for the sigmoid), / batch
            return (A - Y) / (A.size if output == "sigmoid" else len(A))
        dA = (self.loss_gradient(Y, A) / len(A)).astype(A.dtype, copy=False)  # dLoss/dA
        if output == "softmax":
            return softmax_backward(A, dA)  # softmax mixes the outputs of a row
        return dA * self.g_prime[-1](Z)

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
        Y = self._as_targets(y, len(self.A[0]))  # (batch, n_L)
        grads = [None] * (2 * self.num_layers)
        delta = self.output_delta(Y)  # (batch, n_L)
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
                delta = (delta @ self.W[l].T) * self.g_prime[l - 1](self.Z[l])  # (batch, n_l)
                if self.masks[l] is not None:
                    delta *= self.masks[l]  # dropped units pass no gradient back
        return grads

    # ----- the update ----------------------------------------------------------------

    def train_step(self, X, y, optimizer):
        """Forward, backward, one update of every parameter; returns the loss before it.

        Parameters
        ----------
        X : array of shape (batch, n_inputs)
        y : targets (see :meth:`backward`)
        optimizer : dlcourse.references.optim.Optimizer or str
            Anything with ``step(params, grads)``, or an optimizer's name.
        """
        optimizer = optim.as_optimizer(optimizer)
        A = self.forward(X, training=True)
        Y = self._as_targets(y, len(A))
        loss = self.batch_loss(Y, A)  # before the update changes the weights
        optimizer.step(self.params, self.backward(Y))
        return loss

    def fit(self, X, y, optimizer, **options):
        """Mini-batch training, like Keras's ``model.fit``; returns the history.

        See :func:`dlcourse.references.training.fit` for the options (``epochs``,
        ``batch_size``, ``validation_data``, ...).
        """
        from dlcourse.references.training import fit  # the training loop builds on this module

        return fit(self, X, y, optimizer, **options)

    # ----- losses and gradients ------------------------------------------------------

    def penalty(self):
        """The regularization term ``l2 * sum(W**2) + l1 * sum(|W|)`` (no biases)."""
        total = 0.0
        for W in self.W:
            if self.l2:
                total += self.l2 * float(np.sum(W * W))
            if self.l1:
                total += self.l1 * float(np.sum(np.abs(W)))
        return total

    def batch_loss(self, Y, A):
        """The batch mean of the per-sample losses of outputs ``A``, plus the penalty."""
        return float(np.mean(self.loss_function(Y, A))) + self.penalty()

    def compute_loss(self, X, y):
        """Loss on ``(X, y)`` without dropout, penalty included (as Keras's ``evaluate``)."""
        A = self.forward(X)
        return self.batch_loss(self._as_targets(y, len(A)), A)

    def gradients(self, X, y, training=False):
        """Loss (with penalty) and gradients for one batch: ``(loss, grads)``.

        ``grads`` is ``[dW[0], db[0], ...]`` in the order of :attr:`params`.
        """
        A = self.forward(X, training)
        Y = self._as_targets(y, len(A))
        return self.batch_loss(Y, A), self.backward(Y)

    def gradient_norms(self, X, y):
        """``||dW||`` (Frobenius norm) of every layer's weight gradient on one batch.

        Returns
        -------
        numpy.ndarray of shape (num_layers,)
            Input side first; vanishing gradients show as small first entries.
        """
        return weight_gradient_norms(self.gradients(X, y)[1])

    # ----- using a trained network ---------------------------------------------------

    def predict(self, X):
        """Output activations for ``X`` (no dropout): probabilities or values."""
        return self.forward(X)

    def num_correct(self, Y, A):
        """How many rows of outputs ``A`` match targets ``Y`` (see :meth:`accuracy`)."""
        output = self.activations[-1]
        if output == "softmax":
            return int(np.sum(A.argmax(axis=1) == Y.argmax(axis=1)))
        threshold = 0.5 if output == "sigmoid" else 0.0  # tanh: labels are -1 and +1
        # several outputs (multi-label): each output counts as a fraction of an example
        return int(np.count_nonzero((A > threshold) == (Y > threshold))) / A.shape[1]

    @property
    def classifies(self):
        """Whether the output is a classification output (softmax, sigmoid or tanh)."""
        return self.activations[-1] in _CLASSIFYING_OUTPUTS

    def accuracy(self, X, y):
        """Fraction of correctly classified examples.

        softmax: arg max against the label; sigmoid: output > 0.5 against label > 0.5;
        tanh: the sign of the output against the sign of the ±1 label.

        Raises
        ------
        ValueError
            For a regression output (linear, relu, leaky_relu).
        """
        if not self.classifies:
            raise ValueError(
                f"accuracy needs a classification output ({', '.join(_CLASSIFYING_OUTPUTS)}); "
                f"this network's output is {self.activations[-1]!r}"
            )
        A = self.forward(X)
        return float(self.num_correct(self._as_targets(y, len(A)), A) / len(A))

    def layer_activations(self, X, training=False):
        """Activations ``[A[1], ..., A[L]]`` of every layer after the input, for histograms."""
        self.forward(X, training)
        return list(self.A[1:])

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


# --------------------------------------------------------------------------------------
# Argument checks of Network(...)
# --------------------------------------------------------------------------------------


def _check_layers(layer_sizes, activation, output_activation):
    """``(sizes, activations)``: the units per layer and one activation per layer."""
    sizes = [check_int(f"layer_sizes[{i}]", n, minimum=1) for i, n in enumerate(layer_sizes)]
    if len(sizes) < 2:
        raise ValueError(f"layer_sizes must list at least two sizes (input, ..., output), "
                         f"got {layer_sizes!r}")
    num_hidden = len(sizes) - 2
    if isinstance(activation, str):
        hidden = [activation] * num_hidden
    elif isinstance(activation, (list, tuple)):
        hidden = list(activation)
    else:
        raise TypeError(f"activation must be a name or a list of names (one per hidden "
                        f"layer), got {activation!r}")
    if len(hidden) != num_hidden:
        raise ValueError(f"activation lists {len(hidden)} names but the network has "
                         f"{num_hidden} hidden layers; give one name or one per hidden layer")
    for name in hidden:
        get_activation(name)
        if name == "softmax":
            raise ValueError("softmax is for the output layer only; use it as output_activation")
    get_activation(output_activation)
    if output_activation == "softmax" and sizes[-1] < 2:
        raise ValueError("softmax needs at least 2 output units; for one output use "
                         "output_activation='sigmoid' (or 'tanh')")
    return sizes, hidden + [output_activation]


def _check_loss(name):
    """``(loss, gradient)`` of a per-sample loss the network can average over a batch."""
    entry = losses.get_loss(name)
    if entry.name == "sparse_categorical_crossentropy":
        raise ValueError("the network turns class labels into one-hot rows: use "
                         "loss='categorical_crossentropy' instead of the sparse one")
    return entry.function, entry.gradient


def _check_dropout(dropout, num_hidden):
    rates = [dropout] * num_hidden if np.ndim(dropout) == 0 else list(dropout)
    if len(rates) != num_hidden:
        raise ValueError(f"dropout lists {len(rates)} rates but the network has {num_hidden} "
                         f"hidden layers; give one rate or one per hidden layer")
    return [check_number("dropout", r, minimum=0, maximum=1, max_inclusive=False)
            for r in rates]


def _check_dtype(dtype):
    try:
        checked = np.dtype(dtype)
    except TypeError:
        raise TypeError(f"dtype must be 'float32' or 'float64', got {dtype!r}") from None
    if checked not in _FLOAT_DTYPES:
        raise ValueError(f"dtype must be 'float32' or 'float64', got {dtype!r}")
    return checked
