"""The loss catalogue: NumPy reference losses with their gradients.

What is shown (chapter 05 reads it):

- every loss Keras offers for the course's tasks, written out in NumPy with the formula
  in its docstring: mean squared, absolute, absolute percentage and squared logarithmic
  error for regression; binary, categorical and sparse categorical cross-entropy, hinge,
  squared hinge and categorical hinge for classification; and TensorFlow Playground's
  half squared error (:func:`half_squared_error`, not a Keras loss);
- for each one, its gradient with respect to the prediction, ``dL/dy_pred``;
- the gradient that reaches the *logits* ``z`` of a softmax output (:func:`softmax_gradient`),
  which explains why cross-entropy trains a softmax classifier and MSE barely does;
- :func:`loss_curves`: every loss of a task as a function of one number (a prediction or
  a logit), for the figures and the widget;
- :func:`juice_loss`, the chapter's custom asymmetric "juice sales" loss (its Keras
  class, and the Dice loss, are in :mod:`dlcourse.keras_helpers.custom_objects`).

The NumPy functions follow one convention, Keras's before it reduces over the batch:
``y_true`` and ``y_pred`` have shape ``(batch, outputs)`` (any leading axes work), and
the result holds one loss per sample, reduced over the last axis (a mean for the
elementwise losses, a sum over the classes for the categorical ones), shape
``(batch,)``. Each gradient is that of one sample's loss with respect to the prediction,
``dL/dy_pred``, shape of ``y_pred``. Keras then averages the losses over the batch, and
so does the network of chapter 08 (:mod:`dlcourse.references.nn`), whose gradients are
these divided by the batch size. Like Keras, the probability losses clip predictions to
``[EPSILON, 1 - EPSILON]``; the gradients are those of the clipped formula (zero where
clipping is active). ``y_true`` must be finite; ``y_pred`` may hold NaN or inf (a
network that diverged), and then so does the loss, as in Keras. Sigmoid and softmax
come from :mod:`dlcourse.references.activations`. The NumPy part is about 650 lines on
purpose: twelve losses, each a formula, its gradient and its input checks, read as one
catalogue (with :func:`loss_curves`, its figure data), and splitting it would scatter that.

NumPy only: this module never imports Keras.

Left out: label smoothing, ``from_logits=True`` (see :func:`softmax_gradient`), focal,
Huber, log-cosh, KL-divergence and Poisson losses, sample weights.

Example
-------
>>> import numpy as np
>>> from dlcourse import losses
>>> losses.mean_squared_error(np.array([[1.0, 2.0]]), np.array([[1.5, 2.0]]))
array([0.125])
>>> losses.loss("hinge", np.array([[1.0]]), np.array([[0.25]]))
array([0.75])
"""

from dataclasses import dataclass

import numpy as np

from dlcourse.core.validation import check_choice, check_int, check_number, lookup
from dlcourse.references.activations import sigmoid, softmax, softmax_backward

EPSILON = 1e-7  # keras.backend.epsilon(): the clip and the guard against dividing by 0


# ----------------------------------------------------------------------------- checks


def _as_float(name, value, finite=True):
    """``value`` as a float64 array; TypeError if not numeric, ValueError if not finite."""
    array = np.asarray(value)
    if array.dtype.kind not in "biuf":  # bool, signed and unsigned ints, floats
        raise TypeError(f"{name} must hold real numbers, got dtype {array.dtype}")
    array = array.astype(np.float64, copy=False)
    if array.ndim == 0:
        raise ValueError(
            f"{name} must have shape (batch, outputs) or (batch,), got a scalar {value!r}"
        )
    if finite and not np.isfinite(array).all():
        raise ValueError(f"{name} contains NaN or infinite values")
    return array


def _pair(y_true, y_pred):
    """Both arrays checked, with the same shape (``y_pred`` may hold NaN or inf)."""
    y_true = _as_float("y_true", y_true)
    y_pred = _as_float("y_pred", y_pred, finite=False)
    if y_true.shape != y_pred.shape:
        raise ValueError(
            f"y_true has shape {y_true.shape} but y_pred has shape {y_pred.shape}; they "
            f"must match (for integer class labels use sparse_categorical_crossentropy)"
        )
    return y_true, y_pred


