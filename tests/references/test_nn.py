"""Tests of dlcourse.references.nn against TensorFlow's GradientTape, Keras, and finite differences.

Each oracle comparison also runs on a deliberately broken network (a wrong derivative,
a forgotten term) to show the comparison would catch it.
"""

import numpy as np
import pytest

from dlcourse.references import nn, optim

tf = pytest.importorskip("tensorflow")
keras = pytest.importorskip("keras")

TF_ACTIVATIONS = {
    "sigmoid": tf.sigmoid,
    "tanh": tf.tanh,
    "relu": tf.nn.relu,
    # tf.nn.leaky_relu rounds alpha to float32; written out, the slope stays float64
    "leaky_relu": lambda z: tf.where(z > 0, z, nn.LEAKY_RELU_SLOPE * z),
    "linear": tf.identity,
    "softmax": tf.nn.softmax,
}


def tf_loss(name, Y, A):
    """The losses written once more, in TensorFlow (no clipping: nothing saturates here)."""
    batch = tf.cast(tf.shape(A)[0], A.dtype)
    if name == "mse":
        return tf.reduce_mean(tf.square(A - Y))
    if name == "half_squared_error":
        return 0.5 * tf.reduce_sum(tf.square(A - Y)) / batch
    if name == "binary_crossentropy":
        return -tf.reduce_mean(Y * tf.math.log(A) + (1 - Y) * tf.math.log(1 - A))
    if name == "categorical_crossentropy":
        return -tf.reduce_sum(Y * tf.math.log(A)) / batch
    raise AssertionError(name)


def tf_loss_and_gradients(net, X, Y, masks=None):
    """Loss and [dW0, db0, ...] of the same network computed by tf.GradientTape."""
    variables = [tf.Variable(p) for p in net.params]
    with tf.GradientTape() as tape:
        A = tf.constant(X)
        for l in range(net.num_layers):
            W, b = variables[2 * l], variables[2 * l + 1]
            A = TF_ACTIVATIONS[net.activations[l]](A @ W + b)
            if masks is not None and masks[l + 1] is not None:
                A = A * masks[l + 1]
        loss = tf_loss(net.loss, tf.constant(Y), A)
        for W in variables[0::2]:
            loss += net.l2 * tf.reduce_sum(tf.square(W)) + net.l1 * tf.reduce_sum(tf.abs(W))
    grads = tape.gradient(loss, variables)
    return float(loss), [g.numpy() for g in grads]


def make_targets(net, batch, rng):
    output, n_out = net.activations[-1], net.layer_sizes[-1]
    if output == "softmax":
        return np.eye(n_out)[rng.integers(0, n_out, batch)]
    if output == "sigmoid":
        return rng.integers(0, 2, (batch, n_out)).astype(float)
    if output == "tanh":
        return rng.choice([-1.0, 1.0], (batch, n_out))
    return rng.standard_normal((batch, n_out))


# (layer sizes, hidden activation(s), output, loss, l2, l1): depths 1 to 6
NETWORKS = {
    "logistic_regression": ([4, 3], [], "softmax", None, 0.0, 0.0),
    "tanh_softmax_l2": ([4, 6, 3], "tanh", "softmax", None, 0.01, 0.0),
    "sigmoid_bce_l1": ([3, 5, 4, 1], "sigmoid", "sigmoid", None, 0.0, 0.01),
    "relu_regression_l1_l2": ([2, 8, 8, 8, 1], "relu", "linear", None, 0.01, 0.001),
    "playground_tanh": ([7, 8, 1], "tanh", "tanh", None, 0.003, 0.0),
    "deep_leaky_softmax_mse": ([5, 6, 6, 6, 6, 6, 3], "leaky_relu", "softmax", "mse", 0.0, 0.0),
    "mixed_multilabel_mse": ([3, 4, 5, 2], ["relu", "tanh"], "sigmoid", "mse", 0.001, 0.0),
    "sigmoid_three_outputs": ([4, 5, 3], "sigmoid", "sigmoid", "binary_crossentropy", 0.0, 0.0),
    "linear_everywhere": ([3, 4, 1], "linear", "linear", "half_squared_error", 0.0, 0.0),
    "tanh_output_mse": ([2, 6, 6, 1], "tanh", "tanh", "mse", 0.0, 0.0),
}


