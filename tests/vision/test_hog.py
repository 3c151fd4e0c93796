"""dlcourse.vision.hog: HOG sizes and orientations against OpenCV and hand computations."""

import cv2
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import LineCollection

from dlcourse.vision import hog as H


def stripes(size=32, period=4, vertical=True):
    """Black and white stripes, ``period // 2`` pixels each; vertical stripes = vertical edges."""
    line = np.where(np.arange(size) % period < period // 2, 255, 0).astype(np.uint8)
    return np.tile(line, (size, 1)) if vertical else np.tile(line[:, None], (1, size))


def bin_fractions(descriptor, num_bins):
    """Share of the descriptor's total in each orientation bin (over all cells and blocks)."""
    per_bin = np.asarray(descriptor, np.float64).reshape(-1, num_bins).sum(axis=0)
    return per_bin / per_bin.sum()


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
    hog = H.make_hog(*config)
    assert hog.getDescriptorSize() == expected_length(*config)
    images = np.random.default_rng(2).integers(0, 256, (3, win[1], win[0]), dtype=np.uint8)
    assert H.hog_features(images, hog).shape == (3, expected_length(*config))


def test_hog_default_is_opencv_default_8x8_cells():
    assert H.make_hog().getDescriptorSize() == 324  # 9 blocks x 4 cells x 9 bins


def test_hog_features_equal_opencv_per_image():
    rng = np.random.default_rng(3)
    images = rng.integers(0, 256, (4, 32, 32, 3), dtype=np.uint8)
    hog = cv2.HOGDescriptor((32, 32), (16, 16), (8, 8), (8, 8), 9)
    grey = H.hog_features(images, color="grey")
    colour = H.hog_features(images, color="max")
    for i, image in enumerate(images):
        np.testing.assert_array_equal(
            grey[i], hog.compute(cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)).ravel()
        )
        np.testing.assert_array_equal(colour[i], hog.compute(image).ravel())
    assert not np.array_equal(grey, colour)


def test_hog_per_channel_concatenates_channel_descriptors():
    rng = np.random.default_rng(4)
    images = rng.integers(0, 256, (3, 32, 32, 3), dtype=np.uint8)
    per_channel = H.hog_features(images, color="per_channel")
    assert per_channel.shape == (3, 3 * 324)
    for channel in range(3):
        np.testing.assert_array_equal(
            per_channel[:, channel * 324:(channel + 1) * 324],
            H.hog_features(np.ascontiguousarray(images[..., channel])),
        )


def test_hog_of_horizontal_edges_is_in_the_90_degree_bin():
    # 9 bins of 20 degrees centred on 10, 30, ...: bin 4 is centred on 90 degrees, the
    # gradient direction of horizontal edges.
    descriptor = H.hog_features(stripes(vertical=False)[None])[0]
    assert bin_fractions(descriptor, 9)[4] > 0.99


def test_hog_of_vertical_edges_is_split_between_the_bins_around_0_degrees():
    # Gradient at 0 degrees: halfway between bin 0 (10 degrees) and bin 8 (170 = -10).
    fractions = bin_fractions(H.hog_features(stripes(vertical=True)[None])[0], 9)
    np.testing.assert_allclose(fractions[[0, 8]], [0.5, 0.5], atol=0.01)
    # The check of the previous test fails on these stripes: it can tell them apart.
    assert fractions[4] < 0.01


