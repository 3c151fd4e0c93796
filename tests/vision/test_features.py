"""Tests of dlcourse.vision.features: hand-computed histograms, HOG sizes and orientations, SVMs."""

import cv2
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import LineCollection  # noqa: E402

from dlcourse.vision import features as F  # noqa: E402

RED, GREEN, BLUE, BLACK, WHITE = (255, 0, 0), (0, 255, 0), (0, 0, 255), (0, 0, 0), (255, 255, 255)


def tiny(*pixels):
    """A 2 x 2 RGB image from four (r, g, b) pixels, row by row."""
    return np.array(pixels, np.uint8).reshape(2, 2, 3)


def stripes(size=32, period=4, vertical=True):
    """Black and white stripes, ``period // 2`` pixels each; vertical stripes = vertical edges."""
    line = np.where(np.arange(size) % period < period // 2, 255, 0).astype(np.uint8)
    return np.tile(line, (size, 1)) if vertical else np.tile(line[:, None], (1, size))


def bin_fractions(descriptor, num_bins):
    """Share of the descriptor's total in each orientation bin (over all cells and blocks)."""
    per_bin = np.asarray(descriptor, np.float64).reshape(-1, num_bins).sum(axis=0)
    return per_bin / per_bin.sum()


# --------------------------------------------------------------------------- colour


def test_channel_histogram_hand_computed():
    image = tiny(RED, RED, (200, 100, 0), BLACK)
    # bins=2 splits [0, 256) at 128. R: 255, 255, 200, 0 -> 1 low, 3 high.
    # G: 0, 0, 100, 0 -> 4 low. B: all 0 -> 4 low.
    expected = [0.25, 0.75, 1.0, 0.0, 1.0, 0.0]
    np.testing.assert_allclose(F.color_histogram(image, bins=2), expected)


def test_joint_histogram_hand_computed():
    image = tiny(RED, RED, WHITE, BLUE)
    hist = F.color_histogram(image, kind="joint", bins=2)
    expected = np.zeros(8)
    expected[(1 * 2 + 0) * 2 + 0] = 0.5  # red (1, 0, 0)
    expected[(1 * 2 + 1) * 2 + 1] = 0.25  # white (1, 1, 1)
    expected[(0 * 2 + 0) * 2 + 1] = 0.25  # blue (0, 0, 1)
    np.testing.assert_allclose(hist, expected)


def test_hue_histogram_hand_computed():
    # OpenCV 8-bit hue is degrees / 2: red 0, green 60, blue 120; 3 bins of width 60.
    image = tiny(RED, RED, GREEN, BLUE)
    np.testing.assert_allclose(F.color_histogram(image, kind="hue", bins=3), [0.5, 0.25, 0.25])


def test_channel_histogram_matches_numpy_bincount():
    rng = np.random.default_rng(0)
    image = rng.integers(0, 256, (7, 5, 3), dtype=np.uint8)
    hist = F.color_histogram(image, bins=256).reshape(3, 256)
    for channel in range(3):
        expected = np.bincount(image[..., channel].ravel(), minlength=256) / 35
        np.testing.assert_allclose(hist[channel], expected, rtol=1e-6)


@pytest.mark.parametrize("kind, bins, length, total", [
    ("channels", 16, 48, 3.0), ("joint", 4, 64, 1.0), ("hue", 12, 12, 1.0),
])
def test_batch_histograms_match_single_and_are_normalized(kind, bins, length, total):
    rng = np.random.default_rng(1)
    images = rng.integers(0, 256, (5, 6, 4, 3), dtype=np.uint8)
    batch = F.color_histograms(images, kind=kind, bins=bins)
    assert batch.shape == (5, length) and batch.dtype == np.float32
    np.testing.assert_allclose(batch.sum(axis=1), total, rtol=1e-6)
    for image, row in zip(images, batch):
        np.testing.assert_array_equal(row, F.color_histogram(image, kind=kind, bins=bins))


def test_histograms_tell_images_apart():
    # The check can fail: a different image gives a different histogram.
    first = F.color_histogram(tiny(RED, RED, RED, RED), bins=4)
    second = F.color_histogram(tiny(BLUE, RED, RED, RED), bins=4)
    assert not np.allclose(first, second)


# --------------------------------------------------------------------------- HOG


HOG_CONFIGS = [
    # (win, block, stride, cell, bins)
    ((32, 32), (16, 16), (8, 8), (8, 8), 9),  # OpenCV's usual: 3 x 3 blocks
    ((32, 32), (8, 8), (4, 4), (4, 4), 9),  # 7 x 7 blocks
    ((32, 32), (32, 32), (32, 32), (8, 8), 12),  # one block of 4 x 4 cells
    ((32, 64), (16, 16), (8, 8), (8, 8), 9),  # 3 wide x 7 high
    ((32, 32), (16, 16), (16, 16), (4, 4), 6),  # no overlap, 4 x 4 cells per block
    ((24, 16), (16, 8), (8, 8), (8, 4), 4),  # non-square blocks and cells
]


def expected_length(win, block, stride, cell, bins):
    blocks = ((win[0] - block[0]) // stride[0] + 1) * ((win[1] - block[1]) // stride[1] + 1)
    cells_per_block = (block[0] // cell[0]) * (block[1] // cell[1])
    return blocks * cells_per_block * bins


@pytest.mark.parametrize("config", HOG_CONFIGS)
def test_hog_length_follows_formula(config):
    win, *_ = config
    hog = F.make_hog(*config)
    assert hog.getDescriptorSize() == expected_length(*config)
    images = np.random.default_rng(2).integers(0, 256, (3, win[1], win[0]), dtype=np.uint8)
    assert F.hog_features(images, hog).shape == (3, expected_length(*config))


def test_hog_default_is_opencv_default_8x8_cells():
    assert F.make_hog().getDescriptorSize() == 324  # 9 blocks x 4 cells x 9 bins


def test_hog_features_equal_opencv_per_image():
    rng = np.random.default_rng(3)
    images = rng.integers(0, 256, (4, 32, 32, 3), dtype=np.uint8)
    hog = cv2.HOGDescriptor((32, 32), (16, 16), (8, 8), (8, 8), 9)
    grey = F.hog_features(images, color="grey")
    colour = F.hog_features(images, color="max")
    for i, image in enumerate(images):
        np.testing.assert_array_equal(
            grey[i], hog.compute(cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)).ravel()
        )
        np.testing.assert_array_equal(colour[i], hog.compute(image).ravel())
    assert not np.array_equal(grey, colour)


def test_hog_per_channel_concatenates_channel_descriptors():
    rng = np.random.default_rng(4)
    images = rng.integers(0, 256, (3, 32, 32, 3), dtype=np.uint8)
    per_channel = F.hog_features(images, color="per_channel")
    assert per_channel.shape == (3, 3 * 324)
    for channel in range(3):
        np.testing.assert_array_equal(
            per_channel[:, channel * 324:(channel + 1) * 324],
            F.hog_features(np.ascontiguousarray(images[..., channel])),
        )


def test_hog_of_horizontal_edges_is_in_the_90_degree_bin():
    # 9 bins of 20 degrees centred on 10, 30, ...: bin 4 is centred on 90 degrees, the
    # gradient direction of horizontal edges.
    descriptor = F.hog_features(stripes(vertical=False)[None])[0]
    assert bin_fractions(descriptor, 9)[4] > 0.99


def test_hog_of_vertical_edges_is_split_between_the_bins_around_0_degrees():
    # Gradient at 0 degrees: halfway between bin 0 (10 degrees) and bin 8 (170 = -10).
    fractions = bin_fractions(F.hog_features(stripes(vertical=True)[None])[0], 9)
    np.testing.assert_allclose(fractions[[0, 8]], [0.5, 0.5], atol=0.01)
    # The check of the previous test fails on these stripes: it can tell them apart.
    assert fractions[4] < 0.01


@pytest.mark.parametrize("num_bins", [3, 5, 7, 9, 11])
def test_cell_histograms_of_horizontal_edges(num_bins):
    hist = F.hog_cell_histograms(stripes(vertical=False), num_bins=num_bins)
    assert hist.shape == (4, 4, num_bins)
    assert (hist.argmax(axis=-1) == num_bins // 2).all()
    np.testing.assert_allclose(bin_fractions(hist, num_bins)[num_bins // 2], 1.0, atol=1e-6)


def test_cell_histograms_locate_an_edge_and_its_sign():
    dark_left = np.zeros((16, 16), np.uint8)
    dark_left[:, 8:] = 255  # one vertical edge, between x = 7 and x = 8
    hist = F.hog_cell_histograms(dark_left, cell_size=4, num_bins=9)
    energy = hist.sum(axis=-1)  # (rows, cols)
    assert (energy[:, [1, 2]] > 0).all() and (energy[:, [0, 3]] == 0).all()
    np.testing.assert_allclose(bin_fractions(hist, 9)[[0, 8]], [0.5, 0.5], atol=1e-6)
    # Signed, 9 bins of 40 degrees: dark-to-light (0 degrees) is split between bins 0 and
    # 8, light-to-dark (180 degrees) falls in bin 4. Unsigned cannot tell them apart.
    signed = bin_fractions(F.hog_cell_histograms(dark_left, signed_gradient=True), 9)
    flipped = bin_fractions(F.hog_cell_histograms(255 - dark_left, signed_gradient=True), 9)
    np.testing.assert_allclose(signed[[0, 8]], [0.5, 0.5], atol=1e-6)
    np.testing.assert_allclose(flipped[4], 1.0, atol=1e-6)
    np.testing.assert_allclose(
        F.hog_cell_histograms(dark_left), F.hog_cell_histograms(255 - dark_left)
    )


def test_cell_histograms_of_colour_image_need_an_explicit_choice():
    colour = np.stack([stripes(vertical=False)] * 3, axis=-1)
    grey = F.hog_cell_histograms(stripes(vertical=False))
    np.testing.assert_allclose(F.hog_cell_histograms(colour, color="grey"), grey)
    np.testing.assert_allclose(F.hog_cell_histograms(colour, color="max"), grey)
    with pytest.raises(ValueError, match=r"color='grey'"):
        F.hog_cell_histograms(colour)


def test_plot_hog_draws_one_glyph_per_cell_and_bin_along_the_edges():
    fig, ax = plt.subplots()
    try:
        returned = F.plot_hog(stripes(vertical=False), cell_size=8, num_bins=9, ax=ax)
        assert returned is ax
        (lines,) = [c for c in ax.collections if isinstance(c, LineCollection)]
        segments = np.array(lines.get_segments())  # (cells * bins, 2 points, (x, y))
        assert segments.shape == (4 * 4 * 9, 2, 2)
        alpha = lines.get_colors()[:, 3]
        strongest = segments[alpha == alpha.max()]
        # Horizontal edges give horizontal glyphs: the y coordinates of both ends agree.
        np.testing.assert_allclose(strongest[:, 0, 1], strongest[:, 1, 1], atol=1e-9)
        assert (np.abs(strongest[:, 1, 0] - strongest[:, 0, 0]) > 7).all()
    finally:
        plt.close(fig)


def test_plot_hog_without_ax_uses_current_axes():
    fig = plt.figure()
    try:
        assert F.plot_hog(np.zeros((16, 16), np.uint8)) is plt.gca()
    finally:
        plt.close(fig)


# --------------------------------------------------------------------------- SVM


def blobs(num_per_class=40, separation=6.0, seed=0, labels=(3, 7, 9)):
    """Well separated Gaussian blobs in 5 dimensions, one per label, and a test set."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(len(labels), 5)) * separation
    X = np.concatenate([c + rng.normal(size=(2 * num_per_class, 5)) for c in centres])
    y = np.repeat(np.asarray(labels), 2 * num_per_class)
    order = rng.permutation(len(X))
    X, y = X[order], y[order]
    return (X[::2], y[::2]), (X[1::2], y[1::2])


@pytest.mark.parametrize("kernel", F.SVM_KERNELS)
def test_svm_backends_agree_on_separable_problem(kernel):
    (X_train, y_train), (X_test, y_test) = blobs()
    predictions = {}
    for backend in F.SVM_BACKENDS:
        svm = F.SVMClassifier(backend=backend, kernel=kernel, C=1.0).fit(X_train, y_train)
        assert svm.score(X_train, y_train) == 1.0
        assert svm.score(X_test, y_test) == 1.0
        predictions[backend] = svm.predict(X_test)
    np.testing.assert_array_equal(predictions["opencv"], predictions["sklearn"])
    assert set(predictions["opencv"]) == {3, 7, 9}


def test_svm_rbf_backends_agree_on_an_overlapping_problem():
    (X_train, y_train), (X_test, _) = blobs(num_per_class=60, separation=0.8, seed=1)
    opencv = F.SVMClassifier(backend="opencv", C=3.0).fit(X_train, y_train).predict(X_test)
    sklearn = F.SVMClassifier(backend="sklearn", C=3.0).fit(X_train, y_train).predict(X_test)
    assert np.mean(opencv == sklearn) > 0.95


@pytest.mark.parametrize("backend", F.SVM_BACKENDS)
def test_svm_cannot_learn_labels_unrelated_to_the_features(backend):
    # The accuracy check can fail: on noise the SVM fits the training set, not new data.
    rng = np.random.default_rng(5)
    X_train, X_test = rng.normal(size=(200, 5)), rng.normal(size=(400, 5))
    y_train, y_test = rng.integers(0, 2, 200), rng.integers(0, 2, 400)
    svm = F.SVMClassifier(backend=backend, C=100.0).fit(X_train, y_train)
    assert svm.score(X_train, y_train) > 0.9
    assert svm.score(X_test, y_test) < 0.6


def test_svm_accepts_keras_labels_and_string_labels():
    (X_train, y_train), (X_test, y_test) = blobs(labels=("cat", "dog"))
    svm = F.SVMClassifier(backend="opencv").fit(X_train, y_train[:, None])
    assert svm.score(X_test, y_test[:, None]) == 1.0
    assert set(svm.predict(X_test)) == {"cat", "dog"}


def test_svm_standardizes_with_training_statistics_only():
    (X_train, y_train), (X_test, _) = blobs()
    X_train = X_train * [1, 10, 100, 1000, 1e4] + 50
    svm = F.SVMClassifier(backend="sklearn").fit(X_train, y_train)
    np.testing.assert_allclose(svm.mean_, X_train.mean(axis=0))
    np.testing.assert_allclose(svm.scale_, X_train.std(axis=0))
    # Statistics refitted on the data to predict would change one-row predictions.
    shifted = X_test * [1, 10, 100, 1000, 1e4] + 50
    one_by_one = np.concatenate([svm.predict(row[None]) for row in shifted])
    np.testing.assert_array_equal(one_by_one, svm.predict(shifted))
    np.testing.assert_allclose(svm.mean_, X_train.mean(axis=0))


# --------------------------------------------------------------------------- errors


GREY = np.zeros((2, 32, 32), np.uint8)
COLOUR = np.zeros((2, 32, 32, 3), np.uint8)


@pytest.mark.parametrize("call, error, pattern", [
    (lambda: F.color_histograms(COLOUR.astype(np.float32)), TypeError, r"float32.*uint8"),
    (lambda: F.color_histograms(COLOUR.tolist()), TypeError, r"NumPy array.*list"),
    (lambda: F.color_histograms(np.zeros((2, 8, 8, 4), np.uint8)), ValueError,
     r"\(2, 8, 8, 4\).*\(n, h, w, 3\)"),
    (lambda: F.color_histograms(GREY), ValueError, r"\(2, 32, 32\) \(grey\).*RGB"),
    (lambda: F.color_histogram(COLOUR), ValueError, r"\(2, 32, 32, 3\).*\(h, w, 3\)"),
    (lambda: F.color_histograms(COLOUR, kind="hsv"), ValueError, r"'hsv'.*'channels', 'joint', 'hue'"),
    (lambda: F.color_histograms(COLOUR, bins=0), ValueError, r"bins=0.*1 to 256"),
    (lambda: F.color_histograms(COLOUR, kind="joint", bins=100), ValueError, r"bins=100.*1 to 64"),
    (lambda: F.color_histograms(COLOUR, kind="hue", bins=200), ValueError, r"bins=200.*1 to 180"),
    (lambda: F.make_hog(block_size=12), ValueError,
     r"block_size=\(12, 12\).*cell_size=\(8, 8\)"),
    (lambda: F.make_hog(block_stride=(5, 8)), ValueError,
     r"win_size=\(32, 32\).*block_stride=\(5, 8\).*divide 16"),
    (lambda: F.make_hog(block_size=64), ValueError, r"block_size=\(64, 64\).*larger than win_size"),
    (lambda: F.make_hog(cell_size=(0, 8)), ValueError, r"cell_size=\(0, 8\).*positive"),
    (lambda: F.make_hog(num_bins=1), ValueError, r"num_bins=1.*2 to 360"),
    (lambda: F.make_hog(signed_gradient="yes"), TypeError, r"True or False, got 'yes'"),
    (lambda: F.hog_features(COLOUR), ValueError, r"\(2, 32, 32, 3\).*colour.*color='grey'"),
    (lambda: F.hog_features(GREY, color="per_channel"), ValueError, r"per_channel.*RGB.*grey"),
    (lambda: F.hog_features(COLOUR, color="gray"), ValueError, r"color='gray'.*'grey'"),
    (lambda: F.hog_features(GREY.astype(np.int64)), TypeError, r"int64.*uint8"),
    (lambda: F.hog_features(GREY, F.make_hog(win_size=64, block_size=32)), ValueError,
     r"winSize=\(64, 64\).*32 x 32.*make_hog\(win_size=\(32, 32\)"),
    (lambda: F.hog_features(GREY, hog="default"), TypeError, r"cv2.HOGDescriptor.*'default'"),
    (lambda: F.hog_cell_histograms(GREY[0], cell_size=6), ValueError,
     r"32 x 32.*cell_size=\(6, 6\)"),
    (lambda: F.hog_cell_histograms(GREY), ValueError, r"\(2, 32, 32\).*\(h, w\)"),
    (lambda: F.SVMClassifier(backend="libsvm"), ValueError, r"'libsvm'.*'opencv', 'sklearn'"),
    (lambda: F.SVMClassifier(kernel="poly"), ValueError, r"'poly'.*'linear', 'rbf'"),
    (lambda: F.SVMClassifier(C=0), ValueError, r"C=0.*positive"),
    (lambda: F.SVMClassifier(gamma="auto"), ValueError, r"gamma='auto'.*'scale'"),
    (lambda: F.SVMClassifier().predict(np.zeros((2, 3))), ValueError, r"not fitted.*fit"),
    (lambda: F.SVMClassifier().fit(np.zeros((4, 3)), [0, 1, 0]), ValueError,
     r"y has shape \(3,\); expected \(4,\) or \(4, 1\)"),
    (lambda: F.SVMClassifier().fit(np.zeros(4), [0, 1, 0, 1]), ValueError,
     r"X has shape \(4,\).*\(n, features\)"),
    (lambda: F.SVMClassifier().fit(np.zeros((4, 3)), [0, 0, 0, 0]), ValueError, r"one class"),
    (lambda: F.SVMClassifier().fit(np.full((2, 1), np.nan), [0, 1]), ValueError, r"NaN"),
    (lambda: F.SVMClassifier().fit(np.eye(2), [0.5, 1.5]), TypeError, r"float64.*ints"),
    (lambda: F.SVMClassifier().fit(np.eye(2), [0, 1]).predict(np.eye(3)), ValueError,
     r"3 features.*fitted on 2"),
])
def test_bad_input_names_the_value_and_what_is_allowed(call, error, pattern):
    with pytest.raises(error, match=pattern):
        call()