def build(name, seed=0, **overrides):
    """The network NETWORKS[name], with random biases.

    Zero biases would let a ReLU layer output an all-zero row, making the next layer's
    z exactly 0: the kink, where finite differences see half a slope.
    """
    sizes, hidden, output, loss, l2, l1 = NETWORKS[name]
    settings = dict(l2=l2, l1=l1, seed=seed, initializer="glorot_normal")
    settings.update(overrides)
    net = nn.Network(sizes, hidden, output, loss, **settings)
    rng = np.random.default_rng(seed + 100)
    for b in net.b:
        b[...] = rng.normal(0.0, 0.2, b.shape)
    return net


def random_batch(net, batch=6, seed=1):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((batch, net.layer_sizes[0])), make_targets(net, batch, rng)


# --- backpropagation against tf.GradientTape ------------------------------------------


@pytest.mark.parametrize("name", sorted(NETWORKS))
def test_gradients_match_gradient_tape(name):
    net = build(name)
    X, Y = random_batch(net)
    loss, grads = net.gradients(X, Y)
    tf_loss_value, tf_grads = tf_loss_and_gradients(net, X, Y)
    assert loss == pytest.approx(tf_loss_value, rel=1e-12)
    assert [g.shape for g in grads] == [p.shape for p in net.params]
    assert nn.relative_error(tf_grads, grads) < 1e-6


def broken_tanh_derivative(z):
    return 1.0 - np.tanh(z)  # should be 1 - tanh(z)**2


def test_gradient_tape_comparison_catches_a_wrong_derivative(monkeypatch):
    monkeypatch.setitem(nn.ACTIVATIONS, "tanh", (nn.tanh, broken_tanh_derivative))
    net = build("tanh_softmax_l2")
    X, Y = random_batch(net)
    _, grads = net.gradients(X, Y)
    _, tf_grads = tf_loss_and_gradients(net, X, Y)
    assert nn.relative_error(tf_grads, grads) > 1e-3


def test_dropout_gradients_match_gradient_tape_with_the_same_masks():
    net = build("relu_regression_l1_l2", dropout=[0.5, 0.25, 0.5])
    X, Y = random_batch(net, batch=20)
    net.forward(X, training=True)
    grads = net.backward(Y)
    masks = net.masks
    assert masks[0] is None and masks[-1] is None  # no dropout on input and output
    assert all(np.any(m == 0) for m in masks[1:-1])
    _, tf_grads = tf_loss_and_gradients(net, X, Y, masks=masks)
    assert nn.relative_error(tf_grads, grads) < 1e-6

    class ForgetsTheMask(nn.Network):  # dropped units would still pass gradient back
        def _backward(self, Y):
            self.masks = [None] * len(self.masks)
            return super()._backward(Y)

    broken = ForgetsTheMask([2, 8, 8, 8, 1], "relu", "linear", dropout=0.5, seed=0)
    broken.set_weights(net.get_weights())
    broken.forward(X, training=True)
    masks = list(broken.masks)
    _, tf_grads = tf_loss_and_gradients(broken, X, Y, masks=masks)
    assert nn.relative_error(tf_grads, broken.backward(Y)) > 1e-3


# --- numerical gradient check ---------------------------------------------------------


@pytest.mark.parametrize("name", sorted(NETWORKS))
def test_gradient_check_passes_for_correct_backprop(name):
    net = build(name)
    X, Y = random_batch(net, batch=5)
    assert nn.gradient_check(net, X, Y) < 1e-7


def test_gradient_check_catches_a_wrong_derivative(monkeypatch):
    monkeypatch.setitem(nn.ACTIVATIONS, "tanh", (nn.tanh, broken_tanh_derivative))
    net = build("playground_tanh")
    X, Y = random_batch(net, batch=5)
    assert nn.gradient_check(net, X, Y) > 1e-3


