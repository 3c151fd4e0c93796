"""Keras callbacks the course needs, and a model of Keras's learning-rate reduction.

Callbacks (``model.fit(..., callbacks=[...])``):

- :class:`HookRecorder` records every hook Keras calls (``on_train_begin`` ...
  ``on_train_batch_end``, and the ``on_test_*`` hooks of the validation pass), to show
  the callback lifecycle.
- :class:`BestF1Checkpoint` scores the validation set's F1 after every epoch, logs it
  as ``val_f1`` and keeps (optionally saves) the weights of the best epoch.

(The live training plot, which draws, is :class:`dlcourse.presentation.live_plot.LivePlot`.)

Measurements, and callbacks that log them while a model trains (chapter 06):

- :func:`layer_gradient_norms`: the length of the loss gradient with respect to each
  layer's weights, on a fixed batch (the package's one gradient-norm computation for
  Keras models); :class:`GradientNormLogger` logs it at step 0, every ``every``
  batches and at the end. A deep sigmoid network shows the *vanishing gradient*.
- :func:`inactive_unit_fractions`: the share of each hidden layer's units whose output
  is ``<= 0`` on every example of a probe set (dead ReLU units);
  :class:`InactiveUnitLogger` logs it.

Pure functions:

- :func:`plateau_schedule` replays ``keras.callbacks.ReduceLROnPlateau`` on a list of
  monitored values: the learning rate each epoch would train with (tested against
  Keras's own callback).

Importing this module does not import Keras: the callback classes get their Keras base
class (``keras.callbacks.Callback``) when first used, ``callbacks.HookRecorder`` and so
on. Each one's behaviour lives in a plain class ``_<Name>Hooks`` below, and
:func:`lazy_callback_classes` makes the classes (other modules' callbacks use it too).

Example
-------
>>> from dlcourse import callbacks
>>> best = callbacks.BestF1Checkpoint((x_val, y_val), threshold="best")     # doctest: +SKIP
>>> model.fit(x, y, epochs=10, callbacks=[best], verbose=0)                  # doctest: +SKIP
"""

import sys

import numpy as np

from dlcourse.core.config import import_keras
from dlcourse.core.validation import check_choice, check_int, check_number

__all__ = ["BestF1Checkpoint", "GradientNormLogger", "HookRecorder", "InactiveUnitLogger",
           "inactive_unit_fractions", "layer_gradient_norms", "lazy_callback_classes",
           "plateau_schedule"]


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
    keras = import_keras()
    return [layer.name for layer in chosen], keras.Model(inputs, [layer.output for layer in chosen])


def _inactive_fractions(names, probe, x):
    outputs = probe(x, training=False)
    if len(names) == 1:
        outputs = [outputs]
    fractions = {}
    for name, output in zip(names, outputs):
        output = import_keras().ops.convert_to_numpy(output)
        units = output.reshape(-1, output.shape[-1])  # (examples and positions, units)
        fractions[name] = float(np.mean(np.all(units <= 0, axis=0)))
    return fractions


# --------------------------------------------------------------------------- callbacks


class _StepLoggerHooks:
    """Calls :meth:`_measure` at step 0, every ``every`` batches, and at the end."""

    def __init__(self, every):
        super().__init__()
        self.every = check_int("every", every, minimum=1)  # batches between records
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


class _GradientNormLoggerHooks(_StepLoggerHooks):
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


class _InactiveUnitLoggerHooks(_StepLoggerHooks):
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


# ------------------------------------------------------------------ HookRecorder


