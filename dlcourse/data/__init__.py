"""Data: the data-set registry (``registry``) and loading (``datasets``), stated-size subsets for the
chapters (``subsets``), preprocessing (``preprocess``) and the 2D toy data sets
(``toy``). The public names of ``datasets`` and ``subsets`` are offered here too, so
``data.load("mnist")`` and ``data.load_subsets("mnist", num_train=...)`` work.

Imports only ``dlcourse.core``.
"""

from dlcourse.core.lazy import lazy_package

__getattr__, __dir__ = lazy_package(__name__, __path__, main=("datasets", "subsets", "sequences"))
