import base64
import io

import numpy as np

from dlcourse.data import preprocess
from dlcourse.presentation import widgets


def test_augmentation_widget_redraws_with_the_slider_values(monkeypatch):
    calls = []
    real = preprocess.augment

    def spy(image, **settings):
        calls.append(settings)
        return real(image, **settings)

    monkeypatch.setattr(preprocess, "augment", spy)
    images = np.random.default_rng(0).integers(0, 256, (3, 12, 12, 3), dtype=np.uint8)
    box = widgets.augmentation_widget(images, [0, 1, 2], class_names=["a", "b", "c"], num_variants=2)
    assert len(calls) == 1  # drawn once: the static frame is also the first output
    sliders = {c.description: c for row in box.children[:2] for c in row.children}
    sliders["rotation"].value = 0.3
    assert calls[-1]["rotation"] == 0.3 and calls[-1]["zoom"] == 0.1


def test_widget_carries_a_static_png_for_readers_without_a_kernel():
    images = np.zeros((2, 8, 8), dtype=np.uint8)
    bundle = widgets.augmentation_widget(images, num_variants=1)._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG")


def test_loss_widget_redraws_every_loss_at_the_slider_values(monkeypatch):
    from dlcourse.references import losses

    calls = []
    real = losses.loss_curves

    def spy(task, target, x):
        calls.append((task, target, x))
        return real(task, target, x)

    monkeypatch.setattr(losses, "loss_curves", spy)
    box = widgets.loss_widget("binary")
    task = box.children[0]
    x_slider, target_slider, label_slider = box.children[1].children
    points = [call for call in calls if np.ndim(call[2]) == 0]  # the marked points
    assert points[-1] == ("binary", 1, -2.0)
    x_slider.value = 1.5
    assert calls[-1] == ("binary", 1, 1.5)
    label_slider.value = 0
    assert calls[-1] == ("binary", 0, 1.5)
    task.value = "regression"
    assert calls[-1] == ("regression", 2.0, 4.0)
    assert label_slider.layout.display == "none" and target_slider.layout.display is None
    target_slider.value = 3.0
    assert calls[-1] == ("regression", 3.0, 4.0)
    task.value = "multi-class"
    assert calls[-1] == ("multi-class", 0, -2.0) and label_slider.max == 2
    bundle = box._repr_mimebundle_()
    assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG")


def test_loss_widget_rejects_an_unknown_task():
    import pytest

    with pytest.raises(ValueError, match="task must be one of"):
        widgets.loss_widget("ranking")


def test_decision_boundary_widget_retrains_with_the_chosen_settings(monkeypatch):
    from dlcourse.data import toy

    calls = []
    real = toy.run_2d_experiment

    def spy(name, hidden_units, activation, **options):
        calls.append((name, hidden_units, activation, options["seed"]))
        return real(name, hidden_units, activation, num_samples=40, num_test=40, **options)

    monkeypatch.setattr(toy, "run_2d_experiment", spy)
    box = widgets.decision_boundary_widget("circles", 3)
    assert calls == [("circles", (3,), "tanh", 0)] * 2  # static frame and live output
    controls = {c.description: c for row in box.children[:2] for c in row.children}
    controls["layers"].value = 2
    assert calls[-1] == ("circles", (3, 3), "tanh", 0)
    controls["units"].value = 0
    assert calls[-1][1] == 0  # no hidden layer: a linear model
    controls["data"].value = "spiral"
    controls["activation"].value = "relu"
    controls["seed"].value = 4
    assert calls[-1] == ("spiral", 0, "relu", 4)
    assert base64.b64decode(box._repr_mimebundle_()["image/png"]).startswith(b"\x89PNG")


