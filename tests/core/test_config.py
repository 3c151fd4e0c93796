import random

import numpy as np
import pytest

from dlcourse.core import config


def test_default_mode_is_full(monkeypatch):
    monkeypatch.delenv("DLCOURSE_MODE", raising=False)
    assert config.current_mode() == "full"
    assert config.MODE == "full"
    assert config.scale(fast=1, full=2) == 2


@pytest.mark.parametrize("value", ["fast", " FAST ", "Fast"])
def test_fast_mode_read_from_environment(monkeypatch, value):
    monkeypatch.setenv("DLCOURSE_MODE", value)
    assert config.MODE == "fast"
    assert config.scale(fast=1, full=2) == 1


@pytest.mark.parametrize("value", ["quick", "1", "test"])
def test_invalid_mode_is_rejected_with_the_allowed_values(monkeypatch, value):
    monkeypatch.setenv("DLCOURSE_MODE", value)
    with pytest.raises(ValueError, match=rf"DLCOURSE_MODE='{value}'.*'full'.*'fast'"):
        config.current_mode()
    with pytest.raises(ValueError):
        config.scale(fast=1, full=2)


def test_unknown_attribute():
    with pytest.raises(AttributeError):
        config.NOT_A_SETTING


def test_set_seed_makes_python_and_numpy_repeatable():
    config.set_seed(7, keras=False)
    first = (random.random(), np.random.rand())
    config.set_seed(7, keras=False)
    assert (random.random(), np.random.rand()) == first
    config.set_seed(8, keras=False)
    assert (random.random(), np.random.rand()) != first


def test_set_seed_seeds_keras():
    import keras

    config.set_seed(3)
    a = keras.random.uniform((4,)).numpy()
    config.set_seed(3)
    b = keras.random.uniform((4,)).numpy()
    np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("seed", [-1, 1.5, "1", True, None])
def test_set_seed_rejects_bad_seeds(seed):
    with pytest.raises(ValueError, match="non-negative int"):
        config.set_seed(seed, keras=False)
