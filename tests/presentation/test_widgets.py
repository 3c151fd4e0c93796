"""Tests of dlcourse.presentation.widgets: data, predictions, 2D boundaries, HOG, playground.

Every widget is driven by setting its controls' values and checking what reached the
pure function (a spy); tests/presentation/test_wiring.py tests the wiring they share.
"""

import base64

import numpy as np
import pytest

from dlcourse.presentation import plots, widgets


def _static_png(box):
    return base64.b64decode(box._repr_mimebundle_()["image/png"])


def test_augmentation_widget_redraws_with_the_slider_values(spy, controls):
    from dlcourse.data import preprocess

    calls = spy(preprocess, "augment")
    images = np.random.default_rng(0).integers(0, 256, (3, 12, 12, 3), dtype=np.uint8)
    box = widgets.augmentation_widget(images, [0, 1, 2], class_names=["a", "b", "c"], num_variants=2)
    assert len(calls) == 1  # drawn once: the static frame is also the first output
    controls(box)["rotation"].value = 0.3
    assert calls[-1][1]["rotation"] == 0.3 and calls[-1][1]["zoom"] == 0.1
    assert _static_png(box).startswith(b"\x89PNG")


def test_widget_carries_a_static_png_for_readers_without_a_kernel():
    images = np.zeros((2, 8, 8), dtype=np.uint8)
    bundle = widgets.augmentation_widget(images, num_variants=1)._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG")


def _probabilities(labels, wrong):
    """Confident right answers, except at the positions in ``wrong`` (answered 0)."""
    p = np.full((len(labels), 3), 0.05)
    p[np.arange(len(labels)), labels] = 0.9
    for i, confidence in wrong.items():
        p[i] = (1 - confidence) / 2
        p[i, 0] = confidence
    return p


def test_prediction_widget_steps_through_all_images_or_the_mistakes(spy, controls):
    import ipywidgets

    calls = spy(plots, "plot_probabilities")
    labels = np.array([0, 1, 2, 1, 2])
    p = _probabilities(labels, {1: 0.6, 4: 0.8})  # mistakes: 4 (more confident), then 1
    box = widgets.prediction_widget(np.zeros((5, 6, 6), dtype=np.uint8), labels, p)
    assert len(calls) == 1
    shown = lambda: int(calls[-1][0][1])  # noqa: E731 (the label passed with the bars)
    toggle = next(w for w in box.children[0].children if isinstance(w, ipywidgets.ToggleButtons))
    slider = controls(box)["index"]
    slider.value = 3
    assert shown() == labels[3]
    toggle.value = "mistakes only"  # another list: back to its first image, drawn once
    assert slider.max == 1 and shown() == labels[4] and len(calls) == 3
    slider.value = 1
    assert shown() == labels[1]
    assert _static_png(box).startswith(b"\x89PNG")


def test_pair_widget_shows_each_models_score_for_the_chosen_pair(spy, controls):
    calls = spy(plots, "plot_image_pair")
    labels = np.array([3, 3, 5])
    scores = {"m": np.arange(9.0).reshape(3, 3) / 10}
    box = widgets.pair_widget(np.zeros((3, 5, 5)), labels, scores)
    seen = lambda: (calls[-1][0][2], calls[-1][1]["same"])  # noqa: E731
    sliders = controls(box)
    sliders["right"].value = 2
    assert seen() == ({"m": 0.2}, False)
    sliders["left"].value = 1
    sliders["right"].value = 0
    assert seen() == ({"m": 0.3}, True)
    assert calls[-1][1]["title"].startswith("truth: same class")
    with pytest.raises(ValueError, match=r"scores\['m'\] must have shape \(3, 3\)"):
        widgets.pair_widget(np.zeros((3, 5, 5)), labels, {"m": np.zeros((2, 2))})


def test_decision_boundary_widget_retrains_with_the_chosen_settings(spy, controls):
    from dlcourse.data import toy

    calls = spy(toy, "run_2d_experiment")
    box = widgets.decision_boundary_widget("circles", 3)
    settings = lambda: (*calls[-1][0], calls[-1][1]["seed"])  # noqa: E731
    assert len(calls) == 1 and settings() == ("circles", (3,), "tanh", 0)  # trained once
    found = controls(box)
    found["layers"].value = 2
    assert settings() == ("circles", (3, 3), "tanh", 0)
    found["units"].value = 0
    assert calls[-1][0][1] == 0  # no hidden layer: a linear model
    found["data"].value = "spiral"
    found["activation"].value = "relu"
    found["seed"].value = 4
    assert settings() == ("spiral", 0, "relu", 4)
    assert _static_png(box).startswith(b"\x89PNG")


def test_hog_widget_redraws_with_cell_size_and_bins(spy, controls):
    from dlcourse.vision import hog

    calls = spy(hog, "hog_descriptor_size")
    images = np.random.default_rng(0).integers(0, 256, (3, 32, 32, 3), dtype=np.uint8)
    box = widgets.hog_widget(images, [0, 1, 2], class_names=["a", "b", "c"])
    assert [c[1] for c in calls] == [{"cell_size": 8, "num_bins": 9}]
    found = controls(box)
    found["cell size"].value = 4
    assert calls[-1][1] == {"cell_size": 4, "num_bins": 9}
    found["bins"].value = 6
    assert calls[-1][1] == {"cell_size": 4, "num_bins": 6}
    found["image"].value = 2
    assert len(calls) == 4
    with pytest.raises(ValueError, match="multiples of 16"):
        widgets.hog_widget(images[:, :30, :30])


# --------------------------------------------------------------------------------------
# The playground widget
# --------------------------------------------------------------------------------------


def _playground_app(**settings):
    box = widgets.playground_widget(**settings)
    return box, box.app


def test_playground_widget_shows_the_network_output_and_a_static_frame():
    from dlcourse import playground

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
    from dlcourse import playground

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


def _images(n=3, size=32):
    return np.random.default_rng(0).integers(0, 256, (n, size, size, 3), dtype=np.uint8)


@pytest.mark.parametrize("make, module, name, per_frame, control, value", [
    (lambda: widgets.augmentation_widget(_images(), num_variants=2), "dlcourse.data.preprocess",
     "augment", 1, "rotation", 0.3),
    (lambda: widgets.prediction_widget(_images(), [0, 1, 2], np.eye(3)),
     "dlcourse.presentation.plots", "plot_probabilities", 1, "index", 2),
    (lambda: widgets.pair_widget(_images(), [0, 1, 0], {"m": np.eye(3)}),
     "dlcourse.presentation.plots", "plot_image_pair", 1, "right", 2),
    (lambda: widgets.decision_boundary_widget("xor", 2), "dlcourse.data.toy", "run_2d_experiment",
     1, "seed", 3),
    (lambda: widgets.hog_widget(_images()), "dlcourse.vision.hog", "hog_descriptor_size", 1,
     "bins", 6),
], ids=["augmentation", "prediction", "pair", "decision_boundary", "hog"])
def test_every_widget_computes_its_first_frame_once_and_shows_errors(
        check_one_frame_and_errors, make, module, name, per_frame, control, value):
    check_one_frame_and_errors(make, module, name, per_frame, control, value)
