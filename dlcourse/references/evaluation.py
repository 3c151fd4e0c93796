"""From a network's outputs to answers and scores: the one home of classification evaluation.

``model.predict`` returns numbers, one row of class probabilities per example (or one
probability per pair for a "same or not" model). These functions turn them into what
a chapter shows: the predicted class of each example (:func:`predicted_classes`), the
mistakes ranked by how confident the network was (:func:`ranked_mistakes`), the
confusion matrix (:func:`confusion_matrix`; ``plots.plot_confusion_matrix`` draws it),
the F1 score of a rare positive class and the threshold that maximizes it
(:func:`f1_score`, :func:`best_f1_threshold`; the best-F1 callback uses them), the
scores of every pair of a small set of examples (:func:`pair_matrix`), the average
prediction of an ensemble (:func:`ensemble_predict`) and how sparse a network's weights
are (:func:`fraction_near_zero`, chapter 10). They are NumPy only and check their inputs.
"""

import numpy as np

from dlcourse.core.validation import check_int, check_number


def _probability_rows(probabilities):
    p = np.asarray(probabilities)
    if p.ndim != 2 or p.shape[1] < 2:
        raise ValueError(f"probabilities must have shape (examples, classes) with at least "
                         f"2 classes, got {p.shape}")
    if not np.issubdtype(p.dtype, np.floating):
        raise TypeError(f"probabilities must be floats, got dtype {p.dtype}")
    return p


def predicted_classes(probabilities):
    """The class with the largest probability in each row: ``(examples,)`` int.

    Example
    -------
    >>> predicted_classes(np.array([[0.1, 0.9], [0.8, 0.2]]))
    array([1, 0])
    """
    return _probability_rows(probabilities).argmax(axis=1)


def ranked_mistakes(probabilities, labels):
    """Indices of the wrongly classified examples, the most confident mistake first.

    Parameters
    ----------
    probabilities : array (examples, classes)
    labels : array of int (examples,)

    Returns
    -------
    array of int
        Positions ``i`` with ``argmax(probabilities[i]) != labels[i]``, sorted by the
        probability the network gave its wrong answer, largest first (ties keep their
        order).

    Example
    -------
    >>> ranked_mistakes(np.array([[0.6, 0.4], [0.1, 0.9], [0.2, 0.8]]), [1, 0, 1])
    array([1, 0])
    """
    p = _probability_rows(probabilities)
    y = np.asarray(labels)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]  # (n, 1) -> (n,)
    if y.shape != (len(p),):
        raise ValueError(f"labels must be one class per example, shape ({len(p)},); "
                         f"got {y.shape}")
    if not np.issubdtype(y.dtype, np.integer):
        raise TypeError(f"labels must be integer classes, got dtype {y.dtype}")
    guess = p.argmax(axis=1)
    wrong = np.flatnonzero(guess != y)
    confidence = p[wrong, guess[wrong]]
    return wrong[np.argsort(-confidence, kind="stable")]


def pair_matrix(predict, x, *, batch_size=4096):
    """Scores of every ordered pair of ``x``: ``M[i, j] = predict([x[i], x[j]])``.

    Parameters
    ----------
    predict : callable
        Takes a list ``[left, right]`` of two batches and returns one score per pair,
        shape ``(pairs,)`` or ``(pairs, 1)``; for a two-input Keras model use
        ``lambda pair: model.predict(pair, verbose=0)``.
    x : array (n, ...)
        The examples; all ``n * n`` pairs are scored, so keep ``n`` small (hundreds).
    batch_size : int
        Pairs per call of ``predict``.

    Returns
    -------
    array (n, n) float
    """
    x = np.asarray(x)
    if x.ndim < 2 or len(x) == 0:
        raise ValueError(f"x must be a batch of examples (n, ...), got shape {x.shape}")
    batch_size = check_int("batch_size", batch_size, minimum=1)
    n = len(x)
    left, right = np.divmod(np.arange(n * n), n)  # pair k is (k // n, k % n)
    scores = []
    for start in range(0, n * n, batch_size):
        chunk = slice(start, start + batch_size)
        out = np.asarray(predict([x[left[chunk]], x[right[chunk]]]), dtype=float)
        if out.shape not in ((len(left[chunk]),), (len(left[chunk]), 1)):
            raise ValueError(f"predict must return one score per pair, shape "
                             f"({len(left[chunk])},) or ({len(left[chunk])}, 1); got "
                             f"{out.shape}")
        scores.append(out.reshape(-1))
    return np.concatenate(scores).reshape(n, n)


