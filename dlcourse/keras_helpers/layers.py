"""Custom Keras layers the course builds: Maxout (chapter 06).

A **Maxout** unit (Goodfellow et al., 2013) computes ``k`` linear functions of its
input, the *pieces*, and outputs the largest one:

    z[j, p] = x . W[:, j, p] + b[j, p]       p = 1 .. k
    a[j]    = max_p z[j, p]

It has no fixed activation function: the max of ``k`` learned lines is a learned
convex, piecewise-linear function. ReLU is the special case ``k = 2`` with one piece
fixed at zero (``max(z, 0)``), the absolute value the case ``max(z, -z)``. Only the
winning piece of each unit passes a gradient back for a given example, so for that
example the network is a thin linear network; different examples train different
pieces.

Left out on purpose: Maxout over the channels of convolutional feature maps (reshape
and ``keras.ops.max`` do that), and dropout inside the layer.

The layers are registered as Keras serializable objects (package ``"dlcourse"``), so
a saved model that uses them loads again with ``keras.saving.load_model`` once this
module is imported. Importing this module imports Keras (a Keras layer must subclass
``keras.layers.Layer``); ``import dlcourse`` does not import it.
"""

from dlcourse.core.config import import_keras
from dlcourse.core.validation import check_int

keras = import_keras()


@keras.saving.register_keras_serializable(package="dlcourse")
class Maxout(keras.layers.Layer):
    """A fully connected Maxout layer: ``units`` outputs, each the max of ``pieces`` lines.

    Parameters
    ----------
    units : int
        Number of Maxout units (outputs).
    pieces : int
        Number of linear pieces per unit (``k``; 2 by default). The layer has
        ``pieces`` times the weights of a ``Dense(units)`` layer.
    kernel_initializer, bias_initializer : str or keras.initializers.Initializer
        Initializers of the kernel ``(input_dim, units * pieces)`` and of the bias
        ``(units * pieces,)``: the weights of a ``Dense(units * pieces)`` layer, and
        initialized like it. Column ``j * pieces + p`` holds piece ``p`` of unit ``j``.
    kernel_regularizer : str or keras.regularizers.Regularizer, optional
    **kwargs
        Passed to ``keras.layers.Layer`` (``name``, ``dtype``, ...).

    Input shape ``(..., input_dim)``; output shape ``(..., units)``.

    Example
    -------
    >>> from dlcourse.keras_helpers.layers import Maxout
    >>> model = keras.Sequential([keras.Input((784,)), Maxout(64, pieces=3),
    ...                           keras.layers.Dense(10, activation="softmax")])
    >>> model.output_shape
    (None, 10)
    """

    def __init__(self, units, pieces=2, *, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, **kwargs):
        super().__init__(**kwargs)
        self.units = check_int("units", units, minimum=1)
        self.pieces = check_int("pieces", pieces, minimum=1)
        self.kernel_initializer = keras.initializers.get(kernel_initializer)
        self.bias_initializer = keras.initializers.get(bias_initializer)
        self.kernel_regularizer = keras.regularizers.get(kernel_regularizer)

    def build(self, input_shape):
        input_dim = input_shape[-1]
        if input_dim is None:
            raise ValueError(
                f"Maxout needs a known last input dimension, got input shape {input_shape}"
            )
        self.kernel = self.add_weight(
            name="kernel", shape=(input_dim, self.units * self.pieces),
            initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
        )
        self.bias = self.add_weight(
            name="bias", shape=(self.units * self.pieces,), initializer=self.bias_initializer,
        )

    def pieces_of(self, inputs):
        """The pre-activations ``z`` of every piece, shape ``(..., units, pieces)``."""
        z = keras.ops.matmul(inputs, self.kernel) + self.bias  # (..., units * pieces)
        middle = tuple(inputs.shape[1:-1])  # axes between batch and features, if any
        return keras.ops.reshape(z, (-1, *middle, self.units, self.pieces))  # (..., units, pieces)

    def call(self, inputs):
        return keras.ops.max(self.pieces_of(inputs), axis=-1)  # (..., units)

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], self.units)

    def get_config(self):
        config = super().get_config()
        config.update(
            units=self.units,
            pieces=self.pieces,
            kernel_initializer=keras.initializers.serialize(self.kernel_initializer),
            bias_initializer=keras.initializers.serialize(self.bias_initializer),
            kernel_regularizer=keras.regularizers.serialize(self.kernel_regularizer),
        )
        return config
