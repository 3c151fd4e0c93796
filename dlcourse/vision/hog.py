"""Histograms of oriented gradients (HOG, Dalal & Triggs), computed with OpenCV (chapter 12).

HOG computes each pixel's gradient (magnitude and orientation), sums the magnitudes
into an orientation histogram per *cell*, normalizes groups of cells (*blocks*) and
concatenates all block histograms: coarse shape, no colour. :func:`make_hog` builds a
validated ``cv2.HOGDescriptor``, :func:`hog_features` describes a batch with it,
:func:`hog_cell_histograms` and :func:`plot_hog` show the cell histograms before block
normalization, :func:`hog_descriptor_size` predicts the descriptor's length.

Left out: sliding-window detection (``HOGDescriptor.detectMultiScale``). Here the
detection window is the whole image. Images are uint8, grey or RGB
(:mod:`dlcourse.vision.images`); OpenCV and matplotlib are imported inside the functions.
"""

import numpy as np

from dlcourse.core.validation import check_choice, check_int
from dlcourse.vision.images import check_image_array, check_size, convert_rgb, is_color

HOG_COLOR_MODES = (None, "grey", "max", "per_channel")


def make_hog(
    win_size=(32, 32),
    block_size=(16, 16),
    block_stride=(8, 8),
    cell_size=(8, 8),
    num_bins=9,
    *,
    signed_gradient=False,
):
    """A validated ``cv2.HOGDescriptor`` (histogram of oriented gradients, Dalal & Triggs).

    HOG computes each pixel's gradient (magnitude and orientation), sums the magnitudes
    into an orientation histogram per *cell*, normalizes groups of cells (*blocks*,
    L2-Hys: L2 norm, clip at 0.2, L2 norm again) and concatenates all block histograms.

    Sizes are OpenCV ``(width, height)`` pairs in pixels; an int means a square.

    Parameters
    ----------
    win_size : int or (int, int)
        The detection window: the region one descriptor describes. Here the whole image,
        e.g. (32, 32) for CIFAR-10.
    block_size : int or (int, int)
        A block: the group of cells normalized together. A multiple of ``cell_size``, at
        most ``win_size``.
    block_stride : int or (int, int)
        The step between blocks; blocks overlap when it is smaller than ``block_size``.
        ``win_size - block_size`` must be a multiple of it.
    cell_size : int or (int, int)
        A cell: the pixels whose gradients make one orientation histogram.
    num_bins : int
        Orientation bins per cell histogram (at least 2). Bin ``i`` is centred on
        ``(i + 0.5) * 180 / num_bins`` degrees (``360`` with ``signed_gradient``); each
        gradient is shared between the two nearest bins.
    signed_gradient : bool
        Orientations over 0-360 degrees (a dark-to-light edge differs from a
        light-to-dark one) instead of 0-180.

    Returns
    -------
    cv2.HOGDescriptor
        Its ``getDescriptorSize()`` is blocks per window x cells per block x ``num_bins``,
        with ``(win - block) / stride + 1`` blocks along each axis.

    Raises
    ------
    ValueError
        A size that is not positive, a block that is not a multiple of the cell or is
        larger than the window, a window that the block stride does not tile.

    Example
    -------
    >>> make_hog().getDescriptorSize()   # 3 x 3 blocks x 2 x 2 cells x 9 bins
    324
    """
    import cv2

    win_size = check_size("win_size", win_size)
    block_size = check_size("block_size", block_size)
    block_stride = check_size("block_stride", block_stride)
    cell_size = check_size("cell_size", cell_size)
    num_bins = check_int("num_bins", num_bins, minimum=2, maximum=360)
    if not isinstance(signed_gradient, (bool, np.bool_)):
        raise TypeError(f"signed_gradient must be True or False, got {signed_gradient!r}")
    for axis in (0, 1):
        if block_size[axis] % cell_size[axis]:
            raise ValueError(
                f"block_size={block_size} is not a multiple of cell_size={cell_size}; a "
                f"block is a whole number of cells, e.g. block_size=(16, 16) with "
                f"cell_size=(8, 8)"
            )
        if block_size[axis] > win_size[axis]:
            raise ValueError(
                f"block_size={block_size} is larger than win_size={win_size}; a block must "
                f"fit in the window"
            )
        if (win_size[axis] - block_size[axis]) % block_stride[axis]:
            raise ValueError(
                f"win_size={win_size} minus block_size={block_size} is not a multiple of "
                f"block_stride={block_stride}, so blocks do not tile the window; allowed "
                f"strides divide {win_size[0] - block_size[0]} (width) and "
                f"{win_size[1] - block_size[1]} (height)"
            )
    return cv2.HOGDescriptor(
        win_size,
        block_size,
        block_stride,
        cell_size,
        num_bins,
        1,  # derivAperture
        -1.0,  # winSigma: the default Gaussian window, (block width + height) / 8
        cv2.HOGDESCRIPTOR_L2HYS,
        0.2,  # L2HysThreshold
        True,  # gammaCorrection: square root of the intensities first
        64,  # nlevels (detection only)
        bool(signed_gradient),
    )


