"""Activations against TensorFlow and their derivatives against finite differences."""

import warnings

import numpy as np
import pytest

from dlcourse.references import activations

DERIVATIVES = ["sigmoid", "tanh", "relu", "leaky_relu", "linear"]


def derivative_mismatch(g, g_prime, z, h=1e-6):
    approx = (g(z + h) - g(z - h)) / (2 * h)
    return float(np.max(np.abs(approx - g_prime(z))))


@pytest.mark.parametrize("name", DERIVATIVES)
def test_derivatives_match_finite_differences(name):
    z = np.linspace(-4, 4, 81) + 0.05  # steps past the kink of (leaky) ReLU at 0
    g, g_prime = activations.get_activation(name)
    assert derivative_mismatch(g, g_prime, z) < 1e-8
    assert derivative_mismatch(g, lambda z: 0.9 * g_prime(z) + 0.05, z) > 1e-3


@pytest.mark.parametrize("name", DERIVATIVES + ["softmax"])
def test_activations_match_tensorflow(name, tf_activations):
    z = np.random.default_rng(0).normal(scale=3, size=(5, 4))
    g, _ = activations.get_activation(name)
    np.testing.assert_allclose(g(z), tf_activations[name](z).numpy(), rtol=1e-12, atol=1e-15)
    assert not np.allclose(g(z), tf_activations[name](1.1 * z).numpy(), rtol=1e-6)  # able to fail


def test_softmax_backward_matches_gradient_tape():
    tf = pytest.importorskip("tensorflow")
    rng = np.random.default_rng(0)
    z, upstream = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))  # upstream: dL/dp
    logits = tf.Variable(z)
    with tf.GradientTape() as tape:
        total = tf.reduce_sum(tf.nn.softmax(logits) * upstream)
    expected = tape.gradient(total, logits).numpy()
    p = activations.softmax(z)
    np.testing.assert_allclose(activations.softmax_backward(p, upstream), expected, rtol=1e-12)
    elementwise = upstream * p * (1 - p)  # the diagonal of the Jacobian only: wrong
    assert not np.allclose(elementwise, expected, rtol=1e-3)


def test_sigmoid_and_softmax_do_not_overflow_and_keep_float32():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        z = np.array([[-1000.0, 0.0, 1000.0]], dtype=np.float32)
        assert activations.sigmoid(z).tolist() == [[0.0, 0.5, 1.0]]
        assert activations.sigmoid(z).dtype == np.float32
        np.testing.assert_allclose(activations.softmax(z), [[0.0, 0.0, 1.0]])
    z = np.array([-3.0, 0.5, 2.0])
    np.testing.assert_allclose(activations.sigmoid(z), 1 / (1 + np.exp(-z)), rtol=1e-15)
    np.testing.assert_allclose(activations.softmax(z + 100), activations.softmax(z), rtol=1e-12)
    assert activations.sigmoid([0.0, 0.0]).tolist() == [0.5, 0.5]  # lists work too


def test_unknown_activation_names_the_choices():
    with pytest.raises(ValueError, match=r"unknown activation 'swish'.*'relu'"):
        activations.get_activation("swish")