def test_gradient_check_catches_a_forgotten_penalty_term():
    class ForgetsL2(nn.Network):
        def _backward(self, Y):
            l2, self.l2 = self.l2, 0.0
            try:
                return super()._backward(Y)
            finally:
                self.l2 = l2

    net = ForgetsL2([4, 6, 3], "tanh", "softmax", l2=0.1, seed=0)
    X, Y = random_batch(net, batch=5)
    assert nn.gradient_check(net, X, Y) > 1e-3


def test_gradient_check_catches_a_missing_one_over_batch():
    class SumsInsteadOfMean(nn.Network):
        def _output_delta(self, Y):
            return super()._output_delta(Y) * len(Y)

    net = SumsInsteadOfMean([3, 5, 4, 1], "sigmoid", "sigmoid", seed=0)
    X, Y = random_batch(net, batch=5)
    assert nn.gradient_check(net, X, Y) > 1e-3


def test_numerical_gradient_and_relative_error_on_a_known_function():
    p = [np.array([[1.0, -2.0], [3.0, 0.5]]), np.array([4.0])]
    before = [q.copy() for q in p]
    approx = nn.numerical_gradient(lambda: sum(float(np.sum(q**2)) for q in p), p)
    exact = [2 * q for q in p]
    assert nn.relative_error(approx, exact) < 1e-9
    assert all(np.array_equal(a, b) for a, b in zip(p, before))  # restored
    assert nn.relative_error([np.ones(3)], [2 * np.ones(3)]) == pytest.approx(1 / 3)
    assert nn.relative_error([np.zeros(2)], [np.zeros(2)]) == 0.0
    with pytest.raises(ValueError, match="different sizes"):
        nn.relative_error([np.ones(3)], [np.ones(4)])


def test_gradient_check_refuses_float32():
    net = nn.Network([2, 3, 1], "tanh", "sigmoid", dtype="float32", seed=0)
    with pytest.raises(ValueError, match="float64"):
        nn.gradient_check(net, np.ones((2, 2)), np.ones(2))


# --- the same network in Keras --------------------------------------------------------


def keras_model(net):
    layers = [keras.Input((net.layer_sizes[0],), dtype="float64")]
    for n_out, activation in zip(net.layer_sizes[1:], net.activations):
        if activation == "leaky_relu":
            layers += [
                keras.layers.Dense(n_out, dtype="float64"),
                keras.layers.LeakyReLU(negative_slope=nn.LEAKY_RELU_SLOPE, dtype="float64"),
            ]
        else:
            layers.append(keras.layers.Dense(n_out, activation=activation, dtype="float64"))
    model = keras.Sequential(layers)
    model.set_weights(net.get_weights())
    return model


@pytest.mark.parametrize("name", ["tanh_softmax_l2", "deep_leaky_softmax_mse", "mixed_multilabel_mse"])
def test_forward_matches_keras_dense_layers(name):
    net = build(name)
    X, _ = random_batch(net, batch=8)
    model = keras_model(net)
    # rtol 1e-8: Keras's LeakyReLU keeps its slope as a float32 number
    np.testing.assert_allclose(net.predict(X), model(X).numpy(), rtol=1e-8, atol=1e-15)
    other = build(name, seed=1)
    assert not np.allclose(other.predict(X), model(X).numpy())


