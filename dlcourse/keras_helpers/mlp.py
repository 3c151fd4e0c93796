"""One multilayer perceptron, described by a checked configuration and built with Keras.

- :class:`MLPConfig` holds one configuration (every field has a default);
  :func:`make_config` fills in the defaults and checks every value, so a wrong setting
  fails with a message that names the configuration, the setting, the bad value and
  what is allowed, before anything is built or trained.
- :func:`build_mlp` turns a configuration into a compiled ``keras.Sequential`` model,
  so a chapter can show (``model.summary()``) exactly what is trained.

:func:`dlcourse.keras_helpers.experiments.run` trains grids of these configurations.
Keras is imported inside the functions, never on import.

Example
-------
>>> from dlcourse import mlp
>>> config = mlp.make_config({"loss": "mse"}, hidden_units=(64, 64))   # doctest: +SKIP
>>> mlp.build_mlp(config, (28, 28), 10).summary()                      # doctest: +SKIP
"""

import dataclasses
import numbers
from collections.abc import Mapping

from dlcourse.core.validation import check_choice, check_int, check_number

TASKS = ("classification", "regression")
FULL_BATCH = "full"

# Not names of optimizers one can train with (abstract or wrappers of another one).
_NOT_OPTIMIZERS = ("Optimizer", "LossScaleOptimizer", "MultiOptimizer", "OptimizerMap")
_NOT_IDENTIFIERS = ("get", "serialize", "deserialize")


@dataclasses.dataclass(frozen=True)
class MLPConfig:
    """One multilayer-perceptron configuration: the model, its loss and its training.

    Build one with :func:`make_config` (which checks the values) rather than directly.

    Attributes
    ----------
    name : str
        Row name in the results table.
    hidden_units : tuple of int
        Width of each hidden ``Dense`` layer, input side first; ``()`` gives a linear
        (softmax-regression) model.
    activation : str
        Keras activation of the hidden layers.
    output_activation : str
        Keras activation of the output layer (``"softmax"`` for classification,
        ``"linear"`` for regression by default).
    kernel_initializer : str
        Keras initializer of every ``Dense`` kernel.
    dropout : float
        Dropout rate after each hidden layer, in [0, 1); 0 adds no ``Dropout`` layer.
    l2 : float
        L2 penalty ``l2 * sum(W**2)`` on every ``Dense`` kernel; 0 for none.
    loss : str
        Keras loss identifier (``"mse"``, ``"categorical_crossentropy"``,
        ``"sparse_categorical_crossentropy"``, ...). Labels are converted to the format
        the loss needs (integer labels for ``sparse_*``, one-hot otherwise).
    optimizer : str
        Keras optimizer identifier (``"sgd"``, ``"adam"``, ``"rmsprop"``, ...).
    learning_rate : float
        Learning rate, whatever the optimizer (0.1 by default; Adam's usual one is 0.001).
    optimizer_options : dict
        Further keyword arguments of the optimizer, e.g. ``{"momentum": 0.9}``.
    batch_size : int or "full"
        Mini-batch size; ``"full"`` uses the whole training set (no mini-batches).
    epochs : int
        Number of passes over the training set.
    patience : int or None
        Stop when the validation loss has not improved for this many epochs and keep
        the best weights; ``None`` trains for all ``epochs``.
    """

    name: str = "default"
    hidden_units: tuple = (500, 500)
    activation: str = "sigmoid"
    output_activation: str = "softmax"
    kernel_initializer: str = "glorot_uniform"
    dropout: float = 0.0
    l2: float = 0.0
    loss: str = "categorical_crossentropy"
    optimizer: str = "sgd"
    learning_rate: float = 0.1
    optimizer_options: dict = dataclasses.field(default_factory=dict)
    batch_size: object = 100
    epochs: int = 20
    patience: object = None

    @property
    def sparse_labels(self):
        """Whether the loss takes integer labels (``sparse_*``) rather than one-hot rows."""
        return _is_sparse(self.loss)


FIELDS = tuple(field.name for field in dataclasses.fields(MLPConfig))


def default_settings(task="classification"):
    """The default value of every configuration field for ``task``, as a dict.

    Regression differs from classification in two fields: ``loss="mse"`` and
    ``output_activation="linear"``.
    """
    check_choice("task", task, TASKS)
    settings = {name: getattr(MLPConfig(), name) for name in FIELDS}
    if task == "regression":
        settings.update(loss="mse", output_activation="linear")
    return settings


