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
        class 0 out of 3 (see :func:`dlcourse.references.losses.loss_curves`).
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
    from dlcourse.references import losses

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
    from dlcourse.references import losses

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


def plot_decision_boundary(predict_fn, x, y, ax=None, *, resolution=200, margin=0.1,
                           title=None, size=14):
    """The regions a classifier assigns to each class in the plane, with the data on top.

    ``predict_fn`` is evaluated once on a ``resolution`` x ``resolution`` grid that covers
    the points (plus ``margin`` of their range on each side). When it returns class
    labels (integers), each predicted region is shaded in its class colour and the
    boundaries between regions are drawn as black lines; when it returns probabilities
    of class 1 (floats in [0, 1]), the shade shows the probability and the black line is
    where it crosses 0.5. Points are coloured by their true class (``tab:blue`` for 0,
    ``tab:orange`` for 1, then matplotlib's cycle).

    Parameters
    ----------
    predict_fn : callable
        Maps an array ``(m, 2)`` to ``(m,)`` labels or probabilities, for example
        ``model.predict`` or ``lambda g: model.predict_proba(g)[:, 1]``.
    x : array (n, 2)
    y : array (n,) of integer class labels
    ax : matplotlib Axes, optional
    resolution : int
        Grid points per axis (at least 2).
    margin : float
        Extra room around the points, as a fraction of their range.
    title : str, optional
    size : float
        Marker size of the points.

    Returns
    -------
    matplotlib Axes

    Example
    -------
    >>> ax = plot_decision_boundary(model.predict, x, y, title="4 hidden units")
    """
    from matplotlib.colors import LinearSegmentedColormap, ListedColormap

    x = np.asarray(x, dtype=float)
    y = np.asarray(y).ravel()
    if x.ndim != 2 or x.shape[1] != 2 or len(x) == 0:
        raise ValueError(f"x must hold points in the plane, shape (n, 2) with n > 0; got "
                         f"{x.shape}")
    if len(y) != len(x):
        raise ValueError(f"x has {len(x)} points but y has {len(y)} labels")
    if isinstance(resolution, bool) or not isinstance(resolution, (int, np.integer)) \
            or resolution < 2:
        raise ValueError(f"resolution must be an integer >= 2, got {resolution!r}")
    low, high = x.min(axis=0), x.max(axis=0)
    pad = margin * np.maximum(high - low, 1e-9)
    g0, g1 = np.meshgrid(np.linspace(low[0] - pad[0], high[0] + pad[0], resolution),
                         np.linspace(low[1] - pad[1], high[1] + pad[1], resolution))
    grid = np.column_stack([g0.ravel(), g1.ravel()])  # (resolution**2, 2)
    z = np.asarray(predict_fn(grid))
    if z.ndim == 2 and z.shape[1] == 1:
        z = z[:, 0]
    if z.shape != (len(grid),):
        raise ValueError(f"predict_fn must return one value per point, shape "
                         f"({len(grid)},); got {z.shape}")
    z = z.reshape(g0.shape).astype(float)
    colors = [f"C{k % 10}" for k in range(10)]
    ax = _axes(ax, figsize=(3.6, 3.4))
    labels = np.all(z == np.round(z))
    if labels:
        top = int(max(z.max(), y.max() if y.size else 0))
        levels = np.arange(-0.5, top + 1)
        ax.contourf(g0, g1, z, levels=levels, cmap=ListedColormap(colors[:top + 1]),
                    alpha=0.25)
        if top > 0:
            ax.contour(g0, g1, z, levels=levels[1:-1], colors="black", linewidths=1)
    else:
        if z.min() < 0 or z.max() > 1:
            raise ValueError(f"predict_fn returned floats outside [0, 1] (range "
                             f"[{z.min():.3g}, {z.max():.3g}]); return class labels or "
                             f"probabilities of class 1")
        shade = LinearSegmentedColormap.from_list("boundary", [colors[0], "white", colors[1]])
        ax.contourf(g0, g1, z, levels=np.linspace(0, 1, 11), cmap=shade, alpha=0.45)
        if z.min() < 0.5 < z.max():
            ax.contour(g0, g1, z, levels=[0.5], colors="black", linewidths=1)
    point_colors = [colors[int(label) % 10] for label in y]
    ax.scatter(x[:, 0], x[:, 1], c=point_colors, s=size, edgecolors="white", linewidths=0.4)
    ax.set_xlim(g0.min(), g0.max())
    ax.set_ylim(g1.min(), g1.max())
    ax.set_aspect("equal", adjustable="box")
    ax.set_xticks([])
    ax.set_yticks([])
    if title is not None:
        ax.set_title(title, fontsize=9)
    return ax