def test_regularization_widget_retrains_with_the_slider_values(monkeypatch):
    from dlcourse.references import training

    calls = []
    real = training.fit_toy

    def spy(**settings):
        calls.append(settings)
        return real(**{**settings, "epochs": 3})

    monkeypatch.setattr(training, "fit_toy", spy)
    box = widgets.regularization_widget(num_train=20)
    assert len(calls) == 1  # drawn once: the static frame is also the first output
    sliders = {c.description: c for c in box.children[0].children}
    sliders["dropout"].value = 0.3
    assert calls[-1]["dropout"] == 0.3 and calls[-1]["l2"] == 0.0
    assert base64.b64decode(box._repr_mimebundle_()["image/png"]).startswith(b"\x89PNG")


def test_plateau_widget_replays_the_schedule(monkeypatch):
    from dlcourse.keras_helpers import callbacks

    calls = []
    real = callbacks.plateau_schedule

    def spy(values, learning_rate, **settings):
        calls.append(settings)
        return real(values, learning_rate, **settings)

    monkeypatch.setattr(callbacks, "plateau_schedule", spy)
    box = widgets.plateau_widget([1.0, 0.9, 0.9, 0.9, 0.9, 0.9])
    sliders = {c.description: c for c in box.children[0].children}
    sliders["patience"].value = 1
    assert calls[-1]["patience"] == 1 and calls[-1]["factor"] == 0.5
    import pytest

    with pytest.raises(ValueError, match="at least 2 epochs"):
        widgets.plateau_widget([1.0])


def test_gradient_norm_widget_redraws_the_profile_of_the_chosen_network(monkeypatch):
    from dlcourse.keras_helpers import experiments

    calls = []
    real = experiments.gradient_norm_profile

    def spy(config, x, y, **options):
        calls.append(config)
        return real(config, x, y, **options)

    monkeypatch.setattr(experiments, "gradient_norm_profile", spy)
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(32, 10)).astype("float32"), rng.integers(0, 3, 32)
    box = widgets.gradient_norm_widget(x, y, max_hidden=6, units=8, num_outputs=3)
    assert len(calls) == 2 and calls[-1]["activation"] == "sigmoid"  # static frame + live output
    controls = {c.description: c for c in box.children[0].children}
    controls["hidden layers"].value = 3
    assert calls[-1]["hidden_units"] == (8, 8, 8)
    controls["activation"].value = "relu"
    assert calls[-1]["activation"] == "relu" and len(calls) == 4
    bundle = box._repr_mimebundle_()
    assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG")


def test_plot_gradient_profile_keeps_the_profile_and_a_fixed_range():
    import matplotlib.pyplot as plt

    rng = np.random.default_rng(1)
    x, y = rng.normal(size=(16, 5)).astype("float32"), rng.integers(0, 2, 16)
    ax = widgets.plot_gradient_profile(x, y, "tanh", 2, units=4, num_outputs=2)
    assert list(ax.profile) == ["hidden_1", "hidden_2", "output"]
    assert ax.get_ylim() == widgets.GRADIENT_WIDGET_YLIM
    assert ax.get_title().startswith("first layer / output layer gradient")
    plt.close("all")


def _probabilities(labels, wrong):
    """Confident right answers, except at the positions in ``wrong`` (answered 0)."""
    p = np.full((len(labels), 3), 0.05)
    p[np.arange(len(labels)), labels] = 0.9
    for i, confidence in wrong.items():
        p[i] = (1 - confidence) / 2
        p[i, 0] = confidence
    return p


def test_prediction_widget_steps_through_all_images_or_the_mistakes(monkeypatch):
    from dlcourse.presentation import plots

    shown = []
    real = plots.plot_probabilities

    def spy(probabilities, label=None, **kwargs):
        shown.append(int(label))
        return real(probabilities, label, **kwargs)

    monkeypatch.setattr(plots, "plot_probabilities", spy)
    labels = np.array([0, 1, 2, 1, 2])
    p = _probabilities(labels, {1: 0.6, 4: 0.8})  # mistakes: 4 (more confident), then 1
    images = np.zeros((5, 6, 6), dtype=np.uint8)
    box = widgets.prediction_widget(images, labels, p)
    toggle, slider = box.children[0].children[0], box.children[1]
    slider.value = 3
    assert shown[-1] == labels[3]
    toggle.value = "mistakes only"
    assert slider.max == 1 and shown[-1] == labels[4]
    slider.value = 1
    assert shown[-1] == labels[1]
    bundle = box._repr_mimebundle_()
    assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG")


