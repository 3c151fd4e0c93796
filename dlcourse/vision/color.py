"""Colour histograms of RGB images, computed with OpenCV's ``cv2.calcHist`` (chapter 12).

A colour histogram counts the pixels in each range of values: per channel
(``"channels"``), jointly over R, G and B (``"joint"``) or over the hue of HSV
(``"hue"``). It describes the colours of an image and their intensity, and nothing of
where they are: shuffling the pixels leaves it unchanged. Images are uint8 RGB
(:mod:`dlcourse.vision.images`); OpenCV is imported inside the functions.
"""

import numpy as np

from dlcourse.core.validation import check_choice, check_int
from dlcourse.vision.images import check_image_array, convert_rgb, is_color

COLOR_HISTOGRAM_KINDS = ("channels", "joint", "hue")

_HUE_RANGE = 180  # OpenCV stores 8-bit hue as degrees / 2, in [0, 180)
_MAX_JOINT_BINS = 64  # 64**3 = 262,144 features per image already


def color_histogram(image, *, kind="channels", bins=16):
    """Normalized colour histogram of one RGB image, computed with ``cv2.calcHist``.

    Parameters
    ----------
    image : ndarray of uint8, shape (h, w, 3)
        An RGB image.
    kind : {"channels", "joint", "hue"}
        ``"channels"``: one histogram per channel, R then G then B, ``3 * bins`` values,
        each channel's part sums to 1. ``"joint"``: the joint RGB histogram, ``bins**3``
        values (bin ``(r, g, b)`` at index ``(r * bins + g) * bins + b``), sums to 1.
        ``"hue"``: the hue of HSV (``cv2.COLOR_RGB2HSV``, hue in [0, 180) for 8-bit
        images), ``bins`` values, sums to 1; grey pixels have hue 0.
    bins : int
        Bins per channel: equal-width intervals of [0, 256) (of [0, 180) for hue). 1 to 256
        for ``"channels"``, 1 to 64 for ``"joint"``, 1 to 180 for ``"hue"``.

    Returns
    -------
    ndarray of float32, shape (3 * bins,), (bins**3,) or (bins,)
        Fractions of the pixels in each bin.

    Example
    -------
    >>> image = np.zeros((2, 2, 3), np.uint8); image[0, 0] = (255, 0, 0)
    >>> color_histogram(image, bins=2)   # R: 3 pixels low, 1 high; G, B all low
    array([0.75, 0.25, 1.  , 0.  , 1.  , 0.  ], dtype=float32)
    """
    image = check_image_array(image, batch=False, name="image")
    if not is_color(image, batch=False):
        raise ValueError(
            f"image has shape {image.shape} (grey), but colour histograms need an RGB "
            f"image (h, w, 3)"
        )
    return color_histograms(image[np.newaxis], kind=kind, bins=bins)[0]


def color_histograms(images, *, kind="channels", bins=16):
    """Colour histograms (see :func:`color_histogram`) of a batch ``(n, h, w, 3)``.

    Returns
    -------
    ndarray of float32, shape (n, features)
        One row per image.
    """
    import cv2

    images = check_image_array(images, batch=True, name="images")
    if not is_color(images, batch=True):
        raise ValueError(
            f"images has shape {images.shape} (grey), but colour histograms need RGB "
            f"images (n, h, w, 3)"
        )
    check_choice("kind", kind, COLOR_HISTOGRAM_KINDS)
    high = {"channels": 256, "joint": _MAX_JOINT_BINS, "hue": _HUE_RANGE}[kind]
    bins = check_int(f"bins (kind={kind!r})", bins, minimum=1, maximum=high)

    num_images = len(images)
    num_pixels = images.shape[1] * images.shape[2]
    if kind == "hue":
        planes = np.ascontiguousarray(convert_rgb(images, "hsv")[..., 0])  # (n, h, w)
        out = np.empty((num_images, bins), np.float32)
        for i in range(num_images):
            out[i] = cv2.calcHist([planes[i]], [0], None, [bins], [0, _HUE_RANGE]).ravel()
    elif kind == "channels":
        images = np.ascontiguousarray(images)
        out = np.empty((num_images, 3, bins), np.float32)
        for i in range(num_images):
            for channel in range(3):
                out[i, channel] = cv2.calcHist(
                    [images[i]], [channel], None, [bins], [0, 256]
                ).ravel()
        out = out.reshape(num_images, 3 * bins)
    else:  # joint
        images = np.ascontiguousarray(images)
        out = np.empty((num_images, bins**3), np.float32)
        for i in range(num_images):
            out[i] = cv2.calcHist(
                [images[i]], [0, 1, 2], None, [bins] * 3, [0, 256] * 3
            ).ravel()  # (bins, bins, bins) -> (bins**3,)
    out /= num_pixels
    return out
