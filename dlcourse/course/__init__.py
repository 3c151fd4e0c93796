"""The course itself: the chapter registry and the navigation, contents and tables it
generates (``chapters``), lecture mode's slide metadata (``slides``), and the course
published as a website (``book``) and as static slide decks (``decks``).

Imports only ``dlcourse.core``.
"""

from dlcourse.core.lazy import lazy_package

__getattr__, __dir__ = lazy_package(__name__, __path__)