def confusion_matrix(y_true, y_pred, num_classes=None):
    """Counts ``C[i, j]`` of the examples of true class ``i`` predicted as class ``j``.

    Parameters
    ----------
    y_true, y_pred : array of int (examples,)
        Class labels from 0.
    num_classes : int, optional
        The matrix size; by default the largest label + 1.

    Returns
    -------
    array of int (num_classes, num_classes)
        Rows: true class; columns: predicted class; the diagonal holds the correct ones.

    Example
    -------
    >>> confusion_matrix([0, 0, 1], [0, 1, 1])
    array([[1, 1],
           [0, 1]])
    """
    y_true = np.asarray(y_true).ravel()
    y_pred = np.asarray(y_pred).ravel()
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true has {y_true.size} labels but y_pred has {y_pred.size}")
    for name, labels in (("y_true", y_true), ("y_pred", y_pred)):
        if labels.size and not (np.all(labels == np.round(labels)) and labels.min() >= 0):
            raise ValueError(f"{name} must hold class labels (ints >= 0), got "
                             f"{np.unique(labels)[:5]}")
    y_true, y_pred = y_true.astype(int), y_pred.astype(int)
    largest = int(max(y_true.max(), y_pred.max())) + 1 if y_true.size else 0
    k = largest if num_classes is None else check_int("num_classes", num_classes,
                                                        minimum=max(largest, 1))
    matrix = np.zeros((k, k), dtype=int)
    np.add.at(matrix, (y_true, y_pred), 1)
    return matrix


def _binary(name, values):
    values = np.asarray(values).ravel()
    if values.size and not np.isin(values, (0, 1)).all():
        raise ValueError(f"{name} must hold 0/1 labels, got values {np.unique(values)[:5]}")
    return values.astype(bool)


def f1_score(y_true, y_pred):
    """F1 of the positive class for 0/1 labels: ``2 TP / (2 TP + FP + FN)``.

    0.0 when there are no positives in either array (nothing to find, nothing found).

    Example
    -------
    >>> f1_score([1, 1, 0, 0], [1, 0, 1, 0])
    0.5
    """
    t, p = _binary("y_true", y_true), _binary("y_pred", y_pred)
    if t.shape != p.shape:
        raise ValueError(f"y_true has {t.size} labels but y_pred has {p.size}")
    tp = np.count_nonzero(t & p)
    denominator = 2 * tp + np.count_nonzero(~t & p) + np.count_nonzero(t & ~p)
    return float(2 * tp / denominator) if denominator else 0.0


def best_f1_threshold(y_true, scores):
    """The decision threshold on ``scores`` with the highest F1, and that F1.

    Every distinct score is tried as a threshold (predict 1 where ``score >= t``).

    Parameters
    ----------
    y_true : array of 0/1, shape (n,)
    scores : array of floats, shape (n,), e.g. sigmoid outputs

    Returns
    -------
    (float, float)
        ``(threshold, f1)``.

    Example
    -------
    >>> best_f1_threshold([0, 0, 1, 1], [0.1, 0.6, 0.7, 0.9])
    (0.7, 1.0)
    """
    t = _binary("y_true", y_true)
    s = np.asarray(scores, dtype=float).ravel()
    if s.shape != t.shape or s.size == 0:
        raise ValueError(f"y_true ({t.size}) and scores ({s.size}) must have the same "
                         f"non-zero length")
    order = np.argsort(-s, kind="stable")
    s_sorted, t_sorted = s[order], t[order]
    tp = np.cumsum(t_sorted)  # predicting the top k as positive
    fp = np.cumsum(~t_sorted)
    fn = t.sum() - tp
    last = np.r_[s_sorted[1:] != s_sorted[:-1], True]  # ties: take all equal scores
    f1 = np.where(last, 2 * tp / np.maximum(2 * tp + fp + fn, 1), -1.0)
    best = int(np.argmax(f1))
    return float(s_sorted[best]), float(f1[best])


def ensemble_predict(models, x):
    """Average of ``model.predict(x)`` over the models: the ensemble's probabilities.

    Works with Keras models (``predict(x, verbose=0)`` is tried first) and with
    :class:`dlcourse.references.nn.Network` objects alike.
    """
    models = list(models)
    if not models:
        raise ValueError("an ensemble needs at least one model")
    outputs = []
    for model in models:
        try:
            outputs.append(np.asarray(model.predict(x, verbose=0)))
        except TypeError:  # a predict without Keras's verbose argument
            outputs.append(np.asarray(model.predict(x)))
    return np.mean(outputs, axis=0)


def fraction_near_zero(weights, tolerance=1e-3):
    """Share of the numbers in ``weights`` (an array or a list of arrays) with ``|w| < tolerance``.

    The sparsity an L1 penalty brings (chapter 10).
    """
    tolerance = check_number("tolerance", tolerance, minimum=0, min_inclusive=False)
    arrays = [np.ravel(w) for w in (weights if isinstance(weights, (list, tuple)) else [weights])]
    values = np.concatenate(arrays) if arrays else np.array([])
    if values.size == 0:
        raise ValueError("weights holds no numbers")
    return float(np.mean(np.abs(values) < tolerance))
