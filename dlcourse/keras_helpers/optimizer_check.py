"""Keras's optimizers on the course's test functions, to check the NumPy references.

:func:`run_keras_optimizer` is :func:`dlcourse.references.trajectories.run_optimizer`
with a ``keras.optimizers`` object: comparing the two paths shows that
:mod:`dlcourse.references.optim` computes what Keras computes (chapter 09). Importing
this module does not import Keras; calling the function does.

Example
-------
>>> import keras
>>> from dlcourse.references import optim, trajectories
>>> ours = trajectories.run_optimizer(optim.Adam(0.1), "rosenbrock", num_steps=50)
>>> theirs = run_keras_optimizer(keras.optimizers.Adam(0.1), "rosenbrock", num_steps=50)  # doctest: +SKIP
"""

import numpy as np

from dlcourse.core.config import import_keras
from dlcourse.core.validation import check_int
from dlcourse.references.landscapes import get_function

__all__ = ["run_keras_optimizer"]


def run_keras_optimizer(optimizer, function, start=None, num_steps=100):
    """The path of a ``keras.optimizers`` optimizer on a 2D test function.

    The loop of :func:`dlcourse.references.trajectories.run_optimizer` (the gradient of
    the test function at the current point, one ``apply_gradients``), on a float64
    Keras variable.

    ``optimizer`` is a fresh ``keras.optimizers.Optimizer`` (its state is not reset);
    ``function``, ``start`` and ``num_steps`` and the returned path, shape
    ``(num_steps + 1, 2)``, are those of ``run_optimizer``.
    """
    keras = import_keras()
    if not isinstance(optimizer, keras.optimizers.Optimizer):
        raise TypeError(f"optimizer must be a keras.optimizers.Optimizer, got {optimizer!r}")
    function = get_function(function)
    num_steps = check_int("num_steps", num_steps, minimum=0)
    start = function.start if start is None else start
    variable = keras.Variable(np.array(start, dtype=np.float64), dtype="float64")
    path = np.empty((num_steps + 1, 2))  # (steps, xy)
    path[0] = variable.numpy()
    for k in range(num_steps):
        x, y = variable.numpy()
        g = np.array(function.gradient(x, y), dtype=np.float64)  # (2,)
        optimizer.apply_gradients([(g, variable)])
        path[k + 1] = variable.numpy()
    return path