def test_pair_widget_shows_each_models_score_for_the_chosen_pair(monkeypatch):
    from dlcourse.presentation import plots

    seen = []
    real = plots.plot_image_pair

    def spy(left, right, scores, **kwargs):
        seen.append((scores, kwargs["same"]))
        return real(left, right, scores, **kwargs)

    monkeypatch.setattr(plots, "plot_image_pair", spy)
    labels = np.array([3, 3, 5])
    scores = {"m": np.arange(9.0).reshape(3, 3) / 10}
    box = widgets.pair_widget(np.zeros((3, 5, 5)), labels, scores)
    left, right = box.children[0].children
    right.value = 2
    assert seen[-1] == ({"m": 0.2}, False)
    left.value = 1
    right.value = 0
    assert seen[-1] == ({"m": 0.3}, True)
    with np.testing.assert_raises(ValueError):
        widgets.pair_widget(np.zeros((3, 5, 5)), labels, {"m": np.zeros((2, 2))})


import pytest  # noqa: E402  (used by the tests below)


def _controls(box):
    found = {}

    def walk(widget):
        for child in getattr(widget, "children", ()):
            if hasattr(child, "description") and child.description:
                found[child.description] = child
            walk(child)

    walk(box)
    return found


def test_learning_rate_widget_runs_descent_with_the_slider_values(monkeypatch):
    from dlcourse.references import trajectories

    calls = []
    real = trajectories.gradient_descent

    def spy(gradient, start, learning_rate, num_steps=50, decay=0.0):
        calls.append((learning_rate, num_steps, decay))
        return real(gradient, start, learning_rate, num_steps, decay)

    monkeypatch.setattr(trajectories, "gradient_descent", spy)
    box = widgets.learning_rate_widget(learning_rate=0.1, num_steps=20)
    assert calls == [(0.1, 20, 0.0)] * 2  # the 1D and the 2D panel, drawn once
    controls = _controls(box)
    controls["learning rate eta"].value = 0.5
    assert calls[-1][0] == pytest.approx(0.5, rel=0.01) and calls[-1][1] == 20
    controls["decay"].value = 0.2
    assert calls[-1][2] == 0.2
    assert base64.b64decode(box._repr_mimebundle_()["image/png"]).startswith(b"\x89PNG")


def test_initialization_widget_rebuilds_the_network(monkeypatch):
    from dlcourse.references import training

    calls = []
    real = training.build_deep_network

    def spy(activation, initializer, **settings):
        calls.append((activation, initializer, settings["num_layers"]))
        return real(activation, initializer, **settings)

    monkeypatch.setattr(training, "build_deep_network", spy)
    box = widgets.initialization_widget(activation="tanh", num_layers=4)
    assert calls == [("tanh", "xavier", 4)]
    controls = _controls(box)
    controls["activation"].value = "relu"
    controls["weights"].value = "He sqrt(2/n_in)"
    controls["layers"].value = 3
    assert calls[-1] == ("relu", "he_normal", 3)
    with pytest.raises(ValueError, match="initializer must be one of"):
        widgets.initialization_widget(initializer="he")


def test_optimizer_race_widget_settings_and_function_reset(monkeypatch):
    from dlcourse.references import trajectories

    calls = []
    real = trajectories.race_optimizers

    def spy(function, learning_rates, **settings):
        calls.append((function, dict(learning_rates), settings))
        return real(function, learning_rates, **settings)

    monkeypatch.setattr(trajectories, "race_optimizers", spy)
    box = widgets.optimizer_race_widget("rosenbrock")
    assert len(calls) == 1
    function, rates, settings = calls[0]
    assert rates["sgd"] == 1e-3 and rates["adam"] == 0.1 and settings["num_steps"] == 500
    controls = _controls(box)
    controls["beta_1"].value = 0.5
    assert calls[-1][2]["beta_1"] == 0.5 and calls[-1][2]["momentum"] == 0.9
    before = len(calls)
    controls["function"].value = "saddle"  # resets three sliders: one redraw, not four
    assert len(calls) == before + 1
    function, rates, settings = calls[-1]
    assert function == "saddle" and rates["sgd"] == 0.01 and settings["num_steps"] == 300
    with pytest.raises(ValueError, match="function must be one of"):
        widgets.optimizer_race_widget("himmelblau")