def _check_probabilities(y_pred, loss_name):
    if y_pred.min() < 0 or y_pred.max() > 1:
        raise ValueError(
            f"{loss_name} expects probabilities in [0, 1] as y_pred, got values in "
            f"[{y_pred.min():.4g}, {y_pred.max():.4g}]; apply a sigmoid or softmax first"
        )


def _check_distribution(y_true, loss_name):
    if y_true.shape[-1] < 2:
        raise ValueError(
            f"{loss_name} needs at least 2 classes on the last axis, got shape "
            f"{y_true.shape}; for one output use binary_crossentropy"
        )
    if y_true.min() < 0 or not np.allclose(y_true.sum(axis=-1), 1.0, atol=1e-6):
        raise ValueError(
            f"{loss_name} expects one-hot rows (or probability rows summing to 1) as "
            f"y_true, shape (batch, classes); for integer labels (batch,) use "
            f"sparse_categorical_crossentropy"
        )


def _hinge_labels(y_true, loss_name):
    """Labels in {-1, 1}; 0/1 labels are converted to -1/1 as Keras does."""
    values = np.unique(y_true)
    if np.all(np.isin(values, (0.0, 1.0))):
        return 2.0 * y_true - 1.0
    if np.all(np.isin(values, (-1.0, 1.0))):
        return y_true
    raise ValueError(
        f"{loss_name} expects labels in {{-1, 1}} (or {{0, 1}}, converted to -1 and 1), "
        f"got {values[:5].tolist()}"
    )


def _check_one_hot(y_true, loss_name):
    if not (np.all(np.isin(y_true, (0.0, 1.0))) and np.all(y_true.sum(axis=-1) == 1)):
        raise ValueError(
            f"{loss_name} expects one-hot rows as y_true (one 1 and zeros per row), "
            f"shape (batch, classes)"
        )


# ----------------------------------------------------------------------------- regression


def mean_squared_error(y_true, y_pred):
    r"""Mean squared error: :math:`\frac{1}{K}\sum_k (\hat y_k - y_k)^2`, per sample."""
    y_true, y_pred = _pair(y_true, y_pred)
    return np.mean((y_pred - y_true) ** 2, axis=-1)


def mean_squared_error_gradient(y_true, y_pred):
    r""":math:`\partial L/\partial \hat y_k = \frac{2}{K}(\hat y_k - y_k)`."""
    y_true, y_pred = _pair(y_true, y_pred)
    return 2.0 * (y_pred - y_true) / y_pred.shape[-1]


def half_squared_error(y_true, y_pred):
    r"""TensorFlow Playground's loss: :math:`\frac{1}{2}\sum_k (\hat y_k - y_k)^2`, per sample.

    Not a Keras loss (so not in :data:`LOSSES`; :func:`get_loss` knows it). With one
    output it is half of :func:`mean_squared_error`.
    """
    y_true, y_pred = _pair(y_true, y_pred)
    return 0.5 * np.sum((y_pred - y_true) ** 2, axis=-1)


def half_squared_error_gradient(y_true, y_pred):
    r""":math:`\partial L/\partial \hat y_k = \hat y_k - y_k`."""
    y_true, y_pred = _pair(y_true, y_pred)
    return y_pred - y_true


def mean_absolute_error(y_true, y_pred):
    r"""Mean absolute error: :math:`\frac{1}{K}\sum_k |\hat y_k - y_k|`, per sample."""
    y_true, y_pred = _pair(y_true, y_pred)
    return np.mean(np.abs(y_pred - y_true), axis=-1)


def mean_absolute_error_gradient(y_true, y_pred):
    r""":math:`\frac{1}{K}\operatorname{sign}(\hat y_k - y_k)` (0 where they are equal)."""
    y_true, y_pred = _pair(y_true, y_pred)
    return np.sign(y_pred - y_true) / y_pred.shape[-1]


