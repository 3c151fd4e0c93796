"""Preprocessing the chapters repeat: scaling, flattening, one-hot labels, splits, noise.

Each function is pure (returns new arrays, never changes its input) and checks its
input, so a wrong shape fails here with a clear message rather than deep inside Keras.
"""

import numpy as np

from dlcourse.core.validation import check_int, check_number


def _as_labels(y, name="y"):
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]  # (n, 1) -> (n,), the CIFAR layout
    if y.ndim != 1:
        raise ValueError(f"{name} must hold one integer label per sample, shape (n,) or "
                         f"(n, 1); got shape {y.shape}")
    if not np.issubdtype(y.dtype, np.integer):
        raise TypeError(f"{name} must hold integer class labels, got dtype {y.dtype}")
    return y


def scale_pixels(x, max_value=255):
    """Images of integers in ``[0, max_value]`` as float32 in ``[0, 1]``.

    Example
    -------
    >>> scale_pixels(np.array([[0, 255]], dtype=np.uint8))
    array([[0., 1.]], dtype=float32)
    """
    x = np.asarray(x)
    if not np.issubdtype(x.dtype, np.integer):
        raise TypeError(
            f"scale_pixels expects integer pixel values (e.g. uint8), got dtype {x.dtype}; "
            f"data that is already float is probably scaled already"
        )
    if x.size and (x.min() < 0 or x.max() > max_value):
        raise ValueError(f"pixel values must lie in [0, {max_value}], got "
                         f"[{x.min()}, {x.max()}]")
    return x.astype(np.float32) / np.float32(max_value)


def flatten(x):
    """``(n, ...)`` to ``(n, features)``: each image becomes one row vector."""
    x = np.asarray(x)
    if x.ndim < 2:
        raise ValueError(f"flatten expects a batch of samples (n, ...), got shape {x.shape}")
    return x.reshape(len(x), int(np.prod(x.shape[1:])))  # (batch, features); also for 0 rows


def one_hot(y, num_classes=None):
    """Integer labels ``(n,)`` or ``(n, 1)`` to float32 one-hot rows ``(n, num_classes)``."""
    y = _as_labels(y)
    if num_classes is None:
        num_classes = int(y.max()) + 1 if y.size else 0
    if y.size and (y.min() < 0 or y.max() >= num_classes):
        raise ValueError(f"labels must lie in [0, {num_classes - 1}] for num_classes="
                         f"{num_classes}, got [{y.min()}, {y.max()}]")
    out = np.zeros((len(y), num_classes), dtype=np.float32)  # (batch, classes)
    out[np.arange(len(y)), y] = 1.0
    return out


def _per_class_indices(y, total, rng):
    """``total`` indices at random, each class getting its share (sorted).

    Each class gets the floor of its quota ``total * class_count / len(y)``, and the
    classes with the largest remainders one more each, so the sizes add up to exactly
    ``total`` whatever the class proportions: the same sizes on any copy of a data set.
    """
    labels, counts = np.unique(y, return_counts=True)
    quotas = total * counts / counts.sum()
    take = np.floor(quotas).astype(int)
    take[np.argsort(take - quotas, kind="stable")[: total - take.sum()]] += 1
    chosen = [rng.choice(np.flatnonzero(y == label), size=k, replace=False)
              for label, k in zip(labels, take)]
    return np.sort(np.concatenate(chosen))


def stratified_subsample(x, y, n, seed=0):
    """``n`` samples with the class proportions of ``y`` (in their original order).

    Example
    -------
    >>> x_small, y_small = stratified_subsample(x_train, y_train, 1000)
    """
    labels = _as_labels(y)
    if len(x) != len(labels):
        raise ValueError(f"x has {len(x)} samples but y has {len(labels)}")
    if not isinstance(n, (int, np.integer)) or not 0 < n <= len(labels):
        raise ValueError(f"n must be an int in [1, {len(labels)}], got {n!r}")
    if n == len(labels):
        return x, y
    keep = _per_class_indices(labels, n, np.random.default_rng(seed))
    return x[keep], y[keep]


