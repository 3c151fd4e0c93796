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


def _wire(controls, draw, output, paused=None):
    """Redraw into ``output`` whenever a control changes; return the first figure's PNG.

    ``paused()``, if given, is asked before each redraw (True: skip it).
    """
    import matplotlib.pyplot as plt

    def values():
        return {name: control.value for name, control in controls.items()}

    def update(*_):
        if paused is not None and paused():
            return
        with output:
            output.clear_output(wait=True)
            try:
                draw(**values())
                plt.show()
            except ValueError as error:  # shown where the figure would be
                print(f"cannot draw this setting: {error}")

    for control in controls.values():
        control.observe(update, names="value")
    from IPython.display import Image, display

    first = figure_png(draw(**values()))  # drawn once: the static frame and the first output
    with output:
        display(Image(first))
    return first


def _interactive(controls, draw, height, arrange):
    """Wire ``controls`` (name -> widget) to ``draw(**values)``, which returns a Figure.

    Every change redraws into one output area of fixed ``height`` (the page does not
    jump); ``arrange(output)`` lays out the controls and the output. The first frame is
    also kept as a static picture for readers without a kernel.
    """
    output = _output(height)
    return with_static_frame(arrange(output), _wire(controls, draw, output))


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

    from dlcourse.data.preprocess import augment
    from dlcourse.presentation.plots import plot_image_grid

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

    return _interactive(controls, draw, "150px",
                        lambda output: widgets.VBox([widgets.HBox(list(controls.values())[:4]),
                        widgets.HBox(list(controls.values())[4:]), output]))


def loss_widget(task="binary", target=None, x=None):
    """Move a prediction (or a logit) and see every loss of a task and its slope there.

    Wires :func:`dlcourse.presentation.plots.plot_loss_curves` (which evaluates
    :func:`dlcourse.references.losses.loss_curves`) to a task selector, a slider for the
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

    from dlcourse.presentation.plots import LOSS_CURVE_RANGES, plot_loss_curves
    from dlcourse.references import losses

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

    Controls: the data set (``dlcourse.data.toy.DATASETS``), hidden units per layer (0: no
    hidden layer, a linear model), the number of hidden layers, the activation and
    the seed of the initial weights. Each change retrains
    (:func:`dlcourse.data.toy.run_2d_experiment`, a fraction of a second) and redraws
    (:func:`dlcourse.presentation.plots.plot_decision_boundary`).

    Returns
    -------
    ipywidgets.VBox
    """
    import ipywidgets as widgets
    import matplotlib.pyplot as plt

    from dlcourse.data import toy
    from dlcourse.presentation.plots import plot_decision_boundary

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

    Each change retrains :func:`dlcourse.references.training.fit_toy` (about a tenth of a
    second) and redraws the decision regions with the train and test accuracy.

    Returns
    -------
    ipywidgets.VBox
    """
    import ipywidgets as widgets
    import matplotlib.pyplot as plt

    from dlcourse.presentation.plots import plot_toy_fit
    from dlcourse.references.training import fit_toy

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

    return _interactive(controls, draw, "300px",
                        lambda output: widgets.HBox([widgets.VBox(list(controls.values())), output]))


def plateau_widget(values, learning_rate=0.1):
    """Sliders for ``ReduceLROnPlateau``'s factor, patience and cooldown on a fixed curve.

    ``values`` is a recorded validation-loss curve (one value per epoch); the widget
    replays :func:`dlcourse.keras_helpers.callbacks.plateau_schedule` on it and draws the curve and
    the learning rate each epoch would get. Instant: nothing trains.

    Returns
    -------
    ipywidgets.HBox
    """
    import ipywidgets as widgets
    import matplotlib.pyplot as plt

    from dlcourse.keras_helpers.callbacks import plateau_schedule

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

    return _interactive(controls, draw, "220px",
                        lambda output: widgets.HBox([widgets.VBox(list(controls.values())), output]))


GRADIENT_WIDGET_YLIM = (1e-12, 1e2)


def plot_gradient_profile(x, y, activation="sigmoid", num_hidden=7, *,
                          kernel_initializer="glorot_uniform", units=64, num_outputs=10,
                          ax=None):
    """Draw the gradient-norm profile of a fresh MLP (one activation, one depth).

    Computes :func:`dlcourse.keras_helpers.experiments.gradient_norm_profile` for ``num_hidden`` hidden
    layers of ``units`` units and draws it with
    :func:`dlcourse.presentation.plots.plot_gradient_norms` on a fixed y range. Returns the Axes;
    the profile is in ``ax.profile``.
    """
    from dlcourse.keras_helpers.experiments import gradient_norm_profile
    from dlcourse.presentation.plots import plot_gradient_norms

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
    most confident first (:func:`dlcourse.references.evaluation.ranked_mistakes`).

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

    from dlcourse.presentation.plots import plot_probabilities
    from dlcourse.references.evaluation import predicted_classes, ranked_mistakes

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
        class (:func:`dlcourse.references.evaluation.pair_matrix`), computed once beforehand.

    Returns
    -------
    ipywidgets.VBox
    """
    import ipywidgets as widgets
    import matplotlib.pyplot as plt

    from dlcourse.presentation.plots import plot_image_pair

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


