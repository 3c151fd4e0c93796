"""dlcourse.vision.svm: the OpenCV and scikit-learn backends agree, and can fail."""

import numpy as np
import pytest

from dlcourse.vision import svm as S


def blobs(num_per_class=40, separation=6.0, seed=0, labels=(3, 7, 9)):
    """Well separated Gaussian blobs in 5 dimensions, one per label, and a test set."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(len(labels), 5)) * separation
    X = np.concatenate([c + rng.normal(size=(2 * num_per_class, 5)) for c in centres])
    y = np.repeat(np.asarray(labels), 2 * num_per_class)
    order = rng.permutation(len(X))
    X, y = X[order], y[order]
    return (X[::2], y[::2]), (X[1::2], y[1::2])


@pytest.mark.parametrize("kernel", S.SVM_KERNELS)
def test_svm_backends_agree_on_separable_problem(kernel):
    (X_train, y_train), (X_test, y_test) = blobs()
    predictions = {}
    for backend in S.SVM_BACKENDS:
        svm = S.SVMClassifier(backend=backend, kernel=kernel, C=1.0).fit(X_train, y_train)
        assert svm.score(X_train, y_train) == 1.0
        assert svm.score(X_test, y_test) == 1.0
        predictions[backend] = svm.predict(X_test)
    np.testing.assert_array_equal(predictions["opencv"], predictions["sklearn"])
    assert set(predictions["opencv"]) == {3, 7, 9}


def test_svm_rbf_backends_agree_on_an_overlapping_problem():
    (X_train, y_train), (X_test, _) = blobs(num_per_class=60, separation=0.8, seed=1)
    opencv = S.SVMClassifier(backend="opencv", C=3.0).fit(X_train, y_train).predict(X_test)
    sklearn = S.SVMClassifier(backend="sklearn", C=3.0).fit(X_train, y_train).predict(X_test)
    assert np.mean(opencv == sklearn) > 0.95


@pytest.mark.parametrize("backend", S.SVM_BACKENDS)
def test_svm_cannot_learn_labels_unrelated_to_the_features(backend):
    # The accuracy check can fail: on noise the SVM fits the training set, not new data.
    rng = np.random.default_rng(5)
    X_train, X_test = rng.normal(size=(200, 5)), rng.normal(size=(400, 5))
    y_train, y_test = rng.integers(0, 2, 200), rng.integers(0, 2, 400)
    svm = S.SVMClassifier(backend=backend, C=100.0).fit(X_train, y_train)
    assert svm.score(X_train, y_train) > 0.9
    assert svm.score(X_test, y_test) < 0.6


def test_svm_accepts_keras_labels_and_string_labels():
    (X_train, y_train), (X_test, y_test) = blobs(labels=("cat", "dog"))
    svm = S.SVMClassifier(backend="opencv").fit(X_train, y_train[:, None])
    assert svm.score(X_test, y_test[:, None]) == 1.0
    assert set(svm.predict(X_test)) == {"cat", "dog"}


def test_svm_standardizes_with_training_statistics_only():
    (X_train, y_train), (X_test, _) = blobs()
    X_train = X_train * [1, 10, 100, 1000, 1e4] + 50
    svm = S.SVMClassifier(backend="sklearn").fit(X_train, y_train)
    np.testing.assert_allclose(svm.mean_, X_train.mean(axis=0))
    np.testing.assert_allclose(svm.scale_, X_train.std(axis=0))
    # Statistics refitted on the data to predict would change one-row predictions.
    shifted = X_test * [1, 10, 100, 1000, 1e4] + 50
    one_by_one = np.concatenate([svm.predict(row[None]) for row in shifted])
    np.testing.assert_array_equal(one_by_one, svm.predict(shifted))
    np.testing.assert_allclose(svm.mean_, X_train.mean(axis=0))


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize("call, error, pattern", [
    (lambda: S.SVMClassifier(backend="libsvm"), ValueError,
     r"backend must be one of 'opencv', 'sklearn'; got 'libsvm'"),
    (lambda: S.SVMClassifier(kernel="poly"), ValueError,
     r"kernel must be one of 'linear', 'rbf'; got 'poly'"),
    (lambda: S.SVMClassifier(C=0), ValueError, r"C must be a positive number, got 0"),
    (lambda: S.SVMClassifier(gamma="auto"), ValueError,
     r"gamma \(or a positive number\) must be one of 'scale'; got 'auto'"),
    (lambda: S.SVMClassifier().predict(np.zeros((2, 3))), ValueError, r"not fitted.*fit"),
    (lambda: S.SVMClassifier().fit(np.zeros((4, 3)), [0, 1, 0]), ValueError,
     r"y has shape \(3,\); expected \(4,\) or \(4, 1\)"),
    (lambda: S.SVMClassifier().fit(np.zeros(4), [0, 1, 0, 1]), ValueError,
     r"X has shape \(4,\).*\(n, features\)"),
    (lambda: S.SVMClassifier().fit(np.zeros((4, 3)), [0, 0, 0, 0]), ValueError, r"one class"),
    (lambda: S.SVMClassifier().fit(np.full((2, 1), np.nan), [0, 1]), ValueError, r"NaN"),
    (lambda: S.SVMClassifier().fit(np.eye(2), [0.5, 1.5]), TypeError, r"float64.*ints"),
    (lambda: S.SVMClassifier().fit(np.eye(2), [0, 1]).predict(np.eye(3)), ValueError,
     r"3 features.*fitted on 2"),
    (lambda: S.SVMClassifier(C="1"), TypeError, r"C must be a positive number, got '1'"),
    (lambda: S.SVMClassifier(gamma=-1), ValueError, r"gamma \(or 'scale'\) must be a positive number, got -1"),
])
def test_bad_input_names_the_value_and_what_is_allowed(call, error, pattern):
    with pytest.raises(error, match=pattern):
        call()
