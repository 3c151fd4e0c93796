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


# Chapter 05: loss functions.

LOSS_SHORT_NAMES = {
    "mean_squared_error": "MSE", "mean_absolute_error": "MAE",
    "mean_absolute_percentage_error": "MAPE", "mean_squared_logarithmic_error": "MSLE",
    "binary_crossentropy": "binary cross-entropy", "categorical_crossentropy": "cross-entropy",
    "sparse_categorical_crossentropy": "sparse cross-entropy", "hinge": "hinge",
    "squared_hinge": "squared hinge", "categorical_hinge": "categorical hinge",
}
LOSS_CURVE_RANGES = {"regression": (0.1, 8.0), "binary": (-6.0, 6.0), "multi-class": (-6.0, 6.0)}
_CURVE_AXIS_LABELS = {
    "regression": (r"prediction $\hat y$", r"$\partial L/\partial \hat y$"),
    "binary": (r"logit (score) $z$", r"$\partial L/\partial z$"),
    "multi-class": (r"logit $z_0$ (others 0)", r"$\partial L/\partial z_0$"),
}


def plot_loss_curves(task, target, x=None, *, x_range=None, axes=None, num_points=400):
    """Every loss of a task (top row) and its derivative (bottom row) against one number.

    Parameters
    ----------
    task : {"regression", "binary", "multi-class"}
        What the horizontal axis is: a prediction, a binary logit, or the logit of
        class 0 out of 3 (see :func:`dlcourse.losses.loss_curves`).
    target : float or int
        The true value (regression) or class.
    x : float, optional
        A point to mark on every curve, with its loss and slope in the titles.
    x_range : (float, float), optional
        Default: :data:`LOSS_CURVE_RANGES` for the task.
    axes : array of Axes (2, n_losses), optional

    Returns
    -------
    numpy array of Axes, shape (2, n_losses)
    """
    from dlcourse import losses

    low, high = x_range if x_range is not None else LOSS_CURVE_RANGES.get(task, (-6.0, 6.0))
    grid = np.linspace(low, high, num_points)
    curves = losses.loss_curves(task, target, grid)
    marked = losses.loss_curves(task, target, x) if x is not None else None
    if axes is None:
        import matplotlib.pyplot as plt

        _, axes = plt.subplots(2, len(curves), figsize=(2.7 * len(curves), 4.4),
                               layout="constrained", sharex=True, squeeze=False)
    axes = np.asarray(axes).reshape(2, -1)
    x_label, slope_label = _CURVE_AXIS_LABELS[task]
    for column, (name, (values, slopes)) in enumerate(curves.items()):
        top, bottom = axes[0, column], axes[1, column]
        top.plot(grid, values, color=f"C{column}")
        bottom.plot(grid, slopes, color=f"C{column}")
        bottom.axhline(0, color="0.6", lw=0.8)
        if task == "regression":
            for ax in (top, bottom):
                ax.axvline(target, color="0.6", ls=":", lw=1)
        title = LOSS_SHORT_NAMES.get(name, name)
        if marked is not None:
            value, slope = marked[name][0][0], marked[name][1][0]
            top.plot([x], [value], "o", color="black", ms=5)
            bottom.plot([x], [slope], "o", color="black", ms=5)
            title = f"{title}\nL = {value:.3g}"
            bottom.set_title(f"slope {slope:.3g}", fontsize=9)
        top.set_title(title, fontsize=9)
        bottom.set_xlabel(x_label, fontsize=9)
        for ax in (top, bottom):
            ax.grid(alpha=0.3)
            ax.tick_params(labelsize=8)
    axes[0, 0].set_ylabel("loss L", fontsize=9)
    axes[1, 0].set_ylabel(slope_label, fontsize=9)
    return axes


def plot_softmax_loss_and_gradient(num_classes=10, *, margins=None, axes=None):
    """Cross-entropy against MSE behind a softmax, as the network becomes confidently wrong.

    The logits are 0 except the true class's, ``-m/2``, and one wrong class's, ``m/2``;
    as the margin ``m`` grows the true class's probability ``p_true`` falls (``m > 0``:
    the prediction is wrong, shaded). Left: the two losses against ``p_true``. Right: the
    length of the gradient that reaches the logits, ``||dL/dz||``, on a log scale.

    Returns
    -------
    numpy array of two Axes
    """
    from dlcourse import losses

    margins = np.linspace(-12, 14, 300) if margins is None else np.asarray(margins, float)
    z = np.zeros((len(margins), num_classes))  # (points, classes); true class 0
    z[:, 0], z[:, 1] = -margins / 2, margins / 2
    y = np.zeros_like(z)
    y[:, 0] = 1.0
    p_true = losses.softmax(z)[:, 0]
    if axes is None:
        import matplotlib.pyplot as plt

        _, axes = plt.subplots(1, 2, figsize=(9, 3.3), layout="constrained", sharex=True)
    for name, color in (("categorical_crossentropy", "C0"), ("mean_squared_error", "C3")):
        label = LOSS_SHORT_NAMES[name]
        axes[0].plot(p_true, losses.loss(name, y, losses.softmax(z)), color=color, label=label)
        norms = np.linalg.norm(losses.softmax_gradient(name, y, z), axis=-1)
        axes[1].plot(p_true, norms, color=color, label=label)
    axes[0].set(xscale="log", ylabel="loss", title="loss of one example")
    axes[1].set(xscale="log", yscale="log", ylabel=r"$\|\partial L/\partial z\|$",
                title="gradient reaching the logits")
    for ax in axes:
        ax.set_xlabel(r"probability of the true class $p_{true}$ (log scale)")
        ax.axvspan(p_true.min(), 1.0 / num_classes, color="0.92", zorder=0)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    axes[0].text(0.03, 0.9, "wrong", transform=axes[0].transAxes, fontsize=8, color="0.4")
    return np.asarray(axes)
