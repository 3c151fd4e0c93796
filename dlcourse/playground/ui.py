"""The playground's interactive front end: TensorFlow Playground's layout in ipywidgets.

:func:`dlcourse.presentation.widgets.playground_widget` builds a :class:`PlaygroundApp` and returns its
box. The model is :class:`dlcourse.playground.engine.Playground`; this module only wires
controls to it; :mod:`dlcourse.playground.svg` draws the frames.

Layout, as in the original: a top bar (Reset, Play/Pause, Step, the epoch counter,
learning rate, activation, regularization and its rate, problem type), the data on the
left (data set, ratio of training data, noise, batch size, seed), the network in the
middle (feature toggles, hidden layers and neurons with +/- buttons, every node's output
as a small heat map, links coloured by the sign of the weight and as thick as it is
large), and the output on the right (train and test loss, their curves over the epochs,
the output over the plane with the train and test points).

Drawing is SVG with small PNG heat maps inside (:mod:`dlcourse.playground.svg`), sent as
the value of ``HTML`` widgets: a frame costs a few milliseconds, so training, not
drawing, takes the time.

Playing runs as an asyncio task on the kernel's event loop: it trains for about
``frame_seconds`` (or a few epochs at the slower speeds), redraws, and yields, so the
kernel keeps handling clicks (Pause works) and a new frame appears several times a
second. Changing a setting pauses and resets the network, as the original does, except
the learning rate, which the original changes on the fly.
"""

import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path

from dlcourse.core.paths import NOTEBOOKS
from dlcourse.core.validation import check_choice
from dlcourse.playground.engine import (
    LEARNING_RATES,
    MAX_HIDDEN_LAYERS,
    MAX_NEURONS,
    REGULARIZATION_RATES,
    Config,
    Playground,
)
from dlcourse.playground.inputs import CLASSIFICATION, DATASETS, REGRESSION
from dlcourse.playground.svg import (
    NET_WIDTH,
    NODE,
    ROW,
    loss_chart_svg,
    network_layout,
    network_svg,
    output_svg,
)

SPEEDS = {"slow": 2, "normal": 20, "fast": None}  # epochs per frame (None: as many as fit)
MAX_PLAY_SECONDS = 600  # playing pauses by itself after this, so a forgotten tab rests


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
        check_choice("speed", speed, SPEEDS)
        self.playground = Playground(config)
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
            "84px", options=_menu(LEARNING_RATES, cfg.learning_rate),
            value=cfg.learning_rate)
        self.activation = dropdown("92px", options=[("ReLU", "relu"), ("Tanh", "tanh"),
                                                    ("Sigmoid", "sigmoid"), ("Linear", "linear")],
                                   value=cfg.activation)
        self.regularization = dropdown("84px", options=[("None", "none"), ("L1", "L1"),
                                                        ("L2", "L2")], value=cfg.regularization)
        self.regularization_rate = dropdown(
            "84px", options=_menu(REGULARIZATION_RATES, cfg.regularization_rate),
            value=cfg.regularization_rate)
        self.problem = dropdown("140px", options=[("Classification", CLASSIFICATION),
                                                  ("Regression", REGRESSION)],
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
        return [(_DATASET_LABELS[name], name) for name, kind in DATASETS.items()
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
        return Config(**settings)

    def apply(self, config):
        """Pause, take these settings (controls follow) and reset the network."""
        self.pause()
        self.playground = Playground(config)
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
            self.learning_rate.options = _menu(LEARNING_RATES, config.learning_rate)
            self.learning_rate.value = config.learning_rate
            self.regularization_rate.options = _menu(REGULARIZATION_RATES,
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
        if delta > 0 and len(layers) < MAX_HIDDEN_LAYERS:
            layers.append(2)  # the original adds a layer of two neurons
        elif delta < 0 and layers:
            layers.pop()
        else:
            return
        self.apply(self._config_from_controls(hidden_layers=tuple(layers)))

    def _change_neurons(self, layer, delta):
        layers = list(self.config.hidden_layers)
        new = layers[layer] + delta
        if not 1 <= new <= MAX_NEURONS:
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