def mean_absolute_percentage_error(y_true, y_pred):
    r"""Mean absolute percentage error: :math:`\frac{100}{K}\sum_k |\hat y_k - y_k| / |y_k|`.

    Undefined for a target of 0: this reference raises ``ValueError`` there, where
    Keras silently divides by ``EPSILON`` and returns a huge number.
    """
    y_true, y_pred = _pair(y_true, y_pred)
    _check_nonzero_targets(y_true)
    return 100.0 * np.mean(np.abs((y_true - y_pred) / np.abs(y_true)), axis=-1)


def mean_absolute_percentage_error_gradient(y_true, y_pred):
    r""":math:`\frac{100}{K}\operatorname{sign}(\hat y_k - y_k) / |y_k|`."""
    y_true, y_pred = _pair(y_true, y_pred)
    _check_nonzero_targets(y_true)
    return 100.0 * np.sign(y_pred - y_true) / np.abs(y_true) / y_pred.shape[-1]


def _check_nonzero_targets(y_true):
    if np.any(y_true == 0):
        raise ValueError(
            "mean_absolute_percentage_error divides by the target, and y_true contains 0; "
            "use it for targets far from 0 (prices, sales), or use mean_absolute_error"
        )


def mean_squared_logarithmic_error(y_true, y_pred):
    r"""Mean squared logarithmic error: :math:`\frac{1}{K}\sum_k (\log(1+\hat y_k) - \log(1+y_k))^2`.

    For non-negative targets (counts, prices); negative targets raise ``ValueError``.
    Like Keras, predictions below ``EPSILON`` count as ``EPSILON``.
    """
    y_true, y_pred = _pair(y_true, y_pred)
    _check_nonnegative_targets(y_true)
    log_ratio = np.log1p(np.maximum(y_pred, EPSILON)) - np.log1p(np.maximum(y_true, EPSILON))
    return np.mean(log_ratio**2, axis=-1)


def mean_squared_logarithmic_error_gradient(y_true, y_pred):
    r""":math:`\frac{2}{K}\,\frac{\log(1+\hat y_k) - \log(1+y_k)}{1+\hat y_k}` (0 below ``EPSILON``)."""
    y_true, y_pred = _pair(y_true, y_pred)
    _check_nonnegative_targets(y_true)
    clipped = np.maximum(y_pred, EPSILON)
    log_ratio = np.log1p(clipped) - np.log1p(np.maximum(y_true, EPSILON))
    return np.where(y_pred > EPSILON, 2.0 * log_ratio / (1.0 + clipped), 0.0) / y_pred.shape[-1]


def _check_nonnegative_targets(y_true):
    if y_true.min() < 0:
        raise ValueError(
            f"mean_squared_logarithmic_error is for targets >= 0 (counts, prices), got "
            f"a target of {y_true.min():.4g}"
        )


# ----------------------------------------------------------------------------- classification


def binary_crossentropy(y_true, y_pred):
    r"""Binary cross-entropy: :math:`-\frac{1}{K}\sum_k [y_k\log p_k + (1-y_k)\log(1-p_k)]`.

    ``y_true``: labels 0 or 1 (or probabilities); ``y_pred``: probabilities ``p``
    (a sigmoid output), both of shape ``(batch, outputs)``.
    """
    y_true, p = _binary_pair(y_true, y_pred)
    p = np.clip(p, EPSILON, 1.0 - EPSILON)
    return -np.mean(y_true * np.log(p) + (1.0 - y_true) * np.log(1.0 - p), axis=-1)


def binary_crossentropy_gradient(y_true, y_pred):
    r""":math:`\frac{1}{K}\,\frac{p_k - y_k}{p_k(1-p_k)}` (0 where ``p`` is clipped)."""
    y_true, p = _binary_pair(y_true, y_pred)
    inside = (p > EPSILON) & (p < 1.0 - EPSILON)
    clipped = np.clip(p, EPSILON, 1.0 - EPSILON)
    return np.where(inside, (clipped - y_true) / (clipped * (1.0 - clipped)), 0.0) / p.shape[-1]


