import base64

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
    from dlcourse import optim

    calls = []
    real = optim.gradient_descent

    def spy(gradient, start, learning_rate, num_steps=50, decay=0.0):
        calls.append((learning_rate, num_steps, decay))
        return real(gradient, start, learning_rate, num_steps, decay)

    monkeypatch.setattr(optim, "gradient_descent", spy)
    box = widgets.learning_rate_widget(learning_rate=0.1, num_steps=20)
    assert calls == [(0.1, 20, 0.0)] * 2  # the 1D and the 2D panel, drawn once
    controls = _controls(box)
    controls["learning rate eta"].value = 0.5
    assert calls[-1][0] == pytest.approx(0.5, rel=0.01) and calls[-1][1] == 20
    controls["decay"].value = 0.2
    assert calls[-1][2] == 0.2
    assert base64.b64decode(box._repr_mimebundle_()["image/png"]).startswith(b"\x89PNG")


def test_initialization_widget_rebuilds_the_network(monkeypatch):
    from dlcourse import nn

    calls = []
    real = nn.build_deep_network

    def spy(activation, initializer, **settings):
        calls.append((activation, initializer, settings["num_layers"]))
        return real(activation, initializer, **settings)

    monkeypatch.setattr(nn, "build_deep_network", spy)
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
    from dlcourse import optim

    calls = []
    real = optim.race_optimizers

    def spy(function, learning_rates, **settings):
        calls.append((function, dict(learning_rates), settings))
        return real(function, learning_rates, **settings)

    monkeypatch.setattr(optim, "race_optimizers", spy)
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
