"""The chapters' widgets: thin ipywidgets front ends, one "Try it" per chapter.

Each widget only makes its controls and wires them, through
:func:`dlcourse.presentation.wiring.interactive_figure`, to a pure function elsewhere in
``dlcourse`` (which the tests call directly) and a ``plot_*`` function of the ``plots*``
modules. It returns the widget; the notebook displays it. The first frame is drawn
once and kept as a static picture, so a notebook read on GitHub still shows a figure;
an error is shown in the output area. The playground (:func:`playground_widget`) is an
app of its own (:mod:`dlcourse.playground.ui`) with the same static frame.

This module holds the widgets about data and what models answer (chapters 00-04 and
12); :mod:`dlcourse.presentation.widgets_training` those about training (05-11).

=====================================  ========  ======================================
widget                                 chapter   what it calls
=====================================  ========  ======================================
:func:`playground_widget`              00        ``playground.engine.Playground``
:func:`augmentation_widget`            01        ``data.preprocess.augment``
:func:`prediction_widget`              02        ``plots.plot_prediction``
:func:`pair_widget`                    03        ``plots.plot_image_pair``
:func:`decision_boundary_widget`       04        ``data.toy.run_2d_experiment``
:func:`hog_widget`                     12        ``vision.hog``
=====================================  ========  ======================================
"""

import numpy as np

from dlcourse.presentation.wiring import (
    arrange_rows,
    figure_png,
    interactive_figure,
    with_static_frame,
)


def _image_title(labels, class_names, index):
    from dlcourse.presentation.plots import label_text

    return "" if labels is None else label_text(np.ravel(labels)[index], class_names)


# --------------------------------------------------------------------------------------
# Chapter 00: the playground
# --------------------------------------------------------------------------------------


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
    from dlcourse.playground.engine import make_config
    from dlcourse.playground.figures import plot_playground
    from dlcourse.playground.ui import PlaygroundApp

    app = PlaygroundApp(make_config(config, **settings), speed=speed)
    box = app.box
    box.app = app
    return with_static_frame(box, figure_png(plot_playground(app.playground), colors=96))


# --------------------------------------------------------------------------------------
# Chapters 01-03: images, predictions, pairs
# --------------------------------------------------------------------------------------


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

    from dlcourse.data import preprocess
    from dlcourse.presentation.plots import plot_augmented

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

    def draw(index, **settings):
        variants = preprocess.augment(images[index], num_variants=num_variants, **settings)
        return plot_augmented(images[index], variants,
                              title=_image_title(labels, class_names, index))

    names = list(controls)
    return interactive_figure(controls, draw, height="150px",
                              arrange=arrange_rows(controls, names[:4], names[4:]))


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

    from dlcourse.presentation import plots
    from dlcourse.references.evaluation import predicted_classes, ranked_mistakes

    images, labels = np.asarray(images), np.asarray(labels).reshape(-1)
    guesses = predicted_classes(probabilities)
    if not len(images) == len(labels) == len(guesses):
        raise ValueError(f"images, labels and probabilities must have one row per example, "
                         f"got {len(images)}, {len(labels)} and {len(guesses)}")
    orders = {"all test images": np.arange(len(labels)),
              "mistakes only": ranked_mistakes(probabilities, labels)}
    controls = {
        "order": widgets.ToggleButtons(options=list(orders), value="all test images",
                                       style={"button_width": "130px"}),
        "position": widgets.IntSlider(value=0, min=0, max=len(labels) - 1, description="index",
                                      continuous_update=False,
                                      layout=widgets.Layout(width="420px")),
    }

    def start_list(order):  # another list of images: start at its first one
        controls["position"].value = 0
        controls["position"].max = max(len(orders[order]) - 1, 0)

    def draw(order, position):
        shown = orders[order]
        i = int(shown[min(position, len(shown) - 1)]) if len(shown) else 0
        return plots.plot_prediction(images[i], probabilities[i], labels[i],
                                     class_names=class_names, index=i)

    return interactive_figure(controls, draw, height="190px", linked={"order": start_list},
                              arrange=arrange_rows(controls, ["order"], ["position"]))


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

    from dlcourse.presentation import plots

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
    controls = {side: widgets.IntSlider(value=value, min=0, max=n - 1, description=side,
                                        continuous_update=False, layout=layout)
                for side, value in (("left", 0), ("right", 1))}

    def draw(left, right):
        same = bool(labels[left] == labels[right])
        pair_scores = {name: float(m[left, right]) for name, m in scores.items()}
        return plots.plot_image_pair(
            images[left], images[right], pair_scores, same=same, titles=(f"#{left}: {labels[left]}", f"#{right}: {labels[right]}"),
            title=f"truth: {'same class' if same else 'different classes'} "
                  f"(green: the model is right)")

    return interactive_figure(controls, draw, height="170px", arrange=arrange_rows(controls))


# --------------------------------------------------------------------------------------
# Chapter 04: decision boundaries
# --------------------------------------------------------------------------------------


def decision_boundary_widget(dataset="xor", hidden_units=2, activation="tanh", *,
                             layers=1, seed=0):
    """Train a tiny MLP on a 2D data set and draw its decision boundary.

    Controls: the data set (``dlcourse.data.toy.DATASETS``), hidden units per layer (0: no
    hidden layer, a linear model), the number of hidden layers, the activation and
    the seed of the initial weights. Each change retrains
    (:func:`dlcourse.data.toy.run_2d_experiment`, a fraction of a second) and redraws
    (:func:`dlcourse.presentation.plots_networks.plot_2d_fit`).

    Returns
    -------
    ipywidgets.VBox
    """
    import ipywidgets as widgets

    from dlcourse.data import toy
    from dlcourse.presentation.plots_networks import plot_2d_fit

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
        return plot_2d_fit(toy.run_2d_experiment(name, shape, activation, seed=seed),
                           resolution=120)

    return interactive_figure(controls, draw, height="380px", arrange=arrange_rows(
        controls, ["name", "hidden_units", "layers"], ["activation", "seed"]))


# --------------------------------------------------------------------------------------
# Chapter 12: classic computer vision
# --------------------------------------------------------------------------------------


def hog_widget(images, labels=None, class_names=None):
    """Pick an image, a HOG cell size and a number of orientation bins; see the HOG.

    The right panel draws each cell's orientation histogram
    (:func:`dlcourse.presentation.plots.plot_image_and_hog`); its title gives the length
    of the descriptor (blocks of 2 x 2 cells, stride one cell,
    :func:`dlcourse.vision.hog.hog_descriptor_size`).

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

    from dlcourse.presentation.plots import plot_image_and_hog

    images = np.asarray(images)
    if images.ndim not in (3, 4) or images.shape[1] % 16 or images.shape[2] % 16:
        raise ValueError(f"images has shape {images.shape}; use (n, h, w[, 3]) with h and w "
                         f"multiples of 16")
    controls = {
        "index": widgets.IntSlider(value=0, min=0, max=len(images) - 1, description="image",
                                   continuous_update=False),
        "cell_size": widgets.Dropdown(options=[4, 8, 16], value=8, description="cell size"),
        "num_bins": widgets.IntSlider(value=9, min=2, max=18, description="bins",
                                      continuous_update=False),
        "signed_gradient": widgets.Checkbox(value=False, description="signed (0-360)"),
    }

    def draw(index, **settings):
        name = _image_title(labels, class_names, index)
        return plot_image_and_hog(images[index], title=f"image {index}" + (f": {name}" if name
                                                                           else ""), **settings)

    names = list(controls)
    return interactive_figure(controls, draw, height="250px",
                              arrange=arrange_rows(controls, names[:2], names[2:]))