def _binary_pair(y_true, y_pred):
    y_true, y_pred = _pair(y_true, y_pred)
    if y_true.min() < 0 or y_true.max() > 1:
        raise ValueError(
            f"binary_crossentropy expects labels 0 or 1 as y_true, got values in "
            f"[{y_true.min():.4g}, {y_true.max():.4g}]; for labels -1/1 use hinge"
        )
    _check_probabilities(y_pred, "binary_crossentropy")
    return y_true, y_pred


def categorical_crossentropy(y_true, y_pred):
    r"""Categorical cross-entropy: :math:`-\sum_c y_c \log p_c`, per sample.

    ``y_true``: one-hot rows ``(batch, classes)``; ``y_pred``: class probabilities (a
    softmax output) of the same shape. Like Keras, ``y_pred`` is first rescaled to sum
    to 1 and clipped to ``[EPSILON, 1 - EPSILON]``.
    """
    y_true, p = _categorical_pair(y_true, y_pred)
    p = p / p.sum(axis=-1, keepdims=True)
    p = np.clip(p, EPSILON, 1.0 - EPSILON)
    return -np.sum(y_true * np.log(p), axis=-1)


def categorical_crossentropy_gradient(y_true, y_pred):
    r"""The gradient of :func:`categorical_crossentropy`: :math:`-y_c/p_c + \sum_i y_i / \sum_i p_i`.

    The first term is the textbook gradient of :math:`-\sum_c y_c\log p_c`. The second
    comes from Keras's rescaling of ``p`` to sum 1; it is the same for every class (1 for
    a softmax output), a step along the all-ones direction, which a softmax ignores: the
    gradient at the logits is :math:`p - y` either way. Classes whose rescaled ``p`` is
    clipped contribute nothing.
    """
    y_true, p = _categorical_pair(y_true, y_pred)
    total = p.sum(axis=-1, keepdims=True)
    q = p / total  # rescaled to sum 1
    inside = (q > EPSILON) & (q < 1.0 - EPSILON)
    weight = np.where(inside, y_true, 0.0)  # the terms of the sum that are not clipped
    return -weight / np.where(inside, p, 1.0) + weight.sum(axis=-1, keepdims=True) / total


def _categorical_pair(y_true, y_pred, loss_name="categorical_crossentropy"):
    y_true, y_pred = _pair(y_true, y_pred)
    _check_distribution(y_true, loss_name)
    _check_probabilities(y_pred, loss_name)
    if np.any(y_pred.sum(axis=-1) == 0):
        raise ValueError(f"{loss_name}: a row of y_pred sums to 0; it must hold probabilities")
    return y_true, y_pred


def _sparse_to_one_hot(y_true, y_pred):
    """Integer labels ``(batch,)`` (or ``(batch, 1)``) as one-hot rows like ``y_pred``."""
    labels = _as_float("y_true", y_true)
    y_pred = _as_float("y_pred", y_pred)
    if labels.ndim == y_pred.ndim and labels.shape[-1] == 1:
        labels = labels[..., 0]  # (batch, 1) -> (batch,), as Keras squeezes it
    if labels.shape != y_pred.shape[:-1]:
        raise ValueError(
            f"sparse_categorical_crossentropy expects integer labels of shape "
            f"{y_pred.shape[:-1]} for y_pred of shape {y_pred.shape}, got y_true of shape "
            f"{np.shape(y_true)}; for one-hot labels use categorical_crossentropy"
        )
    num_classes = y_pred.shape[-1]
    if np.any(labels != np.round(labels)) or labels.min() < 0 or labels.max() >= num_classes:
        raise ValueError(
            f"sparse_categorical_crossentropy expects integer labels in "
            f"[0, {num_classes - 1}] (one per sample), got values in "
            f"[{labels.min():.4g}, {labels.max():.4g}]"
        )
    return np.eye(num_classes)[labels.astype(int)], y_pred  # (batch, classes)