def plot_network_diagram(layer_sizes, ax=None, *, layer_names=None, max_shown=8,
                         activations=None):
    """A multilayer perceptron as circles (units) and lines (weights), inputs on the left.

    Parameters
    ----------
    layer_sizes : sequence of int
        Units per layer, input layer first, e.g. ``[2, 3, 1]``.
    ax : matplotlib Axes, optional
    layer_names : sequence of str, optional
        One caption per layer; default "input", "hidden 1", ..., "output".
    max_shown : int
        A layer with more units shows ``max_shown - 1`` of them and a vertical ellipsis.
    activations : sequence of str, optional
        One per layer after the input, written under the captions (e.g. ``"tanh"``).

    Returns
    -------
    matplotlib Axes
    """
    sizes = list(layer_sizes)
    if len(sizes) < 2 or any(isinstance(s, bool) or not isinstance(s, (int, np.integer))
                             or s < 1 for s in sizes):
        raise ValueError(f"layer_sizes must list at least 2 layers of >= 1 units each, got "
                         f"{layer_sizes!r}")
    if isinstance(max_shown, bool) or not isinstance(max_shown, (int, np.integer)) \
            or max_shown < 3:
        raise ValueError(f"max_shown must be an integer >= 3, got {max_shown!r}")
    if layer_names is None:
        layer_names = (["input"] + [f"hidden {i}" for i in range(1, len(sizes) - 1)]
                       + ["output"])
    if len(layer_names) != len(sizes):
        raise ValueError(f"{len(layer_names)} layer_names for {len(sizes)} layers")
    if activations is not None and len(activations) != len(sizes) - 1:
        raise ValueError(f"activations needs one entry per layer after the input "
                         f"({len(sizes) - 1}), got {len(activations)}")
    ax = _axes(ax, figsize=(1.3 * len(sizes) + 0.6, 2.8))
    shown = [min(s, max_shown) for s in sizes]
    tallest = max(shown)
    centres = [[(float(layer), (n - 1) / 2 - i) for i in range(n)]
               for layer, n in enumerate(shown)]
    for layer in range(len(sizes) - 1):
        for x0, y0 in centres[layer]:
            for x1, y1 in centres[layer + 1]:
                ax.plot([x0, x1], [y0, y1], color="0.65", lw=0.6, zorder=1)
    for layer, points in enumerate(centres):
        color = "tab:blue" if layer == 0 else ("tab:orange" if layer == len(sizes) - 1
                                               else "tab:green")
        elided = len(points) - 2 if sizes[layer] > max_shown else None
        units = [p for i, p in enumerate(points) if i != elided]
        ax.scatter([p[0] for p in units], [p[1] for p in units], s=180, c=color,
                   edgecolors="black", linewidths=0.6, zorder=2)
        if elided is not None:
            ax.text(*points[elided], "\u22ee", ha="center", va="center", fontsize=14,
                    zorder=3, bbox={"facecolor": "white", "edgecolor": "none", "pad": 0})
        caption = f"{layer_names[layer]}\n({sizes[layer]})"
        if activations is not None and layer > 0:
            caption += f"\n{activations[layer - 1]}"
        ax.text(layer, -(tallest - 1) / 2 - 0.6, caption, ha="center", va="top", fontsize=8)
    ax.set_xlim(-0.5, len(sizes) - 0.5)
    ax.set_ylim(-(tallest - 1) / 2 - 1.9, (tallest - 1) / 2 + 0.5)
    ax.axis("off")
    return ax


# ----------------------------------------------------------------- chapters 10 and 11


