"""Noisy labels, sparsity, ensembles and the toy problem of chapter 10."""

import numpy as np
import pytest

from dlcourse.references import nn, regularization


def test_corrupt_labels_changes_about_the_expected_share():
    y = np.repeat(np.arange(10), 200)
    noisy, wrong = regularization.corrupt_labels(y, 0.3, seed=1)
    assert noisy.shape == y.shape and y[0] == 0  # the input is not changed
    np.testing.assert_array_equal(wrong, noisy != y)
    assert 0.3 * 0.9 - 0.04 < wrong.mean() < 0.3 * 0.9 + 0.04
    clean, none_wrong = regularization.corrupt_labels(y, 0.0)
    assert not none_wrong.any() and np.array_equal(clean, y)
    with pytest.raises(ValueError, match="fraction"):
        regularization.corrupt_labels(y, 1.5)
    with pytest.raises(ValueError, match="integer labels"):
        regularization.corrupt_labels(y.astype(float), 0.1)


def test_fraction_near_zero_counts_small_weights():
    assert regularization.fraction_near_zero(np.array([0.0, 1e-4, 0.5, -2.0])) == 0.5
    assert regularization.fraction_near_zero([np.zeros(3), np.ones(1)]) == 0.75
    with pytest.raises(ValueError, match="no numbers"):
        regularization.fraction_near_zero([])


def test_ensemble_predict_averages_numpy_networks():
    x = np.random.default_rng(0).normal(size=(5, 3))
    nets = [nn.Network([3, 4, 2], seed=s) for s in range(3)]
    expected = np.mean([net.predict(x) for net in nets], axis=0)
    np.testing.assert_allclose(regularization.ensemble_predict(nets, x), expected)
    with pytest.raises(ValueError, match="at least one"):
        regularization.ensemble_predict([], x)


def test_fit_toy_overfits_without_penalty_and_l2_narrows_the_gap():
    plain = regularization.fit_toy(hidden_units=64, epochs=300)
    assert plain["train_accuracy"] > 0.95 and plain["gap"] > 0.05
    penalized = regularization.fit_toy(hidden_units=64, l2=1e-3, epochs=300)
    assert penalized["gap"] < plain["gap"]
    assert penalized["network"].l2 == 1e-3
    with pytest.raises(ValueError, match="hidden_units"):
        regularization.fit_toy(hidden_units=0)
