"""NumPy reference implementations that the chapters read.

- ``activations``: activation functions and their derivatives;
- ``losses``: the loss catalogue, per-sample losses with their gradients;
- ``initializers``: starting weights of a dense layer;
- ``nn``: the network of chapter 08, forward pass, backpropagation and update;
- ``training``: the fit loop, gradient checks and toy problems around ``nn``;
- ``optim``: optimizers and learning-rate decay;
- ``landscapes``: 1D and 2D test functions for optimizers;
- ``trajectories``: optimizers' paths on them, and races;
- ``evaluation``: from predictions to answers (classes, mistakes, ensembles, sparsity).

Imports only ``dlcourse.core`` and ``dlcourse.data``; never Keras, never plots or widgets.
"""

from dlcourse.core.lazy import lazy_package

__getattr__, __dir__ = lazy_package(__name__, __path__)
