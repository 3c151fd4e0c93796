"""dlcourse: the helper package of an open deep-learning course that runs.

The chapter notebooks in ``notebooks/`` import it for data, plots, widgets and NumPy
reference implementations. Importing it is cheap: it never imports TensorFlow (the
modules that need Keras import it themselves), changes no global state and sets no seed.
Submodules load on first use, so ``import dlcourse; dlcourse.data.load("mnist")`` works.
"""

import importlib

__version__ = "0.1.0"

_SUBMODULES = (
    "callbacks",
    "chapters",
    "config",
    "data",
    "experiments",
    "features",
    "grading",
    "graph",
    "migration",
    "nn",
    "optim",
    "playground",
    "plots",
    "predictions",
    "preprocess",
    "widgets",
)


def __getattr__(name):
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'dlcourse' has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + list(_SUBMODULES))