def sparse_categorical_crossentropy(y_true, y_pred):
    r"""Categorical cross-entropy with integer labels: :math:`-\log p_{y}`, per sample.

    ``y_true``: one integer class per sample, shape ``(batch,)`` or ``(batch, 1)``;
    ``y_pred``: class probabilities ``(batch, classes)``. Same value as
    :func:`categorical_crossentropy` on the one-hot form of the labels.
    """
    one_hot, y_pred = _sparse_to_one_hot(y_true, y_pred)
    _check_probabilities(y_pred, "sparse_categorical_crossentropy")
    return categorical_crossentropy(one_hot, y_pred)


def sparse_categorical_crossentropy_gradient(y_true, y_pred):
    r""":math:`\partial L/\partial p_c = -[c = y] / p_c`."""
    one_hot, y_pred = _sparse_to_one_hot(y_true, y_pred)
    _check_probabilities(y_pred, "sparse_categorical_crossentropy")
    return categorical_crossentropy_gradient(one_hot, y_pred)


def hinge(y_true, y_pred):
    r"""Hinge loss: :math:`\frac{1}{K}\sum_k \max(0,\ 1 - y_k \hat y_k)`, labels :math:`y_k=\pm1`.

    ``y_pred`` is a raw score (no sigmoid): the loss is 0 once the score is on the
    right side with a margin of at least 1, as in a support vector machine.
    """
    y_true, y_pred = _pair(y_true, y_pred)
    y_sign = _hinge_labels(y_true, "hinge")
    return np.mean(np.maximum(0.0, 1.0 - y_sign * y_pred), axis=-1)


def hinge_gradient(y_true, y_pred):
    r""":math:`-\frac{1}{K} y_k` where the margin :math:`1 - y_k\hat y_k > 0`, else 0."""
    y_true, y_pred = _pair(y_true, y_pred)
    y_sign = _hinge_labels(y_true, "hinge")
    return np.where(1.0 - y_sign * y_pred > 0, -y_sign, 0.0) / y_pred.shape[-1]


def squared_hinge(y_true, y_pred):
    r"""Squared hinge: :math:`\frac{1}{K}\sum_k \max(0,\ 1 - y_k \hat y_k)^2`, labels ±1."""
    y_true, y_pred = _pair(y_true, y_pred)
    y_sign = _hinge_labels(y_true, "squared_hinge")
    return np.mean(np.maximum(0.0, 1.0 - y_sign * y_pred) ** 2, axis=-1)


def squared_hinge_gradient(y_true, y_pred):
    r""":math:`-\frac{2}{K} y_k \max(0,\ 1 - y_k\hat y_k)`."""
    y_true, y_pred = _pair(y_true, y_pred)
    y_sign = _hinge_labels(y_true, "squared_hinge")
    return -2.0 * y_sign * np.maximum(0.0, 1.0 - y_sign * y_pred) / y_pred.shape[-1]


def categorical_hinge(y_true, y_pred):
    r"""Categorical hinge: :math:`\max(0,\ 1 + \max_{c \ne y}\hat y_c - \hat y_{y})`, per sample.

    ``y_true``: one-hot rows; ``y_pred``: raw class scores. As in Keras, the largest
    wrong-class score is taken over :math:`(1 - y_c)\,\hat y_c`, so the true class
    enters that maximum as 0.
    """
    y_true, y_pred = _pair(y_true, y_pred)
    _check_one_hot(y_true, "categorical_hinge")
    positive = np.sum(y_true * y_pred, axis=-1)          # score of the true class
    negative = np.max((1.0 - y_true) * y_pred, axis=-1)  # best wrong-class score
    return np.maximum(0.0, negative - positive + 1.0)


def categorical_hinge_gradient(y_true, y_pred):
    r"""Where the loss is positive: :math:`-1` on the true class, :math:`+1` on the best wrong one."""
    y_true, y_pred = _pair(y_true, y_pred)
    _check_one_hot(y_true, "categorical_hinge")
    masked = (1.0 - y_true) * y_pred
    best_wrong = np.argmax(masked, axis=-1)
    d_negative = (np.arange(y_pred.shape[-1]) == best_wrong[..., None]) * (1.0 - y_true)
    active = (np.max(masked, axis=-1) - np.sum(y_true * y_pred, axis=-1) + 1.0 > 0)[..., None]
    return np.where(active, d_negative - y_true, 0.0)


