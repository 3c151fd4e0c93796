"""The playground's interactive front end: TensorFlow Playground's layout in ipywidgets.

:func:`dlcourse.presentation.widgets.playground_widget` builds a :class:`PlaygroundApp` and returns its
box. The model is :class:`dlcourse.playground.engine.Playground`; this module only wires
controls to it and draws.

Layout, as in the original: a top bar (Reset, Play/Pause, Step, the epoch counter,
learning rate, activation, regularization and its rate, problem type), the data on the
left (data set, ratio of training data, noise, batch size, seed), the network in the
middle (feature toggles, hidden layers and neurons with +/- buttons, every node's output
as a small heat map, links coloured by the sign of the weight and as thick as it is
large), and the output on the right (train and test loss, their curves over the epochs,
the output over the plane with the train and test points).

Drawing is SVG with small PNG heat maps inside, sent as the value of ``HTML`` widgets: a
frame costs a few milliseconds, so training, not drawing, takes the time.

Playing runs as an asyncio task on the kernel's event loop: it trains for about
``frame_seconds`` (or a few epochs at the slower speeds), redraws, and yields, so the
kernel keeps handling clicks (Pause works) and a new frame appears several times a
second. Changing a setting pauses and resets the network, as the original does, except
the learning rate, which the original changes on the fly.
"""

import asyncio
import base64
import os
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import numpy as np

from dlcourse.core.paths import NOTEBOOKS
from dlcourse.playground import engine as pg_model

# Sizes in CSS pixels.
NODE = 32  # a node's heat map
ROW = 40  # vertical distance between nodes
NET_WIDTH = 400  # the network drawing, from the features column to the output node
OUTPUT_SIZE = 230  # the output heat map
CHART_HEIGHT = 56
NODE_RESOLUTION = 16  # grid points per side of a node's heat map (the original: 10)
OUTPUT_RESOLUTION = 80  # of the output heat map (the original: 100)

SPEEDS = {"slow": 2, "normal": 20, "fast": None}  # epochs per frame (None: as many as fit)
MAX_PLAY_SECONDS = 600  # playing pauses by itself after this, so a forgotten tab rests

_COLORS = np.array([[0xF5, 0x93, 0x22], [0xE8, 0xEA, 0xEB], [0x08, 0x77, 0xBD]], dtype=float)


def _rgb(values):
    """Map values in [-1, 1] (clipped) to the Playground's orange-grey-blue, uint8 RGB."""
    v = np.clip(np.nan_to_num(values, nan=0.0), -1.0, 1.0)[..., None]
    low = _COLORS[1] + (_COLORS[0] - _COLORS[1]) * (-v)  # -1..0: orange to grey
    high = _COLORS[1] + (_COLORS[2] - _COLORS[1]) * v  # 0..1: grey to blue
    return np.where(v < 0, low, high).round().astype(np.uint8)


def _hex(value):
    r, g, b = _rgb(np.array(value, dtype=float))
    return f"#{r:02x}{g:02x}{b:02x}"


def png_bytes(rgb):
    """A ``(height, width, 3)`` uint8 array as PNG bytes (zlib; no imaging library)."""
    h, w, _ = rgb.shape
    rows = np.concatenate([np.zeros((h, 1), np.uint8), rgb.reshape(h, w * 3)], axis=1)

    def chunk(tag, data):
        return (struct.pack(">I", len(data)) + tag + data
                + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows.tobytes(), 6)) + chunk(b"IEND", b""))


def _data_uri(values):
    return "data:image/png;base64," + base64.b64encode(png_bytes(_rgb(values))).decode()


def _fmt(x):
    return f"{x:.1f}"


# --------------------------------------------------------------------------------------
# SVG drawings (pure functions of a Playground; tested without a browser)
# --------------------------------------------------------------------------------------


