"""Classic computer-vision features for the CIFAR-10 chapter: colour histograms, HOG, SVMs.

What is shown: the hand-made features that came before convolutional networks, computed
with OpenCV as in the course material (``cv2.calcHist``, ``cv2.HOGDescriptor``,
``cv2.ml.SVM``), and the same SVM through scikit-learn, so the chapter can compare
"colour histogram + SVM" with "HOG + SVM" and then with a small CNN.

What is left out: sliding-window detection (``HOGDescriptor.detectMultiScale``), other
descriptors (SIFT, LBP) and feature learning. HOG here describes one whole image: the
detection window is the image.

Images follow the ``keras.datasets`` layout: ``uint8`` arrays, colour channels in RGB
order (not OpenCV's BGR), batches shaped ``(n, h, w, 3)`` or ``(n, h, w)`` for grey.
OpenCV sizes are ``(width, height)``, NumPy shapes ``(height, width)``.

OpenCV and scikit-learn are imported inside the functions, so ``import dlcourse`` stays
cheap.
"""

import numbers

import numpy as np

COLOR_HISTOGRAM_KINDS = ("channels", "joint", "hue")
HOG_COLOR_MODES = (None, "grey", "max", "per_channel")
SVM_BACKENDS = ("opencv", "sklearn")
SVM_KERNELS = ("linear", "rbf")

_HUE_RANGE = 180  # OpenCV stores 8-bit hue as degrees / 2, in [0, 180)
_MAX_JOINT_BINS = 64  # 64**3 = 262,144 features per image already


# --------------------------------------------------------------------------- checks


def _check_image_array(images, *, batch, name):
    """Check dtype and shape; return a grey ``(..., h, w)`` or colour ``(..., h, w, 3)`` array."""
    if not isinstance(images, np.ndarray):
        raise TypeError(f"{name} must be a NumPy array of uint8, got {type(images).__name__}")
    if images.dtype != np.uint8:
        raise TypeError(
            f"{name} has dtype {images.dtype}, but uint8 (pixel values 0-255) is required; "
            f"convert with np.clip(x, 0, 255).astype(np.uint8) (or x * 255 for [0, 1] floats)"
        )
    lead = 1 if batch else 0
    layout = "(n, h, w) or (n, h, w, 3)" if batch else "(h, w) or (h, w, 3)"
    ok = images.ndim == 2 + lead or (
        images.ndim == 3 + lead and images.shape[-1] in (1, 3)
    )
    if not ok or 0 in images.shape:
        raise ValueError(
            f"{name} has shape {images.shape}; expected a non-empty {layout} array "
            f"(grey or RGB)"
        )
    if images.ndim == 3 + lead and images.shape[-1] == 1:
        images = images[..., 0]  # (..., h, w, 1) -> (..., h, w)
    return images


def _is_color(images, *, batch):
    return images.ndim == (4 if batch else 3)