def test_fit_follows_keras_fit(float64_keras):
    """Same data, weights, batches, loss, L2 and Adam: same weights after two epochs."""
    rng = np.random.default_rng(0)
    X = rng.standard_normal((40, 4))
    y = (X[:, 0] + X[:, 1] * X[:, 2] > 0).astype(int) + (X[:, 3] > 1)  # 3 classes
    net = nn.Network([4, 6, 3], "tanh", "softmax", l2=0.01, seed=0)
    model = keras.Sequential(
        [keras.Input((4,), dtype="float64")]
        + [
            keras.layers.Dense(
                n, activation=a, kernel_regularizer=keras.regularizers.L2(0.01), dtype="float64"
            )
            for n, a in ((6, "tanh"), (3, "softmax"))
        ]
    )
    model.set_weights(net.get_weights())
    settings = dict(learning_rate=0.05, beta_1=0.875, beta_2=0.998046875)
    model.compile(
        optimizer=keras.optimizers.Adam(**settings),
        loss="categorical_crossentropy",
        metrics=["accuracy"],
        jit_compile=False,
    )
    start = net.get_weights()

    history = net.fit(X, y, optim.Adam(**settings), epochs=2, batch_size=16, shuffle=False)
    keras_history = model.fit(X, np.eye(3)[y], epochs=2, batch_size=16, shuffle=False, verbose=0).history
    assert nn.relative_error(model.get_weights(), net.get_weights()) < 1e-6
    np.testing.assert_allclose(history["loss"], keras_history["loss"], rtol=1e-6)
    np.testing.assert_allclose(history["accuracy"], keras_history["accuracy"], rtol=1e-6)

    # Able to fail: other batches give other weights.
    net.set_weights(start)
    net.fit(X, y, optim.Adam(**settings), epochs=2, batch_size=8, shuffle=False)
    assert nn.relative_error(model.get_weights(), net.get_weights()) > 1e-3


# --- activations, losses, initializers ------------------------------------------------

DERIVATIVES = ["sigmoid", "tanh", "relu", "leaky_relu", "linear"]


def derivative_mismatch(g, g_prime, z, h=1e-6):
    approx = (g(z + h) - g(z - h)) / (2 * h)
    return float(np.max(np.abs(approx - g_prime(z))))


@pytest.mark.parametrize("name", DERIVATIVES)
def test_activation_derivatives_match_finite_differences(name):
    z = np.linspace(-4, 4, 81) + 0.05  # steps past the kink of (leaky) ReLU at 0
    g, g_prime = nn.get_activation(name)
    assert derivative_mismatch(g, g_prime, z) < 1e-8
    assert derivative_mismatch(g, lambda z: 0.9 * g_prime(z) + 0.05, z) > 1e-3


@pytest.mark.parametrize("name", DERIVATIVES + ["softmax"])
def test_activations_match_tensorflow(name):
    z = np.random.default_rng(0).normal(scale=3, size=(5, 4))
    g, _ = nn.get_activation(name)
    np.testing.assert_allclose(g(z), TF_ACTIVATIONS[name](z).numpy(), rtol=1e-12, atol=1e-15)


def test_sigmoid_and_softmax_do_not_overflow():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        z = np.array([[-1000.0, 0.0, 1000.0]], dtype=np.float32)
        assert nn.sigmoid(z).tolist() == [[0.0, 0.5, 1.0]]
        assert nn.sigmoid(z).dtype == np.float32
        np.testing.assert_allclose(nn.softmax(z), [[0.0, 0.0, 1.0]])
    z = np.array([-3.0, 0.5, 2.0])
    np.testing.assert_allclose(nn.sigmoid(z), 1 / (1 + np.exp(-z)), rtol=1e-15)
    np.testing.assert_allclose(nn.softmax(z + 100), nn.softmax(z), rtol=1e-12)


# name -> (Keras's loss, a plausible mistake the comparison must catch)
LOSS_ORACLES = {
    "mse": (keras.losses.mean_squared_error, nn.half_squared_error),  # playground's convention
    "binary_crossentropy": (keras.losses.binary_crossentropy, lambda Y, A: nn.binary_crossentropy(A, Y)),
    "categorical_crossentropy": (
        keras.losses.categorical_crossentropy,
        lambda Y, A: nn.categorical_crossentropy(A, Y),  # arguments swapped
    ),
}


@pytest.mark.parametrize("name", sorted(LOSS_ORACLES))
def test_losses_match_keras(name):
    rng = np.random.default_rng(0)
    A = nn.softmax(rng.standard_normal((6, 3)))
    Y = np.eye(3)[rng.integers(0, 3, 6)]
    loss, _ = nn.get_loss(name)
    keras_loss, mistake = LOSS_ORACLES[name]
    expected = float(np.mean(keras_loss(Y, A)))
    assert loss(Y, A) == pytest.approx(expected, rel=1e-6)
    assert mistake(Y, A) != pytest.approx(expected, rel=1e-6)


