import math

import numpy as np
import pytest

from dlcourse.core.validation import check_choice, check_int, check_number, lookup


def test_check_int_accepts_whole_numbers_in_range():
    assert check_int("n", 3, minimum=1) == 3
    assert check_int("n", np.int64(5), minimum=0, maximum=5) == 5
    assert type(check_int("n", np.int32(2))) is int


@pytest.mark.parametrize("value, error, message", [
    (True, TypeError, r"n must be a positive int, got True"),
    (3.0, TypeError, r"n must be a positive int, got 3.0"),
    ("3", TypeError, r"got '3'"),
    (0, ValueError, r"n must be a positive int, got 0"),
])
def test_check_int_rejects_with_the_value_and_the_range(value, error, message):
    with pytest.raises(error, match=message):
        check_int("n", value, minimum=1)


def test_check_int_states_each_kind_of_range():
    with pytest.raises(ValueError, match="an int from 2 to 4, got 5"):
        check_int("k", 5, minimum=2, maximum=4)
    with pytest.raises(ValueError, match="an int >= 0, got -1"):
        check_int("k", -1, minimum=0)
    with pytest.raises(ValueError, match="an int <= 3, got 4"):
        check_int("k", 4, maximum=3)


def test_check_number_ranges_and_non_finite_values():
    assert check_number("rate", 0.5, minimum=0, maximum=1) == 0.5
    assert check_number("rate", 1, minimum=0, min_inclusive=False) == 1.0
    with pytest.raises(ValueError, match=r"rate must be a positive number, got 0"):
        check_number("rate", 0, minimum=0, min_inclusive=False)
    with pytest.raises(ValueError, match=r"p must be a number in \[0, 1\), got 1"):
        check_number("p", 1, minimum=0, maximum=1, max_inclusive=False)
    for bad in (math.nan, math.inf):
        with pytest.raises(ValueError, match="finite"):
            check_number("x", bad)
    with pytest.raises(TypeError, match="got True"):
        check_number("x", True)
    with pytest.raises(TypeError, match=r"got array"):
        check_number("x", np.ones(2))


def test_check_choice_lists_the_choices_and_suggests_the_closest():
    assert check_choice("activation", "relu", ["relu", "tanh"]) == "relu"
    with pytest.raises(ValueError, match=r"'relu', 'tanh'; got 'rleu' \(did you mean 'relu'\?\)"):
        check_choice("activation", "rleu", ["relu", "tanh"])
    with pytest.raises(ValueError, match=r"got \[1\]"):
        check_choice("activation", [1], {"relu": 1})


def test_lookup_returns_the_entry_or_names_what_was_asked():
    table = {"adam": 1, "sgd": 2}
    assert lookup(table, "sgd", "optimizer") == 2
    with pytest.raises(ValueError, match=r"unknown optimizer 'adma'; choose one of 'adam', "
                                         r"'sgd' \(did you mean 'adam'\?\)"):
        lookup(table, "adma", "optimizer")
    with pytest.raises(ValueError, match=r"unknown optimizer \['sgd'\]"):
        lookup(table, ["sgd"], "optimizer")
