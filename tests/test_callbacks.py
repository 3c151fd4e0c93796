"""Tests of dlcourse.callbacks: gradient norms against hand-computed gradients, dead units."""

import numpy as np
import pytest

from dlcourse.callbacks import (GradientNormLogger, InactiveUnitLogger, inactive_unit_fractions,
                                keras, layer_gradient_norms)


def _linear_model(seed=0):
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
        keras.utils.set_random_seed(0)
        layers = [keras.Input((20,))]
        layers += [keras.layers.Dense(32, activation=activation) for _ in range(6)]
        model = keras.Sequential(layers + [keras.layers.Dense(3, activation="softmax")])
        model.compile(loss="categorical_crossentropy")
        norms = list(layer_gradient_norms(model, x, y).values())
        ratios[activation] = norms[0] / norms[-2]  # first hidden layer / last hidden layer
    assert ratios["sigmoid"] < 0.01 < 0.1 < ratios["relu"]


def test_gradient_norm_errors():
    model, (x, y) = _linear_model(), _data()
    uncompiled = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
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
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(units, activation="relu", name="h"),
                              keras.layers.Dense(1, name="out")])
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
    gradients = GradientNormLogger(x[:8], y[:8], every=3)
    units = InactiveUnitLogger(x, every=3, layers=["first"])
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
        GradientNormLogger(x, y, every=every)
    with pytest.raises(ValueError, match="every must be a positive int"):
        InactiveUnitLogger(x, every=every)
