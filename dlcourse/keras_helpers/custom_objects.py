"""The course's custom Keras losses and metrics, and the one way to register them.

Written with tensor operations (``keras.ops``), so Keras can run them inside the
training graph and differentiate them:

- the Dice family: :func:`dice_coefficient` (soft, differentiable: a metric and the
  basis of a loss), :func:`hard_dice_coefficient` (predictions thresholded first: a
  score with zero gradient), :func:`dice_loss` and :func:`bce_dice_loss` (binary
  cross-entropy plus Dice, the usual segmentation loss); all take ``smooth=``;
- :data:`JuiceLoss`, the material's asymmetric "juice sales" loss as a
  ``keras.losses.Loss`` class with settings (the NumPy reference is
  :func:`dlcourse.references.losses.juice_loss`).

The Dice coefficient of a target mask ``t`` and a prediction ``p`` (both in [0, 1],
flattened over each sample) is::

    Dice = (2 * sum(t * p) + smooth) / (sum(t) + sum(p) + smooth)

1 for a perfect overlap, near 0 for none. On hard 0/1 predictions it equals the F1
score of the positive class. ``smooth`` keeps empty masks from dividing by zero (two
empty masks score 1); ``smooth=0`` is ``1 - keras.losses.dice``.

Saving and loading: :func:`register_keras_objects` registers every object here under
the package name ``"dlcourse"`` (``"dlcourse>dice_loss"``, ...), so a model compiled
with them saves them by name and ``keras.saving.load_model`` finds them again in any
session that called it; :func:`custom_objects` is the same mapping for
``load_model(..., custom_objects=...)``. Nothing else in the package registers these
names. Importing this module imports no Keras.

Example
-------
>>> from dlcourse import custom_objects
>>> custom_objects.register_keras_objects()                            # doctest: +SKIP
>>> model.compile(optimizer="adam", loss=custom_objects.dice_loss,     # doctest: +SKIP
...               metrics=[custom_objects.dice_coefficient])
"""

import functools

from dlcourse.core.config import import_keras
from dlcourse.core.validation import check_number

PACKAGE = "dlcourse"
SMOOTH = 1.0
THRESHOLD = 0.5

__all__ = ["JuiceLoss",  # noqa: F822 (made by __getattr__ on first use: it needs Keras)
           "bce_dice_loss", "custom_objects", "dice_coefficient", "dice_loss",
           "hard_dice_coefficient", "register_keras_objects"]


def dice_coefficient(y_true, y_pred, smooth=SMOOTH):
    """Soft Dice coefficient per sample, shape ``(batch,)``: differentiable.

    Parameters
    ----------
    y_true : tensor of 0/1 targets, shape (batch, ...), at least 2 axes
    y_pred : tensor of probabilities in [0, 1], the same shape (used as they are,
        not thresholded)
    smooth : float
        Added to the numerator and the denominator (>= 0).

    Returns
    -------
    tensor of shape (batch,)
        Keras averages it over the batch (and the epoch) when used as a metric.
    """
    from keras import ops

    smooth = check_number("smooth", smooth, minimum=0)
    y_pred = ops.convert_to_tensor(y_pred)
    if len(y_pred.shape) < 2:
        raise ValueError(f"dice_coefficient needs masks of shape (batch, ...) with at least "
                         f"2 axes, got shape {tuple(y_pred.shape)}")
    y_true = ops.cast(y_true, y_pred.dtype)
    batch = ops.shape(y_pred)[0]
    t = ops.reshape(y_true, (batch, -1))  # (batch, pixels)
    p = ops.reshape(y_pred, (batch, -1))  # (batch, pixels)
    intersection = ops.sum(t * p, axis=1)
    return (2.0 * intersection + smooth) / (ops.sum(t, axis=1) + ops.sum(p, axis=1) + smooth)


def hard_dice_coefficient(y_true, y_pred, threshold=THRESHOLD, smooth=SMOOTH):
    """Dice coefficient of the predictions thresholded at ``threshold`` (the material's).

    A score to report, not a loss: the threshold is a step function, so its gradient
    is zero almost everywhere and a network cannot learn from it.
    """
    from keras import ops

    threshold = check_number("threshold", threshold, minimum=0, maximum=1)
    y_pred = ops.convert_to_tensor(y_pred)
    hard = ops.cast(ops.greater_equal(y_pred, threshold), y_pred.dtype)
    return dice_coefficient(y_true, hard, smooth)


