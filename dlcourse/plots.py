"""The figures the chapters repeat.

Each function draws on the Axes (or Figure) it is given, or on a new one, and returns
it; nothing here changes matplotlib's global state (no rcParams, no style) on import
or on call. Long plotting code lives here so that notebooks stay short.
"""

import numpy as np


def _axes(ax, figsize=(5, 3.5)):
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def _label_text(label, class_names):
    label = int(np.ravel(label)[0]) if np.ndim(label) else int(label)
    return class_names[label] if class_names is not None else str(label)


def plot_image_grid(images, labels=None, *, class_names=None, predictions=None,
                    ncols=8, size=1.2, fig=None, cmap="gray"):
    """A grid of images with their labels (and predictions: wrong ones in red).

    Parameters
    ----------
    images : array (n, h, w) or (n, h, w, 3)
    labels, predictions : array of int, optional
    class_names : sequence of str, optional
    ncols : int
    size : float
        Inches per image.
    fig : matplotlib Figure, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib.pyplot as plt

    images = np.asarray(images)
    if images.ndim not in (3, 4) or len(images) == 0:
        raise ValueError(f"images must have shape (n, h, w) or (n, h, w, 3) with n > 0, "
                         f"got {images.shape}")
    n = len(images)
    ncols = min(ncols, n)
    nrows = int(np.ceil(n / ncols))
    if fig is None:
        fig = plt.figure(figsize=(ncols * size, nrows * size * 1.25), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i >= n:
            continue
        ax.imshow(images[i], cmap=cmap if images.ndim == 3 else None)
        title, color = "", "black"
        if labels is not None:
            title = _label_text(labels[i], class_names)
        if predictions is not None:
            guess = _label_text(predictions[i], class_names)
            wrong = labels is not None and guess != title
            title = f"{guess}" + (f"\n(true: {title})" if wrong else "")
            color = "tab:red" if wrong else "tab:green"
        ax.set_title(title, fontsize=8, color=color)
    return fig


def plot_class_counts(y, *, class_names=None, ax=None, title=None):
    """Bars of how many samples each class has; returns the Axes."""
    y = np.asarray(y).ravel()
    classes, counts = np.unique(y, return_counts=True)
    ax = _axes(ax)
    names = [_label_text(c, class_names) for c in classes]
    ax.bar(range(len(classes)), counts, color="tab:blue")
    ax.set_xticks(range(len(classes)), names, rotation=45 if class_names else 0,
                  ha="right" if class_names else "center", fontsize=8)
    ax.set_ylabel("samples")
    ax.set_title(title or f"{len(y):,} samples, {len(classes)} classes", fontsize=10)
    return ax


def plot_history(history, metrics=None, *, axes=None, label=None):
    """Training curves: one panel per metric, training vs validation.

    Parameters
    ----------
    history : keras History or dict
        ``history.history`` style: ``{"loss": [...], "val_loss": [...], ...}``.
    metrics : list of str, optional
        Default: every metric that is not a ``val_`` entry.
    axes : sequence of Axes, optional
        One per metric; pass the same axes again to overlay several runs.
    label : str, optional
        Prefix for the legend (when overlaying runs).

    Returns
    -------
    numpy array of Axes
    """
    logs = getattr(history, "history", history)
    if not isinstance(logs, dict) or not logs:
        raise ValueError("history must be a keras History or a non-empty dict of lists")
    if metrics is None:
        metrics = [k for k in logs if not k.startswith("val_") and k != "learning_rate"]
    missing = [m for m in metrics if m not in logs]
    if missing:
        raise ValueError(f"metric(s) {missing} not in the history; it has {sorted(logs)}")
    if axes is None:
        import matplotlib.pyplot as plt

        _, axes = plt.subplots(1, len(metrics), figsize=(4.2 * len(metrics), 3.2),
                               layout="constrained", squeeze=False)
        axes = axes[0]
    axes = np.atleast_1d(axes)
    prefix = f"{label}: " if label else ""
    for ax, metric in zip(axes, metrics):
        epochs = np.arange(1, len(logs[metric]) + 1)
        line, = ax.plot(epochs, logs[metric], label=f"{prefix}train")
        if f"val_{metric}" in logs:
            ax.plot(epochs, logs[f"val_{metric}"], "--", color=line.get_color(),
                    label=f"{prefix}validation")
        ax.set_xlabel("epoch")
        ax.set_ylabel(metric)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    return axes


def confusion_matrix(y_true, y_pred, num_classes=None):
    """Counts ``C[i, j]`` of samples of true class i predicted as class j."""
    y_true = np.asarray(y_true).ravel().astype(int)
    y_pred = np.asarray(y_pred).ravel().astype(int)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true has {y_true.size} labels but y_pred has {y_pred.size}")
    k = num_classes or int(max(y_true.max(), y_pred.max())) + 1
    matrix = np.zeros((k, k), dtype=int)
    np.add.at(matrix, (y_true, y_pred), 1)
    return matrix


def plot_confusion_matrix(y_true, y_pred, *, class_names=None, normalize=True, ax=None,
                          title=None):
    """A confusion matrix as a heat map (rows: true class, columns: predicted).

    With ``normalize=True`` each row shows fractions (per-class recall on the diagonal).
    Returns the Axes.
    """
    k = len(class_names) if class_names is not None else None
    matrix = confusion_matrix(y_true, y_pred, k)
    shown = matrix / np.maximum(matrix.sum(axis=1, keepdims=True), 1) if normalize else matrix
    ax = _axes(ax, figsize=(4.5, 4))
    ax.imshow(shown, cmap="Blues", vmin=0)
    names = class_names if class_names is not None else [str(i) for i in range(len(matrix))]
    ax.set_xticks(range(len(names)), names, rotation=60, ha="right", fontsize=7)
    ax.set_yticks(range(len(names)), names, fontsize=7)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    if len(names) <= 12:
        threshold = shown.max() / 2
        for (i, j), value in np.ndenumerate(shown):
            text = f"{value:.2f}" if normalize else str(value)
            ax.text(j, i, text, ha="center", va="center", fontsize=6,
                    color="white" if value > threshold else "black")
    accuracy = np.trace(matrix) / max(matrix.sum(), 1)
    ax.set_title(title or f"accuracy {accuracy:.3f}", fontsize=10)
    return ax


def plot_function_and_derivative(function, derivative=None, *, x=None, ax=None, title=None,
                                 ylim=None, legend=True):
    """A function of one variable (solid) and its derivative (dashed) on one Axes.

    Parameters
    ----------
    function : callable
        Maps a NumPy array to an array of the same shape (an activation function).
    derivative : callable, optional
        Its derivative; by default estimated by central differences,
        ``(f(x + h) - f(x - h)) / 2h`` with ``h = 1e-3`` (at a kink this averages the
        two one-sided slopes; a jump shows as a spike only within ``h`` of it).
    x : array, optional
        Where to draw; default 400 points on [-4, 4] (0 itself is not among them).
    ax : matplotlib Axes, optional
    title : str, optional
    ylim : (float, float), optional
    legend : bool

    Returns
    -------
    matplotlib Axes

    Example
    -------
    >>> plot_function_and_derivative(np.tanh, title="tanh")  # doctest: +SKIP
    """
    if not callable(function) or (derivative is not None and not callable(derivative)):
        raise TypeError("function and derivative must be callables mapping an array to an "
                        f"array, got {type(function).__name__} and {type(derivative).__name__}")
    x = np.linspace(-4, 4, 400) if x is None else np.asarray(x, dtype=float)
    y = np.asarray(function(x), dtype=float)
    if y.shape != x.shape:
        raise ValueError(f"function returned shape {y.shape} for x of shape {x.shape}; "
                         f"it must work element-wise")
    if derivative is None:
        h = 1e-3
        dy = (np.asarray(function(x + h), dtype=float) - np.asarray(function(x - h), dtype=float)) / (2 * h)
    else:
        dy = np.asarray(derivative(x), dtype=float)
    ax = _axes(ax, figsize=(3.2, 2.4))
    ax.axhline(0, color="0.8", lw=0.8)
    ax.axvline(0, color="0.8", lw=0.8)
    ax.plot(x, y, color="tab:blue", lw=2, label="f(x)")
    ax.plot(x, dy, "--", color="tab:orange", lw=1.5, label="f'(x)")
    if ylim is not None:
        ax.set_ylim(*ylim)
    if title:
        ax.set_title(title, fontsize=10)
    if legend:
        ax.legend(fontsize=7, loc="upper left")
    ax.tick_params(labelsize=8)
    return ax


def plot_gradient_norms(profiles, *, ax=None, title=None, ylim=None, styles=None):
    """Per-layer gradient norms on a log scale, input side first; one line per profile.

    Parameters
    ----------
    profiles : dict
        Label -> profile, a profile being a dict ``layer name -> gradient norm`` (as
        :func:`dlcourse.callbacks.layer_gradient_norms` returns) or a sequence of norms.
    ax : matplotlib Axes, optional
    title : str, optional
    ylim : (float, float), optional
        Fix the y range (useful to compare figures, e.g. in a widget).
    styles : dict, optional
        Label -> keyword arguments for ``ax.plot`` (e.g. ``{"ls": "--"}``).

    Returns
    -------
    matplotlib Axes
    """
    if not isinstance(profiles, dict) or not profiles:
        raise ValueError("profiles must be a non-empty dict: label -> {layer: norm}")
    ax = _axes(ax, figsize=(5, 3.2))
    names = None
    for label, profile in profiles.items():
        values = list(profile.values()) if isinstance(profile, dict) else list(profile)
        if isinstance(profile, dict) and (names is None or len(profile) > len(names)):
            names = list(profile)
        layers = np.arange(1, len(values) + 1)
        ax.plot(layers, values, marker="o", ms=3, label=label, **(styles or {}).get(label, {}))
    ax.set_yscale("log")
    if names is not None and len(names) <= 12:
        short = [name.replace("hidden_", "h") for name in names]
        ax.set_xticks(np.arange(1, len(names) + 1), short, fontsize=8)
    ax.set_xlabel("layer (input side first)")
    ax.set_ylabel("gradient norm")
    if ylim is not None:
        ax.set_ylim(*ylim)
    ax.grid(alpha=0.3, which="major")
    ax.legend(fontsize=7)
    if title:
        ax.set_title(title, fontsize=10)
    return ax
