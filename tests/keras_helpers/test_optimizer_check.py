"""run_keras_optimizer against the NumPy path of the same optimizer."""

import numpy as np
import pytest

from dlcourse.keras_helpers.optimizer_check import run_keras_optimizer
from dlcourse.references import optim, trajectories

keras = pytest.importorskip("keras")


def test_run_keras_optimizer_follows_run_optimizer(float64_keras):
    ours = trajectories.run_optimizer(optim.SGD(1e-3, momentum=0.875), "rosenbrock", num_steps=30)
    theirs = run_keras_optimizer(keras.optimizers.SGD(1e-3, momentum=0.875), "rosenbrock",
                                 num_steps=30)
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-12)
    other = run_keras_optimizer(keras.optimizers.SGD(1e-3, momentum=0.875, nesterov=True),
                                "rosenbrock", num_steps=30)
    assert np.abs(ours - other).max() > 1e-4  # the comparison tells the variants apart
    with pytest.raises(TypeError, match="keras.optimizers.Optimizer"):
        run_keras_optimizer(optim.SGD(0.1), "rosenbrock")
    with pytest.raises(ValueError, match="num_steps must be an int >= 0, got -1"):
        run_keras_optimizer(keras.optimizers.SGD(0.1), "rosenbrock", num_steps=-1)
    with pytest.raises(ValueError, match="unknown test function 'ackley'"):
        run_keras_optimizer(keras.optimizers.SGD(0.1), "ackley")