def plot_recipe_flowchart(ax=None):
    """The course material's recipe for deep learning as a flowchart; returns the Axes.

    First good results on the training data (else: high bias, fix the training), then
    on validation data (else: high variance, fight overfitting), in that order.
    """
    ax = _axes(ax, figsize=(9, 4.8))
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    ax.axis("off")
    line = dict(color="0.25", lw=1.3)

    def box(x, y, text, color, shape="round,pad=0.45", **kwargs):
        ax.text(x, y, text, ha="center", va="center", fontsize=10,
                bbox=dict(boxstyle=shape, facecolor=color, edgecolor="0.3"), **kwargs)

    def arrow(start, end, label=None, offset=(0.3, 0)):
        ax.annotate("", xy=end, xytext=start,
                    arrowprops=dict(arrowstyle="-|>", mutation_scale=14, **line))
        if label:
            ax.text((start[0] + end[0]) / 2 + offset[0], (start[1] + end[1]) / 2 + offset[1],
                    label, fontsize=9, fontweight="bold", ha="center", va="center")

    box(2.0, 9.0, "train the network", "#e8e8e8")
    box(2.0, 6.4, "good results on\nthe TRAINING data?", "#fff2cc")
    box(2.0, 3.4, "good results on the\nVALIDATION data?", "#fff2cc")
    box(2.0, 0.7, "done: measure the\ntest set once", "#d9ead3")
    box(6.6, 6.4, "no: high BIAS (underfitting)\n- a better activation (ReLU, Maxout)\n"
        "- an adaptive learning rate (Adam)\n- a bigger network, longer training",
        "#f4cccc", multialignment="left")
    box(6.6, 3.0, "no: high VARIANCE (overfitting)\n- early stopping\n"
        "- regularization (L2 / L1)\n- dropout\n- more data (augmentation)",
        "#cfe2f3", multialignment="left")
    arrow((2.0, 8.55), (2.0, 7.2))
    arrow((2.0, 5.6), (2.0, 4.2), "yes")
    arrow((2.0, 2.6), (2.0, 1.5), "yes")
    arrow((3.0, 6.4), (4.9, 6.4))
    arrow((3.05, 3.4), (5.1, 3.4))
    # back to training after each remedy
    ax.plot([6.6, 6.6], [7.55, 9.0], **line)
    ax.plot([8.1, 9.6, 9.6], [3.0, 3.0, 9.0], **line)
    arrow((9.6, 9.0), (3.2, 9.0))
    ax.text(6.4, 9.35, "change one thing, train again", fontsize=8.5, style="italic",
            ha="center")
    ax.set_title("The recipe: get the training error down first, then the validation error",
                 fontsize=10)
    return ax


def plot_weight_histograms(weights, *, ax=None, bins=80, limit=None, log=True):
    """Overlaid histograms of weight values, one per named set; returns the Axes.

    Parameters
    ----------
    weights : dict
        Name -> array (or list of arrays) of weights, e.g. ``{"no penalty": W, ...}``.
    bins : int
    limit : float, optional
        Show ``[-limit, limit]``; default: the largest absolute weight.
    log : bool
        Logarithmic count axis, so the tails and the spike at 0 both show.
    """
    if not isinstance(weights, dict) or not weights:
        raise ValueError("weights must be a non-empty dict of name -> array")
    ax = _axes(ax, figsize=(6, 3.2))
    flat = {name: np.concatenate([np.ravel(w) for w in (v if isinstance(v, (list, tuple)) else [v])])
            for name, v in weights.items()}
    limit = limit or max(float(np.abs(v).max()) for v in flat.values())
    edges = np.linspace(-limit, limit, bins + 1)
    for name, values in flat.items():
        ax.hist(np.clip(values, -limit, limit), bins=edges, histtype="step", lw=1.5, label=name,
                log=log)
    ax.set_xlabel("weight value")
    ax.set_ylabel("count" + (" (log scale)" if log else ""))
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    return ax


