"""Train these variants, show the table: small grids of Keras MLPs on the same data.

The course compares losses, depths, activations, optimizers, learning rates, batch
sizes and dropout in the same way: the same data, the same seed, one change at a time,
and a table of what came out. This module does that and nothing more; one
configuration and its model are :mod:`dlcourse.keras_helpers.mlp`'s.

:func:`run` checks every configuration and the data first, then trains them one after
the other and returns :class:`Results`: a :class:`Table` (one row per configuration)
and the per-epoch histories for plotting.

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

import logging
import time
from collections.abc import Mapping

import numpy as np

from dlcourse.core.tables import Table, format_cell
from dlcourse.core.validation import check_choice, check_int
from dlcourse.keras_helpers import mlp

EVALUATION_BATCH_SIZE = 1024


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
    session, ``keras.utils.set_random_seed(seed)``, build with :func:`~dlcourse.keras_helpers.mlp.build_mlp`,
    ``fit`` (timed), and evaluate on each split with dropout off.

    Parameters
    ----------
    configs : list of dict, or dict of name -> dict
        The settings of each configuration (see :class:`~dlcourse.keras_helpers.mlp.MLPConfig`
        for the fields).
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
        ``.configs`` (name -> ``MLPConfig``) and ``.models``.

    Raises
    ------
    TypeError, ValueError
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

    check_choice("task", task, mlp.TASKS)
    named = _named_settings(configs, base)
    resolved = {name: mlp.make_config(settings, task=task) for name, settings in named.items()}
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
    labels = "sparse" if config.sparse_labels else "one_hot"
    x_train, y_train = data.split("train", labels)
    model = mlp.build_mlp(config, data.input_shape, data.num_outputs, task=task)

    epochs = config.epochs if max_epochs is None else min(config.epochs, max_epochs)
    batch_size = len(x_train) if config.batch_size == mlp.FULL_BATCH else config.batch_size
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
        Name -> the ``MLPConfig`` that was trained.
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


def _named_settings(configs, base):
    """Name -> merged settings (base, then the configuration's own), names checked."""
    base = mlp.as_settings(base, "base")
    mlp.check_keys(base, "base")
    if "name" in base:
        raise ValueError("base cannot set 'name': each configuration has its own")

    if isinstance(configs, Mapping):
        items = []
        for name, settings in configs.items():
            settings = mlp.as_settings(settings, f"configuration {name!r}")
            if "name" in settings and settings["name"] != name:
                raise ValueError(f"configuration {name!r} also sets "
                                 f"name={settings['name']!r}; give the name once")
            items.append({**settings, "name": name})
    elif isinstance(configs, (list, tuple)):
        items = [mlp.as_settings(settings, "each configuration") for settings in configs]
    else:
        raise TypeError(f"configs must be a list of dicts or a dict of name -> dict, "
                        f"got {type(configs).__name__}")
    if not items:
        raise ValueError("configs is empty: give at least one configuration")

    named = {}
    for position, settings in enumerate(items, start=1):
        label = repr(settings["name"]) if "name" in settings else f"#{position}"
        mlp.check_keys(settings, f"configuration {label}")
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
    given = [key for key in mlp.FIELDS if key in settings and key != "name"]
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
    check_int("seed", seed, minimum=0)
    if max_epochs is not None:
        check_int("max_epochs (or None)", max_epochs, minimum=1)
    check_choice("verbose", verbose, (0, 1, 2))
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
        for field in mlp.FIELDS
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