def hog_features(images, hog=None, *, color=None):
    """HOG descriptors of a batch of images, one window per image.

    Parameters
    ----------
    images : ndarray of uint8, shape (n, h, w) or (n, h, w, 3)
        Grey or RGB images.
    hog : cv2.HOGDescriptor, optional
        From :func:`make_hog`; its ``winSize`` must be ``(w, h)``. Default:
        ``make_hog(win_size=(w, h))``, OpenCV's 8 x 8 cells, 16 x 16 blocks, 9 bins.
    color : {None, "grey", "max", "per_channel"}
        What to do with colour. ``None``: images must be grey (colour raises).
        ``"grey"``: convert RGB to grey first. ``"max"``: OpenCV's colour HOG, per pixel
        the gradient of the channel where it is largest. ``"per_channel"``: a HOG of R,
        G and B each, concatenated (three times as long). Grey images are used as
        they are, except with ``"per_channel"``, which needs RGB.

    Returns
    -------
    ndarray of float32, shape (n, hog.getDescriptorSize()) (x 3 for "per_channel")

    Example
    -------
    >>> hog_features(x_train[:2], color="grey").shape
    (2, 324)
    """
    import cv2

    images = check_image_array(images, batch=True, name="images")
    images = _prepare_color(images, color, batch=True, allowed=HOG_COLOR_MODES)
    height, width = images.shape[1:3]
    if hog is None:
        hog = make_hog(win_size=(width, height))
    elif not isinstance(hog, cv2.HOGDescriptor):
        raise TypeError(f"hog must be a cv2.HOGDescriptor (see make_hog), got {hog!r}")
    if tuple(hog.winSize) != (width, height):
        raise ValueError(
            f"hog.winSize={tuple(hog.winSize)} but the images are {width} x {height} "
            f"(width x height); build the descriptor with make_hog(win_size=({width}, "
            f"{height}), ...) so that one window covers one image"
        )
    if color == "per_channel":
        # Three grey batches, (n, h, w) each.
        return np.concatenate(
            [_hog_batch(hog, np.ascontiguousarray(images[..., c])) for c in range(3)],
            axis=1,
        )
    return _hog_batch(hog, np.ascontiguousarray(images))


def _hog_batch(hog, images):
    """One reused descriptor, a preallocated output, one ``compute`` call per image."""
    out = np.empty((len(images), hog.getDescriptorSize()), np.float32)
    compute = hog.compute
    for i, image in enumerate(images):
        out[i] = compute(image).reshape(-1)
    return out


