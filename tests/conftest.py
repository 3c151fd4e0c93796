"""Shared test set-up: the Agg backend, no downloads, fast mode; shared fixtures."""

import os

import matplotlib

matplotlib.use("Agg")
os.environ.setdefault("DLCOURSE_OFFLINE", "1")  # tests never touch the network
os.environ.setdefault("DLCOURSE_MODE", "fast")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


import pytest  # noqa: E402

# Everything that executes notebooks or drives a browser: `make unit` leaves it out.
SLOW_PARTS = ("notebooks", "homework", "test_browser.py")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if any(part in SLOW_PARTS for part in item.path.parts):
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def float64_keras():
    """Keras in float64 for one test (it keeps learning rates in `floatx`, so they are
    not rounded to float32); restored afterwards."""
    from dlcourse.core.config import import_keras

    keras = import_keras()
    previous = keras.config.floatx()
    keras.config.set_floatx("float64")
    yield
    keras.config.set_floatx(previous)


@pytest.fixture
def tf_activations():
    """Activation name -> the same function in TensorFlow (the oracle of the references)."""
    tf = pytest.importorskip("tensorflow")
    from dlcourse.references.activations import LEAKY_RELU_SLOPE

    return {
        "sigmoid": tf.sigmoid,
        "tanh": tf.tanh,
        "relu": tf.nn.relu,
        # tf.nn.leaky_relu rounds alpha to float32; written out, the slope stays float64
        "leaky_relu": lambda z: tf.where(z > 0, z, LEAKY_RELU_SLOPE * z),
        "linear": tf.identity,
        "softmax": tf.nn.softmax,
    }
