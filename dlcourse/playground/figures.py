"""The playground's figures (matplotlib): data, output, network, loss curves, comparisons.

Each ``plot_*`` draws on the Axes it is given (or a new one) and returns it, as the
course's other figures do; :func:`plot_playground` puts the network, the output and the
loss curves in one Figure (the static picture of the playground widget). Colours are
the Playground's: orange for class 0 (output -1), blue for class 1 (output +1).

The playground may draw with matplotlib but never imports :mod:`dlcourse.presentation`
(the layer contracts in ``pyproject.toml``).
"""

import numpy as np

from dlcourse.playground.inputs import DOMAIN, targets

__all__ = ["COLORS", "FEATURE_LABELS", "plot_comparison", "plot_data", "plot_loss_history",
           "plot_network", "plot_output", "plot_playground"]

#: features as matplotlib math text, for axis labels
FEATURE_LABELS = {"x1": "$x_1$", "x2": "$x_2$", "x1^2": "$x_1^2$", "x2^2": "$x_2^2$",
                   "x1*x2": "$x_1 x_2$", "sin(x1)": r"$\sin x_1$", "sin(x2)": r"$\sin x_2$"}

#: the Playground's colours: orange for -1 (class 0), light grey for 0, blue for +1 (class 1)
COLORS = ("#f59322", "#e8eaeb", "#0877bd")


def _colormap():
    from matplotlib.colors import LinearSegmentedColormap

    return LinearSegmentedColormap.from_list("playground", COLORS)


def _new_axes(ax, figsize):
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def plot_data(points, labels, ax=None, *, test=False, size=12, title=None):
    """Points coloured by label (class 0 orange, class 1 blue; targets from orange -1 to
    blue +1); test points get a dark edge."""
    ax = _new_axes(ax, (3, 3))
    ax.scatter(points[:, 0], points[:, 1], c=targets(labels), cmap=_colormap(), vmin=-1, vmax=1,
               s=size, edgecolors="#333333" if test else "white",
               linewidths=0.6 if size >= 8 else 0)
    ax.set(xlim=DOMAIN, ylim=DOMAIN, aspect="equal", xticks=[-6, 0, 6], yticks=[-6, 0, 6])
    if title:
        ax.set_title(title, fontsize=9)
    ax.tick_params(labelsize=7)
    return ax


def plot_output(playground, ax=None, *, resolution=100, show_test=True, discretize=False,
                title=None):
    """The output over the plane (the decision surface) with the train and test points."""
    ax = _new_axes(ax, (3, 3))
    values = playground.output_grid(resolution)
    if discretize:
        values = np.where(values > 0, 1.0, -1.0)
    ax.imshow(values, cmap=_colormap(), vmin=-1, vmax=1, extent=(*DOMAIN, *DOMAIN),
              alpha=0.85, interpolation="nearest")
    plot_data(playground.train_points, playground.train_labels, ax)
    if show_test:
        plot_data(playground.test_points, playground.test_labels, ax, test=True)
    ax.set_title(title if title is not None else
                 f"epoch {playground.epoch}: test loss {playground.test_loss:.3f}", fontsize=9)
    return ax


def plot_loss_history(history, ax=None, *, title=None, label=None, color=None):
    """Train (grey) and test (black) loss against the epoch, as the Playground draws them.

    ``history`` is a :attr:`Playground.history` dict (or anything with ``train_loss``
    and ``test_loss``); with ``label``/``color`` several runs can share the axes (then
    train is dashed, test solid, in that colour).
    """
    ax = _new_axes(ax, (4, 2.2))
    train, test = np.asarray(history["train_loss"]), np.asarray(history["test_loss"])
    epochs = np.arange(len(test))
    if color is None:
        ax.plot(epochs, train, color="#999999", lw=1.2, label="train")
        ax.plot(epochs, test, color="black", lw=1.2, label="test")
    else:
        ax.plot(epochs, train, color=color, lw=0.9, ls="--", alpha=0.8)
        ax.plot(epochs, test, color=color, lw=1.2, label=label)
    ax.set(xlabel="epoch", ylabel="loss", ylim=(0, None), xlim=(0, max(len(test) - 1, 1)))
    ax.legend(fontsize=7, frameon=False)
    if title:
        ax.set_title(title, fontsize=9)
    return ax


def _link_color_width(w):
    # The Playground's scales: colour by sign and size up to |w| = 1, width 1..10 px for
    # |w| in 0..5 (here in points, a little thinner).
    from matplotlib.colors import to_hex

    color = to_hex(_colormap()(0.5 + 0.5 * float(np.clip(w, -1, 1))))
    return color, 0.5 + 4.5 * min(abs(float(w)) / 5.0, 1.0)


