"""Callbacks on tiny Keras models: what each records, draws, keeps and restores."""


import numpy as np
import pytest

from dlcourse.core import config
from dlcourse.keras_helpers import callbacks
from dlcourse.keras_helpers.callbacks import inactive_unit_fractions, layer_gradient_norms


def _binary_data(n=64, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 4)).astype("float32")
    y = (x[:, 0] + 0.5 * x[:, 1] > 0).astype("float32")
    return x, y


def _model(keras, learning_rate=0.05):
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"),
                              keras.layers.Dense(1, activation="sigmoid")])
    model.compile(keras.optimizers.SGD(learning_rate), "binary_crossentropy",
                  metrics=["accuracy"])
    return model


def test_unknown_attribute_raises_attribute_error():
    with pytest.raises(AttributeError, match="NoSuchCallback"):
        callbacks.NoSuchCallback


def test_hook_recorder_sees_the_lifecycle_in_order(keras):
    x, y = _binary_data(40)
    recorder = callbacks.HookRecorder()
    assert isinstance(recorder, keras.callbacks.Callback)
    _model(keras).fit(x, y, epochs=2, batch_size=16, validation_data=(x[:10], y[:10]),
                      callbacks=[recorder], verbose=0)
    counts = recorder.counts()
    assert counts["on_train_begin"] == counts["on_train_end"] == 1
    assert counts["on_epoch_begin"] == counts["on_epoch_end"] == 2
    assert counts["on_train_batch_begin"] == counts["on_train_batch_end"] == 2 * 3  # 40/16
    assert counts["on_test_begin"] == 2  # one validation pass per epoch
    hooks = [event[0] for event in recorder.events]
    assert hooks[0] == "on_train_begin" and hooks[-1] == "on_train_end"
    first_epoch = hooks[hooks.index("on_epoch_begin"):hooks.index("on_epoch_end") + 1]
    assert first_epoch[1:3] == ["on_train_batch_begin", "on_train_batch_end"]
    assert first_epoch.index("on_test_begin") > first_epoch.index("on_train_batch_end")
    assert recorder.events[-2] == ("on_epoch_end", 1, None)
    lines = recorder.timeline()
    assert lines[0] == "on_train_begin" and "x 3 (batches 0..2)" in lines[2]
    quiet = callbacks.HookRecorder(batches=False)
    _model(keras).fit(x, y, epochs=1, batch_size=16, callbacks=[quiet], verbose=0)
    assert [e[0] for e in quiet.events] == ["on_train_begin", "on_epoch_begin",
                                           "on_epoch_end", "on_train_end"]


class _FakeDisplay:
    """Stands in for IPython.display.display(..., display_id=True)."""

    def __init__(self):
        self.shown, self.updates = [], []

    def __call__(self, image, display_id=None):
        assert display_id is True
        self.shown.append(image)
        return self

    def update(self, image):
        self.updates.append(image)


def test_live_plot_updates_one_output_area_in_place(keras):
    x, y = _binary_data()
    fake = _FakeDisplay()
    live = callbacks.LivePlot(display=fake)
    _model(keras).fit(x, y, epochs=4, batch_size=32, validation_data=(x, y),
                      callbacks=[live], verbose=0)
    assert len(fake.shown) == 1 and len(fake.updates) == 3  # one area, redrawn in place
    assert fake.updates[-1].data.startswith(b"\x89PNG")
    assert live.metrics == ["loss", "accuracy"] and live.draws == 4
    assert live.history["epoch"] == [1, 2, 3, 4]
    assert len(live.history["val_loss"]) == 4
    loss_axes = live.figure.axes[0]
    assert [line.get_label() for line in loss_axes.lines] == ["train", "validation"]
    np.testing.assert_allclose(loss_axes.lines[0].get_ydata(), live.history["loss"])


def test_live_plot_draws_every_n_epochs_and_always_the_last(keras):
    x, y = _binary_data()
    fake = _FakeDisplay()
    live = callbacks.LivePlot(metrics=["loss"], every=2, display=fake)
    _model(keras).fit(x, y, epochs=5, batch_size=32, callbacks=[live], verbose=0)
    assert live.draws == 3  # epochs 2, 4 and the last one, 5
    assert len(fake.shown) + len(fake.updates) == 3
    assert len(live.figure.axes) == 1 and len(live.figure.axes[0].lines) == 1  # no val_loss


