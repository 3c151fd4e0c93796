"""Figures of what happens inside training: activations, gradients, weights, schedules.

- activation functions and their slopes (:func:`plot_function_and_derivative`, chapter 06);
- gradient norms layer by layer (:func:`plot_gradient_norms`, :func:`plot_gradient_profile`,
  chapter 06) and activations through depth (:func:`plot_activation_histograms`,
  :func:`plot_initialization`, chapter 08);
- weights under a penalty (:func:`plot_weight_histograms`) and the recipe for deep
  learning (:func:`plot_recipe_flowchart`, chapter 10);
- learning-rate schedules (:func:`plot_learning_rate_and_loss`,
  :func:`plot_plateau_schedule`, chapter 11).

Each returns its Axes (or Figure); a figure may evaluate the pure function it shows.
"""

import numpy as np

from dlcourse.presentation.plots import ensure_axes


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
    ax = ensure_axes(ax, figsize=(3.2, 2.4))
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
    ax = ensure_axes(ax, figsize=(5, 3.2))
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


#: the y range of :func:`plot_gradient_profile`: from vanished (1e-12) to exploded (100)
GRADIENT_PROFILE_YLIM = (1e-12, 1e2)


def plot_gradient_profile(x, y, activation="sigmoid", num_hidden=7, *,
                          kernel_initializer="glorot_uniform", units=64, num_outputs=10,
                          ax=None):
    """Draw the gradient-norm profile of a fresh MLP (one activation, one depth).

    Builds the MLP (:func:`dlcourse.keras_helpers.mlp.build_mlp`, seed 0) with
    ``num_hidden`` hidden layers of ``units`` units, measures
    :func:`dlcourse.keras_helpers.callbacks.layer_gradient_norms` (one gradient on the
    batch ``x`` and the one-hot ``y``) and draws it with :func:`plot_gradient_norms` on a
    fixed y range (:data:`GRADIENT_PROFILE_YLIM`, so that figures compare). Returns the
    Axes; the profile is in ``ax.profile``.
    """
    from dlcourse.core.config import import_keras
    from dlcourse.keras_helpers.callbacks import layer_gradient_norms
    from dlcourse.keras_helpers.mlp import build_mlp

    config = {"activation": activation, "hidden_units": (units,) * num_hidden,
              "kernel_initializer": kernel_initializer}
    import_keras().utils.set_random_seed(0)
    model = build_mlp(config, np.shape(x)[1:], num_outputs)
    profile = layer_gradient_norms(model, x, np.eye(num_outputs, dtype="float32")[y])
    norms = list(profile.values())
    ratio = norms[0] / norms[-1] if norms[-1] > 0 else float("nan")
    ax = plot_gradient_norms({f"{activation}, {num_hidden} hidden": profile},
                             ax=ensure_axes(ax, figsize=(6.5, 3.2)),
                             ylim=GRADIENT_PROFILE_YLIM)
    ax.set_title(f"first layer / output layer gradient: {ratio:.1e}", fontsize=12)
    ax.legend(fontsize=10, loc="upper left")
    ax.tick_params(labelsize=10)
    ax.profile = profile
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


