"""A live training plot: a Keras callback that redraws the curves after every epoch.

:class:`LivePlot` redraws the training and validation curves after every epoch in one
output area of the notebook. The area is *updated in place*, so a notebook run without
a screen (``nbconvert``, the tests) keeps a single final figure, not one per epoch.
Usable by every chapter. It draws, so it lives with the figures; its Keras base class
comes on first use (:func:`dlcourse.keras_helpers.callbacks.lazy_callback_classes`), so
importing this module imports neither Keras nor matplotlib.

Example
-------
>>> from dlcourse import live_plot
>>> live = live_plot.LivePlot(metrics=["loss", "accuracy"])              # doctest: +SKIP
>>> model.fit(x, y, validation_data=(x_val, y_val), epochs=10,           # doctest: +SKIP
...           callbacks=[live], verbose=0)
"""

import io

from dlcourse.core.validation import check_int
from dlcourse.keras_helpers.callbacks import lazy_callback_classes

__all__ = ["LivePlot"]  # noqa: F822 (made by __getattr__ on first use: it needs Keras)


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
        self.metrics = metrics
        self.every = check_int("every", every, minimum=1)  # epochs between redraws
        self.figsize = figsize
        self.title = title
        self.dpi = check_int("dpi", dpi, minimum=1)
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


__getattr__, __dir__ = lazy_callback_classes(__name__, {"LivePlot": _LivePlotHooks})
