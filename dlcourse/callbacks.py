"""Keras callbacks the course needs, and a model of Keras's learning-rate reduction.

Callbacks (``model.fit(..., callbacks=[...])``):

- :class:`HookRecorder` records every hook Keras calls (``on_train_begin`` ...
  ``on_train_batch_end``, and the ``on_test_*`` hooks of the validation pass), to show
  the callback lifecycle.
- :class:`LivePlot` redraws the training and validation curves after every epoch in
  one output area of the notebook. The area is *updated in place*, so a notebook run
  without a screen (``nbconvert``, the tests) keeps a single final figure, not one per
  epoch. Usable by every chapter.
- :class:`BestF1Checkpoint` scores the validation set's F1 after every epoch, logs it
  as ``val_f1`` and keeps (optionally saves) the weights of the best epoch.

Pure functions:

- :func:`plateau_schedule` replays ``keras.callbacks.ReduceLROnPlateau`` on a list of
  monitored values: the learning rate each epoch would train with (tested against
  Keras's own callback).

Importing this module does not import Keras: the callback classes get their Keras base
class (``keras.callbacks.Callback``) when first used, ``callbacks.LivePlot`` and so on.
Each one's behaviour lives in a plain class ``_<Name>Hooks`` below.

Example
-------
>>> from dlcourse import callbacks
>>> live = callbacks.LivePlot(metrics=["loss", "accuracy"])              # doctest: +SKIP
>>> model.fit(x, y, validation_data=(x_val, y_val), epochs=10,           # doctest: +SKIP
...           callbacks=[live], verbose=0)
"""

import io

import numpy as np

__all__ = ["BestF1Checkpoint", "HookRecorder", "LivePlot", "plateau_schedule"]


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


# ------------------------------------------------------------------ LivePlot


def _default_metrics(logs):
    names = [k for k in logs if not k.startswith("val_") and k != "learning_rate"]
    picked = ["loss"] if "loss" in names else []
    picked += [k for k in names if k != "loss"][:1]
    return picked or names[:1]


