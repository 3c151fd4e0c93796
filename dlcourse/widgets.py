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


def playground_widget(config=None, *, speed="normal", **settings):
    """TensorFlow Playground in the notebook: train a small network and watch it learn.

    Data and features on the left, the network in the middle (every neuron's output as a
    small heat map, weights as coloured links), the output and the loss curves on the
    right; Play/Pause, Step and Reset on top. Runs :class:`dlcourse.playground.Playground`
    (see :mod:`dlcourse.playground_ui` for the layout and how playing works).

    Parameters
    ----------
    config : dlcourse.playground.Config, optional
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
    from dlcourse import playground
    from dlcourse.playground_ui import PlaygroundApp

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