# --------------------------------------------------------------------------------------
# The playground widget
# --------------------------------------------------------------------------------------


def _playground_app(**settings):
    box = widgets.playground_widget(**settings)
    return box, box.app


def test_playground_widget_shows_the_network_output_and_a_static_frame():
    from dlcourse.playground import engine as playground

    box, app = _playground_app(dataset="spiral", features=("x1", "x2", "x1^2"),
                               hidden_layers=(3, 2))
    bundle = box._repr_mimebundle_()
    assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG")
    assert app.config == playground.Config(dataset="spiral", features=("x1", "x2", "x1^2"),
                                           hidden_layers=(3, 2))
    svg = app.network.value
    assert svg.count("<image") == 7 + 3 + 2 + 1  # all seven features, the hidden nodes, output
    assert svg.count("<path") == 3 * 3 + 3 * 2 + 2 * 1  # a link per weight
    assert app.output.value.count("<circle") == len(app.playground.train_points)
    app.show_test.value = True
    assert app.output.value.count("<circle") == 500
    assert "000,000" in app.epoch_label.value


def test_playground_widget_step_reset_and_settings_as_in_the_original():
    box, app = _playground_app()
    frames = app.frames
    app.step_button.click()
    assert app.playground.epoch == 1 and "000,001" in app.epoch_label.value
    assert app.frames == frames + 1
    app.step_button.click()
    app.learning_rate.value = 0.1  # the original changes the learning rate on the fly
    assert app.playground.epoch == 2 and app.config.learning_rate == 0.1
    app.batch_size.value = 20  # any other setting resets the network
    assert app.playground.epoch == 0 and app.config.batch_size == 20
    app.step_button.click()
    app.reset_button.click()
    assert app.playground.epoch == 0
    app.features["x1^2"].value = True
    assert app.config.features == ("x1", "x2", "x1^2")
    app.add_layer.click()
    assert app.config.hidden_layers == (4, 2, 2)  # a new layer has two neurons
    layer_3 = app.neuron_controls.children[3]
    layer_3.children[0].children[0].click()  # its "+"
    assert app.config.hidden_layers == (4, 2, 3)
    app.remove_layer.click()
    assert app.config.hidden_layers == (4, 2)
    app.problem.value = "regression"
    assert app.config.dataset == "plane" and app.dataset.options[1][1] == "multi_gaussian"
    app.regularization.value = "L2"
    app.regularization_rate.value = 0.01
    assert (app.config.regularization, app.config.regularization_rate) == ("L2", 0.01)


def test_playground_widget_keeps_at_least_one_feature():
    box, app = _playground_app(features=("x1",))
    app.features["x1"].value = False
    assert app.features["x1"].value and app.config.features == ("x1",)


def test_playground_widget_preset_reaches_every_control():
    from dlcourse.playground import engine as playground

    preset = playground.Config(dataset="xor", noise=15, train_percent=70, batch_size=3,
                               activation="sigmoid", learning_rate=0.3, seed=4,
                               regularization="L1", regularization_rate=0.003)
    box, app = _playground_app(config=preset)
    assert (app.dataset.value, app.noise.value, app.train_percent.value, app.batch_size.value,
            app.activation.value, app.learning_rate.value, app.seed.value,
            app.regularization.value, app.regularization_rate.value) == (
        "xor", 15, 70, 3, "sigmoid", 0.3, 4, "L1", 0.003)
    assert app.config == preset


