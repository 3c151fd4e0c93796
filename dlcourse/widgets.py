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


# --------------------------------------------------------------------------------------
# Chapters 07 (learning rate), 08 (initialization), 09 (optimizer race)
# --------------------------------------------------------------------------------------


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


def _learning_rate_figure(learning_rate, decay, num_steps):
    import matplotlib.pyplot as plt

    from dlcourse import optim
    from dlcourse.plots import plot_descent_1d, plot_optimizer_paths

    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.3), layout="constrained")
    path_1d = optim.gradient_descent(optim.parabola_derivative, 2.0, learning_rate,
                                     num_steps, decay=decay)
    end = path_1d[-1]
    status = "diverged" if not np.isfinite(end) or abs(end) > 2.0 else f"x = {end:.3g}"
    plot_descent_1d("parabola", {f"eta = {learning_rate:.3g}": path_1d}, ax=left,
                    title=f"f(x) = x^2 after {num_steps} steps: {status}")
    quadratic = optim.get_function("elongated_quadratic")
    path_2d = optim.gradient_descent(lambda p: np.array(quadratic.gradient(*p)),
                                     quadratic.start, learning_rate, num_steps, decay=decay)
    gap = optim.final_gap(path_2d, quadratic)
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
    output = _output("260px")
    first = _wire(controls, _learning_rate_figure, output)
    return with_static_frame(widgets.VBox([widgets.HBox(list(controls.values())), output]),
                             first)


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

    from dlcourse.nn import build_deep_network
    from dlcourse.plots import plot_activation_histograms

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
    (``nn.build_deep_network``), no training; each change takes well under a second.

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
    output = _output("210px")
    first = _wire(controls, _initialization_figure, output)
    return with_static_frame(widgets.VBox([widgets.HBox(list(controls.values())), output]),
                             first)


#: per test function: (learning rate of SGD/momentum/Nesterov, of Adagrad/RMSprop/Adam, steps)
RACE_DEFAULTS = {
    "rosenbrock": (1e-3, 0.1, 500),
    "beale": (3e-3, 0.1, 500),
    "saddle": (0.01, 0.01, 300),
}


def _race_figure(function, sgd_learning_rate, adaptive_learning_rate, momentum, beta_1,
                 beta_2, num_steps):
    import matplotlib.pyplot as plt

    from dlcourse import optim
    from dlcourse.plots import plot_optimizer_paths

    rates = {name: sgd_learning_rate if name in ("sgd", "momentum", "nesterov")
             else adaptive_learning_rate for name in optim.RACE_OPTIMIZERS}
    paths = optim.race_optimizers(function, rates, num_steps=num_steps, momentum=momentum,
                                  beta_1=beta_1, beta_2=beta_2)
    labelled = {f"{name} ({optim.final_gap(path, function):.2g})": path
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