def network_layout(config, width=NET_WIDTH):
    """x of every column (features, hidden layers, output) and the drawing's height."""
    num_columns = len(config.hidden_layers) + 2
    left, right = NODE / 2 + 2, width - NODE / 2 - 2
    xs = [left + (right - left) * c / (num_columns - 1) for c in range(num_columns)]
    rows = max([len(pg_model.FEATURES), *config.hidden_layers])
    return xs, rows * ROW


def network_svg(playground, width=NET_WIDTH):
    """The network: all seven features (unused ones faded), hidden nodes, output node."""
    cfg = playground.config
    xs, height = network_layout(cfg, width)
    grids = playground.neuron_grids(NODE_RESOLUTION)
    feature_grids = dict(zip(cfg.features, grids[0]))
    # y of node i in column c: features keep their fixed rows (all seven are drawn)
    rows = [[pg_model.ALL_FEATURES.index(f) for f in cfg.features]]
    rows += [list(range(n)) for n in cfg.hidden_layers] + [[0]]
    ys = [[ROW / 2 + r * ROW for r in column] for column in rows]
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'class="dlc-playground-network" style="display:block">']
    dead = playground.dead_links()
    for l, W in enumerate(playground.network.W):  # links first, under the nodes
        x0, x1 = xs[l] + NODE / 2, xs[l + 1] - NODE / 2
        for i, y0 in enumerate(ys[l]):
            for j, y1 in enumerate(ys[l + 1]):
                w = W[i, j]
                stroke = 1 + 9 * min(abs(w) / 5, 1) if np.isfinite(w) else 1
                dash = ' stroke-dasharray="2,3"' if dead[l][i, j] else ""
                xm = (x0 + x1) / 2
                parts.append(
                    f'<path d="M{_fmt(x0)},{_fmt(y0)} C{_fmt(xm)},{_fmt(y0)} {_fmt(xm)},'
                    f'{_fmt(y1)} {_fmt(x1)},{_fmt(y1)}" fill="none" stroke="{_hex(w)}" '
                    f'stroke-width="{stroke:.2f}" stroke-opacity="0.85"{dash}>'
                    f'<title>weight {w:.3g}</title></path>')
    for r, name in enumerate(pg_model.ALL_FEATURES):  # the features column
        y = ROW / 2 + r * ROW
        if name in feature_grids:
            image, opacity = _data_uri(feature_grids[name]), 1.0
        else:
            image, opacity = _feature_uri(name), 0.25
        parts.append(_node(xs[0], y, image, opacity, f"feature {name}"))
    for l in range(1, len(grids)):
        for i, y in enumerate(ys[l]):
            b = playground.network.b[l - 1][i]
            kind = "output" if l == len(grids) - 1 else f"layer {l}, neuron {i + 1}"
            parts.append(_node(xs[l], y, _data_uri(grids[l][i]), 1.0, f"{kind}, bias {b:.3g}"))
            parts.append(f'<rect x="{_fmt(xs[l] - NODE / 2 - 7)}" y="{_fmt(y + NODE / 2 - 5)}" '
                         f'width="5" height="5" fill="{_hex(b)}" stroke="#666" '
                         f'stroke-width="0.5"><title>bias {b:.3g}</title></rect>')
    parts.append("</svg>")
    return "".join(parts)


_FEATURE_URIS = {}


def _feature_uri(name):
    """A feature's heat map (it never changes), cached."""
    if name not in _FEATURE_URIS:
        grid = pg_model.feature_matrix(pg_model.grid_points(NODE_RESOLUTION), [name])
        _FEATURE_URIS[name] = _data_uri(grid[:, 0].reshape(NODE_RESOLUTION, NODE_RESOLUTION))
    return _FEATURE_URIS[name]


def _node(x, y, uri, opacity, title):
    x0, y0 = x - NODE / 2, y - NODE / 2
    return (f'<g opacity="{opacity}"><title>{title}</title>'
            f'<image x="{_fmt(x0)}" y="{_fmt(y0)}" width="{NODE}" height="{NODE}" '
            f'preserveAspectRatio="none" href="{uri}"/>'
            f'<rect x="{_fmt(x0)}" y="{_fmt(y0)}" width="{NODE}" height="{NODE}" fill="none" '
            f'stroke="#555" stroke-width="0.7"/></g>')


