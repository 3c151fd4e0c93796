"""How every widget of the course is wired: controls -> a figure, in one output area.

A widget is three layers (the ipywidgets documentation's advice): a pure function
(tested), a ``plot_*`` function (in the ``plots*`` modules), and a thin widget that
wires controls to them. :func:`interactive_figure` is that wiring, for all of them:

- the first figure is drawn once: it is both the first output and the *static frame*,
  a PNG kept in the widget's mimebundle, so a notebook read on GitHub or in CI (where
  no kernel draws) still shows a figure while JupyterLab shows the live widget;
- every change of a control draws the figure again into the same output area of fixed
  height (the page does not jump);
- an error while drawing is shown in that output area, where the figure would be
  (a widget callback's exception would otherwise be lost in the kernel's log);
- ``linked`` controls run a hook first that may set other controls (another data set
  resets a slider's range, another image list starts at its first image), and the
  figure is drawn once afterwards.
"""

import base64
import io

import numpy as np

#: what an output area shows when a setting cannot be drawn (followed by the error)
ERROR_PREFIX = "cannot draw this setting: "


def figure_png(fig, *, colors=None):
    """A matplotlib figure as PNG bytes at 72 dpi (closes the figure).

    ``colors``: reduce the picture to a palette of that many colours (needs Pillow,
    which matplotlib brings): heat maps and scatter plots compress badly in full colour,
    and a palette of 96 makes a quarter of the bytes.
    """
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=72)
    plt.close(fig)
    png = buffer.getvalue()
    if colors is None:
        return png
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors)
    buffer = io.BytesIO()
    image.save(buffer, format="png", optimize=True)
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


def output_area(height):
    """An ``ipywidgets.Output`` of fixed ``height`` (a CSS size such as ``"250px"``)."""
    import ipywidgets as widgets

    return widgets.Output(layout=widgets.Layout(height=height, overflow="hidden"))


def _figure_of(drawn):
    """The Figure of what a ``plot_*`` returned: a Figure, an Axes or an array of Axes."""
    if hasattr(drawn, "savefig"):
        return drawn
    return np.ravel(drawn)[0].figure if not hasattr(drawn, "figure") else drawn.figure


def show_png(output, png):
    """Replace what ``output`` shows by the picture ``png`` (works with or without a kernel)."""
    output.outputs = ({"output_type": "display_data", "metadata": {},
                       "data": {"image/png": base64.b64encode(png).decode("ascii"),
                                "text/plain": "<Figure>"}},)


def show_error(output, error):
    """Replace what ``output`` shows by the message of ``error``."""
    output.outputs = ({"output_type": "stream", "name": "stderr",
                       "text": f"{ERROR_PREFIX}{type(error).__name__}: {error}\n"},)


def interactive_figure(controls, draw, *, height, arrange, linked=None):
    """Wire ``controls`` to ``draw`` in one output area; return the widget with a static frame.

    Parameters
    ----------
    controls : dict
        Keyword of ``draw`` -> ipywidgets control; ``draw(**values)`` is called with
        every control's current ``value``.
    draw : callable
        Returns a matplotlib Figure, an Axes or an array of Axes (a ``plot_*``
        function's result). Called once to make the first frame, then once per change.
    height : str
        Of the output area, e.g. ``"250px"``.
    arrange : callable
        ``arrange(output)`` lays the controls and the output area out and returns the
        box to show.
    linked : dict, optional
        Control name -> ``hook(new_value)``, run when that control changes, before the
        figure is drawn again: the hook may set other controls (no figure is drawn
        while it runs), and the figure is drawn once afterwards.

    Returns
    -------
    ipywidgets widget
        The box ``arrange`` made; ``box.output`` is the output area.

    Example
    -------
    >>> controls = {"learning_rate": ipywidgets.FloatSlider(value=0.1)}  # doctest: +SKIP
    >>> interactive_figure(controls, plot_learning_rate_descent, height="260px",
    ...                    arrange=arrange_rows(controls))  # doctest: +SKIP
    """
    linked = dict(linked or {})
    unknown = sorted(set(linked) - set(controls))
    if unknown:
        raise ValueError(f"linked names controls that do not exist: {unknown}; the controls "
                         f"are {sorted(controls)}")
    output = output_area(height)
    hooks_running = []  # non-empty while a linked hook sets controls: draw once, afterwards

    def redraw(*_):
        if hooks_running:
            return
        import matplotlib.pyplot as plt

        before = set(plt.get_fignums())
        try:
            png = figure_png(_figure_of(draw(**{k: c.value for k, c in controls.items()})))
        except Exception as error:  # shown where the figure would be
            for number in set(plt.get_fignums()) - before:  # a figure the error left half drawn
                plt.close(number)
            show_error(output, error)
        else:
            show_png(output, png)

    def run_hook(hook):
        def on_change(change):
            hooks_running.append(True)
            try:
                hook(change["new"])
            except Exception as error:
                show_error(output, error)
                return
            finally:
                hooks_running.pop()
            redraw()

        return on_change

    for name, control in controls.items():
        control.observe(run_hook(linked[name]) if name in linked else redraw, names="value")
    first = figure_png(_figure_of(draw(**{k: c.value for k, c in controls.items()})))
    show_png(output, first)  # the first frame: drawn once, shown live and kept as static
    box = arrange(output)
    box.output = output
    return with_static_frame(box, first)


def arrange_rows(controls, *rows):
    """An ``arrange`` for :func:`interactive_figure`: rows of controls (by name), then the output.

    Each row is a list of control names; without rows, all controls in one row.
    """
    import ipywidgets as widgets

    rows = rows or (list(controls),)
    return lambda output: widgets.VBox([widgets.HBox([controls[n] for n in row]) for row in rows]
                                       + [output])


def arrange_beside(controls):
    """An ``arrange`` for :func:`interactive_figure`: the controls in a column, the output right."""
    import ipywidgets as widgets

    return lambda output: widgets.HBox([widgets.VBox(list(controls.values())), output])
