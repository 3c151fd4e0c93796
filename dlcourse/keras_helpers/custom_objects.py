"""Scores beyond accuracy: the Dice coefficient as a Keras metric and loss, and F1.

Two kinds of function live here, kept apart by their names:

- Keras objects written with tensor operations (``keras.ops``), so Keras can run them
  inside the training graph and differentiate them: :func:`dice_coefficient` (soft,
  differentiable), :func:`hard_dice_coefficient` (predictions thresholded at 0.5: a
  score, with zero gradient), :func:`dice_loss` and :func:`bce_dice_loss` (binary
  cross-entropy plus Dice, the usual segmentation loss). :func:`register_keras_objects`
  registers them under the package name ``"dlcourse"`` so that a model compiled with
  them saves and loads back by name; :func:`custom_objects` gives the same mapping for
  ``keras.saving.load_model(..., custom_objects=...)``.
- NumPy scores on predictions already computed: :func:`f1_score` and
  :func:`best_f1_threshold`, used by the best-F1 callback in :mod:`dlcourse.keras_helpers.callbacks`.

The Dice coefficient of a target mask ``t`` and a prediction ``p`` (both in [0, 1],
flattened over each sample) is::

    Dice = (2 * sum(t * p) + smooth) / (sum(t) + sum(p) + smooth)

1 for a perfect overlap, near 0 for none. On hard 0/1 predictions it equals the F1
score of the positive class. ``smooth`` keeps empty masks from dividing by zero.

Keras is imported inside the functions, never when this module is imported.

Example
-------
>>> from dlcourse import metrics
>>> metrics.register_keras_objects()                                  # doctest: +SKIP
>>> model.compile(optimizer="adam", loss=metrics.dice_loss,           # doctest: +SKIP
...               metrics=[metrics.dice_coefficient, metrics.hard_dice_coefficient])
"""

import numpy as np

PACKAGE = "dlcourse"
SMOOTH = 1.0
THRESHOLD = 0.5

__all__ = [
    "bce_dice_loss",
    "best_f1_threshold",
    "custom_objects",
    "dice_coefficient",
    "dice_loss",
    "f1_score",
    "hard_dice_coefficient",
    "register_keras_objects",
]


def _per_sample_dice(y_true, y_pred, smooth):
    from keras import ops

    y_true = ops.cast(y_true, y_pred.dtype)
    batch = ops.shape(y_pred)[0]
    t = ops.reshape(y_true, (batch, -1))  # (batch, pixels)
    p = ops.reshape(y_pred, (batch, -1))  # (batch, pixels)
    intersection = ops.sum(t * p, axis=1)
    return (2.0 * intersection + smooth) / (ops.sum(t, axis=1) + ops.sum(p, axis=1) + smooth)


def dice_coefficient(y_true, y_pred):
    """Soft Dice coefficient per sample, shape ``(batch,)``: differentiable.

    Parameters
    ----------
    y_true : tensor of 0/1 targets, shape (batch, ...)
    y_pred : tensor of probabilities in [0, 1], the same shape

    Returns
    -------
    tensor of shape (batch,)
        Keras averages it over the batch (and the epoch) when used as a metric.
    """
    return _per_sample_dice(y_true, y_pred, SMOOTH)


def hard_dice_coefficient(y_true, y_pred):
    """Dice coefficient of the predictions thresholded at 0.5 (the course material's).

    A score to report, not a loss: the threshold is a step function, so its gradient
    is zero almost everywhere and a network cannot learn from it.
    """
    from keras import ops

    hard = ops.cast(ops.greater_equal(y_pred, THRESHOLD), y_pred.dtype)
    return _per_sample_dice(y_true, hard, SMOOTH)


def dice_loss(y_true, y_pred):
    """``1 - dice_coefficient``: 0 for a perfect overlap, per sample ``(batch,)``."""
    return 1.0 - _per_sample_dice(y_true, y_pred, SMOOTH)


