"""Thin ipywidgets front ends.

Each widget only wires sliders to a pure function elsewhere in ``dlcourse`` (which the
tests call directly) and a ``plot_*`` function. It returns the widget; the notebook
displays it. Every widget carries a static picture of its first frame in its output,
so a notebook read on GitHub or in CI (where no kernel draws) still shows a figure,
while JupyterLab shows the live widget.
"""

import base64
import io

import numpy as np


def figure_png(fig):
    """A matplotlib figure as PNG bytes (closes the figure)."""
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=72)
    plt.close(fig)
    return buffer.getvalue()


def with_static_frame(box, png):
    """Make ``box`` display with ``png`` as a fallback for readers without a kernel."""
    png64 = base64.b64encode(png).decode("ascii")
    original = box._repr_mimebundle_

    def _repr_mimebundle_(**kwargs):
        bundle = original(**kwargs)
        bundle["image/png"] = png64
        return bundle

    box._repr_mimebundle_ = _repr_mimebundle_
    return box


def _output(height):
    import ipywidgets as widgets

    return widgets.Output(layout=widgets.Layout(height=height, overflow="hidden"))


def augmentation_widget(images, labels=None, class_names=None, num_variants=8):
    """Sliders for Keras's augmentation layers; shows variants of a chosen image.

    Parameters
    ----------
    images : array (n, h, w[, c]) uint8
    labels, class_names : optional, for the title
    num_variants : int

    Returns
    -------
    ipywidgets.VBox
    """
    import ipywidgets as widgets
    import matplotlib.pyplot as plt

    from dlcourse.plots import plot_image_grid
    from dlcourse.preprocess import augment

    narrow = widgets.Layout(width="240px")

    def slider(description, value, high, step=0.05):
        return widgets.FloatSlider(value=value, min=0, max=high, step=step, layout=narrow,
                                   description=description, continuous_update=False)

    controls = {
        "index": widgets.IntSlider(value=0, min=0, max=len(images) - 1,
                                   description="image", continuous_update=False, layout=narrow),
        "flip": widgets.Checkbox(value=True, description="random flip", layout=narrow),
        "rotation": slider("rotation", 0.1, 0.5),
        "zoom": slider("zoom", 0.1, 0.9),
        "translation": slider("shift", 0.1, 0.9),
        "contrast": slider("contrast", 0.2, 1.0),
        "seed": widgets.IntSlider(value=0, min=0, max=99, description="seed",
                                  continuous_update=False, layout=narrow),
    }

    def draw(index, seed, **settings):
        variants = augment(images[index], num_variants=num_variants, seed=seed, **settings)
        title = ("" if labels is None else
                 (class_names[int(np.ravel(labels[index])[0])] if class_names is not None
                  else str(np.ravel(labels[index])[0])))
        shown = np.concatenate([images[index][None], variants])
        fig = plot_image_grid(shown, ncols=len(shown), size=1.1)
        fig.axes[0].set_title(f"{title} (original)".strip(), fontsize=7)
        return fig

    output = _output("150px")

    def update(**values):
        with output:
            output.clear_output(wait=True)
            draw(**values)
            plt.show()

    for control in controls.values():
        control.observe(lambda change: update(**{k: c.value for k, c in controls.items()}),
                        names="value")
    first = figure_png(draw(**{k: c.value for k, c in controls.items()}))
    update(**{k: c.value for k, c in controls.items()})
    box = widgets.VBox([widgets.HBox(list(controls.values())[:4]),
                        widgets.HBox(list(controls.values())[4:]), output])
    return with_static_frame(box, first)


