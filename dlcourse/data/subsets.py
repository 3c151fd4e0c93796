"""Training, validation and test subsets of an image data set in one call.

Chapters 03 to 11 all start the same way: load MNIST (or Fashion-MNIST), take a
subsample of a stated size, scale the pixels to [0, 1], flatten each image to a row,
split off a validation set. :func:`load_subsets` does exactly that, so the sizes a
chapter uses are the ones it states, whatever the data file holds: the course's offline
mirror (MNIST: 10,000 training images) and Keras's download (60,000) give the same
sizes. Chapter 02 shows the steps one by one.

Example
-------
>>> mnist = load_subsets("mnist", num_train=9_000, validation_fraction=0.1)  # doctest: +SKIP
>>> mnist.x_train.shape, mnist.x_val.shape, mnist.x_test.shape               # doctest: +SKIP
((8100, 784), (900, 784), (10000, 784))
"""

from dataclasses import dataclass

import numpy as np

from dlcourse.core.validation import check_int, check_number
from dlcourse.data import datasets, preprocess


@dataclass(frozen=True)
class Subsets:
    """Pixel arrays scaled to [0, 1] (float32) and labels: train, validation, test."""

    name: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray

    def __str__(self):
        return (f"{self.name}: {len(self.x_train):,} training, {len(self.x_val):,} validation, "
                f"{len(self.x_test):,} test images")


def _checked_size(what, value, available, name, argument):
    value = check_int(argument, value, minimum=1)
    if value > available:
        raise ValueError(
            f"{argument}={value:,} but the {name!r} file holds {available:,} {what} images "
            f"(the course's offline mirror can be smaller than Keras's download); "
            f"choose {argument} <= {available:,}")
    return value


def load_subsets(name, *, num_train, num_test=None, validation_fraction=None, seed=0,
                 flatten=True, data_dir=None):
    """Load an image data set and return stated-size subsets, scaled (and flattened).

    Parameters
    ----------
    name : str
        A data set of 28x28 or 32x32 images: ``"mnist"``, ``"fashion_mnist"``, ...
    num_train : int
        Training images to keep (a stratified sample; all of them when it equals the
        file's count). The validation set, if any, is split off these.
    num_test : int, optional
        Test images to keep (a stratified sample); all of them by default.
    validation_fraction : float in (0, 1), optional
        The share of the ``num_train`` images held out for validation (stratified,
        shuffled); none by default (empty ``x_val``).
    seed : int
        Seed of the subsampling and the split.
    flatten : bool
        Each image as a row of ``height * width * channels`` values (for a dense
        network); ``False`` keeps the image shape.

    Returns
    -------
    Subsets
    """
    (x_train, y_train), (x_test, y_test) = datasets.load(name, data_dir=data_dir)
    num_train = _checked_size("training", num_train, len(x_train), name, "num_train")
    x_train, y_train = preprocess.stratified_subsample(x_train, y_train, num_train, seed=seed)
    if num_test is not None:
        num_test = _checked_size("test", num_test, len(x_test), name, "num_test")
        x_test, y_test = preprocess.stratified_subsample(x_test, y_test, num_test, seed=seed)
    if validation_fraction is None:
        x_val, y_val = x_train[:0], y_train[:0]
    else:
        check_number("validation_fraction", validation_fraction, minimum=0, maximum=1,
                     min_inclusive=False, max_inclusive=False)
        (x_train, y_train), (x_val, y_val) = preprocess.train_validation_split(
            x_train, y_train, validation_fraction, seed=seed)

    def prepare(x):
        x = preprocess.scale_pixels(x)
        return preprocess.flatten(x) if flatten else x

    return Subsets(name, prepare(x_train), y_train, prepare(x_val), y_val, prepare(x_test),
                   y_test)
