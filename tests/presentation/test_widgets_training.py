"""Tests of dlcourse.presentation.widgets_training: losses, gradients, rates, optimizers...

Every widget is driven by setting its controls' values and checking what reached the
pure function (a spy).
"""

import base64

import numpy as np
import pytest

from dlcourse.presentation import widgets_training as widgets


def test_loss_widget_redraws_every_loss_at_the_slider_values(spy, controls):
    from dlcourse.references import losses

    calls = spy(losses, "loss_curves")
    box = widgets.loss_widget("binary")
    points = [c[0] for c in calls if np.ndim(c[0][2]) == 0]  # the marked points
    assert points == [("binary", 1, -2.0)]  # the first frame, drawn once
    found = controls(box)
    task, x_slider = found["task"], found["logit z"]
    target_slider, label_slider = found["true value"], found["true class"]
    x_slider.value = 1.5
    assert calls[-1][0] == ("binary", 1, 1.5)
    label_slider.value = 0
    assert calls[-1][0] == ("binary", 0, 1.5)
    before = len(calls)
    task.value = "regression"  # resets three sliders: one redraw (two loss_curves calls)
    assert calls[-1][0] == ("regression", 2.0, 4.0) and len(calls) == before + 2
    assert label_slider.layout.display == "none" and target_slider.layout.display is None
    target_slider.value = 3.0
    assert calls[-1][0] == ("regression", 3.0, 4.0)
    task.value = "multi-class"
    assert calls[-1][0] == ("multi-class", 0, -2.0) and label_slider.max == 2
    assert base64.b64decode(box._repr_mimebundle_()["image/png"]).startswith(b"\x89PNG")


def test_loss_widget_rejects_an_unknown_task():
    with pytest.raises(ValueError, match="task must be one of"):
        widgets.loss_widget("ranking")


def test_regularization_widget_retrains_with_the_slider_values(spy, controls):
    from dlcourse.references import training

    calls = spy(training, "fit_toy")
    box = widgets.regularization_widget(num_train=20)
    assert len(calls) == 1  # drawn once: the static frame is also the first output
    controls(box)["dropout"].value = 0.3
    assert calls[-1][1]["dropout"] == 0.3 and calls[-1][1]["l2"] == 0.0
    assert calls[-1][1]["num_train"] == 20


def test_plateau_widget_replays_the_schedule(spy, controls):
    from dlcourse.keras_helpers import callbacks

    calls = spy(callbacks, "plateau_schedule")
    box = widgets.plateau_widget([1.0, 0.9, 0.9, 0.9, 0.9, 0.9])
    controls(box)["patience"].value = 1
    assert calls[-1][1]["patience"] == 1 and calls[-1][1]["factor"] == 0.5
    with pytest.raises(ValueError, match="at least 2 epochs"):
        widgets.plateau_widget([1.0])


def test_gradient_norm_widget_redraws_the_profile_of_the_chosen_network(spy, controls):
    from dlcourse.keras_helpers import mlp

    calls = spy(mlp, "build_mlp")
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(32, 10)).astype("float32"), rng.integers(0, 3, 32)
    box = widgets.gradient_norm_widget(x, y, max_hidden=6, units=8, num_outputs=3)
    config = lambda: calls[-1][0][0]  # noqa: E731
    assert len(calls) == 1 and config()["activation"] == "sigmoid"  # one model, built once
    found = controls(box)
    found["hidden layers"].value = 3
    assert config()["hidden_units"] == (8, 8, 8)
    found["activation"].value = "relu"
    assert config()["activation"] == "relu" and len(calls) == 3


def test_learning_rate_widget_runs_descent_with_the_slider_values(spy, controls):
    from dlcourse.references import trajectories

    calls = spy(trajectories, "gradient_descent")
    box = widgets.learning_rate_widget(learning_rate=0.1, num_steps=20)
    settings = lambda k=-1: (calls[k][0][2], calls[k][0][3], calls[k][1]["decay"])  # noqa: E731
    assert [settings(0), settings(1)] == [(0.1, 20, 0.0)] * 2  # the 1D and 2D panel, once
    assert len(calls) == 2
    found = controls(box)
    found["learning rate eta"].value = 0.5
    assert settings()[0] == pytest.approx(0.5, rel=0.01) and settings()[1] == 20
    found["decay"].value = 0.2
    assert settings()[2] == 0.2


def test_initialization_widget_rebuilds_the_network(spy, controls):
    from dlcourse.references import training

    calls = spy(training, "build_deep_network")
    box = widgets.initialization_widget(activation="tanh", num_layers=4)
    settings = lambda: (*calls[-1][0], calls[-1][1]["num_layers"])  # noqa: E731
    assert len(calls) == 1 and settings() == ("tanh", "xavier", 4)
    found = controls(box)
    found["activation"].value = "relu"
    found["weights"].value = "He sqrt(2/n_in)"
    found["layers"].value = 3
    assert settings() == ("relu", "he_normal", 3)
    with pytest.raises(ValueError, match="initializer must be one of"):
        widgets.initialization_widget(initializer="he")


def test_optimizer_race_widget_settings_and_function_reset(spy, controls):
    from dlcourse.references import trajectories

    calls = spy(trajectories, "race_optimizers")
    box = widgets.optimizer_race_widget("rosenbrock")
    assert len(calls) == 1
    (function, rates), settings = calls[0]
    assert rates["sgd"] == 1e-3 and rates["adam"] == 0.1 and settings["num_steps"] == 500
    found = controls(box)
    found["beta_1"].value = 0.5
    assert calls[-1][1]["beta_1"] == 0.5 and calls[-1][1]["momentum"] == 0.9
    before = len(calls)
    found["function"].value = "saddle"  # resets three sliders: one redraw, not four
    assert len(calls) == before + 1
    (function, rates), settings = calls[-1]
    assert function == "saddle" and rates["sgd"] == 0.01 and settings["num_steps"] == 300
    with pytest.raises(ValueError, match="function must be one of"):
        widgets.optimizer_race_widget("himmelblau")


@pytest.mark.parametrize("make, module, name, per_frame, control, value", [
    (lambda: widgets.loss_widget("binary"), "dlcourse.references.losses", "loss_curves", 2,
     "logit z", 1.0),
    (lambda: widgets.gradient_norm_widget(np.ones((8, 4), "float32"), np.arange(8) % 2,
                                          max_hidden=3, units=4, num_outputs=2),
     "dlcourse.keras_helpers.mlp", "build_mlp", 1, "hidden layers", 2),
    (lambda: widgets.learning_rate_widget(), "dlcourse.references.trajectories", "gradient_descent", 2,
     "decay", 0.5),
    (lambda: widgets.initialization_widget(num_layers=3), "dlcourse.references.training",
     "build_deep_network", 1, "layers", 4),
    (lambda: widgets.optimizer_race_widget("saddle"), "dlcourse.references.trajectories",
     "race_optimizers", 1, "beta_1", 0.5),
    (lambda: widgets.regularization_widget(num_train=20), "dlcourse.references.training",
     "fit_toy", 1, "dropout", 0.3),
    (lambda: widgets.plateau_widget([1.0, 0.9, 0.9, 0.8]), "dlcourse.keras_helpers.callbacks",
     "plateau_schedule", 1, "patience", 1),
], ids=["loss", "gradient_norm", "learning_rate", "initialization", "optimizer_race",
        "regularization", "plateau"])
def test_every_widget_computes_its_first_frame_once_and_shows_errors(
        check_one_frame_and_errors, make, module, name, per_frame, control, value):
    check_one_frame_and_errors(make, module, name, per_frame, control, value)