def hog_cell_histograms(image, *, cell_size=(8, 8), num_bins=9, signed_gradient=False, color=None):
    """Orientation histogram of each cell, before block normalization.

    The gradients and their split between the two nearest orientation bins are OpenCV's
    (``HOGDescriptor.computeGradient``, square-root gamma correction included); each
    cell sums its pixels' gradient magnitudes. The HOG descriptor is these histograms,
    weighted by a Gaussian per block, spread over neighbouring cells and normalized.

    Parameters
    ----------
    image : ndarray of uint8, shape (h, w) or (h, w, 3)
        Grey image, or RGB with ``color`` set; ``h`` and ``w`` multiples of the cell.
    cell_size, num_bins, signed_gradient
        As in :func:`make_hog`.
    color : {None, "grey", "max"}
        As in :func:`hog_features`.

    Returns
    -------
    ndarray of float64, shape (h // cell_height, w // cell_width, num_bins)
        ``hist[row, col, i]``: gradient magnitude of cell ``(row, col)`` oriented in bin
        ``i``, centred on ``(i + 0.5) * 180 / num_bins`` degrees (360 if signed), measured
        from the x axis towards the y axis (downwards in the image).

    Example
    -------
    >>> stripes = np.zeros((16, 16), np.uint8); stripes[::4] = stripes[1::4] = 255
    >>> hog_cell_histograms(stripes).argmax(axis=-1)   # horizontal edges: 90 degrees
    array([[4, 4],
           [4, 4]])
    """
    image = check_image_array(image, batch=False, name="image")
    image = _prepare_color(image, color, batch=False, allowed=(None, "grey", "max"))
    height, width = image.shape[:2]
    cell_width, cell_height = check_size("cell_size", cell_size)
    if height % cell_height or width % cell_width:
        raise ValueError(
            f"image is {width} x {height} (width x height), not a whole number of cells "
            f"of cell_size={(cell_width, cell_height)}; use a cell size that divides both"
        )
    hog = make_hog(
        (width, height), (cell_width, cell_height), (cell_width, cell_height),
        (cell_width, cell_height), num_bins, signed_gradient=signed_gradient,
    )
    # Per pixel, two (magnitude, bin) pairs: the gradient split between two bins.
    magnitude, bin_index = hog.computeGradient(np.ascontiguousarray(image), None, None)
    rows, cols = height // cell_height, width // cell_width
    cell = (np.arange(height)[:, None] // cell_height) * cols + np.arange(width) // cell_width
    flat = cell[..., None] * hog.nbins + bin_index  # (h, w, 2)
    hist = np.bincount(
        flat.ravel(), weights=magnitude.ravel().astype(np.float64),
        minlength=rows * cols * hog.nbins,
    )
    return hist.reshape(rows, cols, hog.nbins)


def plot_hog(image, *, cell_size=(8, 8), num_bins=9, signed_gradient=False, color=None, ax=None):
    """Draw the image with each cell's orientation histogram as glyphs (like skimage).

    Each bin of :func:`hog_cell_histograms` is a line through the cell centre, along the
    edge (perpendicular to the gradient), as long and as opaque as the bin is strong
    relative to the strongest bin of the image. Parameters as in
    :func:`hog_cell_histograms`.

    Returns
    -------
    matplotlib.axes.Axes
    """
    from matplotlib.collections import LineCollection

    hist = hog_cell_histograms(
        image, cell_size=cell_size, num_bins=num_bins,
        signed_gradient=signed_gradient, color=color,
    )
    if ax is None:
        import matplotlib.pyplot as plt

        ax = plt.gca()
    cell_width, cell_height = check_size("cell_size", cell_size)
    rows, cols, bins = hist.shape
    span = 2 * np.pi if signed_gradient else np.pi
    theta = (np.arange(bins) + 0.5) * span / bins  # gradient directions
    edge = np.stack([-np.sin(theta), np.cos(theta)], axis=-1)  # (bins, 2), x right, y down
    strength = hist / hist.max() if hist.max() > 0 else hist
    centres = np.stack(np.meshgrid(
        (np.arange(cols) + 0.5) * cell_width - 0.5,
        (np.arange(rows) + 0.5) * cell_height - 0.5,
    ), axis=-1)  # (rows, cols, 2) as (x, y)
    half = 0.5 * min(cell_width, cell_height) * strength[..., None]  # (rows, cols, bins, 1)
    start = centres[:, :, None, :] - half * edge
    end = centres[:, :, None, :] + half * edge
    segments = np.stack([start, end], axis=-2).reshape(-1, 2, 2)
    colors = np.zeros((len(segments), 4))
    colors[:, :3] = (1.0, 0.85, 0.1)
    colors[:, 3] = strength.ravel()

    grey = image.ndim == 2 or (image.ndim == 3 and image.shape[-1] == 1)
    ax.imshow(np.squeeze(image), cmap="gray" if grey else None, vmin=0, vmax=255)
    ax.add_collection(LineCollection(segments, colors=colors, linewidths=1.5))
    ax.set_xticks([])
    ax.set_yticks([])
    return ax


def hog_descriptor_size(image_size=(32, 32), *, cell_size=(8, 8), num_bins=9, cells_per_block=2):
    """Length of the HOG descriptor of a whole image with blocks stepping one cell.

    The descriptor is :func:`make_hog` with ``win_size=image_size``, blocks of
    ``cells_per_block`` x ``cells_per_block`` cells, block stride one cell.

    Parameters
    ----------
    image_size : int or (int, int)
        Image ``(width, height)`` in pixels.
    cell_size : int or (int, int)
        Cell ``(width, height)``; ``cells_per_block`` cells must fit in the image and
        the image must be a whole number of cells.
    num_bins : int
        Orientation bins per cell.
    cells_per_block : int
        Cells per block side (>= 1).

    Returns
    -------
    int
        blocks across x blocks down x ``cells_per_block**2`` x ``num_bins``.

    Example
    -------
    >>> hog_descriptor_size((32, 32), cell_size=8, num_bins=9)   # 3 x 3 x 4 x 9
    324
    """
    cells_per_block = check_int("cells_per_block", cells_per_block, minimum=1)
    image_size = check_size("image_size", image_size)
    cell_size = check_size("cell_size", cell_size)
    for axis in (0, 1):
        if image_size[axis] % cell_size[axis]:
            raise ValueError(
                f"image_size={image_size} is not a whole number of cells of "
                f"cell_size={cell_size}; use a cell size that divides the image"
            )
    block = tuple(cells_per_block * c for c in cell_size)
    return int(make_hog(image_size, block, cell_size, cell_size, num_bins).getDescriptorSize())


def _prepare_color(images, color, *, batch, allowed):
    """Grey ``(..., h, w)`` or, for ``color='max'``, RGB ``(..., h, w, 3)`` images for HOG."""
    check_choice("color", color, allowed)
    if not is_color(images, batch=batch):
        if color == "per_channel":
            raise ValueError(
                f"color='per_channel' needs RGB images (..., h, w, 3), got grey images of "
                f"shape {images.shape}; use color=None for grey images"
            )
        return images
    if color is None:
        what = "images" if batch else "image"
        raise ValueError(
            f"{what} of shape {images.shape} are colour, but grey "
            f"{'(n, h, w)' if batch else '(h, w)'} is expected with color=None; pass "
            f"color='grey' to convert to grey first, or color='max' for OpenCV's colour "
            f"gradient (per pixel, the channel with the largest gradient)"
        )
    if color == "grey":
        return convert_rgb(images, "grey")
    return images  # "max" and "per_channel" keep the channels
