"""The foundation: run mode and seeds (``config``), repository paths (``paths``), atomic
file writes (``files``), small tables (``tables``), argument checks (``validation``)
and lazy package access (``lazy``).

Imports nothing of the rest of the package.
"""

from dlcourse.core.lazy import lazy_package

__getattr__, __dir__ = lazy_package(__name__, __path__)