def make_config(settings=None, *, task="classification", **overrides):
    """Fill in the defaults of a configuration and check every value.

    Parameters
    ----------
    settings : mapping or MLPConfig, optional
        Field values; the fields not given take their defaults for ``task``.
    task : {"classification", "regression"}
        Picks the defaults of ``loss`` and ``output_activation``.
    **overrides
        Field values that take precedence over ``settings``.

    Returns
    -------
    MLPConfig

    Raises
    ------
    TypeError, ValueError
        For an unknown field, or a value Keras does not accept, naming the
        configuration, the field, the value and the allowed values.

    Example
    -------
    >>> config = make_config({"loss": "mse"}, hidden_units=(64, 64))  # doctest: +SKIP
    >>> config.hidden_units, config.activation                        # doctest: +SKIP
    ((64, 64), 'sigmoid')
    """
    check_choice("task", task, TASKS)
    settings = as_settings(settings, "a configuration")
    merged = {**settings, **overrides}
    label = repr(merged["name"]) if "name" in merged else "(unnamed)"
    check_keys(merged, f"configuration {label}")
    values = {**default_settings(task), **merged}
    return MLPConfig(**_checked_values(values, task))


def as_settings(settings, what):
    """``settings`` (a mapping, an :class:`MLPConfig` or None) as a plain dict."""
    if isinstance(settings, MLPConfig):
        return dataclasses.asdict(settings)
    if settings is None:
        return {}
    if not isinstance(settings, Mapping):
        raise TypeError(f"{what} must be a dict of settings or an MLPConfig, "
                        f"got {type(settings).__name__}: {settings!r}")
    return dict(settings)


def check_keys(settings, label):
    """Raise a ``ValueError`` (with the closest field) for a key that is not a field."""
    for key in settings:
        check_choice(f"{label}: a setting", key, FIELDS)


def build_mlp(config, input_shape, num_outputs, *, task="classification"):
    """Build and compile the multilayer perceptron a configuration describes.

    ``Input -> [Flatten] -> (Dense(units, activation) -> [Dropout]) per hidden layer
    -> Dense(num_outputs, output_activation)``, compiled with the configuration's loss
    and optimizer, and with accuracy as a metric for classification (categorical
    accuracy on one-hot labels, sparse categorical accuracy on integer labels).

    Parameters
    ----------
    config : MLPConfig or mapping
        The configuration; a mapping goes through :func:`make_config` first.
    input_shape : tuple of int
        Shape of one example, e.g. ``(784,)`` or ``(28, 28)`` (flattened first).
    num_outputs : int
        Number of classes for classification, of targets for regression.
    task : {"classification", "regression"}
        Whether to track accuracy.

    Returns
    -------
    keras.Model
        A compiled, untrained ``keras.Sequential`` model.

    Example
    -------
    >>> model = build_mlp({"hidden_units": (32,)}, (28, 28), 10)  # doctest: +SKIP
    >>> model.summary()                                           # doctest: +SKIP
    """
    import keras

    config = make_config(config, task=task)  # checks an MLPConfig built by hand, too
    input_shape = _checked_input_shape(input_shape)
    num_outputs = check_int("num_outputs", num_outputs, minimum=1)

    regularizer = keras.regularizers.L2(config.l2) if config.l2 > 0 else None
    dense = {"kernel_initializer": config.kernel_initializer, "kernel_regularizer": regularizer}
    layers = [keras.Input(shape=input_shape)]
    if len(input_shape) > 1:
        layers.append(keras.layers.Flatten())  # (batch, features)
    for index, units in enumerate(config.hidden_units, start=1):
        layers.append(keras.layers.Dense(units, activation=config.activation,
                                         name=f"hidden_{index}", **dense))
        if config.dropout > 0:
            layers.append(keras.layers.Dropout(config.dropout, name=f"dropout_{index}"))
    layers.append(keras.layers.Dense(num_outputs, activation=config.output_activation,
                                     name="output", **dense))
    model = keras.Sequential(layers, name="mlp")

    metrics = []
    if task == "classification":
        accuracy = (keras.metrics.SparseCategoricalAccuracy if config.sparse_labels
                    else keras.metrics.CategoricalAccuracy)
        metrics = [accuracy(name="accuracy")]
    model.compile(optimizer=_make_optimizer(config), loss=config.loss, metrics=metrics)
    return model


# ----------------------------------------------------------------------------- checks


def _public_names(module, keep):
    return sorted(name for name in dir(module)
                  if not name.startswith("_") and name not in _NOT_IDENTIFIERS and keep(name))


def _allowed(kind):
    """The names Keras accepts for ``kind`` ("activation", "loss", ...), for messages."""
    import keras

    if kind == "optimizer":
        def is_optimizer(name):
            value = getattr(keras.optimizers, name)
            return (isinstance(value, type) and issubclass(value, keras.optimizers.Optimizer)
                    and name not in _NOT_OPTIMIZERS)

        return [name.lower() for name in _public_names(keras.optimizers, is_optimizer)]
    module = {"activation": keras.activations, "loss": keras.losses,
              "initializer": keras.initializers}[kind]
    return _public_names(module, str.islower)