def loss_widget(task="binary", target=None, x=None):
    """Move a prediction (or a logit) and see every loss of a task and its slope there.

    Wires :func:`dlcourse.plots.plot_loss_curves` (which evaluates
    :func:`dlcourse.losses.loss_curves`) to a task selector, a slider for the
    prediction or logit, and one for the true value (regression) or class. Pure NumPy:
    each redraw takes a fraction of a second.

    Parameters
    ----------
    task : {"regression", "binary", "multi-class"}
        The task shown first.
    target : float or int, optional
        The first true value (regression, default 2.0) or class (default 1 for binary,
        0 for multi-class).
    x : float, optional
        The first prediction (regression, default 4.0) or logit (default -2.0).

    Returns
    -------
    ipywidgets.VBox
    """
    import ipywidgets as widgets
    import matplotlib.pyplot as plt

    from dlcourse import losses
    from dlcourse.plots import LOSS_CURVE_RANGES, plot_loss_curves

    if task not in losses.CURVE_TASKS:
        raise ValueError(f"task must be one of {losses.CURVE_TASKS}, got {task!r}")
    def wide():
        return widgets.Layout(width="330px")  # one Layout per slider: each hides alone

    controls = {
        "task": widgets.ToggleButtons(options=list(losses.CURVE_TASKS), value=task,
                                      description="task"),
        "x": widgets.FloatSlider(value=0.0, step=0.1, description="prediction",
                                 continuous_update=False, layout=wide()),
        "target": widgets.FloatSlider(value=2.0, min=0.5, max=6.0, step=0.1,
                                      description="true value", continuous_update=False,
                                      layout=wide()),
        "label": widgets.IntSlider(value=1, min=0, max=1, description="true class",
                                   continuous_update=False, layout=wide()),
    }

    def configure(task, target=None, x=None):
        """Slider ranges, labels and visibility for ``task``."""
        low, high = LOSS_CURVE_RANGES[task]
        slider = controls["x"]
        slider.min, slider.max = -1e9, 1e9  # widen first, so no value is clipped midway
        slider.min, slider.max = low, high
        slider.description = "prediction ŷ" if task == "regression" else "logit z"
        slider.value = x if x is not None else (4.0 if task == "regression" else -2.0)
        regression = task == "regression"
        controls["target"].layout.display = None if regression else "none"
        controls["label"].layout.display = "none" if regression else None
        controls["label"].max = 1 if task == "binary" else losses.NUM_CURVE_CLASSES - 1
        if regression and target is not None:
            controls["target"].value = target
        elif not regression:
            controls["label"].value = target if target is not None else int(task == "binary")

    def current():
        task = controls["task"].value
        target = controls["target"].value if task == "regression" else controls["label"].value
        return task, target, controls["x"].value

    def draw(task, target, x):
        axes = plot_loss_curves(task, target, x)
        return axes[0, 0].figure

    output = _output("340px")
    busy = {"configuring": False}

    def update(*_):
        if busy["configuring"]:
            return
        with output:
            output.clear_output(wait=True)
            draw(*current())
            plt.show()

    def on_task(change):
        busy["configuring"] = True
        try:
            configure(change["new"])
        finally:
            busy["configuring"] = False
        update()

    busy["configuring"] = True
    configure(task, target, x)
    busy["configuring"] = False
    controls["task"].observe(on_task, names="value")
    for key in ("x", "target", "label"):
        controls[key].observe(update, names="value")
    first = figure_png(draw(*current()))
    update()
    box = widgets.VBox([controls["task"],
                        widgets.HBox([controls["x"], controls["target"], controls["label"]]),
                        output])
    return with_static_frame(box, first)


def decision_boundary_widget(dataset="xor", hidden_units=2, activation="tanh", *,
                             layers=1, seed=0):
    """Train a tiny MLP on a 2D data set and draw its decision boundary.

    Controls: the data set (``dlcourse.toy.DATASETS``), hidden units per layer (0: no
    hidden layer, a linear model), the number of hidden layers, the activation and
    the seed of the initial weights. Each change retrains
    (:func:`dlcourse.toy.run_2d_experiment`, a fraction of a second) and redraws
    (:func:`dlcourse.plots.plot_decision_boundary`).

    Returns
    -------
    ipywidgets.VBox
    """
    import ipywidgets as widgets
    import matplotlib.pyplot as plt

    from dlcourse import toy
    from dlcourse.plots import plot_decision_boundary

    narrow = widgets.Layout(width="250px")
    controls = {
        "name": widgets.Dropdown(options=toy.DATASETS, value=dataset, description="data",
                                 layout=narrow),
        "hidden_units": widgets.IntSlider(value=hidden_units, min=0, max=16,
                                          description="units", continuous_update=False,
                                          layout=narrow),
        "layers": widgets.IntSlider(value=layers, min=1, max=3, description="layers",
                                    continuous_update=False, layout=narrow),
        "activation": widgets.Dropdown(options=toy.ACTIVATIONS, value=activation,
                                       description="activation", layout=narrow),
        "seed": widgets.IntSlider(value=seed, min=0, max=9, description="seed",
                                  continuous_update=False, layout=narrow),
    }

    def draw(name, hidden_units, layers, activation, seed):
        shape = (hidden_units,) * layers if hidden_units else 0
        result = toy.run_2d_experiment(name, shape, activation, seed=seed)
        fig, ax = plt.subplots(figsize=(4, 3.6), layout="constrained")
        if not hidden_units:
            what = "no hidden layer (linear)"
        elif layers == 1:
            what = f"{hidden_units} hidden unit{'s' * (hidden_units > 1)}, {activation}"
        else:
            what = f"{layers} hidden layers of {hidden_units}, {activation}"
        plot_decision_boundary(result["model"].predict, result["x"], result["y"], ax,
                               resolution=120, title=f"{name}: {what}\ntrain accuracy "
                               f"{result['train_accuracy']:.2f}, test "
                               f"{result['test_accuracy']:.2f}")
        return fig

    output = _output("380px")

    def values():
        return {key: control.value for key, control in controls.items()}

    def update(*_):
        with output:
            output.clear_output(wait=True)
            draw(**values())
            plt.show()

    for control in controls.values():
        control.observe(update, names="value")
    first = figure_png(draw(**values()))
    update()
    box = widgets.VBox([widgets.HBox([controls["name"], controls["hidden_units"],
                                      controls["layers"]]),
                        widgets.HBox([controls["activation"], controls["seed"]]), output])
    return with_static_frame(box, first)


