"""TensorFlow Playground in a notebook: its data, engine and runs (``engine``, its public
names offered here too), and its interactive page (``ui``).

The engine imports ``dlcourse.core``, ``dlcourse.data`` and ``dlcourse.references``;
only the UI may use ``dlcourse.presentation``.
"""

from dlcourse.core.lazy import lazy_package

__getattr__, __dir__ = lazy_package(__name__, __path__, main="engine")
