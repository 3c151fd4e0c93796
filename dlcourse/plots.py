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


# --------------------------------------------------------------------------------------
# Gradient descent, optimizer paths, activations through depth, computational graphs
# (chapters 07, 08, 09)
# --------------------------------------------------------------------------------------


def _path_colors(num):
    import matplotlib.pyplot as plt

    return [plt.get_cmap("tab10")(i % 10) for i in range(num)]


def plot_descent_1d(function, paths, *, ax=None, x_range=None, title=None):
    """A 1D function and gradient-descent paths on it (points joined in visiting order).

    Parameters
    ----------
    function : dlcourse.optim.Function1D or str
        The curve to draw (``value`` and ``x_range`` are used).
    paths : dict
        label -> 1D array of the points visited (``optim.gradient_descent``). Points
        outside the window are clipped to its edge; non-finite points are dropped.
    ax : matplotlib Axes, optional
    x_range : (low, high), optional
        Defaults to the function's window, widened to show every finite path point.
    title : str, optional

    Returns
    -------
    matplotlib Axes
    """
    from dlcourse.optim import get_function_1d

    function = get_function_1d(function)
    if not isinstance(paths, dict) or not paths:
        raise ValueError("paths must be a non-empty dict of label -> 1D array of points")
    ax = _axes(ax)
    low, high = x_range if x_range is not None else function.x_range
    xs = np.linspace(low, high, 400)
    ax.plot(xs, function.value(xs), color="0.3", lw=1.5, zorder=1)
    for (label, path), color in zip(paths.items(), _path_colors(len(paths))):
        path = np.asarray(path, dtype=float).ravel()
        path = path[np.isfinite(path)]
        shown = np.clip(path, low, high)
        ax.plot(shown, function.value(shown), "-o", color=color, ms=3.5, lw=1, alpha=0.85,
                label=label, zorder=2)
        if len(shown):
            ax.plot(shown[0], function.value(shown[0]), "s", color=color, ms=6, zorder=3)
    ax.set_xlim(low, high)
    ax.set_xlabel("x")
    ax.set_ylabel("f(x)")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7)
    if title:
        ax.set_title(title, fontsize=10)
    return ax


def plot_optimizer_paths(function, paths, *, ax=None, num_levels=15, title=None,
                         legend=True):
    """Optimizer paths on the contour plot of a 2D test function.

    Contour levels are spaced logarithmically above the minimum value, so both the
    steep walls and the flat valley floor show. Minima are marked with a star, saddle
    points with an x; each path starts at a square and ends at a dot.

    Parameters
    ----------
    function : dlcourse.optim.Function2D or str
        rosenbrock, beale, saddle, elongated_quadratic (or your own Function2D).
    paths : dict
        label -> array of shape (steps + 1, 2) (``optim.run_optimizer`` or
        ``optim.race_optimizers``). Non-finite rows (a diverged run) are dropped.
    ax : matplotlib Axes, optional
    num_levels : int
    title : str, optional
    legend : bool

    Returns
    -------
    matplotlib Axes
    """
    from dlcourse.optim import get_function

    function = get_function(function)
    if not isinstance(paths, dict):
        raise ValueError("paths must be a dict of label -> (steps + 1, 2) array")
    ax = _axes(ax, figsize=(5, 4))
    X, Y, F = function.grid(250)
    lifted = F - function.minimum_value
    top = np.percentile(lifted, 98)
    levels = np.geomspace(max(top * 1e-5, 1e-3), top, num_levels)
    ax.contour(X, Y, lifted, levels=levels, cmap="viridis", linewidths=0.5, alpha=0.5)
    for (label, path), color in zip(paths.items(), _path_colors(len(paths))):
        path = np.asarray(path, dtype=float)
        if path.ndim != 2 or path.shape[1] != 2:
            raise ValueError(f"path {label!r} must have shape (steps + 1, 2), got {path.shape}")
        finite = path[np.all(np.isfinite(path), axis=1)]
        if not len(finite):
            continue
        ax.plot(finite[:, 0], finite[:, 1], "-", color=color, lw=1.2, label=label, alpha=0.85)
        ax.plot(*finite[0], "s", color=color, ms=5)
        ax.plot(*finite[-1], "o", color=color, ms=5, mec="black", mew=0.5)
    for point in function.minima:
        ax.plot(*point, "*", color="gold", ms=14, mec="black", mew=0.8, zorder=5)
    for point in function.saddle_points:
        ax.plot(*point, "x", color="black", ms=9, mew=2, zorder=5)
    ax.set_xlim(function.x_range)
    ax.set_ylim(function.y_range)
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.set_title(title or function.name, fontsize=10)
    if legend and paths:
        ax.legend(fontsize=7, loc="best")
    return ax