def train_validation_split(x, y, validation_fraction=0.1, *, stratify=True, seed=0):
    """Split off a validation set: ``(x_train, y_train), (x_val, y_val)``.

    With ``stratify=True`` (for class labels) each class keeps its proportion in both
    parts. The split is shuffled, unlike Keras's ``validation_split``, which takes the
    last samples as they come (chapter 10 shows why that matters).
    """
    if not 0 < validation_fraction < 1:
        raise ValueError(f"validation_fraction must be in (0, 1), got {validation_fraction!r}")
    if len(x) != len(y):
        raise ValueError(f"x has {len(x)} samples but y has {len(y)}")
    rng = np.random.default_rng(seed)
    if stratify:
        val = _per_class_indices(_as_labels(y), max(1, round(validation_fraction * len(x))), rng)
    else:
        val = np.sort(rng.choice(len(x), size=max(1, round(validation_fraction * len(x))),
                                 replace=False))
    is_val = np.zeros(len(x), dtype=bool)
    is_val[val] = True
    train = rng.permutation(np.flatnonzero(~is_val))
    val = rng.permutation(val)
    return (x[train], y[train]), (x[val], y[val])


def standardize(x_train, *others):
    """Zero mean, unit variance per feature, with statistics from ``x_train`` only.

    Returns the standardized ``x_train`` followed by each array in ``others``
    transformed with the same mean and standard deviation (no test-set leakage).
    """
    x_train = np.asarray(x_train, dtype=np.float64)
    mean = x_train.mean(axis=0)
    std = x_train.std(axis=0)
    std = np.where(std > 0, std, 1.0)  # constant features stay constant (0)
    return tuple((np.asarray(a, dtype=np.float64) - mean) / std for a in (x_train, *others))


AUGMENTATIONS = ("flip", "rotation", "zoom", "translation", "contrast")


def augment(image, *, num_variants=8, flip=True, rotation=0.1, zoom=0.1, translation=0.1,
            contrast=0.2, seed=0):
    """Random variants of one image, made with Keras's preprocessing layers.

    Parameters
    ----------
    image : array (h, w, channels) or (h, w), uint8
    num_variants : int
    flip : bool
        Random horizontal flips (``keras.layers.RandomFlip("horizontal")``).
    rotation : float
        Largest rotation as a fraction of a full turn (0.1 = 36 degrees).
    zoom, translation : float
        Largest zoom and shift as a fraction of the image size.
    contrast : float
        Largest contrast change (0 to 1).
    seed : int

    Returns
    -------
    array (num_variants, h, w[, channels]) uint8
    """
    import keras

    image = np.asarray(image)
    if image.ndim not in (2, 3) or image.dtype != np.uint8:
        raise ValueError(f"augment expects one uint8 image (h, w) or (h, w, c), got shape "
                         f"{image.shape} dtype {image.dtype}")
    for name, value, high in (("rotation", rotation, 0.5), ("zoom", zoom, 0.9),
                              ("translation", translation, 0.9), ("contrast", contrast, 1.0)):
        if not 0 <= value <= high:
            raise ValueError(f"{name}={value!r} must be in [0, {high}]")
    if not isinstance(num_variants, int) or num_variants < 1:
        raise ValueError(f"num_variants must be a positive int, got {num_variants!r}")
    layers = [keras.layers.RandomFlip("horizontal", seed=seed)] if flip else []
    if rotation:
        layers.append(keras.layers.RandomRotation(rotation, fill_mode="reflect", seed=seed + 1))
    if zoom:
        layers.append(keras.layers.RandomZoom(zoom, fill_mode="reflect", seed=seed + 2))
    if translation:
        layers.append(keras.layers.RandomTranslation(translation, translation,
                                                     fill_mode="reflect", seed=seed + 3))
    if contrast:
        layers.append(keras.layers.RandomContrast(contrast, value_range=(0, 255), seed=seed + 4))
    batch = np.repeat(image[None].astype(np.float32), num_variants, axis=0)
    if batch.ndim == 3:
        batch = batch[..., None]  # (batch, h, w, 1): the layers want channels
    for layer in layers:
        batch = keras.ops.convert_to_numpy(layer(batch, training=True))
    out = np.clip(np.rint(batch), 0, 255).astype(np.uint8)
    return out[..., 0] if image.ndim == 2 else out


