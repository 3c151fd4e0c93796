"""Classic computer vision: colour histograms, HOG and SVMs (``features``).

Imports only ``dlcourse.core``.
"""

from dlcourse.core.lazy import lazy_package

__getattr__, __dir__ = lazy_package(__name__, __path__)