def plot_toy_fit(result, *, ax=None, resolution=150):
    """Decision regions of a :func:`dlcourse.references.training.fit_toy` result; returns the Axes.

    Training points are circles, test points small dots; the title gives both
    accuracies.
    """
    ax = _axes(ax, figsize=(4.2, 3.6))
    network = result["network"]
    (x, y), (x_test, y_test) = result["train"], result["test"]
    low = np.minimum(x.min(axis=0), x_test.min(axis=0)) - 0.3
    high = np.maximum(x.max(axis=0), x_test.max(axis=0)) + 0.3
    g0, g1 = np.meshgrid(np.linspace(low[0], high[0], resolution),
                         np.linspace(low[1], high[1], resolution))
    grid = np.column_stack([g0.ravel(), g1.ravel()])  # (resolution**2, 2)
    p = network.predict(grid).reshape(g0.shape)
    ax.contourf(g0, g1, p, levels=np.linspace(0, 1, 11), cmap="RdBu_r", alpha=0.55)
    ax.contour(g0, g1, p, levels=[0.5], colors="k", linewidths=1)
    ax.scatter(*x_test.T, c=y_test, cmap="RdBu_r", s=4, alpha=0.5, vmin=0, vmax=1)
    ax.scatter(*x.T, c=y, cmap="RdBu_r", s=30, edgecolors="k", vmin=0, vmax=1)
    ax.set_xticks([])
    ax.set_yticks([])
    s = result["settings"]
    ax.set_title(f"{s['hidden_units']} units, L2 {s['l2']:g}, dropout {s['dropout']:g}\n"
                 f"train {result['train_accuracy']:.2f}, test {result['test_accuracy']:.2f}",
                 fontsize=9)
    return ax


def plot_learning_rate_and_loss(history, *, axes=None, monitor="val_loss"):
    """Two panels: the losses per epoch, and the learning rate per epoch (log scale).

    ``history`` is a Keras History (or its dict) with a ``learning_rate`` entry, as
    ``ReduceLROnPlateau`` logs it. Returns the two Axes.
    """
    logs = getattr(history, "history", history)
    if "learning_rate" not in logs:
        raise ValueError(f"the history has no 'learning_rate' entry (it has {sorted(logs)}); "
                         f"ReduceLROnPlateau logs it")
    if axes is None:
        import matplotlib.pyplot as plt

        _, axes = plt.subplots(1, 2, figsize=(8.5, 3), layout="constrained")
    epochs = np.arange(1, len(logs["learning_rate"]) + 1)
    for key, style in (("loss", "-"), (monitor, "--")):
        if key in logs:
            axes[0].plot(epochs, logs[key], style, label=key)
    axes[0].set(xlabel="epoch", ylabel="loss")
    axes[0].legend(fontsize=8)
    axes[1].step(epochs, logs["learning_rate"], where="mid", color="tab:red")
    axes[1].set_yscale("log")
    axes[1].set(xlabel="epoch", ylabel="learning rate")
    reductions = epochs[1:][np.diff(logs["learning_rate"]) < 0]
    for ax in axes:
        ax.grid(alpha=0.3)
        for epoch in reductions:
            ax.axvline(epoch - 0.5, color="tab:red", alpha=0.3, lw=1)
    return axes


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
        :func:`dlcourse.keras_helpers.callbacks.layer_gradient_norms` returns) or a sequence of norms.
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


def plot_probabilities(probabilities, label=None, *, class_names=None, ax=None, title=None):
    """Bars of a classifier's output probabilities for one example; returns the Axes.

    The predicted class (the largest bar) is drawn in green when it is right and red
    when it is wrong; the true class, when ``label`` is given, is marked below its bar.

    Parameters
    ----------
    probabilities : array (classes,)
        One row of ``model.predict(...)``: non-negative, summing to 1.
    label : int, optional
        The true class.
    class_names : sequence of str, optional
    ax : matplotlib Axes, optional
    title : str, optional
        Default: the prediction and its probability.
    """
    p = np.asarray(probabilities, dtype=float)
    if p.ndim != 1 or p.size < 2 or np.any(p < 0) or not np.isclose(p.sum(), 1, atol=1e-3):
        raise ValueError(f"probabilities must be one row of class probabilities (>= 0, summing "
                         f"to 1), got shape {p.shape} and sum {p.sum():.4g}")
    if label is not None and not 0 <= int(label) < p.size:
        raise ValueError(f"label must be a class in [0, {p.size - 1}], got {label!r}")
    names = list(class_names) if class_names is not None else [str(i) for i in range(p.size)]
    if len(names) != p.size:
        raise ValueError(f"{len(names)} class names for {p.size} probabilities")
    ax = _axes(ax, figsize=(4, 2.5))
    guess = int(p.argmax())
    right = label is None or guess == int(label)
    colors = ["tab:gray"] * p.size
    colors[guess] = "tab:green" if right else "tab:red"
    ax.bar(range(p.size), p, color=colors)
    ax.set_xticks(range(p.size), names, fontsize=8, rotation=45 if class_names else 0,
                  ha="right" if class_names else "center")
    if label is not None:
        ax.get_xticklabels()[int(label)].set_fontweight("bold")
        ax.annotate("true", (int(label), 0), xytext=(0, -22), textcoords="offset points",
                    ha="center", va="top", fontsize=7, color="tab:blue")
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("probability")
    ax.set_title(title or f"predicted {names[guess]} (p = {p[guess]:.2f})", fontsize=9,
                 color="black" if right else "tab:red")
    return ax


