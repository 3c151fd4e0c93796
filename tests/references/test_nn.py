"""The NumPy network (dlcourse.references.nn) against tf.GradientTape and Keras layers.

Each oracle comparison also runs on a deliberately broken network (a wrong derivative,
a forgotten dropout mask) to show the comparison would catch it.
"""

import numpy as np
import pytest

from dlcourse.references import activations, nn, optim
from dlcourse.references.training import relative_error

tf = pytest.importorskip("tensorflow")
keras = pytest.importorskip("keras")


def tf_loss(name, Y, A):
    """The losses written once more, in TensorFlow (no clipping: nothing saturates here)."""
    batch = tf.cast(tf.shape(A)[0], A.dtype)
    if name == "mean_squared_error":
        return tf.reduce_mean(tf.square(A - Y))
    if name == "half_squared_error":
        return 0.5 * tf.reduce_sum(tf.square(A - Y)) / batch
    if name == "binary_crossentropy":
        return -tf.reduce_mean(Y * tf.math.log(A) + (1 - Y) * tf.math.log(1 - A))
    if name == "categorical_crossentropy":
        return -tf.reduce_sum(Y * tf.math.log(A)) / batch
    raise AssertionError(name)


def tf_loss_and_gradients(net, X, Y, tf_activations, masks=None):
    """Loss and [dW0, db0, ...] of the same network computed by tf.GradientTape."""
    variables = [tf.Variable(p) for p in net.params]
    with tf.GradientTape() as tape:
        A = tf.constant(X)
        for l in range(net.num_layers):
            W, b = variables[2 * l], variables[2 * l + 1]
            A = tf_activations[net.activations[l]](A @ W + b)
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
    "deep_leaky_softmax_mse": ([5, 6, 6, 6, 6, 6, 3], "leaky_relu", "softmax", "mean_squared_error", 0.0, 0.0),
    "mixed_multilabel_mse": ([3, 4, 5, 2], ["relu", "tanh"], "sigmoid", "mean_squared_error", 0.001, 0.0),
    "sigmoid_three_outputs": ([4, 5, 3], "sigmoid", "sigmoid", "binary_crossentropy", 0.0, 0.0),
    "linear_everywhere": ([3, 4, 1], "linear", "linear", "half_squared_error", 0.0, 0.0),
    "tanh_output_mse": ([2, 6, 6, 1], "tanh", "tanh", "mean_squared_error", 0.0, 0.0),
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
def test_gradients_match_gradient_tape(name, tf_activations):
    net = build(name)
    X, Y = random_batch(net)
    loss, grads = net.gradients(X, Y)
    tf_loss_value, tf_grads = tf_loss_and_gradients(net, X, Y, tf_activations)
    assert loss == pytest.approx(tf_loss_value, rel=1e-12)
    assert [g.shape for g in grads] == [p.shape for p in net.params]
    assert relative_error(tf_grads, grads) < 1e-6


def broken_tanh_derivative(z):
    return 1.0 - np.tanh(z)  # should be 1 - tanh(z)**2


def test_gradient_tape_comparison_catches_a_wrong_derivative(monkeypatch, tf_activations):
    monkeypatch.setitem(activations.ACTIVATIONS, "tanh", (activations.tanh, broken_tanh_derivative))
    net = build("tanh_softmax_l2")
    X, Y = random_batch(net)
    _, grads = net.gradients(X, Y)
    _, tf_grads = tf_loss_and_gradients(net, X, Y, tf_activations)
    assert relative_error(tf_grads, grads) > 1e-3


def test_a_planted_derivative_bug_is_caught(tf_activations):
    net = build("tanh_softmax_l2")
    net.g_prime[0] = broken_tanh_derivative  # as chapter 08 plants it
    X, Y = random_batch(net)
    _, tf_grads = tf_loss_and_gradients(net, X, Y, tf_activations)
    assert relative_error(tf_grads, net.gradients(X, Y)[1]) > 1e-3


