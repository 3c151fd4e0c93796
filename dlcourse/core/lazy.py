"""Lazy attribute access for the package's folders (one helper for every ``__init__``).

``import dlcourse`` stays cheap: a folder's modules load on first use. A folder that
stands for one concept (``dlcourse.data``, ``dlcourse.playground``) may also name
*main* modules whose public names (their ``__all__``, if they define one) it offers
directly, so ``data.load(...)`` and ``playground.Config`` work.
"""

import importlib
import importlib.util
import pkgutil


def lazy_package(package, path, main=None):
    """``(__getattr__, __dir__)`` for the package ``package`` with search path ``path``.

    ``main``: a module name, or several, whose public names the package offers too.

    Example
    -------
    >>> __getattr__, __dir__ = lazy_package(__name__, __path__, main="datasets")  # doctest: +SKIP
    """
    modules = sorted(m.name for m in pkgutil.iter_modules(path))
    mains = () if main is None else (main,) if isinstance(main, str) else tuple(main)

    def public(module):
        return getattr(module, "__all__", None) or [n for n in dir(module)
                                                    if not n.startswith("_")]

    def __getattr__(name):
        if name.startswith("_"):
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        if name in modules:
            return importlib.import_module(f"{package}.{name}")
        for main_module in mains:
            module = importlib.import_module(f"{package}.{main_module}")
            if name in public(module):
                return getattr(module, name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    def __dir__():
        names = set(modules)
        for main_module in mains:
            names |= set(public(importlib.import_module(f"{package}.{main_module}")))
        return sorted(names)

    return __getattr__, __dir__


def module_index(package, path):
    """``{module name: dotted path}`` for every module one folder below ``package``.

    The short names ``from dlcourse import plots`` resolves. Raises ``ValueError``
    when two folders hold modules of the same name (a short name must be unique).
    """
    index = {}
    for folder in pkgutil.iter_modules(path):
        if not folder.ispkg:
            continue
        spec = importlib.util.find_spec(f"{package}.{folder.name}")
        for module in pkgutil.iter_modules(spec.submodule_search_locations):
            dotted = f"{package}.{folder.name}.{module.name}"
            if module.name in index:
                raise ValueError(f"two modules are named {module.name!r}: "
                                 f"{index[module.name]} and {dotted}; rename one")
            index[module.name] = dotted
    return index
