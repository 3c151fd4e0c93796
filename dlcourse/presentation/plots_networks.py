"""Networks drawn, and what they draw: diagrams, graphs, decision regions in the plane.

- :func:`plot_network_diagram`: a multilayer perceptron as units and weights (chapter 04);
- :func:`plot_model_graph`: a Keras model's graph of layers, without Graphviz (chapter 03);
- :func:`plot_computational_graph`: forward values and backward gradients (chapter 08);
- :func:`plot_decision_boundary` and :func:`plot_2d_fit`: the regions a classifier
  assigns in the plane (chapters 04 and 10, on :mod:`dlcourse.data.toy`'s data).

Each returns its Axes.
"""

import numpy as np

from dlcourse.core.validation import check_int
from dlcourse.presentation.plots import ensure_axes


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
    sizes = [check_int("units per layer", s, minimum=1) for s in layer_sizes]
    if len(sizes) < 2:
        raise ValueError(f"layer_sizes must list at least 2 layers of >= 1 units each, got "
                         f"{layer_sizes!r}")
    max_shown = check_int("max_shown", max_shown, minimum=3)
    if layer_names is None:
        layer_names = (["input"] + [f"hidden {i}" for i in range(1, len(sizes) - 1)]
                       + ["output"])
    if len(layer_names) != len(sizes):
        raise ValueError(f"{len(layer_names)} layer_names for {len(sizes)} layers")
    if activations is not None and len(activations) != len(sizes) - 1:
        raise ValueError(f"activations needs one entry per layer after the input "
                         f"({len(sizes) - 1}), got {len(activations)}")
    ax = ensure_axes(ax, figsize=(1.3 * len(sizes) + 0.6, 2.8))
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
    ax = ensure_axes(ax, figsize=(9, 3))
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


def plot_decision_boundary(predict_fn, x, y, ax=None, *, resolution=200, margin=0.1,
                           title=None, size=14, test=None):
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
    test : (array (m, 2), array (m,)), optional
        Test points, drawn as small dots under the training points (the grid covers
        them too).

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
    resolution = check_int("resolution", resolution, minimum=2)
    x_test, y_test = (np.asarray(test[0], dtype=float).reshape(-1, 2),
                      np.asarray(test[1]).ravel()) if test is not None else (x[:0], y[:0])
    everything = np.concatenate([x, x_test])
    low, high = everything.min(axis=0), everything.max(axis=0)
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
    ax = ensure_axes(ax, figsize=(3.6, 3.4))
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
    if len(x_test):
        ax.scatter(x_test[:, 0], x_test[:, 1], c=[colors[int(k) % 10] for k in y_test],
                   s=size / 4, alpha=0.5, linewidths=0)
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


def plot_2d_fit(result, ax=None, *, title=None, resolution=150, size=14):
    """The decision regions of a trained 2D classifier, its training and test points.

    ``result`` is what a 2D runner returns: :func:`dlcourse.data.toy.run_2d_experiment`
    (a scikit-learn ``model``) or :func:`dlcourse.references.training.fit_toy` (a
    NumPy ``network``), both with ``train`` and ``test`` as ``(x, y)``, the two
    accuracies and ``settings``. Training points are the large dots, test points the
    small ones (:func:`plot_decision_boundary`); the title describes the network from
    ``result["settings"]`` (or is ``title``) and gives both accuracies.

    Returns
    -------
    matplotlib Axes
    """
    model = result["model"] if "model" in result else result["network"]
    x, y = result["train"]
    title = _describe_fit(result["settings"]) if title is None else title
    return plot_decision_boundary(
        model.predict, x, y, ensure_axes(ax, figsize=(4.2, 3.7)), resolution=resolution,
        size=size, test=result["test"],
        title=f"{title}\ntrain accuracy {result['train_accuracy']:.2f}, "
              f"test {result['test_accuracy']:.2f}")


def _describe_fit(settings):
    """One line about the network of a 2D runner's settings (see :func:`plot_2d_fit`)."""
    if "l2" in settings:  # fit_toy: two hidden layers of hidden_units, L2 and dropout
        return (f"{settings['hidden_units']} units, L2 {settings['l2']:g}, "
                f"dropout {settings['dropout']:g}")
    layers, activation = settings["hidden_units"], settings["activation"]
    if not layers:
        what = "no hidden layer (linear)"
    elif len(layers) == 1:
        what = f"{layers[0]} hidden unit{'s' * (layers[0] > 1)}, {activation}"
    elif len(set(layers)) == 1:
        what = f"{len(layers)} hidden layers of {layers[0]}, {activation}"
    else:
        what = f"hidden layers {'-'.join(map(str, layers))}, {activation}"
    return f"{settings['name']}: {what}"