def test_penalty_matches_keras_regularizers():
    net = build("relu_regression_l1_l2")
    regularizer = keras.regularizers.L1L2(l1=net.l1, l2=net.l2)
    expected = sum(float(regularizer(W)) for W in net.W)
    assert net.penalty() == pytest.approx(expected, rel=1e-6)  # Keras keeps l1, l2 in float32
    net.l2 *= 0.5  # the course material's lambda/2 convention would be caught
    assert net.penalty() != pytest.approx(expected, rel=1e-6)


@pytest.mark.parametrize("name", sorted(nn.LOSSES))
def test_loss_gradients_match_finite_differences(name):
    rng = np.random.default_rng(0)
    A = rng.uniform(0.1, 0.9, (4, 3))
    Y = rng.integers(0, 2, (4, 3)).astype(float)
    loss, gradient = nn.get_loss(name)
    approx = nn.numerical_gradient(lambda: loss(Y, A), [A])
    assert nn.relative_error(approx, [gradient(Y, A)]) < 1e-8
    assert nn.relative_error(approx, [2 * gradient(Y, A)]) > 1e-3


def test_half_squared_error_is_half_of_mse_for_one_output():
    A, Y = np.array([[0.5], [-1.0], [2.0]]), np.array([[1.0], [1.0], [1.0]])
    assert nn.half_squared_error(Y, A) == pytest.approx(nn.mean_squared_error(Y, A) / 2)


@pytest.mark.parametrize(
    "method, expected_std",
    [
        ("small_random", 0.01),
        ("xavier", np.sqrt(1 / 400)),
        ("glorot_normal", np.sqrt(2 / 700)),
        ("glorot_uniform", np.sqrt(2 / 700)),
        ("he_normal", np.sqrt(2 / 400)),
        ("he_uniform", np.sqrt(2 / 400)),
    ],
)
def test_initializer_scales(method, expected_std):
    W = nn.initialize_weights(400, 300, method, np.random.default_rng(0), np.float32)
    assert W.shape == (400, 300) and W.dtype == np.float32
    assert W.std() == pytest.approx(expected_std, rel=0.02)
    assert abs(W.mean()) < 0.05 * expected_std
    # the check tells He from Xavier (a factor sqrt(2))
    other = {"xavier": 2, "he_normal": 0.5}.get(method)
    if other:
        assert W.std() != pytest.approx(expected_std * np.sqrt(other), rel=0.02)


def test_glorot_uniform_limit_and_zeros():
    W = nn.initialize_weights(30, 20, "glorot_uniform", np.random.default_rng(0))
    assert np.abs(W).max() <= np.sqrt(6 / 50)
    assert not np.any(nn.initialize_weights(3, 2, "zeros"))


def test_zero_initialization_never_breaks_symmetry():
    net = nn.Network([2, 4, 1], "tanh", "sigmoid", initializer="zeros", seed=0)
    X, y = np.random.default_rng(0).standard_normal((20, 2)), np.arange(20) % 2
    net.fit(X, y, optim.SGD(0.5), epochs=5, batch_size=5)
    assert np.allclose(net.W[0], net.W[0][:, :1])  # all hidden units still identical
    net = nn.Network([2, 4, 1], "tanh", "sigmoid", initializer="small_random", seed=0)
    assert not np.allclose(net.W[0], net.W[0][:, :1])


def test_dropout_mask_statistics():
    mask = nn.dropout_mask((200, 500), 0.3, np.random.default_rng(0), np.float32)
    assert mask.dtype == np.float32
    np.testing.assert_allclose(np.unique(mask), [0.0, 1 / 0.7], rtol=1e-6)
    assert np.mean(mask == 0) == pytest.approx(0.3, abs=0.01)
    assert mask.mean() == pytest.approx(1.0, abs=0.01)  # expected activation unchanged