# --------------------------------------------------------------------------------------
# Chapters 07 (learning rate), 08 (initialization), 09 (optimizer race)
# --------------------------------------------------------------------------------------


def _learning_rate_figure(learning_rate, decay, num_steps):
    import matplotlib.pyplot as plt

    from dlcourse.presentation.plots import plot_descent_1d, plot_optimizer_paths
    from dlcourse.references import landscapes, trajectories

    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.3), layout="constrained")
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
    return fig


def learning_rate_widget(learning_rate=0.1, decay=0.0, num_steps=20):
    """Gradient descent on ``x**2`` and on a narrow 2D valley with a chosen learning rate.

    A log-scale slider sets ``eta`` (from 0.001 to about 1.6), another the inverse-time
    ``decay``, a third the number of steps. Both panels use the same settings:
    ``x**2`` diverges above ``eta = 1``, the valley ``0.1 x**2 + 2 y**2`` above 0.5.

    Returns
    -------
    ipywidgets.VBox
    """
    import ipywidgets as widgets

    style = {"description_width": "initial"}
    controls = {
        "learning_rate": widgets.FloatLogSlider(
            value=learning_rate, base=10, min=-3, max=0.2, step=0.05,
            description="learning rate eta", continuous_update=False, style=style,
            readout_format=".3g"),
        "decay": widgets.FloatSlider(value=decay, min=0.0, max=1.0, step=0.01,
                                     description="decay", continuous_update=False),
        "num_steps": widgets.IntSlider(value=num_steps, min=1, max=100, description="steps",
                                       continuous_update=False),
    }
    return _interactive(controls, _learning_rate_figure, "260px",
                        lambda output: widgets.VBox([widgets.HBox(list(controls.values())), output]))


#: initializer choices of the initialization widget: label -> nn initializer
INITIALIZER_CHOICES = {
    "N(0, 0.01): too small": 0.01,
    "Xavier sqrt(1/n_in)": "xavier",
    "Glorot uniform (Keras default)": "glorot_uniform",
    "He sqrt(2/n_in)": "he_normal",
    "N(0, 1): too large": 1.0,
}


def _initialization_figure(activation, initializer, num_layers, width=256, num_samples=500):
    import matplotlib.pyplot as plt

    from dlcourse.presentation.plots import plot_activation_histograms
    from dlcourse.references.training import build_deep_network

    net = build_deep_network(activation, INITIALIZER_CHOICES[initializer],
                             num_layers=num_layers, width=width, seed=0)
    X = np.random.default_rng(0).standard_normal((num_samples, width))  # (batch, width)
    activations = net.layer_activations(X)
    shown = np.unique(np.linspace(0, num_layers - 1, min(num_layers, 8)).round().astype(int))
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
    fig.suptitle(f"{activation}, {initializer}: {num_layers} layers of {width} units",
                 fontsize=9)
    return fig


def initialization_widget(activation="tanh", initializer="Xavier sqrt(1/n_in)", num_layers=10):
    """Histograms of activations layer by layer for a chosen activation, initializer, depth.

    Runs 500 standard-normal inputs through ``num_layers`` dense layers of 256 units
    (``training.build_deep_network``), no training; each change takes well under a second.

    Returns
    -------
    ipywidgets.VBox
    """
    import ipywidgets as widgets

    if initializer not in INITIALIZER_CHOICES:
        raise ValueError(f"initializer must be one of {list(INITIALIZER_CHOICES)}, "
                         f"got {initializer!r}")
    controls = {
        "activation": widgets.Dropdown(options=["tanh", "relu", "sigmoid", "linear"],
                                       value=activation, description="activation"),
        "initializer": widgets.Dropdown(options=list(INITIALIZER_CHOICES), value=initializer,
                                        description="weights"),
        "num_layers": widgets.IntSlider(value=num_layers, min=2, max=20, description="layers",
                                        continuous_update=False),
    }
    return _interactive(controls, _initialization_figure, "210px",
                        lambda output: widgets.VBox([widgets.HBox(list(controls.values())), output]))


