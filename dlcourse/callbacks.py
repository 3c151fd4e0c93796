"""Keras callbacks the course needs, and the measurements they log.

Chapter 06 watches two things while a network trains:

- :func:`layer_gradient_norms`: the length of the loss gradient with respect to each
  layer's weights, on a fixed batch. :class:`GradientNormLogger` logs it at the start
  of training and every few steps. A deep sigmoid network shows the *vanishing
  gradient*: the layers near the input get far smaller gradients than those near the
  output.
- :func:`inactive_unit_fractions`: the share of each hidden layer's units whose output
  is ``<= 0`` on every example of a probe set. For ReLU such a unit is *dead*: it passes
  no gradient, so nothing revives it. :class:`InactiveUnitLogger` logs it as training
  goes.

Both loggers record at the start of training (step 0), after every ``every``-th batch,
and at the end of training, with the step (batch count) of each record, so that
records of several ``fit`` calls continue one another.

Importing this module imports Keras (a callback must subclass
``keras.callbacks.Callback``); ``import dlcourse`` does not import it.

Example::

    from dlcourse.callbacks import GradientNormLogger

    logger = GradientNormLogger(x_train[:256], y_train[:256], every=20)
    model.fit(x_train, y_train, epochs=1, callbacks=[logger], verbose=0)
    logger.steps             # [0, 20, 40, ...]
    logger.norms["hidden_1"] # one gradient norm per record
"""

import numbers

import numpy as np

from dlcourse.config import import_keras

keras = import_keras()


# ------------------------------------------------------------------------ measurements


def _weighted_layers(model, layers, *, skip_last=False):
    """The layers with trainable weights (input side first), or those named in ``layers``."""
    available = [layer for layer in model.layers if layer.trainable_weights]
    if skip_last:
        available = available[:-1]
    if layers is None:
        if not available:
            raise ValueError(f"model {model.name!r} has no layer with trainable weights"
                             + (" other than its output layer" if skip_last else ""))
        return available
    if isinstance(layers, str):
        layers = [layers]
    by_name = {layer.name: layer for layer in model.layers}
    chosen = []
    for name in layers:
        if name not in by_name:
            raise ValueError(f"model {model.name!r} has no layer {name!r}; its layers are "
                             f"{list(by_name)}")
        chosen.append(by_name[name])
    return chosen


def _checked_batch(x, y=None):
    x = np.asarray(x)
    if x.ndim < 1 or len(x) == 0:
        raise ValueError(f"x must be a non-empty batch (samples, ...), got shape {x.shape}")
    if y is not None:
        y = np.asarray(y)
        if len(y) != len(x):
            raise ValueError(f"x has {len(x)} samples but y has {len(y)}; they must match")
    return x, y


def layer_gradient_norms(model, x, y, *, layers=None):
    """The gradient norm of the loss with respect to each layer's weights, on one batch.

    The loss is the compiled loss of ``model`` (plus any regularization penalties), with
    ``training=False`` (dropout off); the weights are not changed.

    Parameters
    ----------
    model : keras.Model
        A compiled model.
    x, y : array
        A batch of inputs and of targets in the format the compiled loss expects.
    layers : list of str, optional
        Names of the layers to measure; by default every layer with trainable weights.

    Returns
    -------
    dict
        Layer name -> L2 norm of the gradient over all its trainable weights
        (``sqrt(sum of squared partial derivatives)``), input side first.

    Example
    -------
    >>> norms = layer_gradient_norms(model, x_train[:256], y_train[:256])  # doctest: +SKIP
    >>> norms                                                             # doctest: +SKIP
    {'hidden_1': 0.0021, 'hidden_2': 0.0094, ..., 'output': 0.41}
    """
    import tensorflow as tf

    if getattr(model, "_compile_loss", None) is None:
        raise ValueError(f"model {model.name!r} has no loss: compile it with a loss first")
    x, y = _checked_batch(x, y)
    chosen = _weighted_layers(model, layers)
    weights = [weight for layer in chosen for weight in layer.trainable_weights]
    with tf.GradientTape() as tape:
        y_pred = model(x, training=False)
        loss = model.compute_loss(x=x, y=y, y_pred=y_pred, training=False)
    gradients = tape.gradient(loss, weights)
    norms, position = {}, 0
    for layer in chosen:
        count = len(layer.trainable_weights)
        squares = [
            0.0 if g is None else float(tf.reduce_sum(tf.square(g)))
            for g in gradients[position:position + count]
        ]
        norms[layer.name] = float(np.sqrt(sum(squares)))
        position += count
    return norms


