"""Initializers: the scale of each one, and that a check tells them apart."""

import numpy as np
import pytest

from dlcourse.references.initializers import initialize_weights


@pytest.mark.parametrize(
    "method, expected_std",
    [
        ("small_random", 0.01),
        ("xavier", np.sqrt(1 / 400)),
        ("glorot_normal", np.sqrt(2 / 700)),
        ("glorot_uniform", np.sqrt(2 / 700)),
        ("he_normal", np.sqrt(2 / 400)),
        ("he_uniform", np.sqrt(2 / 400)),
    ],
)
def test_initializer_scales(method, expected_std):
    W = initialize_weights(400, 300, method, np.random.default_rng(0), np.float32)
    assert W.shape == (400, 300) and W.dtype == np.float32
    assert W.std() == pytest.approx(expected_std, rel=0.02)
    assert abs(W.mean()) < 0.05 * expected_std
    # the check tells He from Xavier (a factor sqrt(2))
    other = {"xavier": 2, "he_normal": 0.5}.get(method)
    if other:
        assert W.std() != pytest.approx(expected_std * np.sqrt(other), rel=0.02)


def test_glorot_uniform_limit_and_zeros():
    W = initialize_weights(30, 20, "glorot_uniform", np.random.default_rng(0))
    assert np.abs(W).max() <= np.sqrt(6 / 50)
    assert not np.any(initialize_weights(3, 2, "zeros"))


def test_unknown_initializer_names_the_choices():
    with pytest.raises(ValueError, match=r"initializer must be one of .*'he_normal'.*'orthogonal'"):
        initialize_weights(3, 2, "orthogonal")
