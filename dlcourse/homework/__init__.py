"""Homework: release student copies, grade submissions (``grading``) in a sandbox
(``sandbox``) with a pytest plugin next to nbval (``plugin``).

Imports only ``dlcourse.core``: it runs headless, without Keras, plots or widgets.
"""

from dlcourse.core.lazy import lazy_package

__getattr__, __dir__ = lazy_package(__name__, __path__)
