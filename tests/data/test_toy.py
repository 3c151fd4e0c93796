import warnings

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier

from dlcourse.data import toy


@pytest.mark.parametrize("name", toy.DATASETS)
def test_datasets_are_balanced_repeatable_2d_points(name):
    x, y = toy.make_2d_dataset(name, 101, seed=3)
    assert x.shape == (101, 2) and x.dtype == np.float64 and y.dtype == np.int64
    assert set(np.unique(y)) == {0, 1} and abs(np.bincount(y)[0] - np.bincount(y)[1]) <= 1
    again, _ = toy.make_2d_dataset(name, 101, seed=3)
    other, _ = toy.make_2d_dataset(name, 101, seed=4)
    np.testing.assert_array_equal(x, again)
    assert not np.allclose(x, other)


def test_noise_free_shapes_follow_their_definitions():
    x, y = toy.make_2d_dataset("xor", 50, noise=0)
    assert np.all(np.abs(x) == 1)
    np.testing.assert_array_equal(y, (np.sign(x[:, 0]) != np.sign(x[:, 1])).astype(int))
    x, y = toy.make_2d_dataset("circles", 50, noise=0)
    np.testing.assert_allclose(np.hypot(x[:, 0], x[:, 1]), np.where(y == 1, 0.5, 1.0))
    x, y = toy.make_2d_dataset("spiral", 50, noise=0)
    radius = np.hypot(x[:, 0], x[:, 1])
    assert 0.15 <= radius.min() and radius.max() <= 1.0


def test_dataset_errors_name_the_allowed_values():
    with pytest.raises(ValueError, match="xor, circles, moons, spiral"):
        toy.make_2d_dataset("gauss")
    with pytest.raises(ValueError, match="num_samples must be an integer >= 2"):
        toy.make_2d_dataset("xor", 1)
    with pytest.raises(ValueError, match="noise must be a number >= 0"):
        toy.make_2d_dataset("xor", noise=-0.1)


def test_a_line_fails_on_xor_and_a_small_mlp_solves_it():
    x, y = toy.make_2d_dataset("xor", 200, seed=0)
    linear = toy.fit_2d_classifier(x, y, hidden_units=0)
    assert isinstance(linear, LogisticRegression) and linear.score(x, y) < 0.7
    mlp = toy.fit_2d_classifier(x, y, hidden_units=4, activation="tanh", seed=0)
    assert isinstance(mlp, MLPClassifier) and mlp.hidden_layer_sizes == (4,)
    assert mlp.score(x, y) > 0.95
    deep = toy.fit_2d_classifier(x, y, hidden_units=(3, 2), activation="relu")
    assert [w.shape for w in deep.coefs_] == [(2, 3), (3, 2), (2, 1)]


def test_capped_training_does_not_warn():
    x, y = toy.make_2d_dataset("spiral", 100)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        toy.fit_2d_classifier(x, y, hidden_units=8, max_iter=2)
    assert not [w for w in caught if issubclass(w.category, ConvergenceWarning)]


def test_classifier_errors():
    x, y = toy.make_2d_dataset("xor", 20)
    with pytest.raises(ValueError, match="identity, logistic, tanh, relu"):
        toy.fit_2d_classifier(x, y, activation="sigmoid")
    with pytest.raises(ValueError, match="integer >= 1 units"):
        toy.fit_2d_classifier(x, y, hidden_units=(4, 0))
    with pytest.raises(ValueError, match="integer >= 1 units"):
        toy.fit_2d_classifier(x, y, hidden_units=-2)
    with pytest.raises(TypeError, match="int or a tuple"):
        toy.fit_2d_classifier(x, y, hidden_units="4")
    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        toy.fit_2d_classifier(np.zeros((20, 3)), y)


def test_experiment_keeps_the_data_and_changes_only_the_weights_with_the_seed():
    first = toy.run_2d_experiment("circles", 3, seed=0)
    second = toy.run_2d_experiment("circles", 3, seed=1)
    np.testing.assert_array_equal(first["x"], second["x"])
    assert not np.allclose(first["model"].coefs_[0], second["model"].coefs_[0])
    assert 0 <= first["test_accuracy"] <= 1 and first["train_accuracy"] > 0.6
    assert toy.run_2d_experiment("circles", 0)["test_accuracy"] < 0.7
