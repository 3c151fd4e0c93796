"""dlcourse: the helper package of an open deep-learning course that runs.

The chapter notebooks in ``notebooks/`` import it for data, plots, widgets and NumPy
reference implementations. Its folders are the layers of its design (see
``docs/architecture.md``), each importing only the layers below it:

- ``core``: mode and seeds, paths, atomic files, small tables, argument checks;
- ``data``: the data-set registry and loading, preprocessing, 2D toy data;
- ``references``: NumPy implementations read in the chapters (network, losses,
  optimizers, evaluation); never Keras;
- ``keras_helpers``: experiment grids, callbacks, layers, custom losses and metrics;
- ``playground``: TensorFlow Playground's data, engine, runs, figures and page;
- ``vision``: colour histograms, HOG, SVMs;
- ``presentation``: plots and widgets, over everything above;
- ``homework``: release, grading, sandbox; ``course``: the chapter list and its tools;
  ``cli``: ``python -m dlcourse ...``.

Importing it is cheap: it never imports TensorFlow (the modules that need Keras import
it themselves), changes no global state and sets no seed. Modules load on first use,
and every module can be reached by its short name: ``from dlcourse import config,
data, plots`` is ``dlcourse.core.config``, the ``dlcourse.data`` folder and
``dlcourse.presentation.plots``; so ``import dlcourse; dlcourse.data.load("mnist")``
works.
"""

import importlib

from dlcourse.core.lazy import lazy_package, module_index

__version__ = "0.1.0"

_folder_getattr, _folder_dir = lazy_package(__name__, __path__)
_SHORT_NAMES = module_index(__name__, __path__)


def __getattr__(name):
    if name in _SHORT_NAMES and name not in _folder_dir():
        return importlib.import_module(_SHORT_NAMES[name])
    return _folder_getattr(name)


def __dir__():
    return sorted(set(globals()) | set(_folder_dir()) | set(_SHORT_NAMES))