class _HookRecorderHooks:
    """Record each callback hook as it fires: ``(hook, epoch, batch)`` in :attr:`events`.

    Parameters
    ----------
    batches : bool
        Also record the per-batch hooks (``on_train_batch_begin/end`` and the
        validation pass's ``on_test_batch_begin/end``); they can be many.

    Attributes
    ----------
    events : list of tuple
        ``(hook name, epoch or None, batch or None)`` in call order. ``epoch`` counts
        from 0, as Keras passes it.
    """

    def __init__(self, batches=True):
        super().__init__()
        self.batches = bool(batches)
        self.events = []
        self._epoch = None

    def _record(self, hook, batch=None):
        self.events.append((hook, self._epoch, batch))

    def on_train_begin(self, logs=None):
        self._record("on_train_begin")

    def on_train_end(self, logs=None):
        self._epoch = None
        self._record("on_train_end")

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch
        self._record("on_epoch_begin")

    def on_epoch_end(self, epoch, logs=None):
        self._record("on_epoch_end")

    def on_train_batch_begin(self, batch, logs=None):
        if self.batches:
            self._record("on_train_batch_begin", batch)

    def on_train_batch_end(self, batch, logs=None):
        if self.batches:
            self._record("on_train_batch_end", batch)

    def on_test_begin(self, logs=None):
        self._record("on_test_begin")

    def on_test_end(self, logs=None):
        self._record("on_test_end")

    def on_test_batch_begin(self, batch, logs=None):
        if self.batches:
            self._record("on_test_batch_begin", batch)

    def on_test_batch_end(self, batch, logs=None):
        if self.batches:
            self._record("on_test_batch_end", batch)

    def counts(self):
        """How often each hook fired: ``{hook name: count}`` in first-call order."""
        counts = {}
        for hook, _, _ in self.events:
            counts[hook] = counts.get(hook, 0) + 1
        return counts

    def timeline(self, max_lines=None):
        """The events as indented text lines (runs of batch hooks folded into one)."""
        lines, index = [], 0
        while index < len(self.events):
            hook, epoch, batch = self.events[index]
            end = index
            if batch is not None:
                # fold consecutive begin/end pairs of the same kind of batch hook
                kind = hook.rsplit("_", 1)[0]
                while (end + 1 < len(self.events) and self.events[end + 1][2] is not None
                       and self.events[end + 1][0].rsplit("_", 1)[0] == kind):
                    end += 1
            depth = {"on_train": 0, "on_epoc": 1}.get(hook[:8], 2)
            if hook.startswith("on_test_batch") or hook.startswith("on_train_batch"):
                depth = 3 if hook.startswith("on_test") else 2
            text = hook
            if end > index:
                text = (f"{kind}_begin/end x {(end - index + 1) // 2} "
                        f"(batches {self.events[index][2]}..{self.events[end][2]})")
            where = f"   [epoch {epoch}]" if epoch is not None and hook.startswith("on_epoch") else ""
            lines.append("  " * depth + text + where)
            index = end + 1
        if max_lines is not None and len(lines) > max_lines:
            lines = lines[:max_lines] + [f"... {len(lines) - max_lines} more lines"]
        return lines


# ------------------------------------------------------------------ BestF1Checkpoint


class _BestF1CheckpointHooks:
    """Keep the weights of the epoch with the best validation F1 score.

    After every epoch it predicts the validation set, computes the F1 score of the
    positive class, writes it into the logs as ``val_f1`` (so it appears in the
    history, and callbacks listed *after* this one, such as ``EarlyStopping``, can
    monitor it), and remembers the weights when the score improves.

    Parameters
    ----------
    validation_data : (x, y)
        ``y`` holds 0/1 labels, shape ``(n,)`` or ``(n, 1)``; the model has one sigmoid
        output.
    threshold : float or "best"
        Predict 1 where the output is at least ``threshold``; ``"best"`` tries every
        threshold on the validation set and scores the best one (logged as
        ``val_f1_threshold``).
    filepath : str or path, optional
        Also save the model there (``model.save``, a ``.keras`` file) at each
        improvement. Use a temporary folder in notebooks.
    restore_best_weights : bool
        Put the best weights back into the model when training ends.
    batch_size : int
        Batch size of the prediction pass.

    Attributes
    ----------
    best_f1, best_epoch, best_threshold : float, int, float
        ``best_epoch`` counts from 1 (as the progress bar does).
    scores : list of float
        The validation F1 of every epoch.
    """

    def __init__(self, validation_data, *, threshold=0.5, filepath=None,
                 restore_best_weights=True, batch_size=1024):
        super().__init__()
        try:
            x_val, y_val = validation_data
        except (TypeError, ValueError):
            raise ValueError("validation_data must be a pair (x_val, y_val)") from None
        y_val = np.asarray(y_val)
        if y_val.ndim == 2 and y_val.shape[1] == 1:
            y_val = y_val[:, 0]
        if y_val.ndim != 1 or len(y_val) != len(x_val):
            raise ValueError(f"y_val must hold one 0/1 label per example of x_val "
                             f"({len(x_val)}), got shape {np.shape(validation_data[1])}")
        if not (isinstance(threshold, str) and threshold == "best"):
            threshold = check_number("threshold (or 'best')", threshold, minimum=0, maximum=1,
                                     min_inclusive=False, max_inclusive=False)
        self.x_val, self.y_val = x_val, y_val.astype(int)
        self.threshold = threshold
        self.filepath = None if filepath is None else str(filepath)
        self.restore_best_weights = bool(restore_best_weights)
        self.batch_size = check_int("batch_size", batch_size, minimum=1)
        self.best_f1, self.best_epoch, self.best_threshold = -1.0, None, None
        self.best_weights = None
        self.scores = []

    def on_train_begin(self, logs=None):
        self.best_f1, self.best_epoch, self.best_threshold = -1.0, None, None
        self.best_weights = None
        self.scores = []

    def score(self):
        """``(f1, threshold)`` of the current model on the validation data."""
        from dlcourse.references.evaluation import best_f1_threshold, f1_score

        scores = np.asarray(self.model.predict(self.x_val, batch_size=self.batch_size,
                                               verbose=0)).reshape(len(self.y_val), -1)
        if scores.shape[1] != 1:
            raise ValueError(f"BestF1Checkpoint needs a model with one (sigmoid) output, "
                             f"got {scores.shape[1]} outputs")
        scores = scores[:, 0]
        if self.threshold == "best":
            threshold, f1 = best_f1_threshold(self.y_val, scores)
            return f1, threshold
        return f1_score(self.y_val, (scores >= self.threshold).astype(int)), float(self.threshold)

    def on_epoch_end(self, epoch, logs=None):
        f1, threshold = self.score()
        self.scores.append(f1)
        if logs is not None:
            logs["val_f1"] = f1
            if self.threshold == "best":
                logs["val_f1_threshold"] = threshold
        if f1 > self.best_f1:
            self.best_f1, self.best_epoch, self.best_threshold = f1, epoch + 1, threshold
            self.best_weights = self.model.get_weights()
            if self.filepath is not None:
                self.model.save(self.filepath)

    def on_train_end(self, logs=None):
        if self.restore_best_weights and self.best_weights is not None:
            self.model.set_weights(self.best_weights)


