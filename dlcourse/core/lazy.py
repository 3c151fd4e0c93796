"""Lazy attribute access for the package's folders (one helper for every ``__init__``).

``import dlcourse`` stays cheap: a folder's modules load on first use. A folder that
stands for one concept (``dlcourse.data``, ``dlcourse.playground``) may also name its
*main* modules, whose public names it offers directly, so ``data.load(...)`` works.
"""

import importlib
import importlib.util
import pkgutil


def lazy_package(package, path, main=None):
    """``(__getattr__, __dir__)`` for the package ``package`` with search path ``path``.

    ``main`` is a module name or a tuple of them, searched in order for a public name.

    Example
    -------
    >>> __getattr__, __dir__ = lazy_package(__name__, __path__, main="datasets")  # doctest: +SKIP
    """
    modules = sorted(m.name for m in pkgutil.iter_modules(path))
    mains = () if main is None else (main,) if isinstance(main, str) else tuple(main)

    def __getattr__(name):
        if name.startswith("_"):
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        if name in modules:
            return importlib.import_module(f"{package}.{name}")
        for module_name in mains:
            module = importlib.import_module(f"{package}.{module_name}")
            if hasattr(module, name):
                return getattr(module, name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    def __dir__():
        names = set(modules)
        for module_name in mains:
            module = importlib.import_module(f"{package}.{module_name}")
            names |= {n for n in dir(module) if not n.startswith("_")}
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