def make_pairs(y, num_pairs, *, same_fraction=0.5, seed=0):
    """Random pairs of examples for a "same class or not" model (a siamese network).

    Parameters
    ----------
    y : array of int (n,) or (n, 1)
        Class labels; at least two classes, each with at least two examples.
    num_pairs : int
    same_fraction : float
        Share of pairs whose two examples have the same class, in (0, 1); exactly
        ``round(same_fraction * num_pairs)`` pairs are "same".
    seed : int

    Returns
    -------
    left, right : array of int (num_pairs,)
        Indices into ``y``. The left example is drawn uniformly; a "same" pair takes
        another example of its class (never the example itself), a "different" pair
        an example of a uniformly drawn other class.
    same : array of float32 (num_pairs,)
        1 for a same-class pair, 0 otherwise: the targets for ``binary_crossentropy``.

    Example
    -------
    >>> left, right, same = make_pairs(y_train, 20_000)
    >>> model.fit([x[left], x[right]], same)                   # doctest: +SKIP
    """
    labels = _as_labels(y)
    if not isinstance(num_pairs, (int, np.integer)) or num_pairs < 1:
        raise ValueError(f"num_pairs must be a positive int, got {num_pairs!r}")
    if not 0 < same_fraction < 1:
        raise ValueError(f"same_fraction must be in (0, 1), got {same_fraction!r}")
    classes, class_of, counts = np.unique(labels, return_inverse=True, return_counts=True)
    if len(classes) < 2 or counts.min() < 2:
        raise ValueError(f"make_pairs needs at least 2 classes with 2 examples each; got "
                         f"classes {classes.tolist()} with counts {counts.tolist()}")
    rng = np.random.default_rng(seed)
    members = [np.flatnonzero(class_of == k) for k in range(len(classes))]
    position = np.empty(len(labels), dtype=np.int64)  # index of an example within its class
    for group in members:
        position[group] = np.arange(len(group))

    left = rng.integers(0, len(labels), num_pairs)
    same = np.zeros(num_pairs, dtype=bool)
    same[: int(round(same_fraction * num_pairs))] = True
    rng.shuffle(same)
    other = (class_of[left] + rng.integers(1, len(classes), num_pairs)) % len(classes)
    right_class = np.where(same, class_of[left], other)
    right = np.empty(num_pairs, dtype=np.int64)
    for k, group in enumerate(members):
        chosen = np.flatnonzero(right_class == k)
        if not len(chosen):
            continue
        is_same = same[chosen]
        pick = rng.integers(0, len(group) - is_same)  # one fewer choice: skip the left
        pick = pick + (is_same & (pick >= position[left[chosen]]))
        right[chosen] = group[pick]
    return left, right, same.astype(np.float32)


def corrupt_labels(y, fraction, num_classes=None, *, seed=0):
    """Replace a random ``fraction`` of the labels by a random class (chapter 10).

    Real data sets carry labelling mistakes; a network that memorizes them shows
    overfitting plainly. A replaced label can land on the true class by chance (1 in
    ``num_classes``), so about ``fraction * (1 - 1/num_classes)`` of the labels end up
    wrong.

    Parameters
    ----------
    y : array of int, shape (n,) or (n, 1)
    fraction : float in [0, 1]
    num_classes : int, optional
        Default: ``y.max() + 1``.
    seed : int

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        The new labels (a copy, shape (n,)) and a boolean mask of the labels that are
        now wrong.

    Example
    -------
    >>> y_noisy, wrong = corrupt_labels(np.arange(10) % 3, 0.5, seed=0)
    >>> y_noisy.shape, wrong.dtype
    ((10,), dtype('bool'))
    """
    y = _as_labels(y)
    fraction = check_number("fraction", fraction, minimum=0, maximum=1)
    num_classes = (int(y.max()) + 1 if num_classes is None
                   else check_int("num_classes", num_classes, minimum=1))
    rng = np.random.default_rng(seed)
    replaced = rng.random(len(y)) < fraction
    noisy = y.copy()
    noisy[replaced] = rng.integers(0, num_classes, int(replaced.sum()))
    return noisy, noisy != y
