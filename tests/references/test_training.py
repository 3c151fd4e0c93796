"""The training conveniences: fit against Keras's fit, gradient checks, deep stacks, toys."""

import numpy as np
import pytest

from dlcourse.references import activations, nn, optim, training
from dlcourse.references.training import gradient_check, numerical_gradient, relative_error

keras = pytest.importorskip("keras")


def random_batch(net, batch=5, seed=1):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((batch, net.layer_sizes[0]))
    n_out = net.layer_sizes[-1]
    if net.activations[-1] == "softmax":
        return X, rng.integers(0, n_out, batch)
    if net.activations[-1] == "tanh":
        return X, rng.choice([-1.0, 1.0], (batch, n_out))
    return X, rng.integers(0, 2, (batch, n_out)).astype(float)


# (layer sizes, hidden activation(s), output, settings). Smooth activations only: ReLU's
# kink would need random biases (test_nn checks ReLU networks against GradientTape).
CHECKED = {
    "tanh_softmax_l2": ([4, 6, 3], "tanh", "softmax", {"l2": 0.01}),
    "sigmoid_bce_l1": ([3, 5, 4, 1], "sigmoid", "sigmoid", {"l1": 0.01}),
    "playground_tanh": ([7, 8, 1], "tanh", "tanh", {"l2": 0.003}),
    "tanh_softmax_mse": ([5, 6, 6, 3], "tanh", "softmax", {"loss": "mean_squared_error"}),
    "linear_regression_l1_l2": ([2, 8, 8, 1], "linear", "linear", {"l1": 1e-3, "l2": 0.01}),
}


# --- the training loop ----------------------------------------------------------------


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
    assert relative_error(model.get_weights(), net.get_weights()) < 1e-6
    np.testing.assert_allclose(history["loss"], keras_history["loss"], rtol=1e-6)
    np.testing.assert_allclose(history["accuracy"], keras_history["accuracy"], rtol=1e-6)

    # Able to fail: other batches give other weights.
    net.set_weights(start)
    net.fit(X, y, optim.Adam(**settings), epochs=2, batch_size=8, shuffle=False)
    assert relative_error(model.get_weights(), net.get_weights()) > 1e-3


def two_moons(num=200, seed=0):
    from sklearn.datasets import make_moons

    return make_moons(num, noise=0.1, random_state=seed)


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


def test_fit_errors_name_the_bad_value():
    net = nn.Network([3, 4, 2], "relu", "softmax", seed=0)
    X, y = np.zeros((5, 3)), np.zeros(5, dtype=int)
    with pytest.raises(ValueError, match="batch_size must be a positive int, got 0"):
        training.fit(net, X, y, optim.SGD(), batch_size=0)
    with pytest.raises(ValueError, match="unknown optimizer 'adamw'"):
        training.fit(net, X, y, "adamw")
    with pytest.raises(TypeError, match="epochs must be a positive int, got 2.0"):
        net.fit(X, y, optim.SGD(), epochs=2.0)


# --- gradient checking ----------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(CHECKED))
def test_gradient_check_passes_for_correct_backprop(name):
    sizes, hidden, output, settings = CHECKED[name]
    net = nn.Network(sizes, hidden, output, seed=0, **settings)
    assert gradient_check(net, *random_batch(net)) < 1e-7


def broken_tanh_derivative(z):
    return 1.0 - np.tanh(z)  # should be 1 - tanh(z)**2


def test_gradient_check_catches_a_wrong_derivative(monkeypatch):
    monkeypatch.setitem(activations.ACTIVATIONS, "tanh", (activations.tanh, broken_tanh_derivative))
    net = nn.Network([7, 8, 1], "tanh", "tanh", l2=0.003, seed=0)
    assert gradient_check(net, *random_batch(net)) > 1e-3


def test_gradient_check_catches_a_forgotten_penalty_term():
    class ForgetsL2(nn.Network):
        def backward(self, y):
            l2, self.l2 = self.l2, 0.0
            try:
                return super().backward(y)
            finally:
                self.l2 = l2

    net = ForgetsL2([4, 6, 3], "tanh", "softmax", l2=0.1, seed=0)
    assert gradient_check(net, *random_batch(net)) > 1e-3


def test_gradient_check_catches_a_missing_one_over_batch():
    class SumsInsteadOfMean(nn.Network):
        def output_delta(self, Y):
            return super().output_delta(Y) * len(Y)

    net = SumsInsteadOfMean([3, 5, 4, 1], "sigmoid", "sigmoid", seed=0)
    assert gradient_check(net, *random_batch(net)) > 1e-3


