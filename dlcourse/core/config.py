"""Run mode and reproducibility.

The same notebooks serve a learner and CI. ``DLCOURSE_MODE`` picks the sizes:

- ``full`` (default): the data sizes and epochs a learner should see;
- ``fast`` (set by ``make test``): smaller subsets and fewer epochs, same code path.

A chapter never branches on the mode itself; it asks :func:`scale` for a size.
"""

import os
import random

MODES = ("fast", "full")
DEFAULT_MODE = "full"
ENV_VAR = "DLCOURSE_MODE"


def current_mode():
    """The run mode, read from ``DLCOURSE_MODE`` each time (``full`` when unset).

    Raises
    ------
    ValueError
        If the variable holds anything other than ``fast`` or ``full``.
    """
    raw = os.environ.get(ENV_VAR, "")
    mode = raw.strip().lower() or DEFAULT_MODE
    if mode not in MODES:
        raise ValueError(
            f"{ENV_VAR}={raw!r} is not a run mode; use 'full' (the default: sizes a "
            f"learner should see) or 'fast' (small sizes for tests), or unset it."
        )
    return mode


def __getattr__(name):
    # `config.MODE` is looked up on every access, so a changed environment is seen.
    if name == "MODE":
        return current_mode()
    raise AttributeError(f"module 'dlcourse.core.config' has no attribute {name!r}")


def scale(*, fast, full):
    """Pick a size by mode: ``scale(fast=2, full=20)`` gives 2 under ``make test``.

    Example
    -------
    >>> num_epochs = scale(fast=2, full=20)
    """
    return fast if current_mode() == "fast" else full


def set_seed(seed, *, keras=True):
    """Seed Python's ``random``, NumPy's global generator and (by default) Keras.

    Parameters
    ----------
    seed : int
        A non-negative integer.
    keras : bool
        Also call ``keras.utils.set_random_seed`` (imports Keras and TensorFlow).
        Pass ``False`` in NumPy-only chapters to keep start-up fast.
    """
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed must be a non-negative int, got {seed!r}")
    random.seed(seed)
    import numpy as np

    np.random.seed(seed)
    if keras:
        import_keras().utils.set_random_seed(seed)
    return seed


def import_keras():
    """Import Keras (and TensorFlow) without TensorFlow's C++ start-up messages.

    On import, TensorFlow prints oneDNN and "no CUDA driver" notices straight to the
    process's standard error, before its log level applies; in a notebook they clutter
    the first cell's output. This import silences standard error for the first import
    only, and sets ``TF_CPP_MIN_LOG_LEVEL=3`` as a default (your own setting wins).
    Python errors still raise as usual.
    """
    import sys

    if "keras" not in sys.modules:
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
        sys.stderr.flush()
        saved = os.dup(2)
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, 2)
            import keras  # noqa: F401
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            os.close(devnull)
    return sys.modules["keras"]
