"""Figures of chapters 07 and 09: gradient descent, learning rates and optimizer paths.

Each returns its Axes; a figure may run the NumPy optimizers of
:mod:`dlcourse.references.optim` it shows (a few hundred steps, well under a second).
"""

import numpy as np

from dlcourse.presentation.plots import ensure_axes


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
    ax = ensure_axes(ax)
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
    ax = ensure_axes(ax, figsize=(5, 4))
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


def plot_learning_rate_descent(learning_rate, decay=0.0, num_steps=20, *, axes=None):
    """Gradient descent with one learning rate on ``x**2`` and on a narrow 2D valley.

    Left: :func:`dlcourse.references.trajectories.gradient_descent` from ``x = 2`` on the
    parabola (diverges above ``eta = 1``); right: from the valley's start on
    ``0.1 x**2 + 2 y**2`` (diverges above 0.5), with the gap to the minimum in the title.
    ``decay`` is the inverse-time decay of the learning rate.

    Returns
    -------
    numpy array of two Axes
    """
    from dlcourse.references import landscapes, trajectories

    if axes is None:
        import matplotlib.pyplot as plt

        _, axes = plt.subplots(1, 2, figsize=(9, 3.3), layout="constrained")
    left, right = axes
    path_1d = trajectories.gradient_descent(landscapes.parabola_derivative, 2.0, learning_rate,
                                            num_steps, decay=decay)
    end = path_1d[-1]
    status = "diverged" if not np.isfinite(end) or abs(end) > 2.0 else f"x = {end:.3g}"
    plot_descent_1d("parabola", {f"eta = {learning_rate:.3g}": path_1d}, ax=left,
                    title=f"f(x) = x^2 after {num_steps} steps: {status}")
    quadratic = landscapes.get_function("elongated_quadratic")
    path_2d = trajectories.gradient_descent(lambda p: np.array(quadratic.gradient(*p)),
                                            quadratic.start, learning_rate, num_steps, decay=decay)
    gap = trajectories.final_gap(path_2d, quadratic)
    plot_optimizer_paths(quadratic, {f"eta = {learning_rate:.3g}": path_2d}, ax=right,
                         title=f"0.1 x^2 + 2 y^2: f - f_min = {gap:.3g}", legend=False)
    return np.asarray(axes)


def plot_optimizer_race(function, sgd_learning_rate, adaptive_learning_rate, *, momentum=0.9,
                        beta_1=0.9, beta_2=0.999, num_steps=500, ax=None):
    """SGD, momentum, Nesterov, Adagrad, RMSprop and Adam racing on a 2D test function.

    Runs :func:`dlcourse.references.trajectories.race_optimizers` with one learning rate for the
    SGD family (whose step is ``eta * |g|``) and one for the adaptive methods (whose
    step is about ``eta`` whatever the gradient's size) and draws the paths
    (:func:`plot_optimizer_paths`); the legend gives each one's ``f - f_min`` at the end.

    Returns
    -------
    matplotlib Axes
    """
    from dlcourse.references import trajectories

    rates = {name: sgd_learning_rate if name in ("sgd", "momentum", "nesterov")
             else adaptive_learning_rate for name in trajectories.RACE_OPTIMIZERS}
    paths = trajectories.race_optimizers(function, rates, num_steps=num_steps,
                                         momentum=momentum, beta_1=beta_1, beta_2=beta_2)
    labelled = {f"{name} ({trajectories.final_gap(path, function):.2g})": path
                for name, path in paths.items()}
    ax = plot_optimizer_paths(function, labelled, ax=ensure_axes(ax, figsize=(6.5, 4.2)),
                         title=f"{function}, {num_steps} steps (legend: f - f_min at the end)")
    ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.01, 0.5))
    return ax
