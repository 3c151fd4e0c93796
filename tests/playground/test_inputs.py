"""Tests of dlcourse.playground.inputs: the Playground's data sets, targets, split, features.

The generators themselves are transcribed in tests/data/test_toy.py (they live in
dlcourse.data.toy); here: the Playground's sizes and streams, the -1/+1 targets.
"""

import math

import numpy as np
import pytest

from dlcourse.playground import inputs as P


@pytest.mark.parametrize("name", list(P.DATASETS))
def test_make_data_shapes_are_the_playgrounds_and_repeat_by_seed(name):
    points, labels = P.make_data(name, noise=20, seed=3)
    n = P.NUM_POINTS[P.DATASETS[name]]
    assert points.shape == (n, 2) and labels.shape == (n,)
    again, labels_again = P.make_data(name, noise=20, seed=3)
    assert np.array_equal(points, again) and np.array_equal(labels, labels_again)
    other, _ = P.make_data(name, noise=20, seed=4)
    assert not np.allclose(points, other)
    if P.DATASETS[name] == P.CLASSIFICATION:
        assert set(np.unique(labels)) == {0, 1}
        assert set(np.unique(P.targets(labels))) == {-1.0, 1.0}
    else:
        np.testing.assert_array_equal(P.targets(labels), labels)


def test_targets_map_classes_to_the_tanh_range_and_keep_regression_targets():
    assert P.targets(np.array([0, 1, 0])).tolist() == [-1.0, 1.0, -1.0]
    assert P.targets(np.array([0.25, -0.5])).tolist() == [0.25, -0.5]


def test_split_and_features():
    points, labels = P.make_data("spiral", seed=0)
    (train, y_train), (test, y_test) = P.split_data(points, labels, 30)
    assert len(train) == 150 and len(test) == 350 and np.array_equal(train, points[:150])
    X = P.feature_matrix(np.array([[1.0, 2.0]]), P.ALL_FEATURES)
    assert np.allclose(X, [[1, 2, 1, 4, 2, math.sin(1), math.sin(2)]])
    grid = P.grid_points(3)
    assert np.allclose(grid[0], [-6, 6]) and np.allclose(grid[-1], [6, -6])
    assert np.allclose(grid[:3, 1], 6)  # the first row is the top of the plane


@pytest.mark.parametrize("call, error, message", [
    (lambda: P.make_data("moons"), ValueError, "dataset must be one of 'circle'"),
    (lambda: P.make_data("circle", noise=60), ValueError,
     "noise must be an int from 0 to 50, got 60"),
    (lambda: P.make_data("circle", noise=2.5), TypeError,
     "noise must be an int from 0 to 50, got 2.5"),
    (lambda: P.split_data(np.zeros((4, 2)), np.zeros(4), 95), ValueError,
     "train_percent must be an int from 10 to 90"),
    (lambda: P.feature_matrix(np.zeros((3, 3))), ValueError, r"points must have shape \(n, 2\)"),
])
def test_data_errors_name_the_value_and_the_allowed_range(call, error, message):
    with pytest.raises(error, match=message):
        call()