class _LivePlotHooks:
    """Redraw the training curves after every epoch, in place, in one output area.

    Parameters
    ----------
    metrics : list of str, optional
        One panel per metric, training (solid) and validation (dashed, when present).
        Default: ``loss`` and the first other metric of the logs.
    every : int
        Redraw every ``every`` epochs (the last epoch is always drawn).
    figsize : tuple, optional
        Default: 4 inches wide per panel, 3 high.
    title : str, optional
        Figure title.
    display : callable, optional
        ``display(image, display_id=True)`` returning a handle with ``update(image)``,
        as ``IPython.display.display`` does (the default inside IPython). Outside
        IPython nothing is displayed; the figure is still drawn.
    dpi : int
        Resolution of the displayed PNG.

    Attributes
    ----------
    history : dict
        ``{"epoch": [1, 2, ...], metric: [...], "val_" + metric: [...]}``.
    figure : matplotlib.figure.Figure
        The figure of the last redraw (also after training, e.g. to save it).
    draws : int
        How many times the figure was redrawn.

    Notes
    -----
    The figure is a plain ``matplotlib.figure.Figure``, not a pyplot figure, so the
    notebook's inline backend never shows it a second time at the end of the cell. A
    second ``fit`` that resumes with ``initial_epoch=n`` continues the curves; one that
    starts again from epoch 1 replaces them.
    """

    def __init__(self, metrics=None, *, every=1, figsize=None, title=None, display=None,
                 dpi=72):
        super().__init__()
        if metrics is not None:
            if isinstance(metrics, str) or not all(isinstance(m, str) for m in metrics):
                raise TypeError(f"metrics must be a list of metric names, got {metrics!r}")
            metrics = list(metrics)
        if isinstance(every, bool) or not isinstance(every, int) or every < 1:
            raise ValueError(f"every must be a positive int (redraw every n epochs), got {every!r}")
        self.metrics = metrics
        self.every = every
        self.figsize = figsize
        self.title = title
        self.dpi = dpi
        self._display = display
        self.history = {"epoch": []}
        self.figure = None
        self.draws = 0
        self._handle = None
        self._drawn_epoch = None

    # -- bookkeeping
    def _truncate(self, first_epoch):
        keep = [i for i, e in enumerate(self.history["epoch"]) if e < first_epoch]
        for key, values in self.history.items():
            self.history[key] = [values[i] for i in keep if i < len(values)]

    def on_epoch_end(self, epoch, logs=None):
        logs = dict(logs or {})
        number = epoch + 1
        if self.history["epoch"] and number <= self.history["epoch"][-1]:
            self._truncate(number)  # a new run from an earlier epoch replaces the curves
        if self.metrics is None:
            self.metrics = _default_metrics(logs)
        self.history["epoch"].append(number)
        for metric in self.metrics:
            for key in (metric, f"val_{metric}"):
                if key in logs:
                    self.history.setdefault(key, []).append(float(logs[key]))
        total = (self.params or {}).get("epochs")
        if number % self.every == 0 or number == total:
            self.redraw()

    def on_train_end(self, logs=None):
        if self.history["epoch"] and self._drawn_epoch != self.history["epoch"][-1]:
            self.redraw()

    # -- drawing
    def draw(self):
        """Draw :attr:`history` on a new figure and return it (no display)."""
        from matplotlib.figure import Figure

        metrics = self.metrics or ["loss"]
        figsize = self.figsize or (4.0 * len(metrics), 3.0)
        fig = Figure(figsize=figsize, layout="constrained")
        axes = fig.subplots(1, len(metrics), squeeze=False)[0]
        epochs = self.history["epoch"]
        for ax, metric in zip(axes, metrics):
            for key, style, label in ((metric, "-", "train"), (f"val_{metric}", "--", "validation")):
                values = self.history.get(key)
                if values:
                    ax.plot(epochs[-len(values):], values, style, marker="o", markersize=3,
                            color="tab:blue" if style == "-" else "tab:orange", label=label)
            ax.set_xlabel("epoch")
            ax.set_ylabel(metric)
            ax.grid(alpha=0.3)
            if ax.lines:
                ax.legend(fontsize=8)
            if epochs:
                ax.set_title(f"epoch {epochs[-1]}: {metric} "
                             f"{self.history.get(metric, [float('nan')])[-1]:.4g}", fontsize=9)
        if self.title:
            fig.suptitle(self.title, fontsize=10)
        return fig

    def _png(self, fig):
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=self.dpi)
        return buffer.getvalue()

    def _resolve_display(self):
        if self._display is not None:
            return self._display
        try:
            from IPython import get_ipython
            from IPython.display import display
        except ImportError:  # plain Python without IPython
            return None
        return display if get_ipython() is not None else None

    def redraw(self):
        """Draw the curves and show them in the output area (created on first call)."""
        self.figure = self.draw()
        self.draws += 1
        self._drawn_epoch = self.history["epoch"][-1] if self.history["epoch"] else None
        display = self._resolve_display()
        if display is None:
            return self.figure
        from IPython.display import Image

        image = Image(data=self._png(self.figure), format="png")
        if self._handle is None:
            self._handle = display(image, display_id=True)
        else:
            self._handle.update(image)
        return self.figure


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
        if not (threshold == "best" or isinstance(threshold, (int, float)) and 0 < threshold < 1):
            raise ValueError(f"threshold must be in (0, 1) or 'best', got {threshold!r}")
        self.x_val, self.y_val = x_val, y_val.astype(int)
        self.threshold = threshold
        self.filepath = None if filepath is None else str(filepath)
        self.restore_best_weights = restore_best_weights
        self.batch_size = batch_size
        self.best_f1, self.best_epoch, self.best_threshold = -1.0, None, None
        self.best_weights = None
        self.scores = []

    def on_train_begin(self, logs=None):
        self.best_f1, self.best_epoch, self.best_threshold = -1.0, None, None
        self.best_weights = None
        self.scores = []

    def score(self):
        """``(f1, threshold)`` of the current model on the validation data."""
        from dlcourse.metrics import best_f1_threshold, f1_score

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
    if not 0 < factor < 1:
        raise ValueError(f"factor must be in (0, 1), got {factor!r}")
    if mode not in ("min", "max"):
        raise ValueError(f"mode must be 'min' or 'max', got {mode!r}")
    for name, value in (("patience", patience), ("cooldown", cooldown)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
            raise ValueError(f"{name} must be a non-negative int, got {value!r}")
    sign = 1.0 if mode == "min" else -1.0
    best, wait, cooldown_left = None, 0, 0
    lr = float(learning_rate)
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

_HOOKS = {
    "BestF1Checkpoint": _BestF1CheckpointHooks,
    "HookRecorder": _HookRecorderHooks,
    "LivePlot": _LivePlotHooks,
}
_CLASSES = {}


def __getattr__(name):
    # Callback classes are made on first use, so importing the module imports no Keras.
    if name in _HOOKS:
        if name not in _CLASSES:
            import keras

            hooks = _HOOKS[name]
            _CLASSES[name] = type(name, (hooks, keras.callbacks.Callback),
                                  {"__doc__": hooks.__doc__, "__module__": __name__})
        return _CLASSES[name]
    raise AttributeError(f"module 'dlcourse.callbacks' has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + list(_HOOKS))
