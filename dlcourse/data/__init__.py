"""Data: the data-set registry and loading (``datasets``; its public names are offered
here too, so ``data.load("mnist")`` works), preprocessing (``preprocess``) and the 2D
toy data sets (``toy``).

Imports only ``dlcourse.core``.
"""

from dlcourse.core.lazy import lazy_package

__getattr__, __dir__ = lazy_package(__name__, __path__, main="datasets")
