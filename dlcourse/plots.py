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
    model : keras.Model or dlcourse.graph.ModelGraph
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

    from dlcourse.graph import ModelGraph, graph_positions, model_graph

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