# ----------------------------------------------------------------------------- catalogue


@dataclass(frozen=True)
class LossEntry:
    """One loss of the catalogue: its reference, its gradient and how to use it."""

    name: str
    function: object
    gradient: object
    task: str
    y_true: str
    y_pred: str
    formula: str


LOSSES = {
    entry.name: entry
    for entry in (
        LossEntry("mean_squared_error", mean_squared_error, mean_squared_error_gradient,
                  "regression", "real numbers", "real numbers (linear output)",
                  r"\frac{1}{K}\sum_k(\hat y_k-y_k)^2"),
        LossEntry("mean_absolute_error", mean_absolute_error, mean_absolute_error_gradient,
                  "regression", "real numbers", "real numbers (linear output)",
                  r"\frac{1}{K}\sum_k|\hat y_k-y_k|"),
        LossEntry("mean_absolute_percentage_error", mean_absolute_percentage_error,
                  mean_absolute_percentage_error_gradient, "regression",
                  "real numbers, never 0", "real numbers (linear output)",
                  r"\frac{100}{K}\sum_k\frac{|\hat y_k-y_k|}{|y_k|}"),
        LossEntry("mean_squared_logarithmic_error", mean_squared_logarithmic_error,
                  mean_squared_logarithmic_error_gradient, "regression",
                  "numbers >= 0", "numbers >= 0 (e.g. softplus or ReLU output)",
                  r"\frac{1}{K}\sum_k\left(\log(1+\hat y_k)-\log(1+y_k)\right)^2"),
        LossEntry("binary_crossentropy", binary_crossentropy, binary_crossentropy_gradient,
                  "binary classification", "0 or 1", "probabilities (sigmoid output)",
                  r"-\frac{1}{K}\sum_k\left[y_k\log p_k+(1-y_k)\log(1-p_k)\right]"),
        LossEntry("categorical_crossentropy", categorical_crossentropy,
                  categorical_crossentropy_gradient, "multi-class classification",
                  "one-hot rows (batch, classes)", "probabilities (softmax output)",
                  r"-\sum_c y_c\log p_c"),
        LossEntry("sparse_categorical_crossentropy", sparse_categorical_crossentropy,
                  sparse_categorical_crossentropy_gradient, "multi-class classification",
                  "integer labels (batch,)", "probabilities (softmax output)",
                  r"-\log p_{y}"),
        LossEntry("hinge", hinge, hinge_gradient, "binary classification",
                  "-1 or 1 (0/1 converted)", "scores (linear or tanh output)",
                  r"\frac{1}{K}\sum_k\max(0,1-y_k\hat y_k)"),
        LossEntry("squared_hinge", squared_hinge, squared_hinge_gradient,
                  "binary classification", "-1 or 1 (0/1 converted)",
                  "scores (linear or tanh output)",
                  r"\frac{1}{K}\sum_k\max(0,1-y_k\hat y_k)^2"),
        LossEntry("categorical_hinge", categorical_hinge, categorical_hinge_gradient,
                  "multi-class classification", "one-hot rows (batch, classes)",
                  "scores (linear output)",
                  r"\max\left(0,\ 1+\max_{c\neq y}\hat y_c-\hat y_y\right)"),
    )
}


#: TensorFlow Playground's loss, outside Keras's catalogue
HALF_SQUARED_ERROR = LossEntry(
    "half_squared_error", half_squared_error, half_squared_error_gradient, "regression",
    "real numbers (-1 or 1 in the Playground)", "real numbers (tanh or linear output)",
    r"\frac{1}{2}\sum_k(\hat y_k-y_k)^2")


def get_loss(name):
    """The :class:`LossEntry` ``name``: a key of :data:`LOSSES` or ``"half_squared_error"``."""
    return lookup({**LOSSES, HALF_SQUARED_ERROR.name: HALF_SQUARED_ERROR}, name, "loss")


