"""The figures every chapter uses: images, labels, predictions, training curves.

Each function draws on the Axes (or Figure) it is given, or on a new one, and returns
it; nothing here changes matplotlib's global state (no rcParams, no style) on import
or on call. Long plotting code lives in the ``plots*`` modules so that notebooks stay
short. The figures of one topic have their own module:

- ``plots``: images and labels, predictions, confusion matrices, training histories;
- ``plots_losses``: loss functions and their slopes (chapter 05);
- ``plots_networks``: networks drawn as diagrams and graphs, what a classifier draws
  in the plane (chapters 03, 04, 08, 10);
- ``plots_training``: inside training: activations and gradients layer by layer,
  initialization, weights, learning-rate schedules, the recipe (chapters 06, 08, 10, 11);
- ``plots_optimization``: gradient descent and optimizer paths (chapters 07, 09).
"""

import numpy as np

from dlcourse.core.validation import check_int


def ensure_axes(ax, figsize=(5, 3.5)):
    """``ax``, or a new Axes of ``figsize`` inches when it is None (every ``plot_*`` uses it)."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def label_text(label, class_names=None):
    """A class label as text: its name in ``class_names``, or the number."""
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
            title = label_text(labels[i], class_names)
        if predictions is not None:
            guess = label_text(predictions[i], class_names)
            wrong = labels is not None and guess != title
            title = f"{guess}" + (f"\n(true: {title})" if wrong else "")
            color = "tab:red" if wrong else "tab:green"
        ax.set_title(title, fontsize=8, color=color)
    return fig


def plot_class_counts(y, *, class_names=None, ax=None, title=None):
    """Bars of how many samples each class has; returns the Axes."""
    y = np.asarray(y).ravel()
    classes, counts = np.unique(y, return_counts=True)
    ax = ensure_axes(ax)
    names = [label_text(c, class_names) for c in classes]
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


def plot_confusion_matrix(y_true, y_pred, *, class_names=None, normalize=True, ax=None,
                          title=None):
    """A confusion matrix as a heat map (rows: true class, columns: predicted).

    With ``normalize=True`` each row shows fractions (per-class recall on the diagonal).
    The counts are :func:`dlcourse.references.evaluation.confusion_matrix`'s. Returns the Axes.
    """
    from dlcourse.references.evaluation import confusion_matrix

    k = len(class_names) if class_names is not None else None
    matrix = confusion_matrix(y_true, y_pred, k)
    shown = matrix / np.maximum(matrix.sum(axis=1, keepdims=True), 1) if normalize else matrix
    ax = ensure_axes(ax, figsize=(4.5, 4))
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
    if label is not None:
        label = check_int("label", label, minimum=0, maximum=p.size - 1)
    names = list(class_names) if class_names is not None else [str(i) for i in range(p.size)]
    if len(names) != p.size:
        raise ValueError(f"{len(names)} class names for {p.size} probabilities")
    ax = ensure_axes(ax, figsize=(4, 2.5))
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


def plot_prediction(image, probabilities, label=None, *, class_names=None, index=None,
                    fig=None):
    """One example and the classifier's probability for every class, side by side.

    The image on the left (titled with ``index`` when given), the bars of
    :func:`plot_probabilities` on the right. Returns the Figure.
    """
    import matplotlib.pyplot as plt

    image = np.asarray(image)
    if fig is None:
        fig = plt.figure(figsize=(6.5, 2.3), layout="constrained")
    left, right = fig.subplots(1, 2, width_ratios=[1, 2.2])
    left.imshow(image, cmap="gray" if image.ndim == 2 else None)
    left.axis("off")
    if index is not None:
        left.set_title(f"test image {index}", fontsize=9)
    plot_probabilities(probabilities, label, class_names=class_names, ax=right)
    return fig


def plot_image_pair(left, right, scores, *, same=None, titles=None, title=None, fig=None):
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
        One above each image.
    title : str, optional
        Above the whole figure.
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
    for ax, image, caption in zip(axes[:2], (left, right), titles or ("", "")):
        ax.imshow(image, cmap="gray" if np.ndim(image) == 2 else None)
        ax.set_title(caption, fontsize=9)
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
    if title:
        fig.suptitle(title, fontsize=9)
    return fig


def plot_augmented(image, variants, *, title=None, size=1.1, fig=None):
    """An image and augmented variants of it in one row, the original first; returns the Figure.

    Parameters
    ----------
    image : array (h, w[, c])
    variants : array (n, h, w[, c])
        For example :func:`dlcourse.data.preprocess.augment`'s output.
    title : str, optional
        Written above the original with "(original)".
    """
    shown = np.concatenate([np.asarray(image)[None], np.asarray(variants)])
    fig = plot_image_grid(shown, ncols=len(shown), size=size, fig=fig)
    fig.axes[0].set_title(f"{title or ''} (original)".strip(), fontsize=7)
    return fig


def plot_image_and_hog(image, *, cell_size=8, num_bins=9, signed_gradient=False, title=None,
                       fig=None):
    """An image and its histogram of oriented gradients, side by side; returns the Figure.

    The right panel is :func:`dlcourse.vision.hog.plot_hog` (each cell's orientation
    histogram); its title gives the cell size, the bins and the length of the
    descriptor (:func:`dlcourse.vision.hog.hog_descriptor_size`).
    """
    import matplotlib.pyplot as plt

    from dlcourse.vision import hog

    image = np.asarray(image)
    size = hog.hog_descriptor_size(image.shape[1::-1], cell_size=cell_size, num_bins=num_bins)
    if fig is None:
        fig = plt.figure(figsize=(6, 3.2), layout="constrained")
    left, right = fig.subplots(1, 2)
    left.imshow(image, cmap="gray" if image.ndim == 2 else None, vmin=0, vmax=255)
    left.set_xticks([])
    left.set_yticks([])
    if title:
        left.set_title(title, fontsize=9)
    hog.plot_hog(image, cell_size=cell_size, num_bins=num_bins, signed_gradient=signed_gradient,
                 color=None if image.ndim == 2 else "grey", ax=right)
    right.set_title(f"{cell_size}x{cell_size} cells, {num_bins} bins: "
                    f"descriptor length {size}", fontsize=9)
    return fig
