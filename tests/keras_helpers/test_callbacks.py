"""Callbacks on tiny Keras models: what each records, keeps and restores."""


import numpy as np
import pytest

from dlcourse.keras_helpers import callbacks
from dlcourse.keras_helpers.callbacks import inactive_unit_fractions, layer_gradient_norms


def test_callback_classes_are_made_once_and_unknown_names_raise():
    assert callbacks.HookRecorder is callbacks.HookRecorder
    assert "BestF1Checkpoint" in dir(callbacks)
    with pytest.raises(AttributeError, match="NoSuchCallback"):
        callbacks.NoSuchCallback


def test_hook_recorder_sees_the_lifecycle_in_order(keras, tiny_binary):
    x, y = tiny_binary.data(40)
    recorder = callbacks.HookRecorder()
    assert isinstance(recorder, keras.callbacks.Callback)
    tiny_binary.model().fit(x, y, epochs=2, batch_size=16, validation_data=(x[:10], y[:10]),
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
    tiny_binary.model().fit(x, y, epochs=1, batch_size=16, callbacks=[quiet], verbose=0)
    assert [e[0] for e in quiet.events] == ["on_train_begin", "on_epoch_begin",
                                           "on_epoch_end", "on_train_end"]


def test_best_f1_checkpoint_keeps_and_restores_the_best_epoch(keras, tiny_binary, tmp_path):
    x, y = tiny_binary.data(128)
    path = tmp_path / "best.keras"
    best = callbacks.BestF1Checkpoint((x[:64], y[:64]), filepath=path)
    model = tiny_binary.model(learning_rate=0.1)
    history = model.fit(x[64:], y[64:], epochs=6, batch_size=16, callbacks=[best], verbose=0)
    assert history.history["val_f1"] == best.scores and len(best.scores) == 6
    assert best.best_f1 == max(best.scores)
    assert best.best_epoch == int(np.argmax(best.scores)) + 1
    f1_now, _ = best.score()  # the model holds the best weights again
    assert f1_now == pytest.approx(best.best_f1)
    reloaded = keras.saving.load_model(path)
    np.testing.assert_allclose(reloaded.predict(x[:8], verbose=0), model.predict(x[:8], verbose=0),
                               rtol=1e-5, atol=1e-6)


def test_best_f1_checkpoint_restores_weights_that_differ_from_the_last(keras, tiny_binary):
    x, y = tiny_binary.data(128)
    best = callbacks.BestF1Checkpoint((x[:64], y[:64]))
    model = tiny_binary.model(learning_rate=0.1)
    model.fit(x[64:], y[64:], epochs=3, batch_size=16, callbacks=[best], verbose=0)
    # Pretend epoch 1 was best: training ends by putting exactly those weights back.
    best.best_weights = [w * 0 for w in model.get_weights()]
    best.on_train_end()
    assert all(np.all(w == 0) for w in model.get_weights())


def test_best_f1_checkpoint_tunes_the_threshold_and_feeds_early_stopping(keras, tiny_binary):
    x, y = tiny_binary.data(128)
    best = callbacks.BestF1Checkpoint((x[:64], y[:64]), threshold="best")
    stop = keras.callbacks.EarlyStopping(monitor="val_f1", mode="max", patience=1)
    history = tiny_binary.model().fit(x[64:], y[64:], epochs=3, callbacks=[best, stop], verbose=0)
    assert "val_f1_threshold" in history.history
    assert 0 < best.best_threshold < 1


def test_best_f1_checkpoint_checks_its_arguments():
    x = np.zeros((4, 2))
    with pytest.raises(ValueError, match="pair"):
        callbacks.BestF1Checkpoint(x)
    with pytest.raises(ValueError, match="one 0/1 label per example"):
        callbacks.BestF1Checkpoint((x, np.zeros(3)))
    with pytest.raises(ValueError, match=r"threshold \(or 'best'\) must be a number in \(0, 1\)"):
        callbacks.BestF1Checkpoint((x, np.zeros(4)), threshold=1.5)
    with pytest.raises(TypeError, match="got 'bets'"):
        callbacks.BestF1Checkpoint((x, np.zeros(4)), threshold="bets")


def test_plateau_schedule_matches_keras_reduce_lr_on_plateau(tiny_binary):
    rng = np.random.default_rng(1)
    values = np.r_[np.linspace(1, 0.5, 6), 0.5 + 0.01 * rng.random(14), 0.4, 0.45, 0.44]
    settings = [dict(factor=0.5, patience=2), dict(factor=0.2, patience=3, cooldown=2),
                dict(factor=0.5, patience=1, min_lr=0.02), dict(factor=0.5, patience=2,
                                                                min_delta=0.05)]
    for options in settings:
        model = tiny_binary.model(learning_rate=0.1)
        reduce = tiny_binary.keras.callbacks.ReduceLROnPlateau(monitor="val_loss", **options)
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
    with pytest.raises(ValueError, match="patience must be an int >= 0, got -1"):
        callbacks.plateau_schedule([1.0], 0.1, patience=-1)
    with pytest.raises(ValueError, match="learning_rate must be a positive number, got 0"):
        callbacks.plateau_schedule([1.0], 0)


# ---------------------------------------------------- chapter 06: gradient norms, dead units

def _linear_model(keras, seed=0):
    """Dense(3) -> Dense(1), no activations, MSE: gradients easy to write by hand."""
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, name="first"),
                              keras.layers.Dense(1, name="second")])
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
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