def test_dropout_gradients_match_gradient_tape_with_the_same_masks(tf_activations):
    net = build("relu_regression_l1_l2", dropout=[0.5, 0.25, 0.5])
    X, Y = random_batch(net, batch=20)
    net.forward(X, training=True)
    grads = net.backward(Y)
    masks = net.masks
    assert masks[0] is None and masks[-1] is None  # no dropout on input and output
    assert all(np.any(m == 0) for m in masks[1:-1])
    _, tf_grads = tf_loss_and_gradients(net, X, Y, tf_activations, masks=masks)
    assert relative_error(tf_grads, grads) < 1e-6

    class ForgetsTheMask(nn.Network):  # dropped units would still pass gradient back
        def backward(self, y):
            self.masks = [None] * len(self.masks)
            return super().backward(y)

    broken = ForgetsTheMask([2, 8, 8, 8, 1], "relu", "linear", dropout=0.5, seed=0)
    broken.set_weights(net.get_weights())
    broken.forward(X, training=True)
    masks = list(broken.masks)
    _, tf_grads = tf_loss_and_gradients(broken, X, Y, tf_activations, masks=masks)
    assert relative_error(tf_grads, broken.backward(Y)) > 1e-3


def test_every_catalogue_loss_backpropagates_like_gradient_tape():
    """Any loss of the catalogue works as the network's loss: its gradient reaches W."""
    from dlcourse.references import losses

    rng = np.random.default_rng(0)
    X = rng.standard_normal((6, 3))
    for name, targets in (("mean_absolute_error", rng.normal(size=(6, 2))),
                          ("hinge", rng.choice([-1.0, 1.0], (6, 2))),
                          ("mean_squared_logarithmic_error", rng.uniform(0, 3, (6, 2)))):
        net = nn.Network([3, 4, 2], "tanh", "relu" if "log" in name else "linear", name, seed=0)
        W = [tf.Variable(p) for p in net.params]
        keras_loss = getattr(keras.losses, name)
        with tf.GradientTape() as tape:
            A = tf.tanh(X @ W[0] + W[1]) @ W[2] + W[3]
            A = tf.nn.relu(A) if "log" in name else A
            loss = tf.reduce_mean(keras_loss(targets, A))
        tf_grads = [g.numpy() for g in tape.gradient(loss, W)]
        value, grads = net.gradients(X, targets)
        assert value == pytest.approx(float(loss), rel=1e-6)
        assert relative_error(tf_grads, grads) < 1e-6, name
        assert losses.get_loss(name).function is net.loss_function  # the catalogue's own


# --- the same network in Keras --------------------------------------------------------


def keras_model(net):
    layers = [keras.Input((net.layer_sizes[0],), dtype="float64")]
    for n_out, activation in zip(net.layer_sizes[1:], net.activations):
        if activation == "leaky_relu":
            layers += [
                keras.layers.Dense(n_out, dtype="float64"),
                keras.layers.LeakyReLU(negative_slope=activations.LEAKY_RELU_SLOPE, dtype="float64"),
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


# --- penalties and dropout ---------------------------------------------------------


def test_penalty_matches_keras_regularizers():
    net = build("relu_regression_l1_l2")
    regularizer = keras.regularizers.L1L2(l1=net.l1, l2=net.l2)
    expected = sum(float(regularizer(W)) for W in net.W)
    assert net.penalty() == pytest.approx(expected, rel=1e-6)  # Keras keeps l1, l2 in float32
    net.l2 *= 0.5  # the course material's lambda/2 convention would be caught
    assert net.penalty() != pytest.approx(expected, rel=1e-6)


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
    assert net.loss == "mean_squared_error"
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
        (dict(layer_sizes=[3, 0, 1]), ValueError, ["layer_sizes[1]", "positive", "0"]),
        (dict(layer_sizes=[3, 2.5, 1]), TypeError, ["layer_sizes[1]", "2.5"]),
        (dict(activation="swish"), ValueError, ["'swish'", "relu", "tanh"]),
        (dict(activation=3), TypeError, ["activation", "3"]),
        (dict(activation=["relu"]), ValueError, ["1 names", "2 hidden"]),
        (dict(activation="softmax"), ValueError, ["output layer only"]),
        (dict(output_activation="softmax", layer_sizes=[2, 3, 3, 1]), ValueError, ["at least 2", "sigmoid"]),
        (dict(loss="cross_entropy"), ValueError, ["'cross_entropy'", "mean_squared_error",
                                                  "categorical_crossentropy"]),
        (dict(loss="sparse_categorical_crossentropy"), ValueError, ["one-hot",
                                                                     "'categorical_crossentropy'"]),
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