def test_playground_widget_plays_in_the_event_loop_and_pauses():
    import asyncio
    import time

    box, app = _playground_app(dataset="spiral", hidden_layers=(8,))
    stamps = []
    draw = app.draw
    app.draw = lambda: (stamps.append(time.perf_counter()), draw())

    async def session():
        app.play_button.click()
        assert app.playing and app.play_button.description == "Pause"
        await asyncio.sleep(1.5)
        app.play_button.click()
        epoch = app.playground.epoch
        await asyncio.sleep(0.3)
        return epoch

    epoch = asyncio.run(session())
    assert not app.playing and app.play_button.description == "Play"
    assert epoch > 0 and app.playground.epoch == epoch  # paused: no more training
    assert len(stamps) >= 3 and np.max(np.diff(stamps)) < 0.5  # a frame at least every 0.5 s


def test_playground_widget_changing_a_setting_while_playing_pauses():
    import asyncio

    box, app = _playground_app()

    async def session():
        app.play()
        await asyncio.sleep(0.3)
        app.noise.value = 10
        await asyncio.sleep(0.3)

    asyncio.run(session())
    assert not app.playing and app.playground.epoch == 0 and app.config.noise == 10


def test_png_and_svg_pieces():
    import matplotlib.pyplot as plt

    from dlcourse.playground import ui as playground_ui

    values = np.linspace(-1, 1, 12).reshape(3, 4)
    png = playground_ui.png_bytes(playground_ui._rgb(values))
    decoded = plt.imread(io.BytesIO(png), format="png")
    assert decoded.shape == (3, 4, 3)
    assert np.allclose(decoded[0, 0], np.array([0xF5, 0x93, 0x22]) / 255, atol=1 / 255)
    assert np.allclose(decoded[-1, -1], np.array([0x08, 0x77, 0xBD]) / 255, atol=1 / 255)
    chart = playground_ui.loss_chart_svg({"train_loss": [0.5, 0.2, 0.1],
                                          "test_loss": [0.5, 0.3, float("nan")]})
    assert chart.count("<polyline") == 2


def test_hog_descriptor_size_counts_blocks_cells_and_bins():
    import pytest

    from dlcourse.vision.features import hog_descriptor_size

    assert hog_descriptor_size((32, 32), cell_size=8, num_bins=9) == 3 * 3 * 4 * 9
    assert hog_descriptor_size((32, 32), cell_size=4, num_bins=6) == 7 * 7 * 4 * 6
    assert hog_descriptor_size((32, 32), cell_size=16, num_bins=9) == 1 * 4 * 9
    assert hog_descriptor_size((32, 16), cell_size=8, num_bins=2) == 3 * 1 * 4 * 2
    with pytest.raises(ValueError, match="whole number of cells"):
        hog_descriptor_size((32, 32), cell_size=6)
    with pytest.raises(ValueError, match="cells_per_block"):
        hog_descriptor_size((32, 32), cells_per_block=0)


def test_hog_widget_redraws_with_cell_size_and_bins(monkeypatch):
    import pytest

    from dlcourse.vision import features

    calls = []
    real = features.hog_descriptor_size

    def spy(image_size, **settings):
        calls.append(settings)
        return real(image_size, **settings)

    monkeypatch.setattr(features, "hog_descriptor_size", spy)
    images = np.random.default_rng(0).integers(0, 256, (3, 32, 32, 3), dtype=np.uint8)
    box = widgets.hog_widget(images, [0, 1, 2], class_names=["a", "b", "c"])
    assert calls == [{"cell_size": 8, "num_bins": 9}]
    controls = _controls(box)
    controls["cell size"].value = 4
    assert calls[-1] == {"cell_size": 4, "num_bins": 9}
    controls["bins"].value = 6
    assert calls[-1] == {"cell_size": 4, "num_bins": 6}
    controls["image"].value = 2
    assert len(calls) == 4
    with pytest.raises(ValueError, match="multiples of 16"):
        widgets.hog_widget(images[:, :30, :30])