def regularization_widget(num_train=60, noise=0.3):
    """Sliders for width, L2 and dropout of a small network on two noisy half-moons.

    Each change retrains :func:`dlcourse.regularization.fit_toy` (about a tenth of a
    second) and redraws the decision regions with the train and test accuracy.

    Returns
    -------
    ipywidgets.VBox
    """
    import ipywidgets as widgets
    import matplotlib.pyplot as plt

    from dlcourse.plots import plot_toy_fit
    from dlcourse.regularization import fit_toy

    narrow = widgets.Layout(width="260px")
    controls = {
        "hidden_units": widgets.IntSlider(value=64, min=2, max=128, step=2, description="units",
                                          continuous_update=False, layout=narrow),
        "l2": widgets.SelectionSlider(options=[0.0, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1],
                                      value=0.0, description="L2", continuous_update=False,
                                      layout=narrow),
        "dropout": widgets.FloatSlider(value=0.0, min=0.0, max=0.7, step=0.1,
                                       description="dropout", continuous_update=False,
                                       layout=narrow),
        "seed": widgets.IntSlider(value=0, min=0, max=20, description="data seed",
                                  continuous_update=False, layout=narrow),
    }

    def draw(**settings):
        result = fit_toy(num_train=num_train, noise=noise, **settings)
        fig, ax = plt.subplots(figsize=(4.6, 3.8), layout="constrained")
        plot_toy_fit(result, ax=ax)
        return fig

    output = _output("300px")

    def update(**values):
        with output:
            output.clear_output(wait=True)
            draw(**values)
            plt.show()

    for control in controls.values():
        control.observe(lambda change: update(**{k: c.value for k, c in controls.items()}),
                        names="value")
    first = figure_png(draw(**{k: c.value for k, c in controls.items()}))
    update(**{k: c.value for k, c in controls.items()})
    box = widgets.HBox([widgets.VBox(list(controls.values())), output])
    return with_static_frame(box, first)


def plateau_widget(values, learning_rate=0.1):
    """Sliders for ``ReduceLROnPlateau``'s factor, patience and cooldown on a fixed curve.

    ``values`` is a recorded validation-loss curve (one value per epoch); the widget
    replays :func:`dlcourse.callbacks.plateau_schedule` on it and draws the curve and
    the learning rate each epoch would get. Instant: nothing trains.

    Returns
    -------
    ipywidgets.HBox
    """
    import ipywidgets as widgets
    import matplotlib.pyplot as plt

    from dlcourse.callbacks import plateau_schedule

    values = np.asarray(values, dtype=float)
    if values.ndim != 1 or len(values) < 2:
        raise ValueError(f"values must be a curve of at least 2 epochs, got shape {values.shape}")
    narrow = widgets.Layout(width="260px")
    controls = {
        "factor": widgets.FloatSlider(value=0.5, min=0.1, max=0.9, step=0.1,
                                      description="factor", continuous_update=False,
                                      layout=narrow),
        "patience": widgets.IntSlider(value=3, min=0, max=10, description="patience",
                                      continuous_update=False, layout=narrow),
        "cooldown": widgets.IntSlider(value=0, min=0, max=10, description="cooldown",
                                      continuous_update=False, layout=narrow),
        "min_delta": widgets.SelectionSlider(options=[0.0, 1e-4, 1e-3, 1e-2, 3e-2],
                                             value=1e-4, description="min_delta",
                                             continuous_update=False, layout=narrow),
    }

    def draw(**settings):
        rates = plateau_schedule(values, learning_rate, **settings)
        fig, axes = plt.subplots(1, 2, figsize=(7.5, 2.8), layout="constrained")
        epochs = np.arange(1, len(values) + 1)
        axes[0].plot(epochs, values, "--", color="tab:orange")
        axes[0].set(xlabel="epoch", ylabel="monitored value", title="the recorded curve")
        axes[1].step(epochs, rates, where="mid", color="tab:red")
        axes[1].set_yscale("log")
        axes[1].set(xlabel="epoch", ylabel="learning rate",
                    title=f"{int(np.sum(np.diff(rates) < 0))} reductions, last {rates[-1]:.2g}")
        for ax in axes:
            ax.grid(alpha=0.3)
        return fig

    output = _output("220px")

    def update(**settings):
        with output:
            output.clear_output(wait=True)
            draw(**settings)
            plt.show()

    for control in controls.values():
        control.observe(lambda change: update(**{k: c.value for k, c in controls.items()}),
                        names="value")
    first = figure_png(draw(**{k: c.value for k, c in controls.items()}))
    update(**{k: c.value for k, c in controls.items()})
    box = widgets.HBox([widgets.VBox(list(controls.values())), output])
    return with_static_frame(box, first)


