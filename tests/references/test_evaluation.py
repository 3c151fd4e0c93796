import numpy as np
import pytest

from dlcourse.references import evaluation as predictions


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
    with pytest.raises(ValueError, match="batch_size"):
        predictions.pair_matrix(lambda pair: pair[0][:, 0], x, batch_size=0)
