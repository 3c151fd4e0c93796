"""Classic computer vision: colour histograms (``color``), HOG (``hog``) and SVMs (``svm``),
on the image conventions of ``images``.

Imports only ``dlcourse.core``.
"""

from dlcourse.core.lazy import lazy_package

__getattr__, __dir__ = lazy_package(__name__, __path__)