def bce_dice_loss(y_true, y_pred):
    """Binary cross-entropy plus Dice loss, per sample ``(batch,)``.

    The usual segmentation loss: from a random start the Dice loss alone tends to
    settle on an average mask first and improve slowly; the cross-entropy term gives
    every pixel a strong gradient, the Dice term keeps a small foreground from being
    swamped by the background.
    """
    from keras import ops

    y_true = ops.cast(y_true, y_pred.dtype)
    batch = ops.shape(y_pred)[0]
    t = ops.reshape(y_true, (batch, -1))  # (batch, pixels)
    p = ops.clip(ops.reshape(y_pred, (batch, -1)), 1e-7, 1.0 - 1e-7)
    bce = -ops.mean(t * ops.log(p) + (1.0 - t) * ops.log(1.0 - p), axis=1)
    return bce + dice_loss(y_true, y_pred)


_KERAS_OBJECTS = (dice_coefficient, hard_dice_coefficient, dice_loss, bce_dice_loss)


def custom_objects():
    """``{"dlcourse>dice_loss": dice_loss, ...}`` for ``load_model(custom_objects=...)``."""
    return {f"{PACKAGE}>{f.__name__}": f for f in _KERAS_OBJECTS}


def register_keras_objects():
    """Register the Dice functions with Keras under ``"dlcourse"``; returns their names.

    Registered objects are saved by name (``"dlcourse>dice_loss"``), and
    ``keras.saving.load_model`` finds them again in any later session that calls this
    function (or passes :func:`custom_objects`). Calling it twice is harmless.
    """
    import keras

    registered = keras.saving.get_custom_objects()
    for function in _KERAS_OBJECTS:
        name = f"{PACKAGE}>{function.__name__}"
        if registered.get(name) is not function:
            keras.saving.register_keras_serializable(package=PACKAGE)(function)
    return sorted(custom_objects())


# ----------------------------------------------------------------------------- NumPy


def _binary(name, values):
    values = np.asarray(values).ravel()
    if values.size and not np.isin(values, (0, 1)).all():
        raise ValueError(f"{name} must hold 0/1 labels, got values {np.unique(values)[:5]}")
    return values.astype(bool)


def f1_score(y_true, y_pred):
    """F1 of the positive class for 0/1 labels: ``2 TP / (2 TP + FP + FN)``.

    0.0 when there are no positives in either array (nothing to find, nothing found).

    Example
    -------
    >>> f1_score([1, 1, 0, 0], [1, 0, 1, 0])
    0.5
    """
    t, p = _binary("y_true", y_true), _binary("y_pred", y_pred)
    if t.shape != p.shape:
        raise ValueError(f"y_true has {t.size} labels but y_pred has {p.size}")
    tp = np.count_nonzero(t & p)
    denominator = 2 * tp + np.count_nonzero(~t & p) + np.count_nonzero(t & ~p)
    return float(2 * tp / denominator) if denominator else 0.0


def best_f1_threshold(y_true, scores):
    """The decision threshold on ``scores`` with the highest F1, and that F1.

    Every distinct score is tried as a threshold (predict 1 where ``score >= t``).

    Parameters
    ----------
    y_true : array of 0/1, shape (n,)
    scores : array of floats, shape (n,), e.g. sigmoid outputs

    Returns
    -------
    (float, float)
        ``(threshold, f1)``.

    Example
    -------
    >>> best_f1_threshold([0, 0, 1, 1], [0.1, 0.6, 0.7, 0.9])
    (0.7, 1.0)
    """
    t = _binary("y_true", y_true)
    s = np.asarray(scores, dtype=float).ravel()
    if s.shape != t.shape or s.size == 0:
        raise ValueError(f"y_true ({t.size}) and scores ({s.size}) must have the same "
                         f"non-zero length")
    order = np.argsort(-s, kind="stable")
    s_sorted, t_sorted = s[order], t[order]
    tp = np.cumsum(t_sorted)  # predicting the top k as positive
    fp = np.cumsum(~t_sorted)
    fn = t.sum() - tp
    last = np.r_[s_sorted[1:] != s_sorted[:-1], True]  # ties: take all equal scores
    f1 = np.where(last, 2 * tp / np.maximum(2 * tp + fp + fn, 1), -1.0)
    best = int(np.argmax(f1))
    return float(s_sorted[best]), float(f1[best])
