"""dlcourse: the helper package of an open deep-learning course that runs.

The chapter notebooks in ``notebooks/`` import it for data, plots, widgets and NumPy
reference implementations. Importing it is cheap: it never imports TensorFlow (the
modules that need Keras import it themselves), changes no global state and sets no seed.
Submodules load on first use, so ``import dlcourse; dlcourse.data.load("mnist")`` works.
"""

import importlib
import importlib.util
import pkgutil

__version__ = "0.1.0"


def __getattr__(name):
    if not name.startswith("_") and importlib.util.find_spec(f"{__name__}.{name}") is not None:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'dlcourse' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | {m.name for m in pkgutil.iter_modules(__path__)})
