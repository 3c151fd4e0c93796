"""The chapters' widgets about training: losses, gradients, learning rates, optimizers...

Thin ipywidgets front ends, like those of :mod:`dlcourse.presentation.widgets` (data
and models, chapters 00-04 and 12): each makes its controls and wires them through
:func:`dlcourse.presentation.wiring.interactive_figure` to a ``plot_*`` function, which
evaluates a pure function the tests call directly.

=====================================  ========  ===============================================
widget                                 chapter   what it calls
=====================================  ========  ===============================================
:func:`loss_widget`                    05        ``references.losses.loss_curves``
:func:`gradient_norm_widget`           06        ``keras_helpers.callbacks.layer_gradient_norms``
:func:`learning_rate_widget`           07        ``references.trajectories.gradient_descent``
:func:`initialization_widget`          08        ``references.training.build_deep_network``
:func:`optimizer_race_widget`          09        ``references.trajectories.race_optimizers``
:func:`regularization_widget`          10        ``references.training.fit_toy``
:func:`plateau_widget`                 11        ``keras_helpers.callbacks.plateau_schedule``
=====================================  ========  ===============================================
"""

import functools

from dlcourse.core.validation import check_choice
from dlcourse.presentation.wiring import arrange_beside, arrange_rows, interactive_figure

# --------------------------------------------------------------------------------------
# Chapters 05 and 06: losses, gradients
# --------------------------------------------------------------------------------------


