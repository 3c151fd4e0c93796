"""Argument checks, one home for them: the messages name the bad value and what is allowed.

Every public function of the package checks its arguments with these, so a wrong value
fails where it was given, with a message a learner can act on, rather than deep inside
NumPy or Keras. A value of the wrong type raises ``TypeError``, a value out of range or
not among the choices ``ValueError`` (the keras.io convention). ``bool`` is never taken
for a number, although Python counts it as an int.

Example
-------
>>> check_int("num_epochs", 3, minimum=1)
3
>>> check_choice("activation", "relu", ("sigmoid", "relu"))
'relu'
>>> lookup({"sgd": 1, "adam": 2}, "adam", "optimizer")
2
"""

import difflib
import math
import numbers


def _is_int(value):
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _is_number(value):
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _int_range(minimum, maximum):
    if minimum is not None and maximum is not None:
        return f"an int from {minimum} to {maximum}"
    if minimum == 1:
        return "a positive int"
    if minimum is not None:
        return f"an int >= {minimum}"
    if maximum is not None:
        return f"an int <= {maximum}"
    return "an int"


def check_int(name, value, *, minimum=None, maximum=None):
    """``value`` as an ``int`` when it is a whole number in ``[minimum, maximum]``.

    Raises
    ------
    TypeError
        ``value`` is not an integer (``bool`` and ``3.0`` are not).
    ValueError
        ``value`` is below ``minimum`` or above ``maximum``.
    """
    allowed = _int_range(minimum, maximum)
    if not _is_int(value):
        raise TypeError(f"{name} must be {allowed}, got {value!r}")
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        raise ValueError(f"{name} must be {allowed}, got {value!r}")
    return int(value)


def _number_range(minimum, maximum, min_inclusive, max_inclusive):
    if minimum is not None and maximum is not None:
        return (f"a number in {'[' if min_inclusive else '('}{minimum}, {maximum}"
                f"{']' if max_inclusive else ')'}")
    if minimum is not None:
        if minimum == 0 and not min_inclusive:
            return "a positive number"
        return f"a number {'>=' if min_inclusive else '>'} {minimum}"
    if maximum is not None:
        return f"a number {'<=' if max_inclusive else '<'} {maximum}"
    return "a finite number"


def check_number(name, value, *, minimum=None, maximum=None, min_inclusive=True,
                 max_inclusive=True):
    """``value`` as a ``float`` when it is a finite real number in the given range.

    ``min_inclusive=False`` excludes the lower bound (``minimum=0, min_inclusive=False``
    reads "a positive number"); likewise ``max_inclusive``.

    Raises
    ------
    TypeError
        ``value`` is not a real number (``bool``, strings, arrays are not).
    ValueError
        ``value`` is NaN, infinite or out of the range.
    """
    allowed = _number_range(minimum, maximum, min_inclusive, max_inclusive)
    if not _is_number(value):
        raise TypeError(f"{name} must be {allowed}, got {value!r}")
    too_low = minimum is not None and (value < minimum if min_inclusive else value <= minimum)
    too_high = maximum is not None and (value > maximum if max_inclusive else value >= maximum)
    if too_low or too_high or not math.isfinite(value):
        raise ValueError(f"{name} must be {allowed}, got {value!r}")
    return float(value)


def _suggestion(value, allowed):
    if not isinstance(value, str):
        return ""
    close = difflib.get_close_matches(value, [a for a in allowed if isinstance(a, str)], n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def check_choice(name, value, allowed):
    """``value`` when it is one of ``allowed``; otherwise a ``ValueError`` listing them."""
    allowed = tuple(allowed)
    try:
        ok = value in allowed
    except TypeError:  # e.g. an unhashable value against a dict's keys
        ok = False
    if not ok:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, allowed))}; "
                         f"got {value!r}{_suggestion(value, allowed)}")
    return value


def lookup(table, name, what):
    """``table[name]``, or a ``ValueError`` naming ``what`` was asked for and the choices.

    The one "name -> entry" look-up of the package (losses, optimizers, activations,
    data sets, test functions...).
    """
    try:
        return table[name]
    except (KeyError, TypeError):
        choices = sorted(table)
        raise ValueError(f"unknown {what} {name!r}; choose one of "
                         f"{', '.join(map(repr, choices))}{_suggestion(name, choices)}") from None
