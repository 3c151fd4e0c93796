"""What a learner sees: figures (``plots``, each ``plot_*(..., ax=None)`` returning the
Axes), the live training plot callback (``live_plot``) and thin widgets over pure
functions (``widgets``).

May import every layer above; no other layer imports it (but the playground's UI).
"""

from dlcourse.core.lazy import lazy_package

__getattr__, __dir__ = lazy_package(__name__, __path__)