GRADIENT_WIDGET_YLIM = (1e-12, 1e2)


def plot_gradient_profile(x, y, activation="sigmoid", num_hidden=7, *,
                          kernel_initializer="glorot_uniform", units=64, num_outputs=10,
                          ax=None):
    """Draw the gradient-norm profile of a fresh MLP (one activation, one depth).

    Computes :func:`dlcourse.experiments.gradient_norm_profile` for ``num_hidden`` hidden
    layers of ``units`` units and draws it with
    :func:`dlcourse.plots.plot_gradient_norms` on a fixed y range. Returns the Axes;
    the profile is in ``ax.profile``.
    """
    from dlcourse.experiments import gradient_norm_profile
    from dlcourse.plots import plot_gradient_norms

    config = {"activation": activation, "hidden_units": (units,) * num_hidden,
              "kernel_initializer": kernel_initializer}
    profile = gradient_norm_profile(config, x, y, num_outputs=num_outputs)
    norms = list(profile.values())
    ratio = norms[0] / norms[-1] if norms[-1] > 0 else float("nan")
    ax = plot_gradient_norms({f"{activation}, {num_hidden} hidden": profile}, ax=ax,
                             ylim=GRADIENT_WIDGET_YLIM)
    ax.set_title(f"first layer / output layer gradient: {ratio:.1e}", fontsize=12)
    ax.legend(fontsize=10, loc="upper left")
    ax.tick_params(labelsize=10)
    ax.profile = profile
    return ax


def gradient_norm_widget(x, y, *, activations=("sigmoid", "tanh", "relu", "leaky_relu", "elu"),
                         initializers=("glorot_uniform", "he_normal", "random_normal"),
                         max_hidden=20, units=64, num_outputs=10):
    """Choose activation, depth and initializer; see each layer's gradient norm at init.

    Every change builds a fresh MLP (``units`` per hidden layer) and computes one
    gradient on the batch ``x, y`` (keep it small, e.g. 128 examples), so it answers in
    well under a second.

    Returns
    -------
    ipywidgets.VBox
    """
    import ipywidgets as widgets
    import matplotlib.pyplot as plt

    layout = widgets.Layout(width="260px")
    controls = {
        "activation": widgets.Dropdown(options=list(activations), value=activations[0],
                                       description="activation", layout=layout),
        "num_hidden": widgets.IntSlider(value=min(7, max_hidden), min=1, max=max_hidden,
                                        description="hidden layers", continuous_update=False,
                                        layout=layout, style={"description_width": "initial"}),
        "kernel_initializer": widgets.Dropdown(options=list(initializers), value=initializers[0],
                                               description="initializer", layout=layout),
    }

    def draw(**values):
        _, ax = plt.subplots(figsize=(6.5, 3.2), layout="constrained")
        plot_gradient_profile(x, y, units=units, num_outputs=num_outputs, ax=ax, **values)
        return ax.figure

    output = _output("250px")

    def update(change=None):
        with output:
            output.clear_output(wait=True)
            try:
                draw(**{key: control.value for key, control in controls.items()})
                plt.show()
            except ValueError as error:
                print(f"error: {error}")

    for control in controls.values():
        control.observe(update, names="value")
    first = figure_png(draw(**{key: control.value for key, control in controls.items()}))
    update()
    box = widgets.VBox([widgets.HBox(list(controls.values())), output])
    return with_static_frame(box, first)


