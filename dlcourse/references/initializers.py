"""Weight initializers: the starting weights of a dense layer, and why their scale matters.

What is shown: zeros (symmetry is never broken), small random numbers, Xavier (the
course material's), Glorot normal and uniform (Keras's default) and He normal and
uniform (for ReLU), each drawing a ``(fan_in, fan_out)`` matrix. Left out: Keras's
truncated normals, orthogonal and variance-scaling initializers in general.

Example
-------
>>> W = initialize_weights(784, 500, "he_normal", np.random.default_rng(0))
>>> round(float(W.std() * np.sqrt(784 / 2)), 1)
1.0
"""

import numpy as np

from dlcourse.core.validation import check_choice

#: initializer name -> what it draws for a (fan_in, fan_out) weight matrix
INITIALIZERS = {
    "zeros": "all zeros (every unit stays identical: symmetry is never broken)",
    "small_random": "normal, standard deviation 0.01",
    "xavier": "normal, standard deviation sqrt(1 / fan_in) (the course material's Xavier)",
    "glorot_normal": "normal, standard deviation sqrt(2 / (fan_in + fan_out))",
    "glorot_uniform": "uniform on +-sqrt(6 / (fan_in + fan_out)) (Keras's default)",
    "he_normal": "normal, standard deviation sqrt(2 / fan_in) (for ReLU)",
    "he_uniform": "uniform on +-sqrt(6 / fan_in)",
}


def initialize_weights(fan_in, fan_out, method="glorot_uniform", rng=None, dtype=np.float64):
    """A weight matrix ``W`` of shape ``(fan_in, fan_out)`` drawn by ``method``.

    Parameters
    ----------
    fan_in, fan_out : int
        Units in the layer below and in this layer.
    method : str
        One of ``INITIALIZERS`` (zeros, small_random, xavier, glorot_normal,
        glorot_uniform, he_normal, he_uniform). Keras draws its ``*_normal`` variants
        from a normal truncated at two standard deviations; here the normal is not
        truncated.
    rng : numpy.random.Generator, optional
        Source of randomness (a fresh unseeded one if omitted).
    dtype : numpy dtype
        float32 or float64.

    Returns
    -------
    numpy.ndarray of shape (fan_in, fan_out)
    """
    check_choice("initializer", method, INITIALIZERS)
    rng = np.random.default_rng() if rng is None else rng
    shape = (fan_in, fan_out)
    if method == "zeros":
        W = np.zeros(shape)
    elif method == "small_random":
        W = 0.01 * rng.standard_normal(shape)
    elif method == "xavier":
        W = np.sqrt(1.0 / fan_in) * rng.standard_normal(shape)
    elif method == "glorot_normal":
        W = np.sqrt(2.0 / (fan_in + fan_out)) * rng.standard_normal(shape)
    elif method == "glorot_uniform":
        limit = np.sqrt(6.0 / (fan_in + fan_out))
        W = rng.uniform(-limit, limit, shape)
    elif method == "he_normal":
        W = np.sqrt(2.0 / fan_in) * rng.standard_normal(shape)
    else:  # he_uniform
        limit = np.sqrt(6.0 / fan_in)
        W = rng.uniform(-limit, limit, shape)
    return W.astype(dtype, copy=False)