def test_numerical_gradient_and_relative_error_on_a_known_function():
    p = [np.array([[1.0, -2.0], [3.0, 0.5]]), np.array([4.0])]
    before = [q.copy() for q in p]
    approx = numerical_gradient(lambda: sum(float(np.sum(q**2)) for q in p), p)
    exact = [2 * q for q in p]
    assert relative_error(approx, exact) < 1e-9
    assert all(np.array_equal(a, b) for a, b in zip(p, before))  # restored
    assert relative_error([np.ones(3)], [2 * np.ones(3)]) == pytest.approx(1 / 3)
    assert relative_error([np.zeros(2)], [np.zeros(2)]) == 0.0
    with pytest.raises(ValueError, match="different sizes"):
        relative_error([np.ones(3)], [np.ones(4)])
    with pytest.raises(ValueError, match="epsilon must be a positive number, got 0"):
        numerical_gradient(lambda: 0.0, p, epsilon=0)


def test_gradient_check_refuses_float32_and_other_objects():
    net = nn.Network([2, 3, 1], "tanh", "sigmoid", dtype="float32", seed=0)
    with pytest.raises(ValueError, match="float64"):
        gradient_check(net, np.ones((2, 2)), np.ones(2))
    with pytest.raises(TypeError, match="Network"):
        gradient_check("net", np.ones((2, 2)), np.ones(2))


# --- deep stacks ----------------------------------------------------------------------


def test_build_deep_network_scales_and_signals():
    net = training.build_deep_network("relu", 1.0, num_layers=3, width=200, seed=0)
    assert net.layer_sizes == [200] * 4 and net.activations == ["relu"] * 3
    assert all(W.std() == pytest.approx(1.0, rel=0.02) for W in net.W)
    assert all(not b.any() for b in net.b)
    he = training.build_deep_network("relu", "he_normal", num_layers=3, width=200, seed=0)
    assert he.W[0].std() == pytest.approx(np.sqrt(2 / 200), rel=0.02)
    X = np.random.default_rng(0).standard_normal((300, 200))
    small = [a.std() for a in training.build_deep_network("tanh", 0.01, num_layers=6, width=200).layer_activations(X)]
    steady = [a.std() for a in he.layer_activations(X)]
    assert small[-1] < 1e-3 * small[0]          # vanishing: a factor ~0.14 per layer
    assert 0.5 < steady[-1] / steady[0] < 2     # He keeps ReLU signals steady
    exploding = [a.std() for a in net.layer_activations(X)]
    assert exploding[-1] > 100 * exploding[0]


@pytest.mark.parametrize(
    "kwargs, error, words",
    [
        ({"initializer": True}, TypeError, r"or a standard deviation\) must be a positive"),
        ({"initializer": -1.0}, ValueError, "must be a positive number, got -1.0"),
        ({"initializer": "ones"}, ValueError, "initializer must be one of .*; got 'ones'"),
        ({"num_layers": 0}, ValueError, "num_layers must be a positive int"),
        ({"width": 2.5}, TypeError, "width must be a positive int"),
        ({"activation": "softmax"}, ValueError, "softmax is for the output layer"),
    ],
)
def test_build_deep_network_errors(kwargs, error, words):
    arguments = {"activation": "tanh", "initializer": "xavier", **kwargs}
    with pytest.raises(error, match=words):
        training.build_deep_network(**arguments)


# --- the toy problem of chapter 10 ----------------------------------------------------


def test_make_toy_data_splits_one_distribution():
    (x, y), (x_test, y_test) = training.make_toy_data(num_train=40, num_test=100, seed=1)
    assert x.shape == (40, 2) and x_test.shape == (100, 2) and set(np.unique(y)) == {0, 1}
    again, _ = training.make_toy_data(num_train=40, num_test=100, seed=1)
    np.testing.assert_array_equal(again[0], x)
    with pytest.raises(ValueError, match="at least 2"):
        training.make_toy_data(num_train=1)


def test_fit_toy_overfits_without_penalty_and_l2_narrows_the_gap():
    plain = training.fit_toy(hidden_units=64, epochs=300)
    assert plain["train_accuracy"] > 0.95 and plain["gap"] > 0.05
    penalized = training.fit_toy(hidden_units=64, l2=1e-3, epochs=300)
    assert penalized["gap"] < plain["gap"]
    assert penalized["network"].l2 == 1e-3 and penalized["settings"]["l2"] == 1e-3
    with pytest.raises(ValueError, match="hidden_units"):
        training.fit_toy(hidden_units=0)