def test_dropout_only_when_training():
    net = build("relu_regression_l1_l2", dropout=0.5)
    X, _ = random_batch(net, batch=50)
    np.testing.assert_array_equal(net.predict(X), net.predict(X))
    assert not np.allclose(net.forward(X, training=True), net.predict(X))
    # Inverted dropout keeps hidden activations' mean: averaged over many masks it is the
    # same as without dropout.
    no_drop = net.layer_activations(X)[0].mean()
    with_drop = np.mean([net.layer_activations(X, training=True)[0].mean() for _ in range(200)])
    assert with_drop == pytest.approx(no_drop, rel=0.03)


# --- the Network API ------------------------------------------------------------------


def two_moons(num=200, seed=0):
    from sklearn.datasets import make_moons

    X, y = make_moons(num, noise=0.1, random_state=seed)
    return X, y


def test_fit_learns_two_moons_and_history():
    X, y = two_moons()
    net = nn.Network([2, 8, 8, 1], "tanh", "sigmoid", seed=0)
    history = net.fit(
        X, y, optim.Adam(0.02), epochs=60, batch_size=20,
        validation_data=(X[:50], y[:50]), track_gradient_norms=True,
    )
    assert set(history) == {"loss", "accuracy", "val_loss", "val_accuracy", "gradient_norms"}
    assert all(len(v) == 60 for v in history.values())
    assert history["loss"][-1] < 0.5 * history["loss"][0]
    assert net.accuracy(X, y) > 0.95 and history["accuracy"][-1] > 0.95
    assert history["gradient_norms"][0].shape == (3,)
    assert net.compute_loss(X[:50], y[:50]) == pytest.approx(history["val_loss"][-1])


def test_playground_style_tanh_output_with_plus_minus_one_labels():
    X, y = two_moons()
    labels = np.where(y == 1, 1.0, -1.0)
    net = nn.Network([2, 8, 1], "tanh", "tanh", l1=1e-4, seed=0)
    assert net.loss == "half_squared_error"
    net.fit(X, labels, optim.SGD(0.1), epochs=100, batch_size=10)
    assert net.accuracy(X, labels) > 0.95
    assert net.accuracy(X, -labels) < 0.05  # the check sees flipped labels


def test_regression_with_linear_output():
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, (200, 1))
    y = np.sin(3 * X[:, 0])
    net = nn.Network([1, 16, 1], "tanh", "linear", seed=0)
    assert net.loss == "mse"
    before = net.compute_loss(X, y)
    net.fit(X, y, optim.Adam(0.01), epochs=150, batch_size=20)
    assert net.compute_loss(X, y) < 0.05 * before
    with pytest.raises(ValueError, match="accuracy needs a classification output"):
        net.accuracy(X, y)


def test_softmax_accepts_labels_or_one_hot():
    net = build("tanh_softmax_l2")
    X, Y = random_batch(net)
    labels = Y.argmax(axis=1)
    assert net.gradients(X, labels)[0] == net.gradients(X, Y)[0]
    assert net.accuracy(X, labels) == net.accuracy(X, Y)
    assert net.accuracy(X, labels) == np.mean(net.predict(X).argmax(axis=1) == labels)


def test_float32_network_stays_float32():
    net = build("tanh_softmax_l2", dtype="float32", dropout=0.2)
    X, Y = random_batch(net)
    assert all(p.dtype == np.float32 for p in net.params)
    assert net.forward(X, training=True).dtype == np.float32
    assert all(g.dtype == np.float32 for g in net.backward(Y))
    net.fit(X, Y, optim.Adam(), epochs=1, batch_size=3)
    assert all(p.dtype == np.float32 for p in net.params)


def test_params_are_the_weights_themselves():
    net = build("tanh_softmax_l2")
    assert net.params[0] is net.W[0] and net.params[3] is net.b[1]
    copies = net.get_weights()
    copies[0] += 1
    assert not np.allclose(copies[0], net.W[0])
    net.set_weights(copies)
    np.testing.assert_array_equal(net.W[0], copies[0])
    assert net.params[0] is net.W[0]  # set in place: an optimizer holding params still works
    assert net.num_params == 4 * 6 + 6 + 6 * 3 + 3