# ------------------------------------------------------------------ pure functions


def plateau_schedule(values, learning_rate, *, factor=0.1, patience=10, min_delta=1e-4,
                     cooldown=0, min_lr=0.0, mode="min"):
    """The learning rate of each epoch under ``keras.callbacks.ReduceLROnPlateau``.

    Replays the callback's rule on the monitored values (one per epoch, e.g. the
    validation losses of a run): a value counts as better when it beats the best so
    far by more than ``min_delta``; after ``patience`` epochs without that, the rate is
    multiplied by ``factor`` (never below ``min_lr``) and ``cooldown`` epochs pass
    before waiting starts again.

    Parameters
    ----------
    values : sequence of float
        The monitored metric, one value per epoch.
    learning_rate : float
        The rate of the first epoch.
    factor, patience, min_delta, cooldown, min_lr : as in Keras
    mode : {"min", "max"}
        Lower is better (a loss) or higher is better (an accuracy).

    Returns
    -------
    numpy.ndarray
        The learning rate each epoch trained with; Keras logs the same values as
        ``history["learning_rate"]``.

    Example
    -------
    >>> plateau_schedule([1.0, 0.9, 0.9, 0.9, 0.9], 0.1, factor=0.5, patience=2).tolist()
    [0.1, 0.1, 0.1, 0.1, 0.05]
    """
    factor = check_number("factor", factor, minimum=0, maximum=1, min_inclusive=False,
                          max_inclusive=False)
    patience = check_int("patience", patience, minimum=0)
    cooldown = check_int("cooldown", cooldown, minimum=0)
    min_delta = check_number("min_delta", min_delta, minimum=0)
    min_lr = check_number("min_lr", min_lr, minimum=0)
    sign = 1.0 if check_choice("mode", mode, ("min", "max")) == "min" else -1.0
    best, wait, cooldown_left = None, 0, 0
    lr = check_number("learning_rate", learning_rate, minimum=0, min_inclusive=False)
    rates = []
    for value in np.asarray(values, dtype=float):
        rates.append(lr)  # the rate this epoch trained with
        if cooldown_left > 0:
            cooldown_left -= 1
            wait = 0
        if best is None or sign * (value - best) < -min_delta:
            best, wait = value, 0
        elif cooldown_left == 0:
            wait += 1
            if wait >= patience and lr > np.float32(min_lr):
                lr = max(lr * factor, min_lr)
                cooldown_left, wait = cooldown, 0
    return np.array(rates)


# ------------------------------------------------------------------ lazy Keras classes


def lazy_callback_classes(module, hooks):
    """``(__getattr__, __dir__)`` for a module whose callback classes need Keras.

    ``hooks`` maps each class name to a plain class holding the callback's behaviour.
    On first access, ``module.Name`` becomes ``type(Name, (hooks[Name],
    keras.callbacks.Callback), ...)``, made once and kept, so importing the module
    imports no Keras.

    Example
    -------
    >>> __getattr__, __dir__ = lazy_callback_classes(__name__, {"LivePlot": _LivePlotHooks})  # doctest: +SKIP
    """
    classes = {}

    def __getattr__(name):
        if name not in hooks:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        if name not in classes:
            keras = import_keras()
            behaviour = hooks[name]
            classes[name] = type(name, (behaviour, keras.callbacks.Callback),
                                 {"__doc__": behaviour.__doc__, "__module__": module})
        return classes[name]

    def __dir__():
        return sorted(set(vars(sys.modules[module])) | set(hooks))

    return __getattr__, __dir__


__getattr__, __dir__ = lazy_callback_classes(__name__, {
    "BestF1Checkpoint": _BestF1CheckpointHooks,
    "GradientNormLogger": _GradientNormLoggerHooks,
    "InactiveUnitLogger": _InactiveUnitLoggerHooks,
    "HookRecorder": _HookRecorderHooks,
})