def loss(name, y_true, y_pred):
    """The per-sample loss ``name`` (see :func:`get_loss`) in NumPy, shape ``(batch,)``."""
    return get_loss(name).function(y_true, y_pred)


def gradient(name, y_true, y_pred):
    """``dL/dy_pred`` of one sample's loss ``name``, same shape as ``y_pred``."""
    return get_loss(name).gradient(y_true, y_pred)


# ----------------------------------------------------------------------------- logits


def softmax_gradient(name, y_true, z):
    r"""The gradient that reaches the logits ``z`` of a softmax output: ``dL/dz``.

    With :math:`p = \operatorname{softmax}(z)` the chain rule gives
    :math:`\partial L/\partial z_j = p_j\,(g_j - \sum_i p_i g_i)` where
    :math:`g = \partial L/\partial p`. For cross-entropy this collapses to
    :math:`p - y`, computed in that closed form (no division by a tiny ``p``). For
    mean squared error every term carries a factor :math:`p_j`: when the network is
    confidently wrong (the true class's :math:`p` near 0, a wrong one near 1), the
    gradient vanishes.

    Parameters
    ----------
    name : {"categorical_crossentropy", "mean_squared_error", ...}
        A catalogue loss that takes probabilities and one-hot labels.
    y_true : array (batch, classes)
        One-hot labels.
    z : array (batch, classes)
        Logits.

    Returns
    -------
    array (batch, classes)
    """
    y_true, z = _pair(y_true, z)
    p = softmax(z)
    if name == "categorical_crossentropy":
        _check_distribution(y_true, name)
        return p * y_true.sum(axis=-1, keepdims=True) - y_true
    return softmax_backward(p, gradient(name, y_true, p))


# ----------------------------------------------------------------------------- curves

CURVE_TASKS = ("regression", "binary", "multi-class")
NUM_CURVE_CLASSES = 3


def loss_curves(task, target, x):
    r"""Every loss of a task, and its derivative, as functions of one number ``x``.

    Parameters
    ----------
    task : {"regression", "binary", "multi-class"}
        - ``"regression"``: ``x`` is the prediction :math:`\hat y` of one output and
          ``target`` the true value :math:`y > 0`; the losses are MSE, MAE, MAPE and
          MSLE, and the derivative is :math:`\partial L/\partial\hat y`.
        - ``"binary"``: ``x`` is the logit :math:`z` of one output and ``target`` the
          label 0 or 1. Cross-entropy and MSE see :math:`p = \sigma(z)`; hinge and
          squared hinge see the score :math:`z` itself (labels 0/1 become -1/1). The
          derivative is :math:`\partial L/\partial z` (through the sigmoid).
        - ``"multi-class"``: three classes with logits :math:`(x, 0, 0)` and true
          class ``target`` (0, 1 or 2): raising ``x`` makes class 0 likelier.
          Categorical and sparse categorical cross-entropy and MSE see
          :math:`\operatorname{softmax}(z)`; categorical hinge sees :math:`z`. The
          derivative is :math:`\partial L/\partial z_0`.
    target : float or int
    x : float or array
        Where to evaluate (a number, or a grid of numbers for a plot).

    Returns
    -------
    dict
        Loss name -> ``(loss values, derivative values)``, arrays shaped like ``x``.

    Example
    -------
    >>> curves = loss_curves("binary", 1, [-2.0, 0.0, 2.0])
    >>> sorted(curves)
    ['binary_crossentropy', 'hinge', 'mean_squared_error', 'squared_hinge']
    """
    curves_of = {"regression": _regression_curves, "binary": _binary_curves,
                 "multi-class": _multiclass_curves}[check_choice("task", task, CURVE_TASKS)]
    x = _as_float("x", np.atleast_1d(x))
    shape = x.shape
    curves = curves_of(target, x.reshape(-1, 1))  # x as (points, 1)
    return {name: (values.reshape(shape), slopes.reshape(shape))
            for name, (values, slopes) in curves.items()}