#: per test function: (learning rate of SGD/momentum/Nesterov, of Adagrad/RMSprop/Adam, steps)
RACE_DEFAULTS = {
    "rosenbrock": (1e-3, 0.1, 500),
    "beale": (3e-3, 0.1, 500),
    "saddle": (0.01, 0.01, 300),
}


def _race_figure(function, sgd_learning_rate, adaptive_learning_rate, momentum, beta_1,
                 beta_2, num_steps):
    import matplotlib.pyplot as plt

    from dlcourse.presentation.plots import plot_optimizer_paths
    from dlcourse.references import trajectories

    rates = {name: sgd_learning_rate if name in ("sgd", "momentum", "nesterov")
             else adaptive_learning_rate for name in trajectories.RACE_OPTIMIZERS}
    paths = trajectories.race_optimizers(function, rates, num_steps=num_steps,
                                         momentum=momentum, beta_1=beta_1, beta_2=beta_2)
    labelled = {f"{name} ({trajectories.final_gap(path, function):.2g})": path
                for name, path in paths.items()}
    fig, ax = plt.subplots(figsize=(6.5, 4.2), layout="constrained")
    plot_optimizer_paths(function, labelled, ax=ax,
                         title=f"{function}, {num_steps} steps (legend: f - f_min at the end)")
    ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.01, 0.5))
    return fig


def optimizer_race_widget(function="rosenbrock"):
    """Race SGD, momentum, Nesterov, Adagrad, RMSprop and Adam on a 2D test function.

    Two learning-rate sliders (log scale): one for the SGD family, whose step is
    ``eta * |g|``, one for the adaptive methods, whose step is about ``eta`` whatever
    the gradient's size; plus momentum, Adam's ``beta_1`` and ``beta_2``, and the number
    of steps. Choosing a function resets the sliders to settings that suit it
    (``RACE_DEFAULTS``). Each redraw runs 6 x up to 1,000 NumPy steps, well under a second.

    Returns
    -------
    ipywidgets.VBox
    """
    import ipywidgets as widgets

    if function not in RACE_DEFAULTS:
        raise ValueError(f"function must be one of {list(RACE_DEFAULTS)}, got {function!r}")
    sgd_lr, adaptive_lr, steps = RACE_DEFAULTS[function]
    style = {"description_width": "initial"}

    def log_slider(value, low, high, description):
        return widgets.FloatLogSlider(value=value, base=10, min=low, max=high, step=0.1,
                                      description=description, readout_format=".2g",
                                      continuous_update=False, style=style)

    def slider(value, low, high, step, description, fmt=".2f"):
        return widgets.FloatSlider(value=value, min=low, max=high, step=step,
                                   description=description, readout_format=fmt,
                                   continuous_update=False)

    controls = {
        "function": widgets.Dropdown(options=list(RACE_DEFAULTS), value=function,
                                     description="function"),
        "sgd_learning_rate": log_slider(sgd_lr, -4, 0, "eta: SGD, momentum, Nesterov"),
        "adaptive_learning_rate": log_slider(adaptive_lr, -3, 0, "eta: Adagrad, RMSprop, Adam"),
        "momentum": slider(0.9, 0.0, 0.99, 0.01, "momentum"),
        "beta_1": slider(0.9, 0.0, 0.99, 0.01, "beta_1"),
        "beta_2": slider(0.999, 0.9, 0.9999, 0.0001, "beta_2", ".4f"),
        "num_steps": widgets.IntSlider(value=steps, min=10, max=1000, step=10,
                                       description="steps", continuous_update=False),
    }

    resetting = []  # non-empty while the sliders are being reset: one redraw, not four

    def reset_for_function(change):
        sgd, adaptive, num = RACE_DEFAULTS[change["new"]]
        resetting.append(True)
        try:
            controls["sgd_learning_rate"].value = sgd
            controls["adaptive_learning_rate"].value = adaptive
            controls["num_steps"].value = num
        finally:
            resetting.clear()

    output = _output("330px")
    controls["function"].observe(reset_for_function, names="value")  # runs before the redraw
    first = _wire(controls, _race_figure, output, paused=lambda: bool(resetting))
    names = list(controls)
    rows = [widgets.HBox([controls[n] for n in names[:3]]),
            widgets.HBox([controls[n] for n in names[3:]])]
    return with_static_frame(widgets.VBox(rows + [output]), first)


