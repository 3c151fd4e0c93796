import numpy as np
import pytest

from dlcourse.references import evaluation as predictions
from dlcourse.references import nn


def test_predicted_classes_is_the_argmax_and_checks_its_input():
    p = np.array([[0.1, 0.7, 0.2], [0.5, 0.2, 0.3]])
    np.testing.assert_array_equal(predictions.predicted_classes(p), [1, 0])
    with pytest.raises(ValueError, match=r"\(examples, classes\)"):
        predictions.predicted_classes(np.array([0.1, 0.9]))
    with pytest.raises(TypeError, match="floats"):
        predictions.predicted_classes(np.array([[0, 1]]))


def test_ranked_mistakes_most_confident_first():
    p = np.array([[0.6, 0.4], [0.1, 0.9], [0.2, 0.8], [0.95, 0.05], [0.3, 0.7]])
    labels = np.array([1, 0, 1, 1, 1])  # wrong: 0 (p=.6), 1 (p=.9), 3 (p=.95)
    np.testing.assert_array_equal(predictions.ranked_mistakes(p, labels), [3, 1, 0])
    np.testing.assert_array_equal(predictions.ranked_mistakes(p, labels[:, None]), [3, 1, 0])
    assert predictions.ranked_mistakes(p, p.argmax(axis=1)).size == 0
    with pytest.raises(ValueError, match=r"shape \(5,\)"):
        predictions.ranked_mistakes(p, labels[:3])
    with pytest.raises(TypeError, match="integer"):
        predictions.ranked_mistakes(p, labels.astype(float))


def test_pair_matrix_scores_every_ordered_pair_in_chunks():
    x = np.array([[0.0], [1.0], [0.0], [2.0]])
    calls = []

    def same_value(pair):
        calls.append(len(pair[0]))
        return (pair[0][:, 0] == pair[1][:, 0]).astype(float)[:, None]

    m = predictions.pair_matrix(same_value, x, batch_size=5)
    np.testing.assert_array_equal(m, x == x.T)
    assert calls == [5, 5, 5, 1]
    m2 = predictions.pair_matrix(lambda pair: pair[0][:, 0] - pair[1][:, 0], x)
    np.testing.assert_array_equal(m2, x - x.T)  # row = left, column = right


def test_pair_matrix_rejects_a_wrong_predict():
    x = np.zeros((3, 2))
    with pytest.raises(ValueError, match="one score per pair"):
        predictions.pair_matrix(lambda pair: np.zeros((len(pair[0]), 2)), x)
    with pytest.raises(ValueError, match="batch_size must be a positive int, got 0"):
        predictions.pair_matrix(lambda pair: pair[0][:, 0], x, batch_size=0)


def test_fraction_near_zero_counts_small_weights():
    assert predictions.fraction_near_zero(np.array([0.0, 1e-4, 0.5, -2.0])) == 0.5
    assert predictions.fraction_near_zero([np.zeros(3), np.ones(1)]) == 0.75
    assert predictions.fraction_near_zero([np.full(4, 1e-4)], tolerance=1e-5) == 0.0
    with pytest.raises(ValueError, match="no numbers"):
        predictions.fraction_near_zero([])
    with pytest.raises(ValueError, match="tolerance must be a positive number, got 0"):
        predictions.fraction_near_zero(np.zeros(2), tolerance=0)


def test_ensemble_predict_averages_numpy_networks():
    x = np.random.default_rng(0).normal(size=(5, 3))
    nets = [nn.Network([3, 4, 2], seed=s) for s in range(3)]
    expected = np.mean([net.predict(x) for net in nets], axis=0)
    np.testing.assert_allclose(predictions.ensemble_predict(nets, x), expected)
    assert not np.allclose(predictions.ensemble_predict(nets[:1], x), expected)
    with pytest.raises(ValueError, match="at least one"):
        predictions.ensemble_predict([], x)
