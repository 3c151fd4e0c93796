import base64
import io

import numpy as np

from dlcourse import preprocess, widgets


def test_augmentation_widget_redraws_with_the_slider_values(monkeypatch):
    calls = []
    real = preprocess.augment

    def spy(image, **settings):
        calls.append(settings)
        return real(image, **settings)

    monkeypatch.setattr(preprocess, "augment", spy)
    images = np.random.default_rng(0).integers(0, 256, (3, 12, 12, 3), dtype=np.uint8)
    box = widgets.augmentation_widget(images, [0, 1, 2], class_names=["a", "b", "c"], num_variants=2)
    assert len(calls) == 2  # the static first frame and the live output
    sliders = {c.description: c for row in box.children[:2] for c in row.children}
    sliders["rotation"].value = 0.3
    assert calls[-1]["rotation"] == 0.3 and calls[-1]["zoom"] == 0.1


def test_widget_carries_a_static_png_for_readers_without_a_kernel():
    images = np.zeros((2, 8, 8), dtype=np.uint8)
    bundle = widgets.augmentation_widget(images, num_variants=1)._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG")


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


def test_png_and_svg_pieces():
    import matplotlib.pyplot as plt

    from dlcourse import playground_ui

    values = np.linspace(-1, 1, 12).reshape(3, 4)
    png = playground_ui.png_bytes(playground_ui._rgb(values))
    decoded = plt.imread(io.BytesIO(png), format="png")
    assert decoded.shape == (3, 4, 3)
    assert np.allclose(decoded[0, 0], np.array([0xF5, 0x93, 0x22]) / 255, atol=1 / 255)
    assert np.allclose(decoded[-1, -1], np.array([0x08, 0x77, 0xBD]) / 255, atol=1 / 255)
    chart = playground_ui.loss_chart_svg({"train_loss": [0.5, 0.2, 0.1],
                                          "test_loss": [0.5, 0.3, float("nan")]})
    assert chart.count("<polyline") == 2