def playground_widget(config=None, *, speed="normal", **settings):
    """TensorFlow Playground in the notebook: train a small network and watch it learn.

    Data and features on the left, the network in the middle (every neuron's output as a
    small heat map, weights as coloured links), the output and the loss curves on the
    right; Play/Pause, Step and Reset on top. Runs :class:`dlcourse.playground.engine.Playground`
    (see :mod:`dlcourse.playground.ui` for the layout and how playing works).

    Parameters
    ----------
    config : dlcourse.playground.engine.Config, optional
        Starting settings (a preset); keywords change it, e.g.
        ``playground_widget(dataset="spiral", hidden_layers=(8,))``.
    speed : str
        "slow", "normal" or "fast" (epochs per frame while playing; changeable in the UI).

    Returns
    -------
    ipywidgets.VBox
        With a static picture of the first frame for readers without a kernel; the app
        object is ``box.app`` (``box.app.playground`` is the network being trained).
    """
    from dlcourse.playground import engine as playground
    from dlcourse.playground.ui import PlaygroundApp

    config = playground._as_config(config, settings)
    app = PlaygroundApp(config, speed=speed)
    box = app.box
    box.app = app
    png = figure_png(playground.plot_playground(app.playground))
    return with_static_frame(box, _fewer_colors(png))


def _fewer_colors(png, colors=96):
    """The PNG with a palette of ``colors`` colours: about a quarter of the bytes.

    Heat maps and scatter plots compress badly in full colour; a notebook with several
    widgets stays small this way. Returns the input unchanged without Pillow.
    """
    try:
        from PIL import Image
    except ImportError:  # pragma: no cover - matplotlib depends on Pillow
        return png
    image = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors)
    buffer = io.BytesIO()
    image.save(buffer, format="png", optimize=True)
    return buffer.getvalue()


# --------------------------------------------------------------------------------------
# Chapter 12 (classic computer vision)
# --------------------------------------------------------------------------------------


def _hog_figure(image, title, cell_size, num_bins, signed):
    import matplotlib.pyplot as plt

    from dlcourse.vision.features import hog_descriptor_size, plot_hog

    size = hog_descriptor_size(image.shape[1::-1], cell_size=cell_size, num_bins=num_bins)
    fig, (left, right) = plt.subplots(1, 2, figsize=(6, 3.2), layout="constrained")
    left.imshow(image, cmap="gray" if image.ndim == 2 else None, vmin=0, vmax=255)
    left.set_xticks([])
    left.set_yticks([])
    left.set_title(title, fontsize=9)
    plot_hog(image, cell_size=cell_size, num_bins=num_bins, signed_gradient=signed,
             color=None if image.ndim == 2 else "grey", ax=right)
    right.set_title(f"{cell_size}x{cell_size} cells, {num_bins} bins: "
                    f"descriptor length {size}", fontsize=9)
    return fig


def hog_widget(images, labels=None, class_names=None):
    """Pick an image, a HOG cell size and a number of orientation bins; see the HOG.

    The right panel draws each cell's orientation histogram (:func:`plot_hog`); its
    title gives the length of the descriptor (blocks of 2 x 2 cells, stride one cell,
    :func:`dlcourse.vision.features.hog_descriptor_size`).

    Parameters
    ----------
    images : array (n, h, w[, 3]) uint8
        ``h`` and ``w`` multiples of 16 (cell sizes 4, 8 and 16 are offered).
    labels, class_names : optional, for the title

    Returns
    -------
    ipywidgets.VBox
    """
    import ipywidgets as widgets

    images = np.asarray(images)
    if images.ndim not in (3, 4) or images.shape[1] % 16 or images.shape[2] % 16:
        raise ValueError(f"images has shape {images.shape}; use (n, h, w[, 3]) with h and w "
                         f"multiples of 16")

    def title(index):
        if labels is None:
            return f"image {index}"
        label = int(np.ravel(labels)[index])
        return f"image {index}: {class_names[label] if class_names is not None else label}"

    controls = {
        "index": widgets.IntSlider(value=0, min=0, max=len(images) - 1, description="image",
                                   continuous_update=False),
        "cell_size": widgets.Dropdown(options=[4, 8, 16], value=8, description="cell size"),
        "num_bins": widgets.IntSlider(value=9, min=2, max=18, description="bins",
                                      continuous_update=False),
        "signed": widgets.Checkbox(value=False, description="signed (0-360)"),
    }

    def draw(index, cell_size, num_bins, signed):
        return _hog_figure(images[index], title(index), cell_size, num_bins, signed)

    return _interactive(controls, draw, "250px",
                        lambda output: widgets.VBox([widgets.HBox(list(controls.values())[:2]),
                                                     widgets.HBox(list(controls.values())[2:]),
                                                     output]))