def test_layer_activations_and_gradient_norms():
    net = build("deep_leaky_softmax_mse")
    X, Y = random_batch(net, batch=7)
    acts = net.layer_activations(X)
    assert [a.shape for a in acts] == [(7, n) for n in net.layer_sizes[1:]]
    np.testing.assert_allclose(acts[-1], net.predict(X))
    norms = net.gradient_norms(X, Y)
    _, grads = net.gradients(X, Y)
    np.testing.assert_allclose(norms, [np.linalg.norm(g) for g in grads[0::2]])


def test_deep_sigmoid_gradients_vanish_toward_the_input():
    net = nn.Network([10] + [20] * 8 + [3], "sigmoid", "softmax", seed=0)
    X, Y = random_batch(net, batch=30)
    norms = net.gradient_norms(X, Y)
    assert norms[0] < 0.01 * norms[-1]
    relu = nn.Network([10] + [20] * 8 + [3], "relu", "softmax", initializer="he_normal", seed=0)
    relu_norms = relu.gradient_norms(X, Y)
    assert relu_norms[0] > 0.1 * relu_norms[-1]


def test_seed_and_global_seed_make_runs_repeatable():
    X, y = two_moons(60)

    def run(**kw):
        net = nn.Network([2, 5, 1], "tanh", "sigmoid", dropout=0.2, **kw)
        return net.fit(X, y, optim.SGD(0.1), epochs=3, batch_size=7)["loss"], net.W[0]

    a, b = run(seed=3), run(seed=3)
    assert a[0] == b[0] and np.array_equal(a[1], b[1])
    assert run(seed=4)[0] != a[0]
    np.random.seed(5)
    c = run()
    np.random.seed(5)
    assert run()[0] == c[0]


def test_train_step_returns_loss_before_the_update():
    net = build("playground_tanh")
    X, Y = random_batch(net, batch=10)
    before = net.compute_loss(X, Y)
    assert net.train_step(X, Y, optim.SGD(0.1)) == pytest.approx(before)
    assert net.compute_loss(X, Y) < before
    assert net.train_step(X, Y, "sgd") < before  # optimizer by name


def test_summary_and_repr():
    net = build("tanh_softmax_l2")
    text = net.summary()
    assert "(4, 6)" in text and "softmax" in text and str(net.num_params) in text
    assert repr(net).startswith("Network([4, 6, 3]")


# --- errors ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs, error, words",
    [
        (dict(layer_sizes=[3]), ValueError, ["layer_sizes", "[3]"]),
        (dict(layer_sizes=[3, 0, 1]), ValueError, ["positive", "[3, 0, 1]"]),
        (dict(activation="swish"), ValueError, ["'swish'", "relu", "tanh"]),
        (dict(activation=3), TypeError, ["activation", "3"]),
        (dict(activation=["relu"]), ValueError, ["1 names", "2 hidden"]),
        (dict(activation="softmax"), ValueError, ["output layer only"]),
        (dict(output_activation="softmax", layer_sizes=[2, 3, 3, 1]), ValueError, ["at least 2", "sigmoid"]),
        (dict(loss="hinge"), ValueError, ["'hinge'", "mse", "categorical_crossentropy"]),
        (dict(l2=-0.1), ValueError, ["l2", "-0.1"]),
        (dict(l1="0.1"), TypeError, ["l1", "'0.1'"]),
        (dict(dropout=1.0), ValueError, ["dropout", "[0, 1)"]),
        (dict(dropout=[0.1]), ValueError, ["1 rates", "2 hidden"]),
        (dict(dtype="int32"), ValueError, ["float32", "int32"]),
        (dict(dtype="nonsense"), TypeError, ["float32", "nonsense"]),
        (dict(initializer="orthogonal"), ValueError, ["'orthogonal'", "he_normal"]),
    ],
)
def test_constructor_errors_name_the_bad_value(kwargs, error, words):
    settings = dict(layer_sizes=[3, 4, 4, 2], activation="relu", output_activation="softmax")
    settings.update(kwargs)
    with pytest.raises(error) as info:
        nn.Network(**settings)
    for word in words:
        assert word in str(info.value)


