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
    with pytest.raises(ValueError, match="'xor', 'circles', 'moons', 'spiral'; got 'gauss'"):
        toy.make_2d_dataset("gauss")
    with pytest.raises(ValueError, match="num_samples must be an int >= 2, got 1"):
        toy.make_2d_dataset("xor", 1)
    with pytest.raises(TypeError, match="num_samples must be an int >= 2, got 2.0"):
        toy.make_2d_dataset("xor", 2.0)
    with pytest.raises(ValueError, match="noise must be a number >= 0, got -0.1"):
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
    with pytest.raises(ValueError, match="'identity', 'logistic', 'tanh', 'relu'; got 'sigmoid'"):
        toy.fit_2d_classifier(x, y, activation="sigmoid")
    with pytest.raises(ValueError, match="units of every hidden layer must be a positive int, got 0"):
        toy.fit_2d_classifier(x, y, hidden_units=(4, 0))
    with pytest.raises(ValueError, match="hidden_units must be an int >= 0, got -2"):
        toy.fit_2d_classifier(x, y, hidden_units=-2)
    with pytest.raises(TypeError, match="hidden_units must be an int >= 0, got '4'"):
        toy.fit_2d_classifier(x, y, hidden_units="4")
    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        toy.fit_2d_classifier(np.zeros((20, 3)), y)


def test_experiment_keeps_the_data_and_changes_only_the_weights_with_the_seed():
    first = toy.run_2d_experiment("circles", 3, seed=0)
    second = toy.run_2d_experiment("circles", 3, seed=1)
    np.testing.assert_array_equal(first["train"][0], second["train"][0])
    np.testing.assert_array_equal(first["test"][1], second["test"][1])
    assert not np.allclose(first["model"].coefs_[0], second["model"].coefs_[0])
    assert 0 <= first["test_accuracy"] <= 1 and first["train_accuracy"] > 0.6
    assert first["gap"] == first["train_accuracy"] - first["test_accuracy"]
    assert first["settings"] == {"name": "circles", "hidden_units": (3,), "activation": "tanh",
                                 "seed": 0, "num_train": 200, "noise": 0.08}
    linear = toy.run_2d_experiment("circles", 0, num_train=50, num_test=60)
    assert linear["test_accuracy"] < 0.7 and len(linear["train"][0]) == 50
    assert len(linear["test"][1]) == 60 and linear["settings"]["hidden_units"] == ()


# --------------------------------------------------------------------------------------
# TensorFlow Playground's data sets
# --------------------------------------------------------------------------------------


def _playground(name, noise=0.0, seed=0):
    n = 1200 if toy.PLAYGROUND_DATASETS[name] == "regression" else 500
    return toy.make_playground_dataset(name, n, noise=noise, seed=seed)


@pytest.mark.parametrize("name", list(toy.PLAYGROUND_DATASETS))
def test_playground_datasets_repeat_by_seed_with_labels_0_1_or_targets(name):
    points, labels = _playground(name, noise=0.2, seed=3)
    assert points.shape == (len(labels), 2) and points.dtype == np.float64
    again, labels_again = _playground(name, noise=0.2, seed=3)
    assert np.array_equal(points, again) and np.array_equal(labels, labels_again)
    assert not np.allclose(points, _playground(name, noise=0.2, seed=4)[0])
    assert np.abs(points).max() < 12  # near the [-6, 6] square (noise can push a little out)
    if toy.PLAYGROUND_DATASETS[name] == "classification":
        assert labels.dtype == np.int64 and set(np.unique(labels)) == {0, 1}
    else:
        assert labels.dtype == np.float64 and -1.3 <= labels.min() and labels.max() <= 1.3


def test_noise_free_playground_labels_follow_each_generators_rule():
    # The rules of dataset.ts: classifyCircleData, classifyXORData, classifyTwoGaussData,
    # classifySpiralData, regressPlane, regressGaussian.
    points, labels = _playground("circle")
    radius = np.hypot(points[:, 0], points[:, 1])
    assert np.array_equal(labels == 1, radius < 2.5)
    assert radius[labels == 0].min() >= 3.5 and radius.max() <= 5  # the ring 3.5..5
    points, labels = _playground("xor")
    assert np.array_equal(labels == 1, points[:, 0] * points[:, 1] >= 0)
    assert np.abs(points).min() >= 0.3  # the padding around both axes
    points, labels = _playground("two_gaussians")
    assert np.allclose(points[labels == 1].mean(axis=0), [2, 2], atol=0.15)
    assert np.allclose(points[labels == 0].mean(axis=0), [-2, -2], atol=0.15)
    assert np.allclose(points.std(axis=0), np.sqrt(0.5 + 4), atol=0.2)  # variance 0.5 + spread
    points, labels = _playground("spiral")
    assert np.hypot(points[:, 0], points[:, 1]).max() < 5
    assert np.sum(labels == 1) == np.sum(labels == 0) == 250
    points, labels = _playground("plane")
    assert np.allclose(labels, points.sum(axis=1) / 10)
    points, labels = _playground("multi_gaussian")
    near = np.hypot(points[:, 0] - 4, points[:, 1] - 2.5) < 0.2  # a positive bump's top
    assert near.any() and labels[near].min() > 0.85
    assert np.abs(labels).max() <= 1


def test_playground_noise_blurs_the_labels_not_the_points():
    noisy, noisy_labels = _playground("circle", noise=0.5, seed=1)
    radius = np.hypot(noisy[:, 0], noisy[:, 1])
    wrong = np.mean((radius < 2.5) != (noisy_labels == 1))
    assert 0.1 < wrong < 0.5
    variance = lambda n: _playground("two_gaussians", noise=n)[0].std(axis=0).mean() ** 2  # noqa
    assert variance(0.5) > variance(0) + 2


@pytest.mark.parametrize("call, error, message", [
    (lambda: toy.make_playground_dataset("moons", 10), ValueError, "name must be one of 'circle'"),
    (lambda: toy.make_playground_dataset("xor", 10, noise=0.6), ValueError,
     r"noise must be a number in \[0, 0.5\], got 0.6"),
    (lambda: toy.make_playground_dataset("xor", 1), ValueError, "num_samples must be an int >= 2"),
])
def test_playground_dataset_errors_name_the_value_and_the_allowed_ones(call, error, message):
    with pytest.raises(error, match=message):
        call()
