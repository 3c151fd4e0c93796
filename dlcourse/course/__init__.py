"""The course itself: the chapter registry and the navigation, contents and tables it
generates (``chapters``).

Imports only ``dlcourse.core``.
"""

from dlcourse.core.lazy import lazy_package

__getattr__, __dir__ = lazy_package(__name__, __path__)