def prediction_widget(images, labels, probabilities, class_names=None):
    """Pick a test image and see the network's probability for every class.

    The probabilities are computed once (``model.predict``) and passed in, so the
    widget answers at once. "mistakes only" steps through the wrong answers, the
    most confident first (:func:`dlcourse.predictions.ranked_mistakes`).

    Parameters
    ----------
    images : array (n, h, w[, c])
    labels : array of int (n,)
    probabilities : array (n, classes)
        ``model.predict(x_test)``.
    class_names : sequence of str, optional

    Returns
    -------
    ipywidgets.VBox
    """
    import ipywidgets as widgets
    import matplotlib.pyplot as plt

    from dlcourse.plots import plot_probabilities
    from dlcourse.predictions import predicted_classes, ranked_mistakes

    images, labels = np.asarray(images), np.asarray(labels).reshape(-1)
    guesses = predicted_classes(probabilities)
    if not len(images) == len(labels) == len(guesses):
        raise ValueError(f"images, labels and probabilities must have one row per example, "
                         f"got {len(images)}, {len(labels)} and {len(guesses)}")
    orders = {"all test images": np.arange(len(labels)),
              "mistakes only": ranked_mistakes(probabilities, labels)}
    which = widgets.ToggleButtons(options=list(orders), value="all test images",
                                  style={"button_width": "130px"})
    index = widgets.IntSlider(value=0, min=0, max=len(labels) - 1, description="index",
                              continuous_update=False, layout=widgets.Layout(width="420px"))

    def draw(position, order_name):
        order = orders[order_name]
        i = int(order[min(position, len(order) - 1)]) if len(order) else 0
        fig, (left, right) = plt.subplots(1, 2, figsize=(6.5, 2.3), width_ratios=[1, 2.2],
                                          layout="constrained")
        left.imshow(images[i], cmap="gray" if images.ndim == 3 else None)
        left.axis("off")
        left.set_title(f"test image {i}", fontsize=9)
        plot_probabilities(probabilities[i], labels[i], class_names=class_names, ax=right)
        return fig

    output = _output("190px")

    def update(*_):
        with output:
            output.clear_output(wait=True)
            draw(index.value, which.value)
            plt.show()

    def switch(*_):  # another list of images: start at its first one
        with index.hold_trait_notifications():
            index.value = 0
            index.max = max(len(orders[which.value]) - 1, 0)
        update()

    which.observe(switch, names="value")
    index.observe(update, names="value")
    first = figure_png(draw(index.value, which.value))
    update()
    box = widgets.VBox([widgets.HBox([which]), index, output])
    return with_static_frame(box, first)


def pair_widget(images, labels, scores):
    """Pick two images and see each model's probability that they show the same class.

    Parameters
    ----------
    images : array (n, h, w[, c])
    labels : array of int (n,)
    scores : dict of str -> array (n, n)
        Model name -> ``M[i, j]`` = its probability that images i and j are the same
        class (:func:`dlcourse.predictions.pair_matrix`), computed once beforehand.

    Returns
    -------
    ipywidgets.VBox
    """
    import ipywidgets as widgets
    import matplotlib.pyplot as plt

    from dlcourse.plots import plot_image_pair

    images, labels = np.asarray(images), np.asarray(labels).reshape(-1)
    n = len(images)
    if len(labels) != n or not scores:
        raise ValueError(f"need one label per image ({n} images, {len(labels)} labels) and "
                         f"at least one score matrix")
    for name, matrix in scores.items():
        if np.shape(matrix) != (n, n):
            raise ValueError(f"scores[{name!r}] must have shape ({n}, {n}), got "
                             f"{np.shape(matrix)}")
    layout = widgets.Layout(width="300px")
    left = widgets.IntSlider(value=0, min=0, max=n - 1, description="left",
                             continuous_update=False, layout=layout)
    right = widgets.IntSlider(value=1, min=0, max=n - 1, description="right",
                              continuous_update=False, layout=layout)

    def draw(i, j):
        same = bool(labels[i] == labels[j])
        fig = plot_image_pair(images[i], images[j],
                              {name: float(m[i, j]) for name, m in scores.items()}, same=same,
                              titles=(f"#{i}: {labels[i]}", f"#{j}: {labels[j]}"))
        fig.suptitle(f"truth: {'same class' if same else 'different classes'} "
                     f"(green: the model is right)", fontsize=9)
        return fig

    output = _output("170px")

    def update(*_):
        with output:
            output.clear_output(wait=True)
            draw(left.value, right.value)
            plt.show()

    left.observe(update, names="value")
    right.observe(update, names="value")
    first = figure_png(draw(left.value, right.value))
    update()
    return with_static_frame(widgets.VBox([widgets.HBox([left, right]), output]), first)