def plot_model_graph(model, ax=None, *, title=None, show_params=True):
    """A Keras model's graph of layers, drawn with matplotlib; returns the Axes.

    One box per layer (name, type, output shape, number of weights), an arrow from
    each layer to every layer it feeds, inputs at the top. Inputs are blue, outputs
    green, models used as layers orange, weightless operations white, and a shared
    layer (called more than once) has a thick orange border and says how often it is
    called.
    Unlike ``keras.utils.plot_model`` it needs neither pydot nor Graphviz.

    Parameters
    ----------
    model : keras.Model or dlcourse.keras_helpers.graph.ModelGraph
        A functional model, or a Sequential model built with ``keras.Input``.
    ax : matplotlib Axes, optional
        Default: a new figure sized to the graph. On a given Axes the text shrinks
        when the graph is drawn smaller than its natural size.
    title : str, optional
        Default: the model's name.
    show_params : bool
        Write the number of weights of each layer.
    """
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    from dlcourse.keras_helpers.graph import ModelGraph, graph_positions, model_graph

    graph = model if isinstance(model, ModelGraph) else model_graph(model)
    positions = graph_positions(graph)

    def lines(node):
        title = f"{node.name} ({node.type})"
        if node.calls > 1:
            title += f", called {node.calls}x"
        details = node.output_shape
        if show_params and node.params:
            details += f" · {node.params:,} params"
        return title, details

    texts = {node.name: lines(node) for node in graph.nodes}
    longest = max(max(0.068 * len(t), 0.057 * len(d)) for t, d in texts.values())
    box_w = max(2.0, longest + 0.25)  # inches at the default size: 8 pt bold, 7 pt text
    box_h, x_gap, y_gap = 0.56, box_w + 0.3, 0.9
    rows = max(r for r, _ in positions.values()) + 1
    half_width = max(abs(c) for _, c in positions.values())
    x_limit = half_width * x_gap + box_w / 2 + 0.1
    y_bottom, y_top = -(rows - 1) * y_gap - box_h / 2 - 0.1, box_h / 2 + 0.1
    given_ax = ax is not None
    if ax is None:
        import matplotlib.pyplot as plt

        width = 2 * x_limit + 0.1
        height = y_top - y_bottom + 0.45
        _, ax = plt.subplots(figsize=(max(width, 3.0), height), layout="constrained")
    ax.set_xlim(-x_limit, x_limit)
    ax.set_ylim(y_bottom, y_top)
    ax.set_aspect("equal")
    ax.set_anchor("N")  # side by side, graphs of different heights line up at the top
    ax.axis("off")
    ax.set_title(title or graph.name, fontsize=10)
    scale = 1.0
    if given_ax:  # text is sized in points, boxes in data units: shrink text to fit
        ax.figure.canvas.draw()  # settles the layout, so the Axes' size is final
        extent = ax.get_window_extent()
        inches_per_unit = min(extent.width / (2 * x_limit),
                              extent.height / (y_top - y_bottom)) / ax.figure.dpi
        scale = min(1.0, inches_per_unit)

    def center(name):
        row, column = positions[name]
        return column * x_gap, -row * y_gap

    model_types = ("Sequential", "Functional", "Model")
    for node in graph.nodes:
        x, y = center(node.name)
        if node.is_input:
            face = "#d6e6f5"
        elif node.is_output:
            face = "#d5ecd0"
        elif node.type in model_types or node.type.endswith("Model"):
            face = "#fbe0c3"
        elif node.params == 0:
            face = "white"
        else:
            face = "#e8e8e8"
        shared = node.calls > 1
        ax.add_patch(FancyBboxPatch((x - box_w / 2, y - box_h / 2), box_w, box_h,
                                    boxstyle="round,pad=0,rounding_size=0.08", facecolor=face,
                                    edgecolor="tab:orange" if shared else "0.3",
                                    linewidth=2.2 if shared else 0.8))
        heading, details = texts[node.name]
        ax.text(x, y + 0.09, heading, ha="center", va="center", fontsize=8 * scale,
                fontweight="bold")
        ax.text(x, y - 0.13, details, ha="center", va="center", fontsize=7 * scale)
    for source, target in graph.edges:
        (x1, y1), (x2, y2) = center(source), center(target)
        ax.add_patch(FancyArrowPatch((x1, y1 - box_h / 2), (x2, y2 + box_h / 2),
                                     arrowstyle="-|>", mutation_scale=10 * scale, color="0.35",
                                     linewidth=1, shrinkA=1, shrinkB=1))
    return ax


