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
