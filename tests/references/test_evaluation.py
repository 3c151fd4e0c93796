import numpy as np
import pytest
from sklearn.metrics import f1_score as sklearn_f1

from dlcourse.references import evaluation, nn


def test_predicted_classes_is_the_argmax_and_checks_its_input():
    p = np.array([[0.1, 0.7, 0.2], [0.5, 0.2, 0.3]])
    np.testing.assert_array_equal(evaluation.predicted_classes(p), [1, 0])
    with pytest.raises(ValueError, match=r"\(examples, classes\)"):
        evaluation.predicted_classes(np.array([0.1, 0.9]))
    with pytest.raises(TypeError, match="floats"):
        evaluation.predicted_classes(np.array([[0, 1]]))


def test_ranked_mistakes_most_confident_first():
    p = np.array([[0.6, 0.4], [0.1, 0.9], [0.2, 0.8], [0.95, 0.05], [0.3, 0.7]])
    labels = np.array([1, 0, 1, 1, 1])  # wrong: 0 (p=.6), 1 (p=.9), 3 (p=.95)
    np.testing.assert_array_equal(evaluation.ranked_mistakes(p, labels), [3, 1, 0])
    np.testing.assert_array_equal(evaluation.ranked_mistakes(p, labels[:, None]), [3, 1, 0])
    assert evaluation.ranked_mistakes(p, p.argmax(axis=1)).size == 0
    with pytest.raises(ValueError, match=r"shape \(5,\)"):
        evaluation.ranked_mistakes(p, labels[:3])
    with pytest.raises(TypeError, match="integer"):
        evaluation.ranked_mistakes(p, labels.astype(float))


def test_pair_matrix_scores_every_ordered_pair_in_chunks():
    x = np.array([[0.0], [1.0], [0.0], [2.0]])
    calls = []

    def same_value(pair):
        calls.append(len(pair[0]))
        return (pair[0][:, 0] == pair[1][:, 0]).astype(float)[:, None]

    m = evaluation.pair_matrix(same_value, x, batch_size=5)
    np.testing.assert_array_equal(m, x == x.T)
    assert calls == [5, 5, 5, 1]
    m2 = evaluation.pair_matrix(lambda pair: pair[0][:, 0] - pair[1][:, 0], x)
    np.testing.assert_array_equal(m2, x - x.T)  # row = left, column = right


def test_pair_matrix_rejects_a_wrong_predict():
    x = np.zeros((3, 2))
    with pytest.raises(ValueError, match="one score per pair"):
        evaluation.pair_matrix(lambda pair: np.zeros((len(pair[0]), 2)), x)
    with pytest.raises(ValueError, match="batch_size"):
        evaluation.pair_matrix(lambda pair: pair[0][:, 0], x, batch_size=0)


def test_confusion_matrix_counts_and_checks_its_input():
    matrix = evaluation.confusion_matrix([0, 0, 1, 2], [0, 1, 1, 2], 3)
    np.testing.assert_array_equal(matrix, [[1, 1, 0], [0, 1, 0], [0, 0, 1]])
    assert evaluation.confusion_matrix([0, 1], [1, 1]).shape == (2, 2)  # from the labels
    assert evaluation.confusion_matrix([0, 1], [1, 1], 4).sum() == 2
    with pytest.raises(ValueError, match="3 labels but y_pred has 2"):
        evaluation.confusion_matrix([0, 1, 2], [0, 1])
    with pytest.raises(ValueError, match="num_classes must be an int >= 3, got 2"):
        evaluation.confusion_matrix([0, 1, 2], [0, 1, 1], 2)
    with pytest.raises(ValueError, match="y_pred must hold class labels"):
        evaluation.confusion_matrix([0, 1], [0, 0.5])


def test_f1_score_matches_scikit_learn_and_checks_labels():
    rng = np.random.default_rng(2)
    t, p = rng.integers(0, 2, 50), rng.integers(0, 2, 50)
    assert evaluation.f1_score(t, p) == pytest.approx(sklearn_f1(t, p))
    assert evaluation.f1_score([0, 0], [0, 0]) == 0.0
    with pytest.raises(ValueError, match="0/1 labels"):
        evaluation.f1_score([0, 2], [0, 1])
    with pytest.raises(ValueError, match="labels but"):
        evaluation.f1_score([0, 1, 1], [0, 1])


def test_best_f1_threshold_beats_every_other_threshold():
    rng = np.random.default_rng(3)
    t = (rng.random(200) < 0.2).astype(int)
    scores = np.clip(0.3 * t + rng.random(200) * 0.8, 0, 1)
    threshold, best = evaluation.best_f1_threshold(t, scores)
    assert best == pytest.approx(sklearn_f1(t, scores >= threshold))
    for other in np.linspace(0.01, 0.99, 50):
        assert sklearn_f1(t, scores >= other) <= best + 1e-12
    with pytest.raises(ValueError, match="same"):
        evaluation.best_f1_threshold([0, 1], [0.5])


def test_fraction_near_zero_counts_small_weights():
    assert evaluation.fraction_near_zero(np.array([0.0, 1e-4, 0.5, -2.0])) == 0.5
    assert evaluation.fraction_near_zero([np.zeros(3), np.ones(1)]) == 0.75
    assert evaluation.fraction_near_zero([np.full(4, 1e-4)], tolerance=1e-5) == 0.0
    with pytest.raises(ValueError, match="no numbers"):
        evaluation.fraction_near_zero([])
    with pytest.raises(ValueError, match="tolerance must be a positive number, got 0"):
        evaluation.fraction_near_zero(np.zeros(2), tolerance=0)


def test_ensemble_predict_averages_numpy_networks():
    x = np.random.default_rng(0).normal(size=(5, 3))
    nets = [nn.Network([3, 4, 2], seed=s) for s in range(3)]
    expected = np.mean([net.predict(x) for net in nets], axis=0)
    np.testing.assert_allclose(evaluation.ensemble_predict(nets, x), expected)
    assert not np.allclose(evaluation.ensemble_predict(nets[:1], x), expected)
    with pytest.raises(ValueError, match="at least one"):
        evaluation.ensemble_predict([], x)