def test_live_plot_continues_a_resumed_run_and_restarts_a_new_one(keras):
    x, y = _binary_data()
    live = callbacks.LivePlot(metrics=["loss"], display=_FakeDisplay())
    model = _model(keras)
    model.fit(x, y, epochs=3, callbacks=[live], verbose=0)
    model.fit(x, y, epochs=5, initial_epoch=3, callbacks=[live], verbose=0)
    assert live.history["epoch"] == [1, 2, 3, 4, 5] and len(live.history["loss"]) == 5
    model.fit(x, y, epochs=2, callbacks=[live], verbose=0)
    assert live.history["epoch"] == [1, 2] and len(live.history["loss"]) == 2


def test_live_plot_outside_ipython_draws_without_displaying(keras):
    x, y = _binary_data()
    live = callbacks.LivePlot()
    _model(keras).fit(x, y, epochs=2, callbacks=[live], verbose=0)
    assert live.figure is not None and live.draws == 2 and live._handle is None


def test_live_plot_checks_its_arguments(keras):
    with pytest.raises(TypeError, match="list of metric names"):
        callbacks.LivePlot(metrics="loss")
    with pytest.raises(ValueError, match="every must be a positive int"):
        callbacks.LivePlot(every=0)


def test_best_f1_checkpoint_keeps_and_restores_the_best_epoch(keras, tmp_path):
    x, y = _binary_data(128)
    path = tmp_path / "best.keras"
    best = callbacks.BestF1Checkpoint((x[:64], y[:64]), filepath=path)
    model = _model(keras, learning_rate=0.1)
    history = model.fit(x[64:], y[64:], epochs=6, batch_size=16, callbacks=[best], verbose=0)
    assert history.history["val_f1"] == best.scores and len(best.scores) == 6
    assert best.best_f1 == max(best.scores)
    assert best.best_epoch == int(np.argmax(best.scores)) + 1
    f1_now, _ = best.score()  # the model holds the best weights again
    assert f1_now == pytest.approx(best.best_f1)
    reloaded = keras.saving.load_model(path)
    np.testing.assert_allclose(reloaded.predict(x[:8], verbose=0), model.predict(x[:8], verbose=0),
                               rtol=1e-5, atol=1e-6)


def test_best_f1_checkpoint_restores_weights_that_differ_from_the_last(keras):
    x, y = _binary_data(128)
    best = callbacks.BestF1Checkpoint((x[:64], y[:64]))
    model = _model(keras, learning_rate=0.1)
    model.fit(x[64:], y[64:], epochs=3, batch_size=16, callbacks=[best], verbose=0)
    # Pretend epoch 1 was best: training ends by putting exactly those weights back.
    best.best_weights = [w * 0 for w in model.get_weights()]
    best.on_train_end()
    assert all(np.all(w == 0) for w in model.get_weights())


def test_best_f1_checkpoint_tunes_the_threshold_and_feeds_early_stopping(keras):
    x, y = _binary_data(128)
    best = callbacks.BestF1Checkpoint((x[:64], y[:64]), threshold="best")
    stop = keras.callbacks.EarlyStopping(monitor="val_f1", mode="max", patience=1)
    history = _model(keras).fit(x[64:], y[64:], epochs=3, callbacks=[best, stop], verbose=0)
    assert "val_f1_threshold" in history.history
    assert 0 < best.best_threshold < 1


def test_best_f1_checkpoint_checks_its_arguments():
    x = np.zeros((4, 2))
    with pytest.raises(ValueError, match="pair"):
        callbacks.BestF1Checkpoint(x)
    with pytest.raises(ValueError, match="one 0/1 label per example"):
        callbacks.BestF1Checkpoint((x, np.zeros(3)))
    with pytest.raises(ValueError, match="threshold"):
        callbacks.BestF1Checkpoint((x, np.zeros(4)), threshold=1.5)