def _size_pair(value, name):
    """An OpenCV size ``(width, height)`` of positive ints; an int means a square."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        value = (value, value)
    if (
        not isinstance(value, (tuple, list))
        or len(value) != 2
        or not all(isinstance(v, numbers.Integral) and not isinstance(v, bool) for v in value)
        or min(value) < 1
    ):
        raise ValueError(
            f"{name}={value!r} is not a size; use a positive int or a pair "
            f"(width, height) of positive ints, e.g. (8, 8)"
        )
    return int(value[0]), int(value[1])


def _check_bins(bins, name, low, high):
    if isinstance(bins, bool) or not isinstance(bins, numbers.Integral) or not low <= bins <= high:
        raise ValueError(f"{name}={bins!r} is not allowed; use an int from {low} to {high}")
    return int(bins)


def _prepare_color(images, color, *, batch, allowed):
    """Grey ``(..., h, w)`` or, for ``color='max'``, RGB ``(..., h, w, 3)`` images for HOG."""
    if color not in allowed:
        raise ValueError(f"color={color!r} is not allowed; use one of {allowed}")
    if not _is_color(images, batch=batch):
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
        return _rgb_to(images, "grey")
    return images  # "max" and "per_channel" keep the channels


def _rgb_to(images, space):
    """Convert RGB ``(..., h, w, 3)`` to grey ``(..., h, w)`` or HSV in one OpenCV call."""
    import cv2

    code = {"grey": cv2.COLOR_RGB2GRAY, "hsv": cv2.COLOR_RGB2HSV}[space]
    height, width = images.shape[-3:-1]
    # Pixel-wise conversions: the whole batch as one tall image, (n * h, w, 3).
    tall = np.ascontiguousarray(images).reshape(-1, width, 3)
    out = cv2.cvtColor(tall, code)
    return out.reshape(images.shape[:-3] + (height, width) + out.shape[2:])


# --------------------------------------------------------------------------- colour


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
    image = _check_image_array(image, batch=False, name="image")
    if not _is_color(image, batch=False):
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

    images = _check_image_array(images, batch=True, name="images")
    if not _is_color(images, batch=True):
        raise ValueError(
            f"images has shape {images.shape} (grey), but colour histograms need RGB "
            f"images (n, h, w, 3)"
        )
    if kind not in COLOR_HISTOGRAM_KINDS:
        raise ValueError(f"kind={kind!r} is not allowed; use one of {COLOR_HISTOGRAM_KINDS}")
    high = {"channels": 256, "joint": _MAX_JOINT_BINS, "hue": _HUE_RANGE}[kind]
    bins = _check_bins(bins, "bins", 1, high)

    num_images = len(images)
    num_pixels = images.shape[1] * images.shape[2]
    if kind == "hue":
        planes = np.ascontiguousarray(_rgb_to(images, "hsv")[..., 0])  # (n, h, w)
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


# --------------------------------------------------------------------------- HOG


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

    win_size = _size_pair(win_size, "win_size")
    block_size = _size_pair(block_size, "block_size")
    block_stride = _size_pair(block_stride, "block_stride")
    cell_size = _size_pair(cell_size, "cell_size")
    num_bins = _check_bins(num_bins, "num_bins", 2, 360)
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

    images = _check_image_array(images, batch=True, name="images")
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
    image = _check_image_array(image, batch=False, name="image")
    image = _prepare_color(image, color, batch=False, allowed=(None, "grey", "max"))
    height, width = image.shape[:2]
    cell_width, cell_height = _size_pair(cell_size, "cell_size")
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
    cell_width, cell_height = _size_pair(cell_size, "cell_size")
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


# --------------------------------------------------------------------------- SVM


class SVMClassifier:
    """A support vector machine behind one small interface, from OpenCV or scikit-learn.

    Features are standardized (mean 0, variance 1 per feature) with statistics of the
    training set only, then passed to the backend:

    ======== ================================= =======================================
    kernel   ``backend="opencv"``              ``backend="sklearn"``
    ======== ================================= =======================================
    "rbf"    ``cv2.ml.SVM`` C_SVC, SVM_RBF     ``sklearn.svm.SVC(kernel="rbf")``
    "linear" ``cv2.ml.SVM`` C_SVC, SVM_LINEAR  ``sklearn.svm.LinearSVC`` (one-vs-rest,
                                               squared hinge; much faster on many
                                               samples)
    ======== ================================= =======================================

    Both RBF backends solve the same one-vs-one problem with kernel
    ``exp(-gamma * ||x - x'||**2)``.

    Parameters
    ----------
    backend : {"opencv", "sklearn"}
    kernel : {"rbf", "linear"}
    C : float
        Penalty on margin violations (> 0): larger fits the training set more closely.
    gamma : float or "scale"
        RBF width (> 0; ignored by "linear"). ``"scale"`` is scikit-learn's rule,
        ``1 / (num_features * X.var())`` on the standardized training set.
    standardize : bool
        Standardize the features (recommended for the RBF kernel).

    Example
    -------
    >>> svm = SVMClassifier(backend="opencv", C=10).fit(X_train, y_train)
    >>> svm.score(X_test, y_test)
    """

    def __init__(self, backend="sklearn", kernel="rbf", C=1.0, gamma="scale", *, standardize=True):
        if backend not in SVM_BACKENDS:
            raise ValueError(f"backend={backend!r} is not allowed; use one of {SVM_BACKENDS}")
        if kernel not in SVM_KERNELS:
            raise ValueError(f"kernel={kernel!r} is not allowed; use one of {SVM_KERNELS}")
        if isinstance(C, bool) or not isinstance(C, numbers.Real) or not C > 0:
            raise ValueError(f"C={C!r} is not allowed; use a positive number, e.g. 1.0")
        if not (gamma == "scale" if isinstance(gamma, str) else (
            isinstance(gamma, numbers.Real) and not isinstance(gamma, bool) and gamma > 0
        )):
            raise ValueError(f"gamma={gamma!r} is not allowed; use a positive number or 'scale'")
        self.backend = backend
        self.kernel = kernel
        self.C = float(C)
        self.gamma = gamma
        self.standardize = bool(standardize)
        self._model = None

    def __repr__(self):
        return (
            f"SVMClassifier(backend={self.backend!r}, kernel={self.kernel!r}, C={self.C!r}, "
            f"gamma={self.gamma!r}, standardize={self.standardize!r})"
        )

    def fit(self, X, y):
        """Standardize with the statistics of ``X`` and train; return ``self``.

        ``X``: (n, features) numbers; ``y``: (n,) or Keras-style (n, 1) class labels.
        """
        X = self._check_X(X, "X")
        y = _check_labels(y, len(X))
        self.classes_, codes = np.unique(y, return_inverse=True)
        if len(self.classes_) < 2:
            raise ValueError(f"y has one class only ({self.classes_[0]!r}); an SVM needs 2 or more")
        self.num_features_ = X.shape[1]
        if self.standardize:
            self.mean_ = X.mean(axis=0)
            scale = X.std(axis=0)
            self.scale_ = np.where(scale > 0, scale, 1.0)
        else:
            self.mean_ = np.zeros(X.shape[1])
            self.scale_ = np.ones(X.shape[1])
        X = self._transform(X)
        if self.gamma == "scale":
            variance = X.var()
            self.gamma_ = 1.0 / (X.shape[1] * variance) if variance > 0 else 1.0
        else:
            self.gamma_ = float(self.gamma)
        self._model = self._fit_backend(X, codes)
        return self

    def _fit_backend(self, X, codes):
        if self.backend == "sklearn":
            from sklearn.svm import SVC, LinearSVC

            if self.kernel == "linear":
                model = LinearSVC(C=self.C, max_iter=10_000)
            else:
                model = SVC(kernel="rbf", C=self.C, gamma=self.gamma_, cache_size=500)
            return model.fit(X, codes)
        import cv2

        model = cv2.ml.SVM_create()
        model.setType(cv2.ml.SVM_C_SVC)
        model.setKernel(cv2.ml.SVM_LINEAR if self.kernel == "linear" else cv2.ml.SVM_RBF)
        model.setC(self.C)
        model.setGamma(self.gamma_)
        # libsvm's stopping tolerance; OpenCV's default stops after 1,000 iterations.
        criteria = cv2.TERM_CRITERIA_EPS + cv2.TERM_CRITERIA_MAX_ITER
        model.setTermCriteria((criteria, 10_000_000, 1e-3))
        model.train(X.astype(np.float32), cv2.ml.ROW_SAMPLE, codes.astype(np.int32))
        return model

    def predict(self, X):
        """Class labels, shape (n,), for features ``X`` (n, features)."""
        if self._model is None:
            raise ValueError("this SVMClassifier is not fitted yet; call fit(X, y) first")
        X = self._transform(self._check_X(X, "X"))
        if self.backend == "sklearn":
            codes = self._model.predict(X)
        else:
            codes = self._model.predict(X.astype(np.float32))[1].ravel()
        return self.classes_[codes.astype(np.intp)]

    def score(self, X, y):
        """Accuracy: the fraction of ``X`` whose predicted label equals ``y``."""
        X = self._check_X(X, "X")
        y = _check_labels(y, len(X))
        return float(np.mean(self.predict(X) == y))

    def _transform(self, X):
        return (X - self.mean_) / self.scale_

    def _check_X(self, X, name):
        if not isinstance(X, np.ndarray):
            raise TypeError(f"{name} must be a NumPy array (n, features), got {type(X).__name__}")
        real = np.issubdtype(X.dtype, np.number) and not np.issubdtype(X.dtype, np.complexfloating)
        if not real:
            raise TypeError(f"{name} has dtype {X.dtype}; real numbers are required")
        if X.ndim != 2 or 0 in X.shape:
            raise ValueError(
                f"{name} has shape {X.shape}; expected a non-empty (n, features) array"
            )
        if self._model is not None and X.shape[1] != self.num_features_:
            raise ValueError(
                f"{name} has {X.shape[1]} features, but the SVM was fitted on "
                f"{self.num_features_}"
            )
        X = X.astype(np.float64)
        if not np.isfinite(X).all():
            raise ValueError(f"{name} contains NaN or infinity; features must be finite")
        return X


def _check_labels(y, num_samples):
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]  # Keras layout (n, 1) -> (n,)
    if y.ndim != 1 or len(y) != num_samples:
        raise ValueError(
            f"y has shape {y.shape}; expected ({num_samples},) or ({num_samples}, 1), one "
            f"label per row of X"
        )
    if not (np.issubdtype(y.dtype, np.integer) or np.issubdtype(y.dtype, np.str_)
            or y.dtype == bool):
        raise TypeError(f"y has dtype {y.dtype}; class labels must be ints, bools or strings")
    return y


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
    if isinstance(cells_per_block, bool) or not isinstance(cells_per_block, numbers.Integral) \
            or cells_per_block < 1:
        raise ValueError(f"cells_per_block={cells_per_block!r} is not allowed; use an integer >= 1")
    image_size = _size_pair(image_size, "image_size")
    cell_size = _size_pair(cell_size, "cell_size")
    for axis in (0, 1):
        if image_size[axis] % cell_size[axis]:
            raise ValueError(
                f"image_size={image_size} is not a whole number of cells of "
                f"cell_size={cell_size}; use a cell size that divides the image"
            )
    block = tuple(cells_per_block * c for c in cell_size)
    return int(make_hog(image_size, block, cell_size, cell_size, num_bins).getDescriptorSize())
