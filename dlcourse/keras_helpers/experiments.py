"""Train these variants, show the table: small grids of Keras MLPs on the same data.

The course compares losses, depths, activations, optimizers, learning rates, batch
sizes and dropout in the same way: the same data, the same seed, one change at a time,
and a table of what came out. This module does that and nothing more.

- :class:`MLPConfig` holds one configuration (every field has a default);
  :func:`make_config` fills in the defaults and checks the values.
- :func:`build_mlp` turns a configuration into a compiled ``keras.Sequential`` model,
  so a chapter can show (``model.summary()``) exactly what is trained.
- :func:`run` checks every configuration and the data first, then trains them one after
  the other and returns :class:`Results`: a :class:`Table` (one row per
  configuration) and the per-epoch histories for plotting.

Example (chapter 05, MSE against cross-entropy)::

    from dlcourse.keras_helpers import experiments
    from dlcourse.core.config import scale

    results = experiments.run(
        {"MSE": {"loss": "mse"}, "cross-entropy": {"loss": "categorical_crossentropy"}},
        (x_train, y_train), (x_val, y_val), (x_test, y_test),
        base={"hidden_units": (100,), "epochs": 20},
        max_epochs=scale(fast=2, full=None),
        progress=True,
    )
    results.table                                # rendered as HTML in Jupyter
    results.histories["MSE"]["val_accuracy"]     # one value per epoch, for plots

Left out on purpose: convolutional models, callbacks other than early stopping,
parallel training. Keras is imported inside the functions, never on import.
"""

import dataclasses
import difflib
import logging
import math
import numbers
import time
from collections.abc import Mapping

import numpy as np

from dlcourse.core.tables import Table, format_cell

TASKS = ("classification", "regression")
FULL_BATCH = "full"
EVALUATION_BATCH_SIZE = 1024

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


FIELDS = tuple(field.name for field in dataclasses.fields(MLPConfig))