def test_plateau_schedule_matches_keras_reduce_lr_on_plateau(keras):
    rng = np.random.default_rng(1)
    values = np.r_[np.linspace(1, 0.5, 6), 0.5 + 0.01 * rng.random(14), 0.4, 0.45, 0.44]
    settings = [dict(factor=0.5, patience=2), dict(factor=0.2, patience=3, cooldown=2),
                dict(factor=0.5, patience=1, min_lr=0.02), dict(factor=0.5, patience=2,
                                                                min_delta=0.05)]
    for options in settings:
        model = _model(keras, learning_rate=0.1)
        reduce = keras.callbacks.ReduceLROnPlateau(monitor="val_loss", **options)
        reduce.set_model(model)
        reduce.on_train_begin()
        logged = []
        for epoch, value in enumerate(values):
            logs = {"val_loss": float(value)}
            reduce.on_epoch_end(epoch, logs)
            logged.append(logs["learning_rate"])
        ours = callbacks.plateau_schedule(values, 0.1, **options)
        np.testing.assert_allclose(ours, logged, rtol=1e-6, err_msg=str(options))
        assert ours[-1] < 0.1  # every setting reduced at least once


def test_plateau_schedule_mode_max_and_wrong_variants_caught():
    rates = callbacks.plateau_schedule([0.5, 0.6, 0.6, 0.6], 1.0, factor=0.5, patience=2,
                                       mode="max")
    assert rates.tolist() == [1.0, 1.0, 1.0, 1.0]
    rates = callbacks.plateau_schedule([0.5, 0.6, 0.6, 0.6, 0.6], 1.0, factor=0.5, patience=2,
                                       mode="max")
    assert rates.tolist() == [1.0, 1.0, 1.0, 1.0, 0.5]
    # in "min" mode the same rising curve never improves after epoch 1
    assert callbacks.plateau_schedule([0.5, 0.6, 0.6], 1.0, factor=0.5, patience=2)[-1] == 1.0
    with pytest.raises(ValueError, match="factor"):
        callbacks.plateau_schedule([1.0], 0.1, factor=1.0)
    with pytest.raises(ValueError, match="mode"):
        callbacks.plateau_schedule([1.0], 0.1, mode="auto")
    with pytest.raises(ValueError, match="patience"):
        callbacks.plateau_schedule([1.0], 0.1, patience=-1)


# ---------------------------------------------------- chapter 06: gradient norms, dead units

keras_module = config.import_keras()


def _linear_model(seed=0):
    """Dense(3) -> Dense(1), no activations, MSE: gradients easy to write by hand."""
    keras_module.utils.set_random_seed(seed)
    model = keras_module.Sequential([keras_module.Input((4,)), keras_module.layers.Dense(3, name="first"),
                              keras_module.layers.Dense(1, name="second")])
    model.compile(optimizer=keras_module.optimizers.SGD(0.1), loss="mse")
    return model


def _data(n=16, seed=1):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, 4)).astype("float32"), rng.normal(size=(n, 1)).astype("float32")


def _hand_norms(model, x, y):
    (W1, b1), (W2, b2) = (layer.get_weights() for layer in model.layers)
    h = x @ W1 + b1                       # (batch, 3)
    out = h @ W2 + b2                     # (batch, 1)
    d_out = 2 * (out - y) / len(x)        # d mean((out - y)^2) / d out
    dW2, db2 = h.T @ d_out, d_out.sum(0)
    d_h = d_out @ W2.T
    dW1, db1 = x.T @ d_h, d_h.sum(0)
    norm = lambda *gs: float(np.sqrt(sum((g ** 2).sum() for g in gs)))  # noqa: E731
    return {"first": norm(dW1, db1), "second": norm(dW2, db2)}


def test_gradient_norms_match_a_hand_computed_backward_pass():
    model, (x, y) = _linear_model(), _data()
    norms = layer_gradient_norms(model, x, y)
    expected = _hand_norms(model, x, y)
    assert list(norms) == ["first", "second"]  # input side first
    for name in expected:
        assert norms[name] == pytest.approx(expected[name], rel=1e-4)
    # the check can fail: the summed (not averaged) loss has a gradient 16 times longer
    assert norms["first"] != pytest.approx(expected["first"] * len(x), rel=1e-2)


def test_gradient_norms_leave_the_weights_alone_and_pick_layers():
    model, (x, y) = _linear_model(), _data()
    before = [w.copy() for w in model.get_weights()]
    only = layer_gradient_norms(model, x, y, layers=["second"])
    assert list(only) == ["second"]
    for old, new in zip(before, model.get_weights()):
        np.testing.assert_array_equal(old, new)