@pytest.mark.parametrize("num_bins", [3, 5, 7, 9, 11])
def test_cell_histograms_of_horizontal_edges(num_bins):
    hist = H.hog_cell_histograms(stripes(vertical=False), num_bins=num_bins)
    assert hist.shape == (4, 4, num_bins)
    assert (hist.argmax(axis=-1) == num_bins // 2).all()
    np.testing.assert_allclose(bin_fractions(hist, num_bins)[num_bins // 2], 1.0, atol=1e-6)


def test_cell_histograms_locate_an_edge_and_its_sign():
    dark_left = np.zeros((16, 16), np.uint8)
    dark_left[:, 8:] = 255  # one vertical edge, between x = 7 and x = 8
    hist = H.hog_cell_histograms(dark_left, cell_size=4, num_bins=9)
    energy = hist.sum(axis=-1)  # (rows, cols)
    assert (energy[:, [1, 2]] > 0).all() and (energy[:, [0, 3]] == 0).all()
    np.testing.assert_allclose(bin_fractions(hist, 9)[[0, 8]], [0.5, 0.5], atol=1e-6)
    # Signed, 9 bins of 40 degrees: dark-to-light (0 degrees) is split between bins 0 and
    # 8, light-to-dark (180 degrees) falls in bin 4. Unsigned cannot tell them apart.
    signed = bin_fractions(H.hog_cell_histograms(dark_left, signed_gradient=True), 9)
    flipped = bin_fractions(H.hog_cell_histograms(255 - dark_left, signed_gradient=True), 9)
    np.testing.assert_allclose(signed[[0, 8]], [0.5, 0.5], atol=1e-6)
    np.testing.assert_allclose(flipped[4], 1.0, atol=1e-6)
    np.testing.assert_allclose(
        H.hog_cell_histograms(dark_left), H.hog_cell_histograms(255 - dark_left)
    )


def test_cell_histograms_of_colour_image_need_an_explicit_choice():
    colour = np.stack([stripes(vertical=False)] * 3, axis=-1)
    grey = H.hog_cell_histograms(stripes(vertical=False))
    np.testing.assert_allclose(H.hog_cell_histograms(colour, color="grey"), grey)
    np.testing.assert_allclose(H.hog_cell_histograms(colour, color="max"), grey)
    with pytest.raises(ValueError, match=r"color='grey'"):
        H.hog_cell_histograms(colour)


def test_plot_hog_draws_one_glyph_per_cell_and_bin_along_the_edges():
    fig, ax = plt.subplots()
    try:
        returned = H.plot_hog(stripes(vertical=False), cell_size=8, num_bins=9, ax=ax)
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
        assert H.plot_hog(np.zeros((16, 16), np.uint8)) is plt.gca()
    finally:
        plt.close(fig)


def test_hog_descriptor_size_counts_blocks_cells_and_bins():
    assert H.hog_descriptor_size((32, 32), cell_size=8, num_bins=9) == 3 * 3 * 4 * 9
    assert H.hog_descriptor_size((32, 32), cell_size=4, num_bins=6) == 7 * 7 * 4 * 6
    assert H.hog_descriptor_size((32, 32), cell_size=16, num_bins=9) == 1 * 4 * 9
    assert H.hog_descriptor_size((32, 16), cell_size=8, num_bins=2) == 3 * 1 * 4 * 2
    assert H.hog_descriptor_size(32, cell_size=(8, 4), cells_per_block=1) == \
        H.make_hog((32, 32), (8, 4), (8, 4), (8, 4), 9).getDescriptorSize()


# --------------------------------------------------------------------------- errors


GREY = np.zeros((2, 32, 32), np.uint8)
COLOUR = np.zeros((2, 32, 32, 3), np.uint8)


@pytest.mark.parametrize("call, error, pattern", [
    (lambda: H.make_hog(block_size=12), ValueError,
     r"block_size=\(12, 12\).*cell_size=\(8, 8\)"),
    (lambda: H.make_hog(block_stride=(5, 8)), ValueError,
     r"win_size=\(32, 32\).*block_stride=\(5, 8\).*divide 16"),
    (lambda: H.make_hog(block_size=64), ValueError, r"block_size=\(64, 64\).*larger than win_size"),
    (lambda: H.make_hog(cell_size=(0, 8)), ValueError, r"cell_size=\(0, 8\).*positive"),
    (lambda: H.make_hog(num_bins=1), ValueError,
     r"num_bins must be an int from 2 to 360, got 1"),
    (lambda: H.make_hog(signed_gradient="yes"), TypeError, r"True or False, got 'yes'"),
    (lambda: H.hog_features(COLOUR), ValueError, r"\(2, 32, 32, 3\).*colour.*color='grey'"),
    (lambda: H.hog_features(GREY, color="per_channel"), ValueError, r"per_channel.*RGB.*grey"),
    (lambda: H.hog_features(COLOUR, color="gray"), ValueError,
     r"color must be one of None, 'grey', 'max', 'per_channel'; got 'gray' \(did you mean 'grey'\?\)"),
    (lambda: H.hog_features(GREY.astype(np.int64)), TypeError, r"int64.*uint8"),
    (lambda: H.hog_features(GREY, H.make_hog(win_size=64, block_size=32)), ValueError,
     r"winSize=\(64, 64\).*32 x 32.*make_hog\(win_size=\(32, 32\)"),
    (lambda: H.hog_features(GREY, hog="default"), TypeError, r"cv2.HOGDescriptor.*'default'"),
    (lambda: H.hog_cell_histograms(GREY[0], cell_size=6), ValueError,
     r"32 x 32.*cell_size=\(6, 6\)"),
    (lambda: H.hog_cell_histograms(GREY), ValueError, r"\(2, 32, 32\).*\(h, w\)"),
    (lambda: H.hog_descriptor_size(cells_per_block=0), ValueError,
     r"cells_per_block must be a positive int, got 0"),
    (lambda: H.hog_descriptor_size((32, 32), cell_size=6), ValueError,
     r"image_size=\(32, 32\).*whole number of cells"),
])
def test_bad_input_names_the_value_and_what_is_allowed(call, error, pattern):
    with pytest.raises(error, match=pattern):
        call()
