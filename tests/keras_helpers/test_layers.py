"""Tests of dlcourse.keras_helpers.layers: the Maxout layer against hand computation and Keras."""

import numpy as np
import pytest

from dlcourse.keras_helpers.layers import Maxout, keras


def _layer(units, pieces, input_dim, seed=0):
    """A built Maxout layer with random weights and biases (biases non-zero)."""
    layer = Maxout(units, pieces)
    layer.build((None, input_dim))
    rng = np.random.default_rng(seed)
    layer.set_weights([rng.normal(size=(input_dim, units * pieces)).astype("float32"),
                       rng.normal(size=(units * pieces,)).astype("float32")])
    return layer


def _by_hand(x, kernel, bias, units, pieces):
    z = (x @ kernel + bias).reshape(len(x), units, pieces)  # (batch, units, pieces)
    return z.max(axis=-1), z


def test_shapes_and_parameter_count():
    layer = Maxout(5, pieces=3)
    assert layer(np.zeros((4, 7), "float32")).shape == (4, 5)
    assert layer.count_params() == 7 * 5 * 3 + 5 * 3
    assert layer.compute_output_shape((None, 7)) == (None, 5)
    # a sequence of vectors: the layer acts on the last axis, like Dense
    assert Maxout(2, 4)(np.zeros((3, 6, 7), "float32")).shape == (3, 6, 2)
    model = keras.Sequential([keras.Input((7,)), Maxout(5, 3), keras.layers.Dense(2)])
    assert model.output_shape == (None, 2)