def test_deep_sigmoid_gradients_vanish_towards_the_input_and_relu_ones_do_not():
    x = np.random.default_rng(2).normal(size=(64, 20)).astype("float32")
    y = np.eye(3, dtype="float32")[np.arange(64) % 3]
    ratios = {}
    for activation in ("sigmoid", "relu"):
        keras_module.utils.set_random_seed(0)
        layers = [keras_module.Input((20,))]
        layers += [keras_module.layers.Dense(32, activation=activation) for _ in range(6)]
        model = keras_module.Sequential(layers + [keras_module.layers.Dense(3, activation="softmax")])
        model.compile(loss="categorical_crossentropy")
        norms = list(layer_gradient_norms(model, x, y).values())
        ratios[activation] = norms[0] / norms[-2]  # first hidden layer / last hidden layer
    assert ratios["sigmoid"] < 0.01 < 0.1 < ratios["relu"]


def test_gradient_norm_errors():
    model, (x, y) = _linear_model(), _data()
    uncompiled = keras_module.Sequential([keras_module.Input((4,)), keras_module.layers.Dense(1)])
    with pytest.raises(ValueError, match="compile it with a loss"):
        layer_gradient_norms(uncompiled, x, y)
    with pytest.raises(ValueError, match="16 samples but y has 3"):
        layer_gradient_norms(model, x, y[:3])
    with pytest.raises(ValueError, match="no layer 'third'"):
        layer_gradient_norms(model, x, y, layers=["third"])
    with pytest.raises(ValueError, match="non-empty batch"):
        layer_gradient_norms(model, x[:0], y[:0])


def _relu_model(biases):
    """Input(2) -> Dense(len(biases), relu) with identity-like weights -> Dense(1)."""
    units = len(biases)
    model = keras_module.Sequential([keras_module.Input((2,)), keras_module.layers.Dense(units, activation="relu", name="h"),
                              keras_module.layers.Dense(1, name="out")])
    model.layers[0].set_weights([np.ones((2, units), "float32"), np.asarray(biases, "float32")])
    return model


def test_inactive_units_are_those_with_no_positive_output_on_any_input():
    x = np.random.default_rng(3).uniform(-1, 1, size=(100, 2)).astype("float32")  # |x1 + x2| < 2
    model = _relu_model([-5.0, -5.0, 0.0, 5.0])  # two units can never fire
    assert inactive_unit_fractions(model, x) == {"h": 0.5}
    # the check can fail: biases that keep every unit alive
    assert inactive_unit_fractions(_relu_model([5.0, 5.0, 0.0, 5.0]), x) == {"h": 0.0}
    assert list(inactive_unit_fractions(model, x, layers=["h", "out"])) == ["h", "out"]
    with pytest.raises(ValueError, match="no layer"):
        inactive_unit_fractions(model, x, layers=["nope"])


def test_loggers_record_at_the_start_every_few_steps_and_at_the_end():
    model, (x, y) = _linear_model(), _data(n=70)
    gradients = callbacks.GradientNormLogger(x[:8], y[:8], every=3)
    units = callbacks.InactiveUnitLogger(x, every=3, layers=["first"])
    model.fit(x, y, batch_size=10, epochs=1, callbacks=[gradients, units], verbose=0)  # 7 steps
    assert gradients.steps == [0, 3, 6, 7] and units.steps == [0, 3, 6, 7]
    assert gradients.as_array().shape == (4, 2) and list(units.fractions) == ["first"]
    final = layer_gradient_norms(model, x[:8], y[:8])
    assert gradients.norms["first"][-1] == pytest.approx(final["first"], rel=1e-5)
    assert gradients.norms["first"][0] != pytest.approx(final["first"], rel=1e-3)  # it trained
    model.fit(x, y, batch_size=10, epochs=1, callbacks=[gradients], verbose=0)
    assert gradients.steps == [0, 3, 6, 7, 9, 12, 14]  # a second fit continues the count


@pytest.mark.parametrize("every", [0, -1, 2.5, True])
def test_loggers_reject_a_bad_interval(every):
    x, y = _data()
    with pytest.raises(ValueError, match="every must be a positive int"):
        callbacks.GradientNormLogger(x, y, every=every)
    with pytest.raises(ValueError, match="every must be a positive int"):
        callbacks.InactiveUnitLogger(x, every=every)