def loss_widget(task="binary", target=None, x=None):
    """Move a prediction (or a logit) and see every loss of a task and its slope there.

    Wires :func:`dlcourse.presentation.plots_losses.plot_loss_curves` (which evaluates
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

    from dlcourse.presentation.plots_losses import LOSS_CURVE_RANGES, plot_loss_curves
    from dlcourse.references import losses

    check_choice("task", task, losses.CURVE_TASKS)

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

    def draw(task, x, target, label):
        return plot_loss_curves(task, target if task == "regression" else label, x)

    configure(task, target, x)
    return interactive_figure(controls, draw, height="340px", linked={"task": configure},
                              arrange=arrange_rows(controls, ["task"], ["x", "target", "label"]))


def gradient_norm_widget(x, y, *, activations=("sigmoid", "tanh", "relu", "leaky_relu", "elu"),
                         initializers=("glorot_uniform", "he_normal", "random_normal"),
                         max_hidden=20, units=64, num_outputs=10):
    """Choose activation, depth and initializer; see each layer's gradient norm at init.

    Every change builds a fresh MLP (``units`` per hidden layer) and computes one
    gradient on the batch ``x, y`` (keep it small, e.g. 128 examples), so it answers in
    well under a second (:func:`dlcourse.presentation.plots_training.plot_gradient_profile`).

    Returns
    -------
    ipywidgets.VBox
    """
    import ipywidgets as widgets

    from dlcourse.presentation import plots_training

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
    draw = functools.partial(plots_training.plot_gradient_profile, x, y, units=units,
                             num_outputs=num_outputs)
    return interactive_figure(controls, draw, height="250px", arrange=arrange_rows(controls))


# --------------------------------------------------------------------------------------
# Chapters 07-09: learning rate, initialization, optimizers
# --------------------------------------------------------------------------------------


def learning_rate_widget(learning_rate=0.1, decay=0.0, num_steps=20):
    """Gradient descent on ``x**2`` and on a narrow 2D valley with a chosen learning rate.

    A log-scale slider sets ``eta`` (from 0.001 to about 1.6), another the inverse-time
    ``decay``, a third the number of steps. Both panels use the same settings:
    ``x**2`` diverges above ``eta = 1``, the valley ``0.1 x**2 + 2 y**2`` above 0.5
    (:func:`dlcourse.presentation.plots_optimization.plot_learning_rate_descent`).

    Returns
    -------
    ipywidgets.VBox
    """
    import ipywidgets as widgets

    from dlcourse.presentation import plots_optimization

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
    return interactive_figure(controls, plots_optimization.plot_learning_rate_descent,
                              height="260px", arrange=arrange_rows(controls))


#: initializer choices of the initialization widget: label -> nn initializer
INITIALIZER_CHOICES = {
    "N(0, 0.01): too small": 0.01,
    "Xavier sqrt(1/n_in)": "xavier",
    "Glorot uniform (Keras default)": "glorot_uniform",
    "He sqrt(2/n_in)": "he_normal",
    "N(0, 1): too large": 1.0,
}


def initialization_widget(activation="tanh", initializer="Xavier sqrt(1/n_in)", num_layers=10):
    """Histograms of activations layer by layer for a chosen activation, initializer, depth.

    Runs 500 standard-normal inputs through ``num_layers`` dense layers of 256 units
    (:func:`dlcourse.presentation.plots_training.plot_initialization`), no training;
    each change takes well under a second.

    Returns
    -------
    ipywidgets.VBox
    """
    import ipywidgets as widgets

    from dlcourse.presentation import plots_training

    check_choice("initializer", initializer, INITIALIZER_CHOICES)
    controls = {
        "activation": widgets.Dropdown(options=["tanh", "relu", "sigmoid", "linear"],
                                       value=activation, description="activation"),
        "initializer": widgets.Dropdown(options=list(INITIALIZER_CHOICES), value=initializer,
                                        description="weights"),
        "num_layers": widgets.IntSlider(value=num_layers, min=2, max=20, description="layers",
                                        continuous_update=False),
    }

    def draw(activation, initializer, num_layers):
        return plots_training.plot_initialization(activation, INITIALIZER_CHOICES[initializer],
                                                  num_layers, initializer_name=initializer)

    return interactive_figure(controls, draw, height="210px", arrange=arrange_rows(controls))


#: per test function: (learning rate of SGD/momentum/Nesterov, of Adagrad/RMSprop/Adam, steps)
RACE_DEFAULTS = {
    "rosenbrock": (1e-3, 0.1, 500),
    "beale": (3e-3, 0.1, 500),
    "saddle": (0.01, 0.01, 300),
}


def optimizer_race_widget(function="rosenbrock"):
    """Race SGD, momentum, Nesterov, Adagrad, RMSprop and Adam on a 2D test function.

    Two learning-rate sliders (log scale): one for the SGD family, whose step is
    ``eta * |g|``, one for the adaptive methods, whose step is about ``eta`` whatever
    the gradient's size; plus momentum, Adam's ``beta_1`` and ``beta_2``, and the number
    of steps. Choosing a function resets the sliders to settings that suit it
    (``RACE_DEFAULTS``). Each redraw runs 6 x up to 1,000 NumPy steps, well under a second
    (:func:`dlcourse.presentation.plots_optimization.plot_optimizer_race`).

    Returns
    -------
    ipywidgets.VBox
    """
    import ipywidgets as widgets

    from dlcourse.presentation import plots_optimization

    check_choice("function", function, RACE_DEFAULTS)
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

    def reset_for_function(function):
        names = ("sgd_learning_rate", "adaptive_learning_rate", "num_steps")
        for name, value in zip(names, RACE_DEFAULTS[function]):
            controls[name].value = value

    names = list(controls)
    return interactive_figure(controls, plots_optimization.plot_optimizer_race, height="330px",
                              linked={"function": reset_for_function},
                              arrange=arrange_rows(controls, names[:3], names[3:]))


# --------------------------------------------------------------------------------------
# Chapters 10 and 11: regularization, callbacks
# --------------------------------------------------------------------------------------


def regularization_widget(num_train=60, noise=0.3):
    """Sliders for width, L2 and dropout of a small network on two noisy half-moons.

    Each change retrains :func:`dlcourse.references.training.fit_toy` (about a
    tenth of a second) and redraws the decision regions with the train and test
    accuracy (:func:`dlcourse.presentation.plots_networks.plot_2d_fit`).

    Returns
    -------
    ipywidgets.HBox
    """
    import ipywidgets as widgets

    from dlcourse.presentation.plots_networks import plot_2d_fit
    from dlcourse.references import training

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
        return plot_2d_fit(training.fit_toy(num_train=num_train, noise=noise, **settings))

    return interactive_figure(controls, draw, height="300px",
                              arrange=arrange_beside(controls))


def plateau_widget(values, learning_rate=0.1):
    """Sliders for ``ReduceLROnPlateau``'s factor, patience and cooldown on a fixed curve.

    ``values`` is a recorded validation-loss curve (one value per epoch); the widget
    replays :func:`dlcourse.keras_helpers.callbacks.plateau_schedule` on it and draws the
    curve and the learning rate each epoch would get
    (:func:`dlcourse.presentation.plots_training.plot_plateau_schedule`). Instant:
    nothing trains.

    Returns
    -------
    ipywidgets.HBox
    """
    import ipywidgets as widgets

    from dlcourse.presentation import plots_training

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
    draw = functools.partial(plots_training.plot_plateau_schedule, values, learning_rate)
    return interactive_figure(controls, draw, height="220px",
                              arrange=arrange_beside(controls))