def _check_keras_name(label, key, value, kind):
    """``value`` when Keras knows it as a ``kind``; else a message with Keras's names."""
    import keras

    getter = {"activation": keras.activations.get, "loss": keras.losses.get,
              "initializer": keras.initializers.get, "optimizer": keras.optimizers.get}[kind]
    try:
        known = isinstance(value, str) and bool(value) and getter(value) is not None
    except Exception:  # Keras raises ValueError, TypeError or KeyError here
        known = False
    if not known:
        check_choice(f"{label}: {key} (a Keras {kind})", value, _allowed(kind))
        raise ValueError(f"{label}: {key}={value!r} is not a Keras {kind}")
    return value


def _checked_hidden_units(label, units):
    if isinstance(units, (str, bytes)) or not hasattr(units, "__iter__"):
        raise TypeError(f"{label}: hidden_units={units!r} must be a sequence of positive ints, "
                        f"one width per hidden layer, e.g. (500, 500), (64,), or () for none")
    units = tuple(units)
    for width in units:
        try:
            check_int("width", width, minimum=1)
        except (TypeError, ValueError):
            raise ValueError(f"{label}: hidden_units={units!r} has width {width!r}; every "
                             f"width must be a positive int") from None
    return tuple(int(width) for width in units)


def _checked_values(values, task):
    name = values["name"]
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"a configuration name must be a non-empty str, got {name!r}")
    label = f"configuration {name!r}"

    values["hidden_units"] = _checked_hidden_units(label, values["hidden_units"])
    for key, kind in (("activation", "activation"), ("output_activation", "activation"),
                      ("kernel_initializer", "initializer"), ("loss", "loss"),
                      ("optimizer", "optimizer")):
        _check_keras_name(label, key, values[key], kind)
    if task == "regression" and _is_sparse(values["loss"]):
        raise ValueError(f"{label}: loss={values['loss']!r} needs integer class labels; a "
                         f"regression needs a loss for real-valued targets, e.g. 'mse' or 'mae'")

    values["dropout"] = check_number(f"{label}: dropout", values["dropout"], minimum=0,
                                     maximum=1, max_inclusive=False)
    values["l2"] = check_number(f"{label}: l2", values["l2"], minimum=0)
    values["learning_rate"] = check_number(f"{label}: learning_rate", values["learning_rate"],
                                           minimum=0, min_inclusive=False)
    if values["batch_size"] != FULL_BATCH:  # "full": the whole training set in one batch
        values["batch_size"] = check_int(f"{label}: batch_size (or {FULL_BATCH!r})",
                                         values["batch_size"], minimum=1)
    values["epochs"] = check_int(f"{label}: epochs", values["epochs"], minimum=1)
    if values["patience"] is not None:  # None: no early stopping
        values["patience"] = check_int(f"{label}: patience (or None)", values["patience"],
                                       minimum=1)
    values["optimizer_options"] = _checked_optimizer_options(label, values)
    return values


def _checked_optimizer_options(label, values):
    options = values["optimizer_options"]
    if not isinstance(options, Mapping):
        raise TypeError(f"{label}: optimizer_options={options!r} must be a dict of keyword "
                        f"arguments of the optimizer, e.g. {{'momentum': 0.9}}")
    options = dict(options)
    if "learning_rate" in options:
        raise ValueError(f"{label}: optimizer_options sets 'learning_rate'; set it with the "
                         f"learning_rate setting instead")
    try:
        _make_optimizer(MLPConfig(**{**values, "optimizer_options": options}))
    except Exception as error:  # e.g. "Argument(s) not recognized: {'momentun': 0.9}"
        raise ValueError(f"{label}: optimizer {values['optimizer']!r} does not accept "
                         f"optimizer_options={options!r}: {error}") from None
    return options


def _is_sparse(loss):
    return isinstance(loss, str) and "sparse" in loss.lower()


def _make_optimizer(config):
    import keras

    optimizer_class = type(keras.optimizers.get(config.optimizer))
    return optimizer_class(learning_rate=config.learning_rate, **config.optimizer_options)


def _checked_input_shape(input_shape):
    shape = (input_shape,) if isinstance(input_shape, numbers.Integral) else input_shape
    try:
        shape = tuple(check_int("size", size, minimum=1) for size in shape)
    except (TypeError, ValueError):
        shape = ()
    if not shape:
        raise ValueError(f"input_shape must be a tuple of positive ints, e.g. (784,), "
                         f"got {input_shape!r}")
    return shape
