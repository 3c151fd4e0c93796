"""NumPy reference implementations that the chapters read: the network with
backpropagation (``nn``), losses with their gradients (``losses``), optimizers and test
functions (``optim``), evaluation of predictions (``evaluation``), generalization
experiments (``regularization``).

Imports only ``dlcourse.core`` and ``dlcourse.data``; never Keras, never plots or widgets.
"""

from dlcourse.core.lazy import lazy_package

__getattr__, __dir__ = lazy_package(__name__, __path__)