def plot_activation_histograms(activations, *, axes=None, label=None, bins=40, color=None,
                               value_range=None):
    """One histogram per layer, in a row: how a signal's spread changes with depth.

    Parameters
    ----------
    activations : list of arrays
        One array per layer (``Network.layer_activations(X)``), input side first.
    axes : sequence of Axes, optional
        One per layer; a new row of small panels by default.
    label : str, optional
        Written at the left of the row.
    bins : int
    color : matplotlib colour, optional
    value_range : (low, high) or "each", optional
        The x range of every panel; by default the same range for the whole row, wide
        enough for 99.5 % of the values (symmetric when there are negative values).
        ``"each"`` gives every panel its own such range (for signals that explode).

    Returns
    -------
    numpy array of Axes
    """
    if not activations:
        raise ValueError("activations must list at least one layer's array")
    if axes is None:
        import matplotlib.pyplot as plt

        _, axes = plt.subplots(1, len(activations), figsize=(1.2 * len(activations), 1.4),
                               layout="constrained", squeeze=False)
        axes = axes[0]
    axes = np.atleast_1d(axes)
    if len(axes) < len(activations):
        raise ValueError(f"{len(activations)} layers but only {len(axes)} axes")
    def spread(arrays):
        everything = np.abs(np.concatenate([np.ravel(a) for a in arrays]))
        limit = float(np.percentile(everything, 99.5)) or 1.0
        return (-limit if any(np.min(a) < 0 for a in arrays) else 0.0), limit

    if isinstance(value_range, str) and value_range != "each":
        raise ValueError(f"value_range must be (low, high), 'each' or None, got {value_range!r}")
    shared = spread(activations) if value_range is None else value_range
    for k, (ax, a) in enumerate(zip(axes, activations)):
        value_range = spread([a]) if isinstance(shared, str) else shared
        values = np.ravel(a)
        zeros = float(np.mean(values == 0))
        title = f"std {values.std():.2g}"
        if zeros > 0.05:  # ReLU: a spike at 0 would hide the rest; count it instead
            ax.text(0.97, 0.95, f"{zeros:.0%} = 0", transform=ax.transAxes, ha="right",
                    va="top", fontsize=6)
            values = values[values != 0]
        if len(values):
            ax.hist(np.clip(values, *value_range), bins=bins, range=value_range, color=color,
                    density=True, histtype="stepfilled")
        ax.set_xlim(value_range)
        ticks = sorted({value_range[0], 0.0, value_range[1]})
        ax.set_xticks(ticks, [f"{t:.2g}" for t in ticks])
        tick_labels = ax.get_xticklabels()  # keep the end labels inside the panel
        tick_labels[0].set_horizontalalignment("left")
        tick_labels[-1].set_horizontalalignment("right")
        ax.set_yticks([])
        ax.tick_params(labelsize=6)
        ax.set_title(title, fontsize=6.5, pad=2)
        if k == 0 and label:
            ax.set_ylabel(label, fontsize=8)
    return axes


def plot_computational_graph(positions, edges, *, labels=None, values=None, gradients=None,
                             ax=None, title=None):
    """A computational graph: nodes with their forward values and backward gradients.

    Parameters
    ----------
    positions : dict
        node name -> (x, y) position.
    edges : list of (source, target)
        Arrows of the forward pass.
    labels : dict, optional
        node -> text in the box (default: the node name).
    values : dict, optional
        node -> forward value, written above the box (blue).
    gradients : dict, optional
        node -> dL/d(node), written below the box (red).
    ax : matplotlib Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib Axes
    """
    missing = {n for edge in edges for n in edge} - set(positions)
    if missing:
        raise ValueError(f"edges name nodes without a position: {sorted(missing)}")
    labels, values, gradients = labels or {}, values or {}, gradients or {}
    xs = np.array([p[0] for p in positions.values()], dtype=float)
    ys = np.array([p[1] for p in positions.values()], dtype=float)
    ax = _axes(ax, figsize=(9, 3))
    box = {"boxstyle": "round,pad=0.35", "fc": "white", "ec": "0.3"}
    texts = {}
    for name, (x, y) in positions.items():
        texts[name] = ax.text(x, y, labels.get(name, name), ha="center", va="center",
                              fontsize=9, bbox=box)
        if name in values:
            ax.text(x, y + 0.3, f"{values[name]:.4g}", ha="center", va="bottom",
                    fontsize=8, color="tab:blue")
        if name in gradients:
            ax.text(x, y - 0.3, f"{gradients[name]:.4g}", ha="center", va="top",
                    fontsize=8, color="tab:red")
    for source, target in edges:  # from the right edge of one box to the left edge of the next
        ax.annotate("", xy=(0, 0.5), xycoords=texts[target], xytext=(1, 0.5),
                    textcoords=texts[source],
                    arrowprops={"arrowstyle": "-|>", "color": "0.4", "lw": 1.2,
                                "shrinkA": 6, "shrinkB": 6})
    ax.set_xlim(xs.min() - 0.8, xs.max() + 0.8)
    ax.set_ylim(ys.min() - 0.7, ys.max() + 0.7)
    ax.axis("off")
    if title:
        ax.set_title(title, fontsize=10)
    return ax