def test_gradient_norms_match_a_hand_computed_backward_pass(keras):
    model, (x, y) = _linear_model(keras), _data()
    norms = layer_gradient_norms(model, x, y)
    expected = _hand_norms(model, x, y)
    assert list(norms) == ["first", "second"]  # input side first
    for name in expected:
        assert norms[name] == pytest.approx(expected[name], rel=1e-4)
    # the check can fail: the summed (not averaged) loss has a gradient 16 times longer
    assert norms["first"] != pytest.approx(expected["first"] * len(x), rel=1e-2)


def test_gradient_norms_leave_the_weights_alone_and_pick_layers(keras):
    model, (x, y) = _linear_model(keras), _data()
    before = [w.copy() for w in model.get_weights()]
    only = layer_gradient_norms(model, x, y, layers=["second"])
    assert list(only) == ["second"]
    for old, new in zip(before, model.get_weights()):
        np.testing.assert_array_equal(old, new)


def test_deep_sigmoid_gradients_vanish_towards_the_input_and_relu_ones_do_not(keras):
    x = np.random.default_rng(2).normal(size=(64, 20)).astype("float32")
    y = np.eye(3, dtype="float32")[np.arange(64) % 3]
    ratios = {}
    for activation in ("sigmoid", "relu"):
        keras.utils.set_random_seed(0)
        layers = [keras.Input((20,))]
        layers += [keras.layers.Dense(32, activation=activation) for _ in range(6)]
        model = keras.Sequential(layers + [keras.layers.Dense(3, activation="softmax")])
        model.compile(loss="categorical_crossentropy")
        norms = list(layer_gradient_norms(model, x, y).values())
        ratios[activation] = norms[0] / norms[-2]  # first hidden layer / last hidden layer
    assert ratios["sigmoid"] < 0.01 < 0.1 < ratios["relu"]


def test_gradient_norm_errors(keras):
    model, (x, y) = _linear_model(keras), _data()
    uncompiled = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
    with pytest.raises(ValueError, match="compile it with a loss"):
        layer_gradient_norms(uncompiled, x, y)
    with pytest.raises(ValueError, match="16 samples but y has 3"):
        layer_gradient_norms(model, x, y[:3])
    with pytest.raises(ValueError, match="no layer 'third'"):
        layer_gradient_norms(model, x, y, layers=["third"])
    with pytest.raises(ValueError, match="non-empty batch"):
        layer_gradient_norms(model, x[:0], y[:0])


def _relu_model(keras, biases):
    """Input(2) -> Dense(len(biases), relu) with identity-like weights -> Dense(1)."""
    units = len(biases)
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(units, activation="relu", name="h"),
                              keras.layers.Dense(1, name="out")])
    model.layers[0].set_weights([np.ones((2, units), "float32"), np.asarray(biases, "float32")])
    return model


def test_inactive_units_are_those_with_no_positive_output_on_any_input(keras):
    x = np.random.default_rng(3).uniform(-1, 1, size=(100, 2)).astype("float32")  # |x1 + x2| < 2
    model = _relu_model(keras, [-5.0, -5.0, 0.0, 5.0])  # two units can never fire
    assert inactive_unit_fractions(model, x) == {"h": 0.5}
    # the check can fail: biases that keep every unit alive
    assert inactive_unit_fractions(_relu_model(keras, [5.0, 5.0, 0.0, 5.0]), x) == {"h": 0.0}
    assert list(inactive_unit_fractions(model, x, layers=["h", "out"])) == ["h", "out"]
    with pytest.raises(ValueError, match="no layer"):
        inactive_unit_fractions(model, x, layers=["nope"])


def test_loggers_record_at_the_start_every_few_steps_and_at_the_end(keras):
    model, (x, y) = _linear_model(keras), _data(n=70)
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


@pytest.mark.parametrize("every, error", [(0, ValueError), (-1, ValueError), (2.5, TypeError),
                                          (True, TypeError)])
def test_loggers_reject_a_bad_interval(every, error):
    x, y = _data()
    with pytest.raises(error, match=f"every must be a positive int, got {every!r}"):
        callbacks.GradientNormLogger(x, y, every=every)
    with pytest.raises(error, match=f"every must be a positive int, got {every!r}"):
        callbacks.InactiveUnitLogger(x, every=every)
