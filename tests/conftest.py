"""Shared test set-up: the Agg backend, no downloads, fast mode; shared fixtures."""

import os

import matplotlib

matplotlib.use("Agg")
os.environ.setdefault("DLCOURSE_OFFLINE", "1")  # tests never touch the network
os.environ.setdefault("DLCOURSE_MODE", "fast")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


import numpy as np  # noqa: E402
import pytest  # noqa: E402

# Everything that executes notebooks or drives a browser: `make unit` leaves it out.
SLOW_PARTS = ("notebooks", "homework", "test_browser.py", "test_data_sizes.py")


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


@pytest.fixture(scope="module")
def keras():
    """Keras, imported quietly after ``config.set_seed(0)`` (once per test module)."""
    from dlcourse.core import config

    config.set_seed(0)
    return config.import_keras()


class _TinyBinary:
    """A small binary problem (4 features, 0/1 labels) and a maker of its classifier."""

    def __init__(self, keras):
        self.keras = keras

    def data(self, n=64, seed=0):
        rng = np.random.default_rng(seed)
        x = rng.normal(size=(n, 4)).astype("float32")
        return x, (x[:, 0] + 0.5 * x[:, 1] > 0).astype("float32")

    def model(self, learning_rate=0.05):
        """Dense(8, relu) -> Dense(1, sigmoid), compiled: SGD, cross-entropy, accuracy."""
        keras = self.keras
        model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"),
                                  keras.layers.Dense(1, activation="sigmoid")])
        model.compile(keras.optimizers.SGD(learning_rate), "binary_crossentropy",
                      metrics=["accuracy"])
        return model


@pytest.fixture(scope="module")
def tiny_binary(keras):
    """``tiny_binary.data(n)`` and ``tiny_binary.model()``, for callback tests."""
    return _TinyBinary(keras)


class Calls(list):
    """The calls a :func:`spy` recorded, each ``(args, kwargs)``; ``fail = True`` makes the
    next calls raise ``ValueError`` (to see how an error is shown)."""

    fail = False


@pytest.fixture
def spy(monkeypatch):
    """``calls = spy(owner, "name")`` wraps ``owner.name`` so that every call is recorded.

    The wrapper calls the real function (unless ``calls.fail``); the test checks what
    reached it, e.g. that a widget passed its slider's value to the pure function.
    """

    def install(owner, name):
        real = getattr(owner, name)
        calls = Calls()

        def spied(*args, **kwargs):
            calls.append((args, kwargs))
            if calls.fail:
                raise ValueError(f"{name} made to fail by the test")
            return real(*args, **kwargs)

        monkeypatch.setattr(owner, name, spied)
        return calls

    return install


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