def _regression_curves(target, y_hat):
    # MAPE divides by the target, MSLE takes its logarithm
    target = check_number("target for task 'regression'", target, minimum=0,
                          min_inclusive=False)
    y = np.full_like(y_hat, float(target))
    return {name: (loss(name, y, y_hat), gradient(name, y, y_hat)[:, 0])
            for name in ("mean_squared_error", "mean_absolute_error",
                         "mean_absolute_percentage_error", "mean_squared_logarithmic_error")}


def _binary_curves(target, z):
    check_int("label for task 'binary'", target, minimum=0, maximum=1)
    y = np.full_like(z, float(target))
    p = sigmoid(z)
    dp_dz = p * (1.0 - p)  # the sigmoid's derivative
    curves = {
        # dL/dz = dL/dp * dp/dz = (p - y) / (p (1 - p)) * p (1 - p) = p - y
        "binary_crossentropy": (loss("binary_crossentropy", y, p), (p - y)[:, 0]),
        "mean_squared_error": (loss("mean_squared_error", y, p),
                               gradient("mean_squared_error", y, p)[:, 0] * dp_dz[:, 0]),
    }
    for name in ("hinge", "squared_hinge"):
        curves[name] = (loss(name, y, z), gradient(name, y, z)[:, 0])
    return curves


def _multiclass_curves(target, x):
    check_int("class for task 'multi-class'", target, minimum=0, maximum=NUM_CURVE_CLASSES - 1)
    z = np.concatenate([x, np.zeros((len(x), NUM_CURVE_CLASSES - 1))], axis=1)  # (points, 3)
    one_hot = np.zeros_like(z)
    one_hot[:, int(target)] = 1.0
    labels = np.full(len(z), int(target))
    p = softmax(z)
    cross_entropy = loss("categorical_crossentropy", one_hot, p)
    ce_slope = softmax_gradient("categorical_crossentropy", one_hot, z)[:, 0]
    return {
        "categorical_crossentropy": (cross_entropy, ce_slope),
        "sparse_categorical_crossentropy": (loss("sparse_categorical_crossentropy", labels, p),
                                            ce_slope),
        "mean_squared_error": (loss("mean_squared_error", one_hot, p),
                               softmax_gradient("mean_squared_error", one_hot, z)[:, 0]),
        "categorical_hinge": (loss("categorical_hinge", one_hot, z),
                              gradient("categorical_hinge", one_hot, z)[:, 0]),
    }


# ----------------------------------------------------------------------------- custom losses


def juice_loss(y_true, y_pred, *, cost, profit):
    r"""The material's asymmetric "juice sales" loss, in NumPy, per sample.

    Predicting more boxes than are sold wastes ``cost`` per unsold box; predicting
    fewer loses ``profit`` per box that could have been sold:

    .. math:: L = \frac{1}{K}\sum_k \begin{cases} \mathrm{COST}\,(\hat y_k - y_k) &
              \hat y_k > y_k \\ \mathrm{PROFIT}\,(y_k - \hat y_k) & \text{otherwise}
              \end{cases}

    The best constant prediction is the quantile ``profit / (cost + profit)`` of the
    targets (the newsvendor problem); ``cost == profit`` gives half the MAE.
    """
    y_true, y_pred = _pair(y_true, y_pred)
    cost, profit = _check_prices(cost, profit)
    error = y_pred - y_true
    return np.mean(np.where(error > 0, cost * error, -profit * error), axis=-1)


def juice_loss_gradient(y_true, y_pred, *, cost, profit):
    """``cost / K`` where the prediction is too high, ``-profit / K`` elsewhere."""
    y_true, y_pred = _pair(y_true, y_pred)
    cost, profit = _check_prices(cost, profit)
    return np.where(y_pred - y_true > 0, cost, -profit) / y_pred.shape[-1]


def _check_prices(cost, profit):
    """``(cost, profit)`` as floats, each a positive number (per box)."""
    return (check_number("cost", cost, minimum=0, min_inclusive=False),
            check_number("profit", profit, minimum=0, min_inclusive=False))