def dice_loss(y_true, y_pred, smooth=SMOOTH):
    """``1 - dice_coefficient``: 0 for a perfect overlap, per sample ``(batch,)``."""
    return 1.0 - dice_coefficient(y_true, y_pred, smooth)


def bce_dice_loss(y_true, y_pred, smooth=SMOOTH):
    """Binary cross-entropy plus Dice loss, per sample ``(batch,)``.

    The usual segmentation loss: from a random start the Dice loss alone tends to
    settle on an average mask first and improve slowly; the cross-entropy term gives
    every pixel a strong gradient, the Dice term keeps a small foreground from being
    swamped by the background.
    """
    from keras import ops

    y_pred = ops.convert_to_tensor(y_pred)
    batch = ops.shape(y_pred)[0]
    t = ops.reshape(ops.cast(y_true, y_pred.dtype), (batch, -1))  # (batch, pixels)
    p = ops.clip(ops.reshape(y_pred, (batch, -1)), 1e-7, 1.0 - 1e-7)
    bce = -ops.mean(t * ops.log(p) + (1.0 - t) * ops.log(1.0 - p), axis=1)
    return bce + dice_loss(y_true, y_pred, smooth)


@functools.cache
def _juice_loss_class():
    keras = import_keras()

    class JuiceLoss(keras.losses.Loss):
        """The material's "juice sales" loss as a Keras loss (tensor operations).

        ``where(y_pred > y_true, cost * (y_pred - y_true), profit * (y_true - y_pred))``,
        averaged over the last axis; Keras then averages over the batch (the
        material's ``tf.reduce_sum`` differs only by a constant factor). The NumPy
        reference is :func:`dlcourse.references.losses.juice_loss`.

        Parameters
        ----------
        cost : float
            Loss per box predicted but not sold (over-prediction), > 0.
        profit : float
            Loss per box sold out, i.e. not predicted (under-prediction), > 0.
        """

        def __init__(self, cost=1.0, profit=1.0, name="juice_loss", **kwargs):
            super().__init__(name=name, **kwargs)
            self.cost = check_number("cost", cost, minimum=0, min_inclusive=False)
            self.profit = check_number("profit", profit, minimum=0, min_inclusive=False)

        def call(self, y_true, y_pred):
            ops = keras.ops
            y_pred = ops.convert_to_tensor(y_pred)
            error = y_pred - ops.cast(y_true, y_pred.dtype)
            per_output = ops.where(ops.greater(error, 0.0), self.cost * error,
                                   -self.profit * error)
            return ops.mean(per_output, axis=-1)

        def get_config(self):
            return {**super().get_config(), "cost": self.cost, "profit": self.profit}

    JuiceLoss.__module__ = __name__
    return JuiceLoss


_FUNCTIONS = (dice_coefficient, hard_dice_coefficient, dice_loss, bce_dice_loss)


def custom_objects():
    """``{"dlcourse>dice_loss": dice_loss, ..., "dlcourse>JuiceLoss": JuiceLoss}``.

    For ``keras.saving.load_model(path, custom_objects=custom_objects())``; the keys
    are the names :func:`register_keras_objects` registers. Builds ``JuiceLoss``
    (imports Keras), registers nothing.
    """
    objects = {function.__name__: function for function in _FUNCTIONS}
    objects["JuiceLoss"] = _juice_loss_class()
    return {f"{PACKAGE}>{name}": obj for name, obj in sorted(objects.items())}


def register_keras_objects():
    """Register every object of this module with Keras under ``"dlcourse"``; their names.

    Registered objects are saved by name (``"dlcourse>dice_loss"``), and
    ``keras.saving.load_model`` finds them again in any later session that calls this
    function first. The one registration of these names in the package; calling it
    again changes nothing.

    Returns
    -------
    list of str
        The registered names, sorted.
    """
    keras = import_keras()
    registered = keras.saving.get_custom_objects()
    objects = custom_objects()
    for key, obj in objects.items():
        if registered.get(key) is not obj:
            keras.saving.register_keras_serializable(package=PACKAGE,
                                                     name=key.split(">", 1)[1])(obj)
    return sorted(objects)


def __getattr__(name):
    # JuiceLoss subclasses keras.losses.Loss: built on first use, so importing this
    # module imports no Keras.
    if name == "JuiceLoss":
        return _juice_loss_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + ["JuiceLoss"])
