"""Keras helpers: one checked MLP configuration and its model (``mlp``), experiment grids
over them (``experiments``), callbacks and measurements (``callbacks``), custom layers
(``layers``), custom losses and metrics (``custom_objects``), model graphs (``graph``)
and the Keras 1/2 to 3 migration table (``migration``).

Imports ``dlcourse.core``, ``dlcourse.data`` and ``dlcourse.references``; never plots
or widgets.
"""

from dlcourse.core.lazy import lazy_package

__getattr__, __dir__ = lazy_package(__name__, __path__)
