"""dlcourse.vision.color: hand-computed colour histograms."""

import numpy as np
import pytest

from dlcourse.vision import color

RED, GREEN, BLUE, BLACK, WHITE = (255, 0, 0), (0, 255, 0), (0, 0, 255), (0, 0, 0), (255, 255, 255)


def tiny(*pixels):
    """A 2 x 2 RGB image from four (r, g, b) pixels, row by row."""
    return np.array(pixels, np.uint8).reshape(2, 2, 3)


def test_channel_histogram_hand_computed():
    image = tiny(RED, RED, (200, 100, 0), BLACK)
    # bins=2 splits [0, 256) at 128. R: 255, 255, 200, 0 -> 1 low, 3 high.
    # G: 0, 0, 100, 0 -> 4 low. B: all 0 -> 4 low.
    expected = [0.25, 0.75, 1.0, 0.0, 1.0, 0.0]
    np.testing.assert_allclose(color.color_histogram(image, bins=2), expected)


def test_joint_histogram_hand_computed():
    image = tiny(RED, RED, WHITE, BLUE)
    hist = color.color_histogram(image, kind="joint", bins=2)
    expected = np.zeros(8)
    expected[(1 * 2 + 0) * 2 + 0] = 0.5  # red (1, 0, 0)
    expected[(1 * 2 + 1) * 2 + 1] = 0.25  # white (1, 1, 1)
    expected[(0 * 2 + 0) * 2 + 1] = 0.25  # blue (0, 0, 1)
    np.testing.assert_allclose(hist, expected)


def test_hue_histogram_hand_computed():
    # OpenCV 8-bit hue is degrees / 2: red 0, green 60, blue 120; 3 bins of width 60.
    image = tiny(RED, RED, GREEN, BLUE)
    np.testing.assert_allclose(color.color_histogram(image, kind="hue", bins=3), [0.5, 0.25, 0.25])


def test_channel_histogram_matches_numpy_bincount():
    rng = np.random.default_rng(0)
    image = rng.integers(0, 256, (7, 5, 3), dtype=np.uint8)
    hist = color.color_histogram(image, bins=256).reshape(3, 256)
    for channel in range(3):
        expected = np.bincount(image[..., channel].ravel(), minlength=256) / 35
        np.testing.assert_allclose(hist[channel], expected, rtol=1e-6)


@pytest.mark.parametrize("kind, bins, length, total", [
    ("channels", 16, 48, 3.0), ("joint", 4, 64, 1.0), ("hue", 12, 12, 1.0),
])
def test_batch_histograms_match_single_and_are_normalized(kind, bins, length, total):
    rng = np.random.default_rng(1)
    images = rng.integers(0, 256, (5, 6, 4, 3), dtype=np.uint8)
    batch = color.color_histograms(images, kind=kind, bins=bins)
    assert batch.shape == (5, length) and batch.dtype == np.float32
    np.testing.assert_allclose(batch.sum(axis=1), total, rtol=1e-6)
    for image, row in zip(images, batch):
        np.testing.assert_array_equal(row, color.color_histogram(image, kind=kind, bins=bins))


def test_histograms_tell_images_apart():
    # The check can fail: a different image gives a different histogram.
    first = color.color_histogram(tiny(RED, RED, RED, RED), bins=4)
    second = color.color_histogram(tiny(BLUE, RED, RED, RED), bins=4)
    assert not np.allclose(first, second)


# --------------------------------------------------------------------------- errors


GREY = np.zeros((2, 32, 32), np.uint8)
COLOUR = np.zeros((2, 32, 32, 3), np.uint8)


@pytest.mark.parametrize("call, error, pattern", [
    (lambda: color.color_histograms(COLOUR.astype(np.float32)), TypeError, r"float32.*uint8"),
    (lambda: color.color_histograms(COLOUR.tolist()), TypeError, r"NumPy array.*list"),
    (lambda: color.color_histograms(np.zeros((2, 8, 8, 4), np.uint8)), ValueError,
     r"\(2, 8, 8, 4\).*\(n, h, w, 3\)"),
    (lambda: color.color_histograms(GREY), ValueError, r"\(2, 32, 32\) \(grey\).*RGB"),
    (lambda: color.color_histogram(COLOUR), ValueError, r"\(2, 32, 32, 3\).*\(h, w, 3\)"),
    (lambda: color.color_histograms(COLOUR, kind="hsv"), ValueError,
     r"kind must be one of 'channels', 'joint', 'hue'; got 'hsv'"),
    (lambda: color.color_histograms(COLOUR, bins=0), ValueError,
     r"bins \(kind='channels'\) must be an int from 1 to 256, got 0"),
    (lambda: color.color_histograms(COLOUR, kind="joint", bins=100), ValueError,
     r"bins \(kind='joint'\) must be an int from 1 to 64, got 100"),
    (lambda: color.color_histograms(COLOUR, kind="hue", bins=200), ValueError,
     r"bins \(kind='hue'\) must be an int from 1 to 180, got 200"),
    (lambda: color.color_histograms(COLOUR, bins=2.5), TypeError, r"must be an int from 1 to 256, got 2.5"),
])
def test_bad_input_names_the_value_and_what_is_allowed(call, error, pattern):
    with pytest.raises(error, match=pattern):
        call()