def test_output_is_the_largest_piece_as_computed_by_hand():
    layer = _layer(units=4, pieces=3, input_dim=6)
    x = np.random.default_rng(1).normal(size=(8, 6)).astype("float32")
    kernel, bias = layer.get_weights()
    expected, z = _by_hand(x, kernel, bias, 4, 3)
    np.testing.assert_allclose(keras.ops.convert_to_numpy(layer(x)), expected, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(keras.ops.convert_to_numpy(layer.pieces_of(x)), z, rtol=1e-5, atol=1e-5)
    # the check can fail: the mean of the pieces, or a wrong grouping of the columns
    assert not np.allclose(z.mean(axis=-1), expected, atol=1e-3)
    wrong = (x @ kernel + bias).reshape(8, 3, 4).max(axis=1)  # pieces as the first axis
    assert not np.allclose(wrong, expected, atol=1e-3)


def test_gradient_reaches_only_the_winning_piece():
    import tensorflow as tf

    units, pieces, input_dim = 3, 4, 5
    layer = _layer(units, pieces, input_dim, seed=2)
    x = np.random.default_rng(3).normal(size=(6, input_dim)).astype("float32")
    c = np.random.default_rng(4).normal(size=(6, units)).astype("float32")
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(layer(x) * c)
    d_kernel, d_bias = (g.numpy() for g in tape.gradient(loss, layer.trainable_weights))

    kernel, bias = layer.get_weights()
    _, z = _by_hand(x, kernel, bias, units, pieces)
    winner = np.eye(pieces)[z.argmax(axis=-1)]            # (batch, units, pieces), one-hot
    delta = (c[:, :, None] * winner).reshape(6, -1)       # (batch, units * pieces)
    np.testing.assert_allclose(d_kernel, x.T @ delta, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(d_bias, delta.sum(axis=0), rtol=1e-5, atol=1e-5)
    # one example: exactly one piece per unit has a non-zero gradient (a thin linear net)
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(layer(x[:1]))
    one = tape.gradient(loss, layer.trainable_weights[1]).numpy()
    assert np.count_nonzero(one) == units
    # the check can fail: a gradient spread evenly over the pieces
    spread = x.T @ (np.repeat(c, pieces, axis=1) / pieces)
    assert not np.allclose(d_kernel, spread, atol=1e-3)


def test_two_pieces_with_one_fixed_at_zero_is_relu():
    rng = np.random.default_rng(5)
    W, b = rng.normal(size=(6, 4)).astype("float32"), rng.normal(size=4).astype("float32")
    x = rng.normal(size=(50, 6)).astype("float32")
    dense = keras.layers.Dense(4, activation="relu")
    dense.build((None, 6))
    dense.set_weights([W, b])

    maxout = Maxout(4, pieces=2)
    maxout.build((None, 6))
    kernel = np.stack([W, np.zeros_like(W)], axis=-1).reshape(6, 8)  # pieces (W x + b, 0)
    bias = np.stack([b, np.zeros_like(b)], axis=-1).reshape(8)
    maxout.set_weights([kernel, bias])
    relu = keras.ops.convert_to_numpy(dense(x))
    np.testing.assert_allclose(keras.ops.convert_to_numpy(maxout(x)), relu, rtol=1e-5, atol=1e-5)
    assert (relu == 0).any() and (relu > 0).any()  # both regions were exercised

    # the check can fail: with the second piece a copy of the first, Maxout is linear
    maxout.set_weights([np.stack([W, W], -1).reshape(6, 8), np.stack([b, b], -1).reshape(8)])
    assert not np.allclose(keras.ops.convert_to_numpy(maxout(x)), relu, atol=1e-3)


def test_pieces_w_and_minus_w_give_the_absolute_value():
    rng = np.random.default_rng(6)
    W, b = rng.normal(size=(3, 2)).astype("float32"), rng.normal(size=2).astype("float32")
    x = rng.normal(size=(40, 3)).astype("float32")
    maxout = Maxout(2, pieces=2)
    maxout.build((None, 3))
    maxout.set_weights([np.stack([W, -W], -1).reshape(3, 4), np.stack([b, -b], -1).reshape(4)])
    np.testing.assert_allclose(keras.ops.convert_to_numpy(maxout(x)), np.abs(x @ W + b),
                               rtol=1e-5, atol=1e-5)
    assert not np.allclose(keras.ops.convert_to_numpy(maxout(x)), x @ W + b, atol=1e-3)


def test_initialized_like_a_dense_layer_of_units_times_pieces():
    keras.utils.set_random_seed(0)
    layer = Maxout(64, pieces=2)
    layer.build((None, 784))
    limit = np.sqrt(6 / (784 + 128))  # Glorot uniform with fan_out = units * pieces
    weights = layer.get_weights()[0]
    assert np.abs(weights).max() <= limit
    assert np.abs(weights).max() > 0.9 * limit


def test_a_maxout_unit_learns_the_absolute_value():
    keras.utils.set_random_seed(0)
    x = np.linspace(-2, 2, 64, dtype="float32")[:, None]
    model = keras.Sequential([keras.Input((1,)), Maxout(1, pieces=2)])
    model.compile(optimizer=keras.optimizers.Adam(0.05), loss="mse")
    before = model.evaluate(x, np.abs(x), verbose=0)
    repeated = np.tile(x, (300, 1))  # 300 steps in one epoch: fit's per-epoch cost once
    model.fit(repeated, np.abs(repeated), epochs=1, batch_size=64, shuffle=False, verbose=0)
    after = model.evaluate(x, np.abs(x), verbose=0)
    assert after < 1e-3 < before


# Keras's own weight saving trips NumPy 2's copy-keyword deprecation; not ours to fix.
@pytest.mark.filterwarnings("ignore:__array__ implementation:DeprecationWarning")
def test_config_round_trip_and_saved_model(tmp_path):
    layer = Maxout(3, pieces=4, kernel_initializer="he_normal", name="mx")
    clone = Maxout.from_config(layer.get_config())
    assert (clone.units, clone.pieces, clone.name) == (3, 4, "mx")
    assert type(clone.kernel_initializer).__name__ == "HeNormal"
    assert keras.saving.get_registered_name(Maxout) == "dlcourse>Maxout"

    model = keras.Sequential([keras.Input((5,)), Maxout(3, 4), keras.layers.Dense(2)])
    x = np.random.default_rng(7).normal(size=(4, 5)).astype("float32")
    path = tmp_path / "maxout.keras"
    model.save(path)
    loaded = keras.saving.load_model(path)
    assert isinstance(loaded.layers[0], Maxout)
    np.testing.assert_allclose(keras.ops.convert_to_numpy(loaded(x)),
                               keras.ops.convert_to_numpy(model(x)), rtol=1e-6)


@pytest.mark.parametrize("units, pieces, error", [
    (0, 2, ValueError), (3, 0, ValueError), (2.5, 2, TypeError), (True, 2, TypeError),
    ("4", 2, TypeError)])
def test_invalid_sizes_raise(units, pieces, error):
    bad = "units" if pieces == 2 else "pieces"
    value = units if pieces == 2 else pieces
    with pytest.raises(error, match=f"{bad} must be a positive int, got {value!r}"):
        Maxout(units, pieces)


def test_unknown_input_width_raises():
    with pytest.raises(ValueError, match="known last input dimension"):
        Maxout(2).build((None, None))
