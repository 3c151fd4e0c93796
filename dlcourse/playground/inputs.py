"""The playground's inputs: its six data sets, the train/test split and the seven features.

TensorFlow Playground's left column, as NumPy arrays:

- the data sets ``circle``, ``xor``, ``two_gaussians`` and ``spiral`` (classification,
  500 points, class labels 0 and 1) and ``plane`` and ``multi_gaussian`` (regression,
  1,200 points, targets in [-1, 1]), made by
  :func:`dlcourse.data.toy.make_playground_dataset` (the one home of the course's 2D
  data); noise 0-50 %, the train/test split 10-90 %, points in ``[-6, 6]**2``;
- the network's targets (:func:`targets`): the output neuron is a tanh, so class 0 is
  trained towards -1 and class 1 towards +1;
- the seven input features ``x1, x2, x1^2, x2^2, x1*x2, sin(x1), sin(x2)``
  (:func:`feature_matrix`) and the grid the pictures are drawn on (:func:`grid_points`).

Example
-------
>>> points, labels = make_data("xor", noise=10, seed=0)
>>> feature_matrix(points, ("x1", "x1*x2")).shape
(500, 2)
"""

import numpy as np

from dlcourse.core.validation import check_choice, check_int
from dlcourse.data import toy

__all__ = ["ALL_FEATURES", "CLASSIFICATION", "DATASETS", "DOMAIN", "FEATURES", "NUM_POINTS",
           "REGRESSION", "feature_matrix", "grid_points", "make_data", "split_data",
           "targets"]

CLASSIFICATION = "classification"
REGRESSION = "regression"

#: data set -> problem type, in the Playground's order (``dlcourse.data.toy.PLAYGROUND_DATASETS``)
DATASETS = toy.PLAYGROUND_DATASETS

#: points the Playground generates per problem type
NUM_POINTS = {CLASSIFICATION: 500, REGRESSION: 1200}

#: the square every data set lives in (and the grids are drawn on)
DOMAIN = toy.PLAYGROUND_DOMAIN

#: input feature -> its function of the point (x1, x2), in the Playground's order
FEATURES = {
    "x1": lambda x1, x2: x1,
    "x2": lambda x1, x2: x2,
    "x1^2": lambda x1, x2: x1 * x1,
    "x2^2": lambda x1, x2: x2 * x2,
    "x1*x2": lambda x1, x2: x1 * x2,
    "sin(x1)": lambda x1, x2: np.sin(x1),
    "sin(x2)": lambda x1, x2: np.sin(x2),
}
ALL_FEATURES = tuple(FEATURES)

NOISE_PERCENT = (0, 50)
TRAIN_PERCENT = (10, 90)
MAX_SEED = 2**32 - 1


def make_data(dataset, noise=0, seed=0, num_points=None):
    """Points and labels of one of the Playground's data sets, in a random order.

    Parameters
    ----------
    dataset : str
        One of ``DATASETS``: circle, xor, two_gaussians, spiral (class labels 0/1) or
        plane, multi_gaussian (targets in [-1, 1]).
    noise : int
        Percent, 0 to 50: how far the points are jittered (how labels are blurred).
    seed : int
        Non-negative; the same seed gives the same points.
    num_points : int, optional
        Default: the Playground's 500 for classification, 1,200 for regression.

    Returns
    -------
    points : numpy.ndarray of shape (n, 2)
        ``(x1, x2)``, shuffled once (as the Playground does).
    labels : numpy.ndarray of shape (n,)
        int64 class labels, or float64 targets.

    Example
    -------
    >>> points, labels = make_data("spiral", noise=10, seed=0)
    >>> points.shape, np.unique(labels).tolist()
    ((500, 2), [0, 1])
    """
    check_choice("dataset", dataset, tuple(DATASETS))
    noise = check_int("noise", noise, minimum=NOISE_PERCENT[0], maximum=NOISE_PERCENT[1])
    seed = check_int("seed", seed, minimum=0, maximum=MAX_SEED)
    n = NUM_POINTS[DATASETS[dataset]] if num_points is None else check_int(
        "num_points", num_points, minimum=2, maximum=10**6)
    # stream 0 of the seed: the data (stream 1: the initial weights, see engine)
    return toy.make_playground_dataset(dataset, n, noise=noise / 100.0, seed=[seed, 0])


def targets(labels):
    """What the output neuron is trained towards: -1/+1 for the classes 0/1, else the targets.

    Class labels are integers (as :func:`make_data` returns them); regression targets
    are floats and pass unchanged.

    Example
    -------
    >>> targets(np.array([0, 1, 1])).tolist()
    [-1.0, 1.0, 1.0]
    """
    labels = np.asarray(labels)
    if np.issubdtype(labels.dtype, np.integer):
        return 2.0 * labels - 1.0
    return labels.astype(float)


def split_data(points, labels, train_percent):
    """The first ``floor(n * train_percent / 100)`` points train, the rest test.

    Returns
    -------
    (train_points, train_labels), (test_points, test_labels)
    """
    train_percent = check_int("train_percent", train_percent, minimum=TRAIN_PERCENT[0],
                              maximum=TRAIN_PERCENT[1])
    cut = len(points) * train_percent // 100
    return (points[:cut], labels[:cut]), (points[cut:], labels[cut:])


def feature_matrix(points, features=ALL_FEATURES):
    """The network's input: one column per feature, in the Playground's order.

    Parameters
    ----------
    points : array of shape (n, 2)
    features : iterable of str
        Names from ``FEATURES``.

    Returns
    -------
    numpy.ndarray of shape (n, len(features))
    """
    points = np.asarray(points, dtype=float)
    if points.ndim != 2 or points.shape[1] != 2:
        raise ValueError(f"points must have shape (n, 2), got {points.shape}")
    x1, x2 = points[:, 0], points[:, 1]
    return np.column_stack([FEATURES[name](x1, x2) for name in features])  # (n, f)


def grid_points(resolution=100):
    """A ``resolution x resolution`` grid over ``DOMAIN``, row by row from the top.

    Row 0 is ``x2 = 6`` and column 0 is ``x1 = -6``, so an array reshaped to
    ``(resolution, resolution)`` displays like the plane (``imshow`` with the default
    ``origin="upper"``).

    Returns
    -------
    numpy.ndarray of shape (resolution**2, 2)
    """
    resolution = check_int("resolution", resolution, minimum=2, maximum=1000)
    axis = np.linspace(*DOMAIN, resolution)
    x1, x2 = np.meshgrid(axis, axis[::-1])
    return np.column_stack([x1.ravel(), x2.ravel()])