def default_settings(task="classification"):
    """The default value of every configuration field for ``task``, as a dict.

    Regression differs from classification in two fields: ``loss="mse"`` and
    ``output_activation="linear"``.
    """
    _check_task(task)
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
    ValueError
        For an unknown field, or a value Keras does not accept, naming the
        configuration, the field, the value and the allowed values.

    Example
    -------
    >>> config = make_config({"loss": "mse"}, hidden_units=(64, 64))  # doctest: +SKIP
    >>> config.hidden_units, config.activation                        # doctest: +SKIP
    ((64, 64), 'sigmoid')
    """
    _check_task(task)
    if isinstance(settings, MLPConfig):
        settings = dataclasses.asdict(settings)
    elif settings is None:
        settings = {}
    elif not isinstance(settings, Mapping):
        raise ValueError(
            f"a configuration must be a dict of settings or an MLPConfig, "
            f"got {type(settings).__name__}: {settings!r}"
        )
    merged = {**settings, **overrides}
    label = repr(merged["name"]) if "name" in merged else "(unnamed)"
    _check_keys(merged, f"configuration {label}")
    values = {**default_settings(task), **merged}
    values = _checked_values(values, task)
    return MLPConfig(**values)


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
    if not _is_int(num_outputs) or num_outputs < 1:
        raise ValueError(f"num_outputs must be a positive int, got {num_outputs!r}")

    regularizer = keras.regularizers.L2(config.l2) if config.l2 > 0 else None
    layers = [keras.Input(shape=input_shape)]
    if len(input_shape) > 1:
        layers.append(keras.layers.Flatten())  # (batch, features)
    for index, units in enumerate(config.hidden_units, start=1):
        layers.append(
            keras.layers.Dense(
                units,
                activation=config.activation,
                kernel_initializer=config.kernel_initializer,
                kernel_regularizer=regularizer,
                name=f"hidden_{index}",
            )
        )
        if config.dropout > 0:
            layers.append(keras.layers.Dropout(config.dropout, name=f"dropout_{index}"))
    layers.append(
        keras.layers.Dense(
            int(num_outputs),
            activation=config.output_activation,
            kernel_initializer=config.kernel_initializer,
            kernel_regularizer=regularizer,
            name="output",
        )
    )
    model = keras.Sequential(layers, name="mlp")

    metrics = []
    if task == "classification":
        if _is_sparse_loss(config.loss):
            metrics = [keras.metrics.SparseCategoricalAccuracy(name="accuracy")]
        else:
            metrics = [keras.metrics.CategoricalAccuracy(name="accuracy")]
    model.compile(optimizer=_make_optimizer(config), loss=config.loss, metrics=metrics)
    return model


def run(
    configs,
    train,
    validation=None,
    test=None,
    *,
    task="classification",
    base=None,
    seed=0,
    max_epochs=None,
    verbose=0,
    progress=False,
    keep_models=False,
):
    """Train every configuration on the same data with the same seed; tabulate results.

    Everything is checked before the first model is built: the configurations, the
    data, and the other arguments. Then, for each configuration: clear the Keras
    session, ``keras.utils.set_random_seed(seed)``, build with :func:`build_mlp`,
    ``fit`` (timed), and evaluate on each split with dropout off.

    Parameters
    ----------
    configs : list of dict, or dict of name -> dict
        The settings of each configuration (see :class:`MLPConfig` for the fields).
        In a list, ``"name"`` is optional: the default name lists the settings given,
        e.g. ``"loss=mse"``.
    train : (x, y)
        Training data. ``x`` has shape ``(samples, ...)`` (a 1-D ``x`` is one feature);
        for classification ``y`` holds integer labels ``(samples,)`` or one-hot rows
        ``(samples, classes)``; for regression, targets ``(samples,)`` or
        ``(samples, outputs)``.
    validation, test : (x, y), optional
        Evaluated after training; the validation set also each epoch (history keys
        ``val_*``). A split not given has no columns in the table.
    task : {"classification", "regression"}
        Regression has no accuracy, and defaults to ``loss="mse"`` with a linear output.
    base : dict, optional
        Settings shared by every configuration (a configuration's own settings win),
        e.g. ``{"hidden_units": (100,), "epochs": 10}``.
    seed : int
        The seed set before building each model.
    max_epochs : int, optional
        Cap on every configuration's epochs, for the fast mode:
        ``max_epochs=config.scale(fast=2, full=None)``.
    verbose : {0, 1, 2}
        Passed to ``fit``.
    progress : bool
        Print one line per finished configuration.
    keep_models : bool
        Keep the trained models in ``Results.models``.

    Returns
    -------
    Results
        ``.table`` (a :class:`Table`: name, the fields that vary, ``params``,
        ``train_loss``, ``train_accuracy``, ``val_*``, ``test_*``, ``epochs_run``,
        ``seconds`` of training), ``.histories`` (name -> metric -> list per epoch),
        ``.configs`` (name -> :class:`MLPConfig`) and ``.models``.

    Raises
    ------
    ValueError
        For an invalid configuration, duplicate names, or data whose shapes do not fit
        together; no model is trained then.

    Example
    -------
    >>> results = run(                                        # doctest: +SKIP
    ...     {"MSE": {"loss": "mse"}, "cross-entropy": {}},
    ...     (x_train, y_train), (x_val, y_val), (x_test, y_test),
    ...     base={"hidden_units": (100,), "epochs": scale(fast=2, full=20)},
    ... )
    >>> results.table.sort("val_accuracy", descending=True)  # doctest: +SKIP
    >>> results.table.row("MSE")["test_accuracy"]            # doctest: +SKIP
    """
    import keras

    _check_task(task)
    named = _named_settings(configs, base, task)
    resolved = {name: make_config(settings, task=task) for name, settings in named.items()}
    data = _prepare_data(train, validation, test, task)
    _check_run_options(resolved, data, seed, max_epochs, verbose)

    varying = _varying_fields(list(resolved.values()))
    results = Results(task=task)
    with _quiet_retracing_warnings():
        for index, (name, config) in enumerate(resolved.items(), start=1):
            row, history, model = _train_one(
                name, config, data, varying, task, seed, max_epochs, verbose
            )
            results._add(row, history, config, model if keep_models else None)
            if progress:
                print(_progress_line(index, len(resolved), row, task), flush=True)
    keras.backend.clear_session()
    return results


def _train_one(name, config, data, varying, task, seed, max_epochs, verbose):
    """Build, fit and evaluate one configuration; return its row, history and model."""
    import keras

    keras.backend.clear_session()
    keras.utils.set_random_seed(seed)
    labels = "sparse" if _is_sparse_loss(config.loss) else "one_hot"
    x_train, y_train = data.split("train", labels)
    model = build_mlp(config, data.input_shape, data.num_outputs, task=task)

    epochs = config.epochs if max_epochs is None else min(config.epochs, max_epochs)
    batch_size = len(x_train) if config.batch_size == FULL_BATCH else config.batch_size
    callbacks = [keras.callbacks.TerminateOnNaN()]
    validation_data = None
    if data.has("validation"):
        validation_data = data.split("validation", labels)
    if config.patience is not None:
        callbacks.append(
            keras.callbacks.EarlyStopping(
                monitor="val_loss", patience=config.patience, restore_best_weights=True
            )
        )

    start = time.perf_counter()
    history = model.fit(
        x_train,
        y_train,
        batch_size=batch_size,
        epochs=epochs,
        validation_data=validation_data,
        validation_batch_size=EVALUATION_BATCH_SIZE,
        callbacks=callbacks,
        verbose=verbose,
    )
    seconds = time.perf_counter() - start

    row = {"name": name}
    row.update({field: getattr(config, field) for field in varying})
    row["params"] = int(model.count_params())
    for split, prefix in (("train", "train"), ("validation", "val"), ("test", "test")):
        if not data.has(split):
            continue
        x, y = data.split(split, labels)
        scores = model.evaluate(
            x, y, batch_size=EVALUATION_BATCH_SIZE, verbose=0, return_dict=True
        )
        row[f"{prefix}_loss"] = float(scores["loss"])
        if task == "classification":
            row[f"{prefix}_accuracy"] = float(scores["accuracy"])
    row["epochs_run"] = len(history.history.get("loss", []))
    row["seconds"] = seconds

    history = {key: [float(value) for value in values] for key, values in history.history.items()}
    return row, history, model


class Results:
    """What :func:`run` returns: the table, the histories, the configurations.

    Attributes
    ----------
    table : Table
        One row per configuration.
    histories : dict
        Name -> Keras history dict (``"loss"``, ``"accuracy"``, ``"val_loss"``, ...
        -> list of floats, one per epoch).
    configs : dict
        Name -> the :class:`MLPConfig` that was trained.
    models : dict
        Name -> trained model, when ``run(..., keep_models=True)``; empty otherwise.
    task : str
        ``"classification"`` or ``"regression"``.
    """

    def __init__(self, task):
        self.task = task
        self.histories = {}
        self.configs = {}
        self.models = {}
        self._rows = []

    def _add(self, row, history, config, model):
        self._rows.append(row)
        self.histories[row["name"]] = history
        self.configs[row["name"]] = config
        if model is not None:
            self.models[row["name"]] = model

    @property
    def table(self):
        """The results table (a new :class:`Table` on each access)."""
        return Table(self._rows)

    def __repr__(self):
        return str(self.table)

    def _repr_html_(self):
        return self.table._repr_html_()


# ----------------------------------------------------------------------------- checks


def _check_task(task):
    if task not in TASKS:
        raise ValueError(f"task must be one of {TASKS}, got {task!r}")


def _check_keys(settings, label):
    for key in settings:
        if key not in FIELDS:
            close = difflib.get_close_matches(str(key), FIELDS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ValueError(
                f"{label}: unknown setting {key!r}{hint}; the settings are {list(FIELDS)}"
            )


def _public_names(module, keep):
    return sorted(
        name
        for name in dir(module)
        if not name.startswith("_") and name not in _NOT_IDENTIFIERS and keep(name)
    )


def _allowed_activations():
    import keras

    return _public_names(keras.activations, str.islower)


def _allowed_losses():
    import keras

    return _public_names(keras.losses, str.islower)


def _allowed_initializers():
    import keras

    return _public_names(keras.initializers, str.islower)


def _allowed_optimizers():
    import keras

    def is_optimizer(name):
        value = getattr(keras.optimizers, name)
        return (
            isinstance(value, type)
            and issubclass(value, keras.optimizers.Optimizer)
            and name not in _NOT_OPTIMIZERS
        )

    return [name.lower() for name in _public_names(keras.optimizers, is_optimizer)]


def _checked_keras_name(label, key, value, getter, allowed):
    if not isinstance(value, str) or not value:
        raise ValueError(
            f"{label}: {key}={value!r} must be a name (str); allowed: {allowed()}"
        )
    try:
        getter(value)
    except Exception:  # Keras raises ValueError, TypeError or KeyError here
        raise ValueError(
            f"{label}: {key}={value!r} is not a Keras {key.replace('_', ' ')}; "
            f"allowed: {allowed()}"
        ) from None
    return value


def _is_int(value):
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _is_real(value):
    return (
        isinstance(value, numbers.Real)
        and not isinstance(value, bool)
        and math.isfinite(float(value))
    )


def _checked_values(values, task):
    import keras

    name = values["name"]
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"a configuration name must be a non-empty str, got {name!r}")
    label = f"configuration {name!r}"

    units = values["hidden_units"]
    if _is_int(units) or isinstance(units, str) or not hasattr(units, "__iter__"):
        raise ValueError(
            f"{label}: hidden_units={units!r} must be a sequence of positive ints, one "
            f"width per hidden layer, e.g. (500, 500), (64,), or () for none"
        )
    units = tuple(units)
    for width in units:
        if not _is_int(width) or width < 1:
            raise ValueError(
                f"{label}: hidden_units={units!r} has width {width!r}; every width "
                f"must be a positive int"
            )
    values["hidden_units"] = tuple(int(width) for width in units)

    for key in ("activation", "output_activation"):
        _checked_keras_name(label, key, values[key], keras.activations.get, _allowed_activations)
    _checked_keras_name(
        label, "kernel_initializer", values["kernel_initializer"],
        keras.initializers.get, _allowed_initializers,
    )
    _checked_keras_name(label, "loss", values["loss"], keras.losses.get, _allowed_losses)
    if task == "regression" and _is_sparse_loss(values["loss"]):
        raise ValueError(
            f"{label}: loss={values['loss']!r} needs integer class labels; a regression "
            f"needs a loss for real-valued targets, e.g. 'mse' or 'mae'"
        )
    _checked_keras_name(
        label, "optimizer", values["optimizer"], keras.optimizers.get, _allowed_optimizers
    )

    dropout = values["dropout"]
    if not _is_real(dropout) or not 0 <= dropout < 1:
        raise ValueError(f"{label}: dropout={dropout!r} must be a number in [0, 1)")
    l2 = values["l2"]
    if not _is_real(l2) or l2 < 0:
        raise ValueError(f"{label}: l2={l2!r} must be a number >= 0")
    learning_rate = values["learning_rate"]
    if not _is_real(learning_rate) or learning_rate <= 0:
        raise ValueError(
            f"{label}: learning_rate={learning_rate!r} must be a positive number"
        )
    values["dropout"], values["l2"] = float(dropout), float(l2)
    values["learning_rate"] = float(learning_rate)

    batch_size = values["batch_size"]
    if batch_size != FULL_BATCH and (not _is_int(batch_size) or batch_size < 1):
        raise ValueError(
            f"{label}: batch_size={batch_size!r} must be a positive int or "
            f"{FULL_BATCH!r} (the whole training set in one batch)"
        )
    epochs = values["epochs"]
    if not _is_int(epochs) or epochs < 1:
        raise ValueError(f"{label}: epochs={epochs!r} must be a positive int")
    if batch_size != FULL_BATCH:
        values["batch_size"] = int(batch_size)
    values["epochs"] = int(epochs)
    patience = values["patience"]
    if patience is not None and (not _is_int(patience) or patience < 1):
        raise ValueError(
            f"{label}: patience={patience!r} must be a positive int, or None for no "
            f"early stopping"
        )
    values["patience"] = None if patience is None else int(patience)

    options = values["optimizer_options"]
    if not isinstance(options, Mapping):
        raise ValueError(
            f"{label}: optimizer_options={options!r} must be a dict of keyword "
            f"arguments of the optimizer, e.g. {{'momentum': 0.9}}"
        )
    values["optimizer_options"] = dict(options)
    if "learning_rate" in options:
        raise ValueError(
            f"{label}: optimizer_options sets 'learning_rate'; set it with the "
            f"learning_rate setting instead"
        )
    try:
        _make_optimizer(MLPConfig(**values))
    except Exception as error:  # e.g. "Argument(s) not recognized: {'momentun': 0.9}"
        raise ValueError(
            f"{label}: optimizer {values['optimizer']!r} does not accept "
            f"optimizer_options={dict(options)!r}: {error}"
        ) from None
    return values


def _make_optimizer(config):
    import keras

    optimizer_class = type(keras.optimizers.get(config.optimizer))
    return optimizer_class(learning_rate=config.learning_rate, **config.optimizer_options)


def _is_sparse_loss(loss):
    return isinstance(loss, str) and "sparse" in loss.lower()


def _checked_input_shape(input_shape):
    if _is_int(input_shape):
        input_shape = (input_shape,)
    try:
        shape = tuple(input_shape)
    except TypeError:
        shape = None
    if not shape or not all(_is_int(size) and size > 0 for size in shape):
        raise ValueError(
            f"input_shape must be a tuple of positive ints, e.g. (784,), got {input_shape!r}"
        )
    return tuple(int(size) for size in shape)


def _named_settings(configs, base, task):
    """Name -> merged settings (base, then the configuration's own), names checked."""
    if base is None:
        base = {}
    if not isinstance(base, Mapping):
        raise ValueError(f"base must be a dict of settings, got {base!r}")
    _check_keys(base, "base")
    if "name" in base:
        raise ValueError("base cannot set 'name': each configuration has its own")

    if isinstance(configs, Mapping):
        items = []
        for name, settings in configs.items():
            if isinstance(settings, MLPConfig):
                settings = dataclasses.asdict(settings)
            if not isinstance(settings, Mapping):
                raise ValueError(
                    f"configuration {name!r} must be a dict of settings, got {settings!r}"
                )
            if "name" in settings and settings["name"] != name:
                raise ValueError(
                    f"configuration {name!r} also sets name={settings['name']!r}; "
                    f"give the name once"
                )
            items.append({**settings, "name": name})
    elif isinstance(configs, (list, tuple)):
        items = []
        for settings in configs:
            if isinstance(settings, MLPConfig):
                settings = dataclasses.asdict(settings)
            if not isinstance(settings, Mapping):
                raise ValueError(
                    f"each configuration must be a dict of settings, got {settings!r}"
                )
            items.append(dict(settings))
    else:
        raise ValueError(
            f"configs must be a list of dicts or a dict of name -> dict, "
            f"got {type(configs).__name__}"
        )
    if not items:
        raise ValueError("configs is empty: give at least one configuration")

    named = {}
    for position, settings in enumerate(items, start=1):
        label = repr(settings["name"]) if "name" in settings else f"#{position}"
        _check_keys(settings, f"configuration {label}")
        name = settings.get("name")
        if name is None:
            name = _default_name(settings)
        if name in named:
            raise ValueError(
                f"two configurations are named {name!r}; names must be unique "
                f"(add a 'name' setting to tell them apart)"
            )
        named[name] = {**base, **settings, "name": name}
    return named


def _default_name(settings):
    given = [key for key in FIELDS if key in settings and key != "name"]
    if not given:
        return "default"
    return ", ".join(f"{key}={format_cell(settings[key])}" for key in given)


class _Data:
    """The splits, checked; labels kept as integers and one-hot encoded on request."""

    def __init__(self, task):
        self.task = task
        self.splits = {}
        self.input_shape = None
        self.num_outputs = None

    def has(self, split):
        return split in self.splits

    def split(self, split, labels):
        x, y = self.splits[split]
        if self.task == "classification" and labels == "one_hot":
            y = np.eye(self.num_outputs, dtype="float32")[y]  # (samples, classes)
        return x, y


def _prepare_data(train, validation, test, task):
    data = _Data(task)
    widths = {}
    for split, pair in (("train", train), ("validation", validation), ("test", test)):
        if pair is None:
            if split == "train":
                raise ValueError("train must be a pair (x_train, y_train), got None")
            continue
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise ValueError(f"{split} must be a pair (x, y), got {type(pair).__name__}")
        x, y = (np.asarray(part) for part in pair)
        if x.ndim == 1:
            x = x.reshape(-1, 1)  # (samples, 1 feature)
        if x.ndim < 2 or len(x) == 0:
            raise ValueError(f"{split}: x must have shape (samples, ...), got {x.shape}")
        if len(y) != len(x):
            raise ValueError(
                f"{split}: x has {len(x)} samples but y has {len(y)}; they must match"
            )
        if not (np.issubdtype(x.dtype, np.number) or x.dtype == bool):
            raise ValueError(f"{split}: x must be numeric, got dtype {x.dtype}")
        x = x.astype("float32", copy=False)
        if not np.all(np.isfinite(x)):
            raise ValueError(f"{split}: x contains NaN or infinite values")
        if data.input_shape is None:
            data.input_shape = x.shape[1:]
        elif x.shape[1:] != data.input_shape:
            raise ValueError(
                f"{split}: x has examples of shape {x.shape[1:]} but train has "
                f"{data.input_shape}; they must match"
            )
        if task == "classification":
            y, width = _class_labels(y, split)
        else:
            y, width = _regression_targets(y, split)
        widths[split] = width
        data.splits[split] = (x, y)

    if task == "classification":
        one_hot = {split: width for split, width in widths.items() if width is not None}
        if len(set(one_hot.values())) > 1:
            raise ValueError(f"the one-hot labels have different widths: {one_hot}")
        largest = max(int(y.max()) for _, y in data.splits.values()) + 1
        data.num_outputs = max([largest, *one_hot.values()])
        if data.num_outputs < 2:
            raise ValueError(
                f"classification needs at least 2 classes, the labels hold "
                f"{data.num_outputs}"
            )
    else:
        if len(set(widths.values())) > 1:
            raise ValueError(f"the targets have different numbers of outputs: {widths}")
        data.num_outputs = widths["train"]
    return data


def _class_labels(y, split):
    """Integer labels ``(samples,)`` and the one-hot width (``None`` if not one-hot)."""
    if not (np.issubdtype(y.dtype, np.number) or y.dtype == bool):
        raise ValueError(f"{split}: y must hold numeric class labels, got dtype {y.dtype}")
    if y.dtype == bool:
        y = y.astype("int64")
    if y.ndim == 2 and y.shape[1] > 1:
        if not (np.isin(y, (0, 1)).all() and (y.sum(axis=1) == 1).all()):
            raise ValueError(
                f"{split}: y has shape {y.shape} but its rows are not one-hot "
                f"(one 1 and zeros); give integer labels or one-hot rows"
            )
        return y.argmax(axis=1).astype("int64"), y.shape[1]
    if y.ndim == 2:
        y = y[:, 0]
    if y.ndim != 1:
        raise ValueError(
            f"{split}: y must be labels (samples,) or one-hot (samples, classes), "
            f"got shape {y.shape}"
        )
    if not (np.isfinite(y).all() and (y >= 0).all() and (y == np.round(y)).all()):
        bad = y[~(np.isfinite(y) & (y >= 0) & (y == np.round(y)))][:3]
        raise ValueError(
            f"{split}: class labels must be integers >= 0, found {bad.tolist()}; for "
            f"real-valued targets use task='regression'"
        )
    return y.astype("int64"), None


def _regression_targets(y, split):
    if not np.issubdtype(y.dtype, np.number):
        raise ValueError(f"{split}: y must be numeric targets, got dtype {y.dtype}")
    if y.ndim == 1:
        y = y.reshape(-1, 1)  # (samples, 1 output)
    if y.ndim != 2:
        raise ValueError(
            f"{split}: y must have shape (samples,) or (samples, outputs), got {y.shape}"
        )
    y = y.astype("float32", copy=False)
    if not np.all(np.isfinite(y)):
        raise ValueError(f"{split}: y contains NaN or infinite values")
    return y, y.shape[1]


def _check_run_options(resolved, data, seed, max_epochs, verbose):
    if not _is_int(seed) or seed < 0:
        raise ValueError(f"seed must be a non-negative int, got {seed!r}")
    if max_epochs is not None and (not _is_int(max_epochs) or max_epochs < 1):
        raise ValueError(f"max_epochs must be a positive int or None, got {max_epochs!r}")
    if verbose not in (0, 1, 2):
        raise ValueError(f"verbose must be 0, 1 or 2, got {verbose!r}")
    if not data.has("validation"):
        for name, config in resolved.items():
            if config.patience is not None:
                raise ValueError(
                    f"configuration {name!r}: patience={config.patience} stops on the "
                    f"validation loss, but no validation data was given"
                )


def _varying_fields(configs):
    return [
        field
        for field in FIELDS
        if field != "name"
        and any(getattr(config, field) != getattr(configs[0], field) for config in configs)
    ]


class _quiet_retracing_warnings:
    """Silence TensorFlow's "triggered tf.function retracing" warnings for a while.

    Every new model traces new functions from the same Keras code, which TensorFlow
    reports as retracing; here that is expected, not a performance bug. Only the
    ``tensorflow`` logger's level changes, and it is restored on exit.
    """

    def __enter__(self):
        self._logger = logging.getLogger("tensorflow")
        self._level = self._logger.level
        self._logger.setLevel(max(self._level, logging.ERROR))

    def __exit__(self, *exc_info):
        self._logger.setLevel(self._level)


# ----------------------------------------------------------------------------- display


def _progress_line(index, total, row, task):
    metric = "accuracy" if task == "classification" else "loss"
    for prefix in ("val", "test", "train"):
        key = f"{prefix}_{metric}"
        if key in row:
            break
    return (
        f"[{index}/{total}] {row['name']}: {row['epochs_run']} epochs in "
        f"{row['seconds']:.1f} s, {key} {row[key]:.4g}"
    )


# ------------------------------------------------------------------- gradient profiles


def gradient_norm_profile(config, x, y, *, num_outputs=None, task="classification", seed=0):
    """The per-layer gradient norms of a freshly initialized MLP, on one batch.

    Builds the model a configuration describes (with ``keras.utils.set_random_seed(seed)``
    first, as :func:`run` does), and measures, without training, the length of the loss
    gradient with respect to each layer's weights
    (:func:`dlcourse.keras_helpers.callbacks.layer_gradient_norms`). Chapter 06 compares such
    profiles across activations and depths: a deep sigmoid network's profile falls by
    orders of magnitude towards the input (the vanishing gradient), a ReLU network's
    stays flat.

    Parameters
    ----------
    config : mapping or MLPConfig
        The configuration (see :class:`MLPConfig`), e.g.
        ``{"activation": "tanh", "hidden_units": (64,) * 9}``.
    x, y : array
        One batch: inputs ``(samples, ...)`` and integer labels (or one-hot rows) for
        classification, targets for regression. A few hundred rows are plenty.
    num_outputs : int, optional
        Classes (or targets); by default taken from ``y`` (the largest label + 1), which
        is too few if the batch lacks the last classes.
    task : {"classification", "regression"}
    seed : int

    Returns
    -------
    dict
        Layer name (``hidden_1``, ..., ``output``) -> gradient norm, input side first.

    Example
    -------
    >>> profile = gradient_norm_profile(                           # doctest: +SKIP
    ...     {"activation": "sigmoid", "hidden_units": (64,) * 7}, x[:256], y[:256], num_outputs=10)
    >>> profile["hidden_1"] / profile["hidden_7"]                  # doctest: +SKIP
    0.0003
    """
    import keras

    from dlcourse.keras_helpers.callbacks import layer_gradient_norms

    config = make_config(config, task=task)
    data = _prepare_data((x, y), None, None, task)
    if num_outputs is not None:
        if not _is_int(num_outputs) or num_outputs < data.num_outputs:
            raise ValueError(
                f"num_outputs must be an int of at least {data.num_outputs} (what the "
                f"labels need), got {num_outputs!r}"
            )
        data.num_outputs = int(num_outputs)
    if not _is_int(seed) or seed < 0:
        raise ValueError(f"seed must be a non-negative int, got {seed!r}")
    keras.utils.set_random_seed(seed)
    model = build_mlp(config, data.input_shape, data.num_outputs, task=task)
    x_batch, y_batch = data.split("train", "sparse" if _is_sparse_loss(config.loss) else "one_hot")
    return layer_gradient_norms(model, x_batch, y_batch)
