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