def plot_image_pair(left, right, scores, *, same=None, titles=None, fig=None):
    """Two images side by side and a bar per score in [0, 1] (e.g. "same digit?").

    Parameters
    ----------
    left, right : array (h, w) or (h, w, 3)
    scores : dict of str -> float
        Name -> probability of "same", one horizontal bar each.
    same : bool, optional
        The truth. When given, a bar is green if its answer (``score >= 0.5`` means
        "same") is right and red if it is wrong; otherwise blue.
    titles : (str, str), optional
    fig : matplotlib Figure, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib.pyplot as plt

    if not scores:
        raise ValueError("scores must hold at least one name -> probability")
    bad = {k: v for k, v in scores.items() if not 0 <= float(v) <= 1}
    if bad:
        raise ValueError(f"scores must lie in [0, 1], got {bad}")
    if fig is None:
        fig = plt.figure(figsize=(7, 1.9), layout="constrained")
    axes = fig.subplots(1, 3, width_ratios=[1, 1, 2.6])
    for ax, image, title in zip(axes[:2], (left, right), titles or ("", "")):
        ax.imshow(image, cmap="gray" if np.ndim(image) == 2 else None)
        ax.set_title(title, fontsize=9)
        ax.axis("off")
    names = list(scores)
    values = [float(scores[n]) for n in names]
    if same is None:
        colors = ["tab:blue"] * len(values)
    else:
        colors = ["tab:green" if (v >= 0.5) == bool(same) else "tab:red" for v in values]
    bars = axes[2].barh(range(len(names)), values, color=colors)
    axes[2].set_yticks(range(len(names)), names, fontsize=8)
    axes[2].invert_yaxis()
    axes[2].set_xlim(0, 1.15)
    axes[2].set_xticks([0, 0.25, 0.5, 0.75, 1])
    axes[2].axvline(0.5, color="0.5", linestyle=":", linewidth=1)
    axes[2].bar_label(bars, fmt="%.2f", fontsize=8, padding=2)
    axes[2].set_xlabel("P(same)", fontsize=8)
    axes[2].tick_params(axis="x", labelsize=7)
    return fig


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
    function : dlcourse.references.landscapes.Function1D or str
        The curve to draw (``value`` and ``x_range`` are used).
    paths : dict
        label -> 1D array of the points visited (``trajectories.gradient_descent``). Points
        outside the window are clipped to its edge; non-finite points are dropped.
    ax : matplotlib Axes, optional
    x_range : (low, high), optional
        Defaults to the function's window, widened to show every finite path point.
    title : str, optional

    Returns
    -------
    matplotlib Axes
    """
    from dlcourse.references.landscapes import get_function_1d

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
    function : dlcourse.references.landscapes.Function2D or str
        rosenbrock, beale, saddle, elongated_quadratic (or your own Function2D).
    paths : dict
        label -> array of shape (steps + 1, 2) (``trajectories.run_optimizer`` or
        ``trajectories.race_optimizers``). Non-finite rows (a diverged run) are dropped.
    ax : matplotlib Axes, optional
    num_levels : int
    title : str, optional
    legend : bool

    Returns
    -------
    matplotlib Axes
    """
    from dlcourse.references.landscapes import get_function

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