def output_svg(playground, *, show_test=True, discretize=False, size=OUTPUT_SIZE):
    """The output over the plane with the train points (white edge) and test points (black)."""
    values = playground.output_grid(OUTPUT_RESOLUTION)
    if discretize:
        values = np.where(values > 0, 1.0, -1.0)
    # paler than the points, as in the original, so the points stand out
    background = (0.3 * 255 + 0.7 * _rgb(values)).astype(np.uint8)
    uri = "data:image/png;base64," + base64.b64encode(png_bytes(background)).decode()
    pad, top = 18, 6  # room for the tick labels (left, below, and half a label above)
    width, height = size + pad + 8, size + top + 16

    def px(v):  # plane coordinate -> pixel
        return (v - pg_model.DOMAIN[0]) / (pg_model.DOMAIN[1] - pg_model.DOMAIN[0]) * size

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'class="dlc-playground-output" style="display:block">',
             f'<image x="{pad}" y="{top}" width="{size}" height="{size}" '
             f'preserveAspectRatio="none" href="{uri}"/>']
    subsets = [(playground.train_points, playground.train_labels, "#fff")]
    if show_test:
        subsets.append((playground.test_points, playground.test_labels, "#000"))
    classify = playground.config.problem == pg_model.CLASSIFICATION
    for points, labels, edge in subsets:
        # grouped by colour, so each circle carries only its position (a smaller frame)
        groups = [(label, labels == label) for label in (-1.0, 1.0)] if classify else [
            (None, np.ones(len(labels), dtype=bool))]
        for label, chosen in groups:
            fill = f' fill="{_hex(label)}"' if classify else ""
            parts.append(f'<g{fill} stroke="{edge}" stroke-width="0.8">')
            for (x1, x2), value in zip(points[chosen], labels[chosen]):
                own = "" if classify else f' fill="{_hex(value)}"'
                parts.append(f'<circle cx="{pad + px(x1):.1f}" cy="{top + size - px(x2):.1f}" '
                             f'r="2.6"{own}/>')
            parts.append("</g>")
    for tick in (-6, 0, 6):
        parts.append(f'<text x="{pad + px(tick):.1f}" y="{top + size + 13}" font-size="10" '
                     f'text-anchor="middle" fill="#555">{tick}</text>')
        parts.append(f'<text x="{pad - 4}" y="{top + size - px(tick) + 3:.1f}" font-size="10" '
                     f'text-anchor="end" fill="#555">{tick}</text>')
    parts.append("</svg>")
    return "".join(parts)


