import numpy as np
import pytest

from dlcourse.data import preprocess as pp


def test_scale_pixels_to_unit_range():
    x = np.array([[0, 51, 255]], dtype=np.uint8)
    out = pp.scale_pixels(x)
    assert out.dtype == np.float32
    np.testing.assert_allclose(out, [[0.0, 0.2, 1.0]])
    assert x.dtype == np.uint8  # input untouched


def test_scale_pixels_rejects_floats_and_out_of_range():
    with pytest.raises(TypeError, match="dtype float64"):
        pp.scale_pixels(np.array([0.5]))
    with pytest.raises(ValueError, match=r"\[0, 255\], got \[0, 300\]"):
        pp.scale_pixels(np.array([0, 300]))


def test_flatten():
    assert pp.flatten(np.zeros((5, 28, 28))).shape == (5, 784)
    assert pp.flatten(np.zeros((5, 32, 32, 3))).shape == (5, 3072)
    with pytest.raises(ValueError, match="got shape"):
        pp.flatten(np.zeros(5))


def test_one_hot_accepts_both_label_layouts():
    expected = np.array([[0, 1, 0], [0, 0, 1]], dtype=np.float32)
    np.testing.assert_array_equal(pp.one_hot([1, 2], 3), expected)
    np.testing.assert_array_equal(pp.one_hot(np.array([[1], [2]]), 3), expected)
    assert pp.one_hot(np.array([0, 4])).shape == (2, 5)


def test_one_hot_errors():
    with pytest.raises(ValueError, match=r"labels must lie in \[0, 2\]"):
        pp.one_hot([0, 3], 3)
    with pytest.raises(TypeError, match="integer class labels"):
        pp.one_hot([0.5, 1.0])
    with pytest.raises(ValueError, match=r"shape \(n,\) or \(n, 1\)"):
        pp.one_hot(np.zeros((2, 2), dtype=int))


def _labels():
    return np.repeat(np.arange(4), [100, 200, 300, 400])  # imbalanced on purpose


def test_stratified_subsample_keeps_class_proportions():
    y = _labels()
    x = np.arange(len(y))
    xs, ys = pp.stratified_subsample(x, y, 100, seed=1)
    assert np.bincount(ys).tolist() == [10, 20, 30, 40]
    np.testing.assert_array_equal(y[xs], ys)  # pairs stay together
    assert np.all(np.diff(xs) > 0)  # original order, no duplicates
    with pytest.raises(ValueError, match=r"n must be an int in \[1, 1000\]"):
        pp.stratified_subsample(x, y, 0)


def test_train_validation_split_is_stratified_disjoint_and_complete():
    y = _labels()
    x = np.arange(len(y))
    (xt, yt), (xv, yv) = pp.train_validation_split(x, y, 0.2, seed=0)
    assert np.bincount(yv).tolist() == [20, 40, 60, 80]
    assert len(np.intersect1d(xt, xv)) == 0 and len(xt) + len(xv) == len(x)
    np.testing.assert_array_equal(y[xv], yv)
    assert not np.all(np.diff(xt) > 0)  # shuffled, unlike Keras's validation_split
    with pytest.raises(ValueError, match=r"validation_fraction must be in \(0, 1\)"):
        pp.train_validation_split(x, y, 1.0)


def test_standardize_uses_training_statistics_only():
    train = np.array([[0.0, 5.0], [2.0, 5.0]])
    test = np.array([[4.0, 6.0]])
    z_train, z_test = pp.standardize(train, test)
    np.testing.assert_allclose(z_train, [[-1, 0], [1, 0]])
    np.testing.assert_allclose(z_test, [[3, 1]])


def test_augment_makes_distinct_label_preserving_variants():
    rng = np.random.default_rng(0)
    image = rng.integers(0, 256, (16, 16, 3), dtype=np.uint8)
    variants = pp.augment(image, num_variants=4, seed=0)
    assert variants.shape == (4, 16, 16, 3) and variants.dtype == np.uint8
    assert len({v.tobytes() for v in variants}) == 4
    np.testing.assert_array_equal(variants, pp.augment(image, num_variants=4, seed=0))
    grey = pp.augment(image[..., 0], num_variants=2, seed=0)
    assert grey.shape == (2, 16, 16)
    unchanged = pp.augment(image, num_variants=2, flip=False, rotation=0, zoom=0,
                           translation=0, contrast=0)
    np.testing.assert_array_equal(unchanged[0], image)


def test_augment_rejects_bad_input():
    with pytest.raises(ValueError, match="one uint8 image"):
        pp.augment(np.zeros((2, 8, 8, 3), np.uint8))
    with pytest.raises(ValueError, match=r"rotation=0.7 must be in \[0, 0.5\]"):
        pp.augment(np.zeros((8, 8), np.uint8), rotation=0.7)


def test_make_pairs_same_and_different_as_asked():
    y = np.repeat(np.arange(4), 5)  # 4 classes, 5 examples each
    left, right, same = pp.make_pairs(y, 400, same_fraction=0.25, seed=3)
    assert same.dtype == np.float32 and same.sum() == 100
    is_same = same == 1
    assert np.all(y[left[is_same]] == y[right[is_same]])
    assert np.all(y[left[~is_same]] != y[right[~is_same]])
    assert np.all(left[is_same] != right[is_same])  # never an example with itself
    assert set(y[right[~is_same]]) == set(range(4))
    again = pp.make_pairs(y, 400, same_fraction=0.25, seed=3)
    assert all(np.array_equal(a, b) for a, b in zip((left, right, same), again))


def test_make_pairs_checks_its_input():
    with pytest.raises(ValueError, match="at least 2 classes"):
        pp.make_pairs(np.zeros(5, dtype=int), 10)
    with pytest.raises(ValueError, match="counts"):
        pp.make_pairs(np.array([0, 0, 1]), 10)
    with pytest.raises(ValueError, match="num_pairs"):
        pp.make_pairs(np.array([0, 0, 1, 1]), 0)
    with pytest.raises(ValueError, match="same_fraction"):
        pp.make_pairs(np.array([0, 0, 1, 1]), 4, same_fraction=1.0)


def test_stratified_sizes_are_exact_whatever_the_class_proportions():
    y = np.repeat([0, 1, 2], [7, 13, 29])  # 49 samples, awkward proportions
    x = np.arange(len(y))
    for n in (1, 10, 25, 48):
        _, ys = pp.stratified_subsample(x, y, n, seed=3)
        assert len(ys) == n
        quotas = n * np.bincount(y) / len(y)
        assert np.all(np.abs(np.bincount(ys, minlength=3) - quotas) < 1)  # each class its share
    (_, yt), (_, yv) = pp.train_validation_split(x, y, 0.1, seed=0)
    assert (len(yt), len(yv)) == (44, 5)


def test_corrupt_labels_changes_about_the_expected_share():
    y = np.repeat(np.arange(10), 200)
    noisy, wrong = pp.corrupt_labels(y, 0.3, seed=1)
    assert noisy.shape == y.shape and y[0] == 0  # the input is not changed
    np.testing.assert_array_equal(wrong, noisy != y)
    assert 0.3 * 0.9 - 0.04 < wrong.mean() < 0.3 * 0.9 + 0.04
    clean, none_wrong = pp.corrupt_labels(y, 0.0)
    assert not none_wrong.any() and np.array_equal(clean, y)
    with pytest.raises(ValueError, match=r"fraction must be a number in \[0, 1\], got 1.5"):
        pp.corrupt_labels(y, 1.5)
    with pytest.raises(TypeError, match="integer class labels"):
        pp.corrupt_labels(y.astype(float), 0.1)
