"""A support vector machine behind one small interface, from OpenCV or scikit-learn (chapter 12).

:class:`SVMClassifier` standardizes the features with the training statistics and
trains ``cv2.ml.SVM`` or scikit-learn's ``SVC`` / ``LinearSVC``, so the chapter can
compare the course material's OpenCV calls with scikit-learn on the same features.
OpenCV and scikit-learn are imported inside the methods.
"""

import numpy as np

from dlcourse.core.validation import check_choice, check_number

SVM_BACKENDS = ("opencv", "sklearn")
SVM_KERNELS = ("linear", "rbf")


class SVMClassifier:
    """A support vector machine behind one small interface, from OpenCV or scikit-learn.

    Features are standardized (mean 0, variance 1 per feature) with statistics of the
    training set only, then passed to the backend:

    ======== ================================= =======================================
    kernel   ``backend="opencv"``              ``backend="sklearn"``
    ======== ================================= =======================================
    "rbf"    ``cv2.ml.SVM`` C_SVC, SVM_RBF     ``sklearn.svm.SVC(kernel="rbf")``
    "linear" ``cv2.ml.SVM`` C_SVC, SVM_LINEAR  ``sklearn.svm.LinearSVC`` (one-vs-rest,
                                               squared hinge; much faster on many
                                               samples)
    ======== ================================= =======================================

    Both RBF backends solve the same one-vs-one problem with kernel
    ``exp(-gamma * ||x - x'||**2)``.

    Parameters
    ----------
    backend : {"opencv", "sklearn"}
    kernel : {"rbf", "linear"}
    C : float
        Penalty on margin violations (> 0): larger fits the training set more closely.
    gamma : float or "scale"
        RBF width (> 0; ignored by "linear"). ``"scale"`` is scikit-learn's rule,
        ``1 / (num_features * X.var())`` on the standardized training set.
    standardize : bool
        Standardize the features (recommended for the RBF kernel).

    Example
    -------
    >>> svm = SVMClassifier(backend="opencv", C=10).fit(X_train, y_train)
    >>> svm.score(X_test, y_test)
    """

    def __init__(self, backend="sklearn", kernel="rbf", C=1.0, gamma="scale", *, standardize=True):
        self.backend = check_choice("backend", backend, SVM_BACKENDS)
        self.kernel = check_choice("kernel", kernel, SVM_KERNELS)
        self.C = check_number("C", C, minimum=0, min_inclusive=False)
        if isinstance(gamma, str):
            gamma = check_choice("gamma (or a positive number)", gamma, ("scale",))
        else:
            gamma = check_number("gamma (or 'scale')", gamma, minimum=0, min_inclusive=False)
        self.gamma = gamma
        self.standardize = bool(standardize)
        self._model = None

    def __repr__(self):
        return (
            f"SVMClassifier(backend={self.backend!r}, kernel={self.kernel!r}, C={self.C!r}, "
            f"gamma={self.gamma!r}, standardize={self.standardize!r})"
        )

    def fit(self, X, y):
        """Standardize with the statistics of ``X`` and train; return ``self``.

        ``X``: (n, features) numbers; ``y``: (n,) or Keras-style (n, 1) class labels.
        """
        X = self._check_X(X, "X")
        y = _check_labels(y, len(X))
        self.classes_, codes = np.unique(y, return_inverse=True)
        if len(self.classes_) < 2:
            raise ValueError(f"y has one class only ({self.classes_[0]!r}); an SVM needs 2 or more")
        self.num_features_ = X.shape[1]
        if self.standardize:
            self.mean_ = X.mean(axis=0)
            scale = X.std(axis=0)
            self.scale_ = np.where(scale > 0, scale, 1.0)
        else:
            self.mean_ = np.zeros(X.shape[1])
            self.scale_ = np.ones(X.shape[1])
        X = self._transform(X)
        if self.gamma == "scale":
            variance = X.var()
            self.gamma_ = 1.0 / (X.shape[1] * variance) if variance > 0 else 1.0
        else:
            self.gamma_ = float(self.gamma)
        self._model = self._fit_backend(X, codes)
        return self

    def _fit_backend(self, X, codes):
        if self.backend == "sklearn":
            from sklearn.svm import SVC, LinearSVC

            if self.kernel == "linear":
                model = LinearSVC(C=self.C, max_iter=10_000)
            else:
                model = SVC(kernel="rbf", C=self.C, gamma=self.gamma_, cache_size=500)
            return model.fit(X, codes)
        import cv2

        model = cv2.ml.SVM_create()
        model.setType(cv2.ml.SVM_C_SVC)
        model.setKernel(cv2.ml.SVM_LINEAR if self.kernel == "linear" else cv2.ml.SVM_RBF)
        model.setC(self.C)
        model.setGamma(self.gamma_)
        # libsvm's stopping tolerance; OpenCV's default stops after 1,000 iterations.
        criteria = cv2.TERM_CRITERIA_EPS + cv2.TERM_CRITERIA_MAX_ITER
        model.setTermCriteria((criteria, 10_000_000, 1e-3))
        model.train(X.astype(np.float32), cv2.ml.ROW_SAMPLE, codes.astype(np.int32))
        return model

    def predict(self, X):
        """Class labels, shape (n,), for features ``X`` (n, features)."""
        if self._model is None:
            raise ValueError("this SVMClassifier is not fitted yet; call fit(X, y) first")
        X = self._transform(self._check_X(X, "X"))
        if self.backend == "sklearn":
            codes = self._model.predict(X)
        else:
            codes = self._model.predict(X.astype(np.float32))[1].ravel()
        return self.classes_[codes.astype(np.intp)]

    def score(self, X, y):
        """Accuracy: the fraction of ``X`` whose predicted label equals ``y``."""
        X = self._check_X(X, "X")
        y = _check_labels(y, len(X))
        return float(np.mean(self.predict(X) == y))

    def _transform(self, X):
        return (X - self.mean_) / self.scale_

    def _check_X(self, X, name):
        if not isinstance(X, np.ndarray):
            raise TypeError(f"{name} must be a NumPy array (n, features), got {type(X).__name__}")
        real = np.issubdtype(X.dtype, np.number) and not np.issubdtype(X.dtype, np.complexfloating)
        if not real:
            raise TypeError(f"{name} has dtype {X.dtype}; real numbers are required")
        if X.ndim != 2 or 0 in X.shape:
            raise ValueError(
                f"{name} has shape {X.shape}; expected a non-empty (n, features) array"
            )
        if self._model is not None and X.shape[1] != self.num_features_:
            raise ValueError(
                f"{name} has {X.shape[1]} features, but the SVM was fitted on "
                f"{self.num_features_}"
            )
        X = X.astype(np.float64)
        if not np.isfinite(X).all():
            raise ValueError(f"{name} contains NaN or infinity; features must be finite")
        return X


def _check_labels(y, num_samples):
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]  # Keras layout (n, 1) -> (n,)
    if y.ndim != 1 or len(y) != num_samples:
        raise ValueError(
            f"y has shape {y.shape}; expected ({num_samples},) or ({num_samples}, 1), one "
            f"label per row of X"
        )
    if not (np.issubdtype(y.dtype, np.integer) or np.issubdtype(y.dtype, np.str_)
            or y.dtype == bool):
        raise TypeError(f"y has dtype {y.dtype}; class labels must be ints, bools or strings")
    return y