def test_data_errors_name_the_bad_value():
    net = nn.Network([3, 4, 2], "relu", "softmax", seed=0)
    X = np.zeros((5, 3))
    with pytest.raises(ValueError, match=r"shape \(batch, 3\), got \(5, 4\)"):
        net.predict(np.zeros((5, 4)))
    with pytest.raises(ValueError, match=r"0\.\.1, got 0\.\.2"):
        net.gradients(X, np.array([0, 1, 2, 0, 1]))
    with pytest.raises(TypeError, match="must be ints"):
        net.gradients(X, np.array([0.0, 1.0, 1.0, 0.0, 1.0]))
    with pytest.raises(ValueError, match=r"\(5, 2\).*got \(4,\)"):
        net.gradients(X, np.array([0, 1, 1, 0]))
    with pytest.raises(TypeError, match="step\\(params, grads\\)"):
        net.fit(X, np.zeros(5, dtype=int), optimizer=0.1)
    with pytest.raises(ValueError, match="unknown optimizer 'adamw'"):
        net.fit(X, np.zeros(5, dtype=int), optimizer="adamw")
    with pytest.raises(ValueError, match="batch_size must be a positive int, got 0"):
        net.fit(X, np.zeros(5, dtype=int), optim.SGD(), batch_size=0)
    with pytest.raises(ValueError, match=r"expected 4 arrays"):
        net.set_weights(net.get_weights()[:2])
    with pytest.raises(ValueError, match=r"array 1 has shape \(3,\); this network needs \(4,\)"):
        net.set_weights([net.W[0], np.zeros(3), net.W[1], net.b[1]])
    with pytest.raises(ValueError, match="forward"):
        nn.Network([3, 2], [], "softmax", seed=0).backward(np.array([0]))


def test_build_deep_network_scales_and_signals():
    net = nn.build_deep_network("relu", 1.0, num_layers=3, width=200, seed=0)
    assert net.layer_sizes == [200] * 4 and net.activations == ["relu"] * 3
    assert all(W.std() == pytest.approx(1.0, rel=0.02) for W in net.W)
    assert all(not b.any() for b in net.b)
    he = nn.build_deep_network("relu", "he_normal", num_layers=3, width=200, seed=0)
    assert he.W[0].std() == pytest.approx(np.sqrt(2 / 200), rel=0.02)
    X = np.random.default_rng(0).standard_normal((300, 200))
    small = [a.std() for a in nn.build_deep_network("tanh", 0.01, num_layers=6, width=200).layer_activations(X)]
    steady = [a.std() for a in he.layer_activations(X)]
    assert small[-1] < 1e-3 * small[0]          # vanishing: a factor ~0.14 per layer
    assert 0.5 < steady[-1] / steady[0] < 2     # He keeps ReLU signals steady
    exploding = [a.std() for a in net.layer_activations(X)]
    assert exploding[-1] > 100 * exploding[0]


@pytest.mark.parametrize(
    "kwargs, error, words",
    [
        ({"initializer": True}, TypeError, "standard deviation"),
        ({"initializer": -1.0}, ValueError, "must be > 0"),
        ({"initializer": "ones"}, ValueError, "unknown initializer 'ones'"),
        ({"num_layers": 0}, ValueError, "num_layers must be a positive int"),
        ({"width": 2.5}, ValueError, "width must be a positive int"),
        ({"activation": "softmax"}, ValueError, "softmax is for the output layer"),
    ],
)
def test_build_deep_network_errors(kwargs, error, words):
    arguments = {"activation": "tanh", "initializer": "xavier", **kwargs}
    with pytest.raises(error, match=words):
        nn.build_deep_network(**arguments)