def plot_network(playground, ax=None, *, resolution=24, title=None):
    """The network as the Playground draws it.

    Every node is a small heat map of its output over the plane (features on the left,
    then the hidden layers, the output on the right); links are coloured by the sign of
    the weight (blue positive, orange negative) and drawn thicker the larger it is.
    """
    from matplotlib.patches import Rectangle

    ax = _new_axes(ax, (5, 3.2))
    cmap = _colormap()
    grids = playground.neuron_grids(resolution)
    sizes = [len(g) for g in grids]
    cfg = playground.config
    pitch_y, box = 1.25, 1.0
    height = max(sizes) * pitch_y
    centers = []
    for l, count in enumerate(sizes):
        x = l * 2.4
        top = height / 2 + (count - 1) * pitch_y / 2
        centers.append([(x, top - i * pitch_y) for i in range(count)])
    dead = playground.dead_links()
    for l, W in enumerate(playground.network.W):
        for i, (x0, y0) in enumerate(centers[l]):
            for j, (x1, y1) in enumerate(centers[l + 1]):
                color, width = _link_color_width(W[i, j])
                xs = np.linspace(x0 + box / 2, x1 - box / 2, 20)
                t = (xs - xs[0]) / (xs[-1] - xs[0])
                ys = y0 + (y1 - y0) * (3 * t**2 - 2 * t**3)  # an S-curve, like d3's diagonal
                ax.plot(xs, ys, color=color, lw=width, alpha=0.9, zorder=1,
                        ls=":" if dead[l][i, j] else "-", solid_capstyle="butt")
    for l, grid in enumerate(grids):
        for i, (x, y) in enumerate(centers[l]):
            ax.imshow(grid[i], cmap=cmap, vmin=-1, vmax=1, zorder=2,
                      extent=(x - box / 2, x + box / 2, y - box / 2, y + box / 2))
            ax.add_patch(Rectangle(
                (x - box / 2, y - box / 2), box, box, fill=False, lw=0.6, ec="#555555",
                zorder=3))
            if l == 0:
                ax.text(x - box / 2 - 0.15, y, FEATURE_LABELS[cfg.features[i]], ha="right",
                        va="center", fontsize=8)
    ax.set_xlim(-1.9, (len(sizes) - 1) * 2.4 + 0.7)
    ax.set_ylim(-0.2, height + 0.4)
    ax.set_aspect("equal")
    ax.axis("off")
    layers = ", ".join(f"{n}" for n in cfg.hidden_layers) or "none"
    ax.set_title(title if title is not None else
                 f"{cfg.num_inputs} features, hidden layers: {layers}, {cfg.activation}",
                 fontsize=9)
    return ax


def plot_playground(playground, *, figsize=(9, 3.6), show_test=False, title=None):
    """The whole view in one figure: network, output and loss curves; returns the Figure.

    This is the static picture the widget shows where no kernel runs (e.g. on GitHub).
    """
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=figsize, layout="constrained")
    grid = fig.add_gridspec(2, 2, width_ratios=[1.45, 1], height_ratios=[2.3, 1])
    plot_network(playground, fig.add_subplot(grid[:, 0]))
    plot_output(playground, fig.add_subplot(grid[0, 1]), show_test=show_test)
    plot_loss_history(playground.history, fig.add_subplot(grid[1, 1]))
    cfg = playground.config
    fig.suptitle(title if title is not None else
                 f"{cfg.dataset}, learning rate {cfg.learning_rate:g}, batch size "
                 f"{cfg.batch_size}" + (f", {cfg.regularization} {cfg.regularization_rate:g}"
                                        if cfg.regularization != "none" else ""), fontsize=10)
    return fig


def plot_comparison(comparison, names=None, ax=None, *, colors=None, title=None, log=False,
                    legend_columns=None):
    """Median test loss over the seeds against the epoch, one line per setting.

    ``comparison`` is a :class:`dlcourse.playground.runs.Comparison` (what
    :func:`~dlcourse.playground.runs.compare` returns); ``names`` picks and orders its
    settings (default: all).
    """
    import matplotlib.pyplot as plt

    ax = _new_axes(ax, (5, 2.6))
    names = comparison.names if names is None else names
    if colors is None:
        colors = plt.get_cmap("viridis")(np.linspace(0, 0.9, len(names)))
    for name, color in zip(names, colors):
        ax.plot(np.median(comparison.test_loss[name], axis=0), color=color, lw=1.3, label=name)
    ax.set(xlabel="epoch", ylabel="median test loss", ylim=(0, None) if not log else None)
    if log:
        ax.set_yscale("log")
    ax.legend(fontsize=7, frameon=False, ncol=legend_columns or 1 + len(names) // 5)
    if title:
        ax.set_title(title, fontsize=9)
    return ax
