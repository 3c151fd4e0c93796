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