def loss_chart_svg(history, width=OUTPUT_SIZE + 26, height=CHART_HEIGHT):
    """Train (grey) and test (black) loss over the epochs, scaled to the largest value."""
    train = np.asarray(history["train_loss"], dtype=float)
    test = np.asarray(history["test_loss"], dtype=float)
    finite = np.concatenate([train[np.isfinite(train)], test[np.isfinite(test)]])
    top = max(float(finite.max()) if finite.size else 1.0, 1e-9)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'class="dlc-playground-chart" style="display:block">',
             f'<rect x="0.5" y="0.5" width="{width - 1}" height="{height - 1}" fill="#fafafa" '
             f'stroke="#ddd"/>']
    n = len(test)
    if n > 1:
        step = max(1, n // width)  # at most one point per pixel
        index = np.arange(0, n, step)
        xs = 2 + index / (n - 1) * (width - 4)
        for values, color in ((train, "#999"), (test, "#000")):
            ys = height - 2 - np.clip(np.nan_to_num(values[index], nan=top), 0, top) / top * (
                height - 6)
            points = " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys))
            parts.append(f'<polyline points="{points}" fill="none" stroke="{color}" '
                         f'stroke-width="1.2"/>')
    parts.append("</svg>")
    return "".join(parts)


# --------------------------------------------------------------------------------------
# The app
# --------------------------------------------------------------------------------------

_DATASET_LABELS = {"circle": "Circle", "xor": "Exclusive or", "two_gaussians": "Gaussian",
                   "spiral": "Spiral", "plane": "Plane", "multi_gaussian": "Multi Gaussian"}
_FEATURE_BUTTONS = {"x1": "x\u2081", "x2": "x\u2082", "x1^2": "x\u2081\u00b2",
                    "x2^2": "x\u2082\u00b2", "x1*x2": "x\u2081x\u2082", "sin(x1)": "sin(x\u2081)",
                    "sin(x2)": "sin(x\u2082)"}


_SMALL_BUTTON = {"width": "28px", "padding": "0", "flex": "0 0 auto"}
_SHARED = {}


def _shared(cls, settings):
    """One Layout or style object per class and settings, shared by every widget using it.

    Each Layout and style is a widget model of its own, sent to the browser and saved
    in an executed notebook; a playground has some 70 controls, and sharing the
    identical ones keeps a notebook with several playgrounds small. (Never change a
    shared one in place.)
    """
    key = (cls.__name__, tuple(sorted(settings.items())))
    if key not in _SHARED:
        _SHARED[key] = cls(**settings)
    return _SHARED[key]


def _make(name, *, layout=None, style=None, **settings):
    """An ipywidgets widget ``name`` with a shared layout (and style)."""
    import ipywidgets as w

    cls = getattr(w, name)
    extra = {"layout": _shared(w.Layout, layout or {})}
    style_trait = cls.class_traits().get("style")
    if style_trait is not None:
        extra["style"] = _shared(style_trait.klass, style or {})
    return cls(**extra, **settings)


class PlaygroundApp:
    """The playground's widgets and their wiring; ``app.box`` is what a notebook shows.

    Parameters
    ----------
    config : dlcourse.playground.engine.Config
        The starting settings (a preset).
    frame_seconds : float
        Training time per frame while playing (a frame is drawn after it).
    speed : str
        "slow", "normal" or "fast": at most 2 or 20 epochs per frame, or as many as fit.

    Attributes
    ----------
    playground : dlcourse.playground.engine.Playground
        The network being trained (replaced on every reset).
    frames : int
        Frames drawn so far.
    """

    def __init__(self, config, *, frame_seconds=0.2, speed="normal"):
        self.playground = pg_model.Playground(config)
        self.frame_seconds = frame_seconds
        self.max_play_seconds = MAX_PLAY_SECONDS
        self.frames = 0
        self._task = None
        self._playing = False
        self._updating = False  # True while the app itself sets control values
        make = _make
        cfg = self.playground.config

        # --- top bar
        self.reset_button = make("Button", description="Reset", tooltip="new initial weights",
                                 layout={"width": "64px"})
        self.play_button = make("Button", description="Play", button_style="primary",
                                layout={"width": "72px"})
        self.step_button = make("Button", description="Step", tooltip="one epoch",
                                layout={"width": "60px"})
        self.epoch_label = make("HTML", layout={"width": "90px", "margin": "0 8px 0 10px"})
        dropdown = lambda width, **kw: make("Dropdown", layout={"width": width}, **kw)  # noqa
        self.learning_rate = dropdown(
            "84px", options=_menu(pg_model.LEARNING_RATES, cfg.learning_rate),
            value=cfg.learning_rate)
        self.activation = dropdown("92px", options=[("ReLU", "relu"), ("Tanh", "tanh"),
                                                    ("Sigmoid", "sigmoid"), ("Linear", "linear")],
                                   value=cfg.activation)
        self.regularization = dropdown("84px", options=[("None", "none"), ("L1", "L1"),
                                                        ("L2", "L2")], value=cfg.regularization)
        self.regularization_rate = dropdown(
            "84px", options=_menu(pg_model.REGULARIZATION_RATES, cfg.regularization_rate),
            value=cfg.regularization_rate)
        self.problem = dropdown("140px", options=[("Classification", pg_model.CLASSIFICATION),
                                                  ("Regression", pg_model.REGRESSION)],
                                value=cfg.problem)
        self.speed = dropdown("80px", options=list(SPEEDS), value=speed,
                              tooltip="epochs per frame")

        def labelled(text, control):
            label = make("HTML", value=f"<span style='font-size:11px;line-height:18px;"
                                       f"color:#777;white-space:nowrap'>{text}</span>",
                         layout={"height": "18px", "margin": "0 0 0 4px"})
            return make("VBox", children=[label, control], layout={"margin": "0 6px 0 0"})

        top = make("HBox", children=[
            self.reset_button, self.play_button, self.step_button,
            labelled("Speed", self.speed), self.epoch_label,
            labelled("Learning rate", self.learning_rate), labelled("Activation", self.activation),
            labelled("Regularization", self.regularization),
            labelled("Regularization rate", self.regularization_rate)],
            layout={"flex_flow": "row wrap", "align_items": "flex-end"})

        # --- data (left)
        self.dataset = make("ToggleButtons", options=self._dataset_options(cfg.problem),
                            value=cfg.dataset, style={"button_width": "120px"},
                            layout={"width": "130px"})
        slider = dict(continuous_update=False, layout={"width": "170px"})
        self.train_percent = make("IntSlider", value=cfg.train_percent, min=10, max=90, step=10,
                                  **slider)
        self.noise = make("IntSlider", value=cfg.noise, min=0, max=50, step=5, **slider)
        self.batch_size = make("IntSlider", value=cfg.batch_size, min=1, max=30, **slider)
        self.seed = make("BoundedIntText", value=cfg.seed, min=0, max=2**31 - 1,
                         tooltip="seeds the data and the initial weights",
                         layout={"width": "110px"})

        def caption(text):
            return make("HTML", value=f"<span style='font-size:12px;color:#555'>{text}</span>",
                        layout={"margin": "6px 0 0 0"})

        left = make("VBox", children=[
            make("HTML", value="<b>DATA</b>"), caption("Problem type"), self.problem,
            caption("Which data set?"), self.dataset,
            caption("Ratio of training to test data, %"), self.train_percent,
            caption("Noise, %"), self.noise, caption("Batch size"), self.batch_size,
            make("HBox", children=[caption("Seed&nbsp;"), self.seed],
                 layout={"align_items": "center"})],
            layout={"width": "175px", "flex": "0 0 auto"})

        # --- network (middle)
        gap = (ROW - NODE) // 2
        self.features = {
            name: make("ToggleButton", value=name in cfg.features, description=label,
                       tooltip=f"use feature {name}",
                       layout={"width": "64px", "height": f"{NODE}px",
                               "margin": f"{gap}px 0 {gap}px 0", "padding": "0",
                               "flex": "0 0 auto"})
            for name, label in _FEATURE_BUTTONS.items()}
        self.add_layer = make("Button", description="+", tooltip="add a hidden layer",
                              layout=_SMALL_BUTTON)
        self.remove_layer = make("Button", description="\u2212",
                                 tooltip="remove a hidden layer", layout=_SMALL_BUTTON)
        self.layers_label = make("HTML", layout={"margin": "0 0 0 6px"})
        self.neuron_controls = make("HBox", layout={"height": "58px", "flex": "0 0 auto"})
        self.network = make("HTML", layout={"width": f"{NET_WIDTH + 4}px", "flex": "0 0 auto"})
        fixed = {"width": "68px", "flex": "0 0 auto"}
        middle = make("VBox", children=[
            make("HBox", children=[
                make("HTML", value="<b>FEATURES</b>", layout={"width": "150px", "flex": "0 0 auto"}),
                self.add_layer, self.remove_layer, self.layers_label],
                layout={"align_items": "center"}),
            make("HBox", children=[make("HTML", layout=fixed), self.neuron_controls]),
            make("HBox", children=[make("VBox", children=list(self.features.values()),
                                        layout=fixed), self.network],
                 layout={"align_items": "flex-start"})],
            layout={"flex": "0 0 auto", "margin": "0 12px 0 8px"})

        # --- output (right)
        self.loss_label = make("HTML")
        self.chart = make("HTML")
        self.output = make("HTML")
        self.show_test = make("Checkbox", value=False, description="Show test data",
                              indent=False, layout={"width": "140px"})
        self.discretize = make("Checkbox", value=False, description="Discretize output",
                               indent=False, layout={"width": "150px"})
        self.errors = make("Output")
        right = make("VBox", children=[
            make("HTML", value="<b>OUTPUT</b>"), self.loss_label, self.chart, self.output,
            make("HBox", children=[self.show_test, self.discretize]), self.errors],
            layout={"flex": "0 0 auto"})
        # On a narrow page the output column moves below the network.
        self.box = make("VBox", children=[top, make("HBox", children=[left, middle, right],
                                                    layout={"align_items": "flex-start",
                                                            "flex_flow": "row wrap"})])
        self.box.add_class("dlc-playground")

        # --- wiring
        self.play_button.on_click(lambda _: self.toggle_play())
        self.step_button.on_click(lambda _: self.step())
        self.reset_button.on_click(lambda _: self.reset())
        self.add_layer.on_click(lambda _: self._change_layers(+1))
        self.remove_layer.on_click(lambda _: self._change_layers(-1))
        self.learning_rate.observe(self._on_learning_rate, names="value")
        self.problem.observe(self._on_problem, names="value")
        for control in (self.activation, self.regularization, self.regularization_rate,
                        self.dataset, self.train_percent, self.noise, self.batch_size,
                        self.seed, *self.features.values()):
            control.observe(self._on_setting, names="value")
        for control in (self.show_test, self.discretize):
            control.observe(lambda _: self.draw(), names="value")
        self._build_neuron_controls()
        self.draw()

    # ----- settings --------------------------------------------------------------------

    @staticmethod
    def _dataset_options(problem):
        return [(_DATASET_LABELS[name], name) for name, kind in pg_model.DATASETS.items()
                if kind == problem]

    @property
    def config(self):
        return self.playground.config

    def _config_from_controls(self, **changes):
        features = [name for name, button in self.features.items() if button.value]
        settings = dict(dataset=self.dataset.value, noise=self.noise.value,
                        train_percent=self.train_percent.value, features=features,
                        hidden_layers=self.config.hidden_layers,
                        activation=self.activation.value,
                        learning_rate=self.learning_rate.value,
                        regularization=self.regularization.value,
                        regularization_rate=self.regularization_rate.value,
                        batch_size=self.batch_size.value, seed=self.seed.value)
        settings.update(changes)
        return pg_model.Config(**settings)

    def apply(self, config):
        """Pause, take these settings (controls follow) and reset the network."""
        self.pause()
        self.playground = pg_model.Playground(config)
        self._updating = True
        try:
            self.problem.value = config.problem
            self.dataset.options = self._dataset_options(config.problem)
            self.dataset.value = config.dataset
            for name, button in self.features.items():
                button.value = name in config.features
            for control, value in ((self.noise, config.noise),
                                   (self.train_percent, config.train_percent),
                                   (self.batch_size, config.batch_size),
                                   (self.seed, config.seed),
                                   (self.activation, config.activation),
                                   (self.regularization, config.regularization)):
                control.value = value
            self.learning_rate.options = _menu(pg_model.LEARNING_RATES, config.learning_rate)
            self.learning_rate.value = config.learning_rate
            self.regularization_rate.options = _menu(pg_model.REGULARIZATION_RATES,
                                                     config.regularization_rate)
            self.regularization_rate.value = config.regularization_rate
        finally:
            self._updating = False
        self._build_neuron_controls()
        self.draw()

    def _on_setting(self, change):
        if self._updating:
            return
        owner = change["owner"]
        if owner in self.features.values() and not any(b.value for b in self.features.values()):
            self._updating = True
            owner.value = True  # the network needs at least one input
            self._updating = False
            return
        self.apply(self._config_from_controls())

    def _on_problem(self, change):
        if self._updating:
            return
        first = self._dataset_options(change["new"])[0][1]
        self.apply(self._config_from_controls(dataset=first))

    def _on_learning_rate(self, change):
        if self._updating:
            return
        self.playground.set_learning_rate(change["new"])  # no reset, as in the original

    def _change_layers(self, delta):
        layers = list(self.config.hidden_layers)
        if delta > 0 and len(layers) < pg_model.MAX_HIDDEN_LAYERS:
            layers.append(2)  # the original adds a layer of two neurons
        elif delta < 0 and layers:
            layers.pop()
        else:
            return
        self.apply(self._config_from_controls(hidden_layers=tuple(layers)))

    def _change_neurons(self, layer, delta):
        layers = list(self.config.hidden_layers)
        new = layers[layer] + delta
        if not 1 <= new <= pg_model.MAX_NEURONS:
            return
        layers[layer] = new
        self.apply(self._config_from_controls(hidden_layers=tuple(layers)))

    def _build_neuron_controls(self):
        xs, _ = network_layout(self.config)
        layers = self.config.hidden_layers
        pitch = (xs[1] - xs[0]) if len(xs) > 1 else NET_WIDTH
        old = list(self.neuron_controls.children)
        children = [_make("HTML", layout={"width": f"{max(xs[1] - pitch / 2, 0):.0f}px"})]
        for i, n in enumerate(layers):
            plus = _make("Button", description="+", tooltip=f"add a neuron to layer {i + 1}",
                         layout=_SMALL_BUTTON)
            minus = _make("Button", description="\u2212",
                          tooltip=f"remove a neuron from layer {i + 1}", layout=_SMALL_BUTTON)
            plus.on_click(lambda _, i=i: self._change_neurons(i, +1))
            minus.on_click(lambda _, i=i: self._change_neurons(i, -1))
            label = _make("HTML", value=f"<div style='text-align:center;font-size:11px'>{n} "
                                        f"neuron{'s' if n > 1 else ''}</div>")
            buttons = _make("HBox", children=[plus, minus], layout={"justify_content": "center"})
            children.append(_make("VBox", children=[buttons, label],
                                  layout={"width": f"{pitch:.0f}px", "align_items": "center"}))
        self.neuron_controls.children = children
        for widget in old:  # the replaced controls (their shared layouts stay)
            for child in getattr(widget, "children", ()):
                for grandchild in getattr(child, "children", ()):
                    grandchild.close()
                child.close()
            widget.close()
        count = len(layers)
        self.layers_label.value = (f"<b>{count} HIDDEN LAYER{'S' if count != 1 else ''}</b>")

    # ----- training --------------------------------------------------------------------

    @property
    def playing(self):
        return self._playing

    def step(self):
        """Train one epoch and redraw (pauses first, as the original's Step does)."""
        self.pause()
        self._train_epochs(1)
        self.draw()

    def reset(self):
        """New network with the same settings: epoch 0."""
        self.pause()
        self.playground.reset()
        self.draw()

    def toggle_play(self):
        if self._playing:
            self.pause()
        else:
            self.play()

    def play(self):
        """Start training in the background (an asyncio task on the running loop)."""
        if self._playing:
            return
        loop = asyncio.get_running_loop()  # the kernel's; a plain script has none
        self._playing = True
        self.play_button.description = "Pause"
        self._task = loop.create_task(self._run())

    def pause(self):
        self._playing = False
        self.play_button.description = "Play"
        self._task = None

    def _train_epochs(self, limit):
        start, done = time.perf_counter(), 0
        while done < (limit or 10**9):
            self.playground.step(1)
            done += 1
            if time.perf_counter() - start > self.frame_seconds:
                break
        return done

    async def _run(self):
        me = self._task
        started = time.monotonic()
        try:
            while self._playing and self._task is me:
                if time.monotonic() - started > self.max_play_seconds:
                    self.pause()
                    self.play_button.tooltip = "paused after 10 minutes; press Play to go on"
                    break
                self._train_epochs(SPEEDS[self.speed.value])
                self.draw()
                # Hand the loop back so clicks (Pause) and the frame reach the browser.
                await asyncio.sleep(0.05 if SPEEDS[self.speed.value] else 0.02)
        except Exception:  # shown in the widget rather than lost in a task
            self.pause()
            with self.errors:
                import traceback

                traceback.print_exc()

    # ----- drawing ---------------------------------------------------------------------

    def draw(self):
        """Redraw everything from the current network."""
        pg = self.playground
        self.frames += 1
        self.epoch_label.value = (f"<div style='line-height:1.1'><span style='font-size:11px;"
                                  f"color:#777'>Epoch</span><br><b class='dlc-epoch' "
                                  f"style='font-size:18px'>{pg.epoch:07,d}</b></div>")
        self.loss_label.value = (f"<span style='font-size:12px'>Test loss "
                                 f"<b class='dlc-test-loss'>{pg.test_loss:.3f}</b><br>"
                                 f"Training loss <b>{pg.train_loss:.3f}</b></span>")
        self.chart.value = loss_chart_svg(pg.history)
        self.network.value = network_svg(pg)
        self.output.value = output_svg(pg, show_test=self.show_test.value,
                                       discretize=self.discretize.value)


def _menu(values, current):
    """Dropdown options from a menu of numbers, with ``current`` added if missing."""
    options = sorted({float(v) for v in values} | {float(current)})
    return [(f"{v:g}", v) for v in options]


# --------------------------------------------------------------------------------------
# The standalone page
# --------------------------------------------------------------------------------------

#: the notebook served as the page, and the Voila template it is served with
PAGE = NOTEBOOKS / "playground.ipynb"
TEMPLATES = Path(__file__).resolve().parent / "jupyter"  # holds voila/templates/playground


def page_command(port=8866, *, notebook=None, open_browser=False):
    """The command (a list) that serves the playground page with Voila.

    Voila runs the notebook in a fresh kernel for every visitor and shows its outputs
    without the code. The "playground" template (``dlcourse/playground/jupyter/voila/templates``)
    adds a watchdog that reloads a page that has not shown the playground after 60 s.
    Idle kernels are shut down after 15 minutes.
    """
    command = [sys.executable, "-m", "voila", str(notebook or PAGE), "--template=playground",
               f"--port={port}", "--Voila.ip=127.0.0.1",
               "--VoilaConfiguration.show_tracebacks=True",
               "--MappingKernelManager.cull_idle_timeout=900",
               "--MappingKernelManager.cull_interval=60"]
    if not open_browser:
        command.append("--no-browser")
    return command


def page_environment(environ=None):
    """The environment for :func:`page_command`: the template folder on ``JUPYTER_PATH``."""
    env = dict(os.environ if environ is None else environ)
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in (str(TEMPLATES), env.get("JUPYTER_PATH"))
                                          if p)
    return env


def serve_page(port=8866, *, notebook=None, open_browser=True):
    """Serve the playground page until interrupted (``make playground``); returns the exit code."""
    command = page_command(port, notebook=notebook, open_browser=open_browser)
    print(f"The playground: http://127.0.0.1:{port}/  (Ctrl-C stops it)", flush=True)
    try:
        return subprocess.call(command, env=page_environment())
    except KeyboardInterrupt:
        return 0
