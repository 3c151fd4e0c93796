"""Figures of chapter 05: every loss of a task and its slope, and why softmax needs cross-entropy.

Each ``plot_*`` evaluates the NumPy references of :mod:`dlcourse.references.losses`
and returns its Axes.
"""

import numpy as np

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