def inactive_unit_fractions(model, x, *, layers=None):
    """The share of units in each layer whose output is ``<= 0`` for every example of ``x``.

    For a ReLU layer this is the share of *dead* units: a unit that outputs 0 on every
    input also has derivative 0 on every input, so no gradient reaches its weights
    again. For Leaky ReLU or ELU the same units still pass a (smaller) gradient.

    Parameters
    ----------
    model : keras.Model
        A functional or Sequential model built on a ``keras.Input``.
    x : array
        A probe batch, e.g. 1,000 training examples.
    layers : list of str, optional
        Names of the layers to measure; by default every layer with trainable weights
        except the last one (the hidden layers of an MLP).

    Returns
    -------
    dict
        Layer name -> fraction in [0, 1] (units are the last axis of the layer output).
    """
    x, _ = _checked_batch(x)
    names, probe = _probe_model(model, layers)
    return _inactive_fractions(names, probe, x)


def _probe_model(model, layers):
    """The chosen layers' names, and a model that returns their outputs."""
    chosen = _weighted_layers(model, layers, skip_last=layers is None)
    inputs = model.inputs[0] if len(model.inputs) == 1 else model.inputs
    return [layer.name for layer in chosen], keras.Model(inputs, [layer.output for layer in chosen])


def _inactive_fractions(names, probe, x):
    outputs = probe(x, training=False)
    if len(names) == 1:
        outputs = [outputs]
    fractions = {}
    for name, output in zip(names, outputs):
        output = keras.ops.convert_to_numpy(output)
        units = output.reshape(-1, output.shape[-1])  # (examples and positions, units)
        fractions[name] = float(np.mean(np.all(units <= 0, axis=0)))
    return fractions


# --------------------------------------------------------------------------- callbacks


class _StepLogger(keras.callbacks.Callback):
    """Calls :meth:`_measure` at step 0, every ``every`` batches, and at the end."""

    def __init__(self, every):
        super().__init__()
        if isinstance(every, bool) or not isinstance(every, numbers.Integral) or every < 1:
            raise ValueError(f"every must be a positive int (batches between records), "
                             f"got {every!r}")
        self.every = int(every)
        self.steps = []
        self._step = 0

    def _record(self):
        if self.steps and self.steps[-1] == self._step:
            return
        self.steps.append(self._step)
        for name, value in self._measure().items():
            self._values.setdefault(name, []).append(value)

    def on_train_begin(self, logs=None):
        self._record()

    def on_train_batch_end(self, batch, logs=None):
        self._step += 1
        if self._step % self.every == 0:
            self._record()

    def on_train_end(self, logs=None):
        self._record()

    def as_array(self):
        """The records as an array ``(records, layers)``, layers in model order."""
        return np.array([self._values[name] for name in self._values]).T


class GradientNormLogger(_StepLogger):
    """Log :func:`layer_gradient_norms` on a fixed batch while the model trains.

    Parameters
    ----------
    x, y : array
        The batch the gradients are computed on (keep it small: a few hundred rows).
    every : int
        Record after every ``every``-th training batch (and at step 0 and at the end).
    layers : list of str, optional
        Names of the layers to measure; by default every layer with trainable weights.

    Attributes
    ----------
    steps : list of int
        The training step (batches seen) of each record.
    norms : dict
        Layer name -> list of gradient norms, one per record.
    """

    def __init__(self, x, y, *, every=10, layers=None):
        super().__init__(every)
        self.x, self.y = _checked_batch(x, y)
        self.layers = layers
        self.norms = self._values = {}

    def _measure(self):
        return layer_gradient_norms(self.model, self.x, self.y, layers=self.layers)


class InactiveUnitLogger(_StepLogger):
    """Log :func:`inactive_unit_fractions` on a probe set while the model trains.

    Parameters
    ----------
    x : array
        The probe inputs.
    every : int
        Record after every ``every``-th training batch (and at step 0 and at the end).
    layers : list of str, optional
        As in :func:`inactive_unit_fractions`.

    Attributes
    ----------
    steps : list of int
        The training step (batches seen) of each record.
    fractions : dict
        Layer name -> list of fractions of inactive units, one per record.
    """

    def __init__(self, x, *, every=10, layers=None):
        super().__init__(every)
        self.x, _ = _checked_batch(x)
        self.layers = layers
        self.fractions = self._values = {}
        self._probe = None

    def on_train_begin(self, logs=None):
        self._probe = _probe_model(self.model, self.layers)  # built once per fit
        super().on_train_begin(logs)

    def _measure(self):
        return _inactive_fractions(*self._probe, self.x)
