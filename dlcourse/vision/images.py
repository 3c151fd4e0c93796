"""The image conventions of the vision modules, checked in one place.

Images follow the ``keras.datasets`` layout: ``uint8`` arrays, colour channels in RGB
order (not OpenCV's BGR), batches shaped ``(n, h, w, 3)`` or ``(n, h, w)`` for grey.
OpenCV sizes are ``(width, height)``, NumPy shapes ``(height, width)``.
:mod:`~dlcourse.vision.color` and :mod:`~dlcourse.vision.hog` use these checks and
conversions; OpenCV is imported inside the functions.
"""

import numbers

import numpy as np

from dlcourse.core.validation import check_int


def check_image_array(images, *, batch, name):
    """Grey ``(..., h, w)`` or colour ``(..., h, w, 3)`` uint8 images, or a clear error.

    ``batch`` says whether a leading ``n`` axis is expected; ``(..., h, w, 1)`` becomes
    grey ``(..., h, w)``.

    Raises
    ------
    TypeError
        Not a NumPy array of ``uint8``.
    ValueError
        Another shape, or an empty array.
    """
    if not isinstance(images, np.ndarray):
        raise TypeError(f"{name} must be a NumPy array of uint8, got {type(images).__name__}")
    if images.dtype != np.uint8:
        raise TypeError(
            f"{name} has dtype {images.dtype}, but uint8 (pixel values 0-255) is required; "
            f"convert with np.clip(x, 0, 255).astype(np.uint8) (or x * 255 for [0, 1] floats)"
        )
    lead = 1 if batch else 0
    layout = "(n, h, w) or (n, h, w, 3)" if batch else "(h, w) or (h, w, 3)"
    ok = images.ndim == 2 + lead or (images.ndim == 3 + lead and images.shape[-1] in (1, 3))
    if not ok or 0 in images.shape:
        raise ValueError(f"{name} has shape {images.shape}; expected a non-empty {layout} "
                         f"array (grey or RGB)")
    if images.ndim == 3 + lead and images.shape[-1] == 1:
        images = images[..., 0]  # (..., h, w, 1) -> (..., h, w)
    return images


def is_color(images, *, batch):
    """Whether checked ``images`` have a channel axis (RGB) rather than being grey."""
    return images.ndim == (4 if batch else 3)


def convert_rgb(images, space):
    """RGB ``(..., h, w, 3)`` to grey ``(..., h, w)`` (``"grey"``) or HSV (``"hsv"``).

    One OpenCV call for the whole batch.
    """
    import cv2

    code = {"grey": cv2.COLOR_RGB2GRAY, "hsv": cv2.COLOR_RGB2HSV}[space]
    height, width = images.shape[-3:-1]
    # Pixel-wise conversions: the whole batch as one tall image, (n * h, w, 3).
    tall = np.ascontiguousarray(images).reshape(-1, width, 3)
    out = cv2.cvtColor(tall, code)
    return out.reshape(images.shape[:-3] + (height, width) + out.shape[2:])


def check_size(name, value):
    """An OpenCV size ``(width, height)`` of positive ints; an int means a square."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        value = (value, value)
    try:
        if not isinstance(value, (tuple, list)) or len(value) != 2:
            raise ValueError
        return tuple(check_int(name, v, minimum=1) for v in value)
    except (TypeError, ValueError):
        raise ValueError(f"{name}={value!r} is not a size; use a positive int or a pair "
                         f"(width, height) of positive ints, e.g. (8, 8)") from None