def plot_initialization(activation, initializer, num_layers, *, width=256, num_samples=500,
                        initializer_name=None, fig=None):
    """Activations layer by layer of a fresh deep network: histograms and their spread.

    Runs ``num_samples`` standard-normal inputs through ``num_layers`` dense layers of
    ``width`` units (:func:`dlcourse.references.training.build_deep_network`, seed 0; no
    training) and draws up to eight layers' histograms
    (:func:`plot_activation_histograms`) and every layer's standard deviation (on a log
    scale when it explodes or vanishes).

    Parameters
    ----------
    activation : str
    initializer : str or float
        What ``build_deep_network`` takes: a name ("xavier", "glorot_uniform",
        "he_normal") or the standard deviation of a normal distribution.
    num_layers : int
    initializer_name : str, optional
        How the title names the initializer (default: ``initializer``).

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib.pyplot as plt

    from dlcourse.references import training

    net = training.build_deep_network(activation, initializer, num_layers=num_layers,
                                      width=width, seed=0)
    X = np.random.default_rng(0).standard_normal((num_samples, width))  # (batch, width)
    activations = net.layer_activations(X)
    shown = np.unique(np.linspace(0, num_layers - 1, min(num_layers, 8)).round().astype(int))
    if fig is None:
        fig = plt.figure(figsize=(10, 2.6))
    grid = fig.add_gridspec(1, len(shown) + 3, left=0.02, right=0.99, bottom=0.2, top=0.8,
                            wspace=0.3)
    hist_axes = [fig.add_subplot(grid[0, i]) for i in range(len(shown))]
    plot_activation_histograms([activations[i] for i in shown], axes=hist_axes)
    for ax, i in zip(hist_axes, shown):
        ax.set_xlabel(f"layer {i + 1}", fontsize=7)
    std_ax = fig.add_subplot(grid[0, len(shown) + 1:])
    stds = [a.std() for a in activations]
    std_ax.plot(range(1, num_layers + 1), stds, "o-", ms=3)
    if max(stds) > 20 * min(stds):  # exploding or vanishing: only a log scale shows it
        std_ax.set_yscale("log")
    else:
        std_ax.set_ylim(0, 1.1 * max(stds))
    std_ax.set_xlabel("layer", fontsize=8)
    std_ax.set_ylabel("std of activations", fontsize=8)
    std_ax.tick_params(labelsize=7)
    std_ax.grid(alpha=0.3)
    fig.suptitle(f"{activation}, {initializer_name or initializer}: {num_layers} layers of "
                 f"{width} units",
                 fontsize=9)
    return fig


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
    ax = ensure_axes(ax, figsize=(6, 3.2))
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


def plot_plateau_schedule(values, learning_rate=0.1, *, factor=0.5, patience=3, cooldown=0,
                          min_delta=1e-4, axes=None):
    """A recorded curve and the learning rate ``ReduceLROnPlateau`` would give each epoch.

    Replays :func:`dlcourse.keras_helpers.callbacks.plateau_schedule` (nothing trains) on
    ``values``, a monitored value per epoch (e.g. ``history["val_loss"]``). Left: the
    curve; right: the learning rate (log scale) with the number of reductions.

    Returns
    -------
    numpy array of two Axes
    """
    from dlcourse.keras_helpers import callbacks

    values = np.asarray(values, dtype=float)
    if values.ndim != 1 or len(values) < 2:
        raise ValueError(f"values must be a curve of at least 2 epochs, got shape {values.shape}")
    rates = callbacks.plateau_schedule(values, learning_rate, factor=factor, patience=patience,
                                       cooldown=cooldown, min_delta=min_delta)
    if axes is None:
        import matplotlib.pyplot as plt

        _, axes = plt.subplots(1, 2, figsize=(7.5, 2.8), layout="constrained")
    epochs = np.arange(1, len(values) + 1)
    axes[0].plot(epochs, values, "--", color="tab:orange")
    axes[0].set(xlabel="epoch", ylabel="monitored value", title="the recorded curve")
    axes[1].step(epochs, rates, where="mid", color="tab:red")
    axes[1].set_yscale("log")
    axes[1].set(xlabel="epoch", ylabel="learning rate",
                title=f"{int(np.sum(np.diff(rates) < 0))} reductions, last {rates[-1]:.2g}")
    for ax in axes:
        ax.grid(alpha=0.3)
    return np.asarray(axes)


def plot_recipe_flowchart(ax=None):
    """The course material's recipe for deep learning as a flowchart; returns the Axes.

    First good results on the training data (else: high bias, fix the training), then
    on validation data (else: high variance, fight overfitting), in that order.
    """
    ax = ensure_axes(ax, figsize=(9, 4.8))
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
