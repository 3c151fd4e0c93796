"""Activation functions ``g(z)`` and their derivatives ``g'(z)``, in NumPy.

What is shown: sigmoid, tanh, ReLU, leaky ReLU and linear, element by element, each
with its derivative; softmax over the last axis, with the product of its Jacobian and
an upstream gradient (:func:`softmax_backward`), which is how a gradient passes back
through it. The network of chapter 08 (:mod:`dlcourse.references.nn`) and the loss
catalogue (:mod:`dlcourse.references.losses`) both use these.

Every function takes an array (or a number) and keeps its floating dtype: float32 in,
float32 out. Left out: ELU, GELU, swish, softplus and the other activations Keras has.

Example
-------
>>> g, g_prime = get_activation("tanh")
>>> float(g_prime(np.array(0.0)))
1.0
"""

import numpy as np

from dlcourse.core.validation import lookup

LEAKY_RELU_SLOPE = 0.01  # the course material's 0.01 z; Keras's default slope is 0.2


def sigmoid(z):
    """Logistic sigmoid ``1 / (1 + exp(-z))``.

    Written as ``(1 + tanh(z / 2)) / 2``, the same function, which never overflows.
    """
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(z)))


def sigmoid_derivative(z):
    """``sigmoid'(z) = sigmoid(z) * (1 - sigmoid(z))``, at most 1/4."""
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh(z):
    """Hyperbolic tangent, ``(exp(z) - exp(-z)) / (exp(z) + exp(-z))``."""
    return np.tanh(z)


def tanh_derivative(z):
    """``tanh'(z) = 1 - tanh(z)**2``, at most 1."""
    t = np.tanh(z)
    return 1.0 - t * t


def relu(z):
    """Rectified linear unit ``max(0, z)``."""
    return np.maximum(z, 0.0)


def relu_derivative(z):
    """1 where ``z > 0``, else 0 (the value at the kink ``z = 0`` is taken as 0)."""
    return (z > 0).astype(z.dtype)


def leaky_relu(z, slope=LEAKY_RELU_SLOPE):
    """``z`` for ``z > 0``, else ``slope * z`` (default slope 0.01)."""
    return np.where(z > 0, z, slope * z)


def leaky_relu_derivative(z, slope=LEAKY_RELU_SLOPE):
    """1 for ``z > 0``, else ``slope``."""
    return np.where(z > 0, 1.0, slope).astype(z.dtype)


def linear(z):
    """Identity ``g(z) = z`` (regression outputs)."""
    return z


def linear_derivative(z):
    """``g'(z) = 1``."""
    return np.ones_like(z)


def softmax(z):
    """Softmax over the last axis: ``exp(z) / sum(exp(z))``, row by row.

    The row maximum is subtracted first; this does not change the result and keeps
    ``exp`` from overflowing.
    """
    z = np.asarray(z)
    e = np.exp(z - z.max(axis=-1, keepdims=True))  # (batch, classes)
    return e / e.sum(axis=-1, keepdims=True)


def softmax_backward(p, dL_dp):
    r"""``dL/dz`` from ``dL/dp`` through ``p = softmax(z)``, row by row.

    Softmax mixes a row's outputs, so it has no element-wise derivative; the chain rule
    gives :math:`\partial L/\partial z_j = p_j\,(g_j - \sum_i p_i g_i)` with
    :math:`g = \partial L/\partial p`: the product of its Jacobian and ``dL_dp``.
    """
    return p * (dL_dp - np.sum(dL_dp * p, axis=-1, keepdims=True))  # (batch, classes)


#: name -> (g, g'). Softmax's derivative is ``None``: see :func:`softmax_backward`.
ACTIVATIONS = {
    "sigmoid": (sigmoid, sigmoid_derivative),
    "tanh": (tanh, tanh_derivative),
    "relu": (relu, relu_derivative),
    "leaky_relu": (leaky_relu, leaky_relu_derivative),
    "linear": (linear, linear_derivative),
    "softmax": (softmax, None),
}


def get_activation(name):
    """The pair ``(g, g_prime)`` for an activation name (one of ``ACTIVATIONS``)."""
    return lookup(ACTIVATIONS, name, "activation")
