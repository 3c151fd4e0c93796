"""From a network's outputs to answers: predicted classes, confidences, mistakes.

``model.predict`` returns numbers, one row of class probabilities per example (or one
probability per pair for a "same or not" model). These functions turn them into what
a chapter shows: the predicted class of each example, the mistakes ranked by how
confident the network was, the scores of every pair of a small set of examples, the
average prediction of an ensemble, and how sparse a network's weights are (chapter
10). They are NumPy only and check their inputs.
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
