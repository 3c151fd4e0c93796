"""Datasets in the ``keras.datasets`` layout, found locally or downloaded once.

``load(name)`` returns ``(x_train, y_train), (x_test, y_test)`` exactly as
``keras.datasets.<name>.load_data()`` does: the same tuple structure, shapes and dtypes.
It looks in these places, in order, and uses the first file it finds:

1. the ``data_dir`` argument;
2. the folders in ``DLCOURSE_DATA`` (several may be joined with ``os.pathsep``), for
   example the course's offline mirror;
3. the repository's own ``data/`` folder;
4. Keras's cache (``~/.keras/datasets``, or ``$KERAS_HOME/datasets``), downloading
   into it through Keras when the file is not there yet (unless ``DLCOURSE_OFFLINE=1``
   or ``download=False``; the test suite never downloads).

Every local file is checked before use (keys, shapes, dtypes, and its checksum when the
folder has a ``SHA256SUMS`` file), and read with ``allow_pickle=False``. A file that
fails a check raises :class:`DatasetFileError` naming the file and the expected layout;
nothing is ever silently wrong. When nothing is found and nothing may be downloaded,
:class:`DatasetNotFoundError` names the file, the folders searched and the two fixes.
"""

import difflib
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from dlcourse.core.paths import REPO_DATA_DIR
from dlcourse.core.tables import Table
from dlcourse.data import sequences
from dlcourse.data.download import fetch

DATA_ENV = "DLCOURSE_DATA"
OFFLINE_ENV = "DLCOURSE_OFFLINE"
CHECKSUM_FILE = "SHA256SUMS"

_TF_KERAS = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"


@dataclass(frozen=True)
class Download:
    """One file Keras downloads, with the hash we verify (where Keras itself does not)."""

    file_name: str
    origin: str
    file_hash: str
    cache_subdir: str


@dataclass(frozen=True)
class DatasetInfo:
    """What a data set is, and the layout of its local file.

    ``layout`` maps each array key of the local ``.npz`` file to the shape of one
    sample (the first axis, the number of samples, is free) and the dtype.
    """

    name: str
    title: str
    task: str
    summary: str
    file: str
    layout: dict
    official_counts: tuple
    download_mb: float
    keras_cache: tuple
    source: str
    license: str
    num_classes: int = None
    class_names: tuple = None
    options: dict = field(default_factory=dict)
    downloads: tuple = ()
    note: str = ""


def _image_layout(sample_shape, label_shape=(), label_dtype="uint8", extra=()):
    layout = {}
    for part in ("train", "test"):
        layout[f"x_{part}"] = (sample_shape, "uint8")
        layout[f"y_{part}"] = (label_shape, label_dtype)
        for key in extra:
            layout[f"{key}_{part}"] = (label_shape, label_dtype)
    return layout


_SEQUENCE_OPTIONS = {
    "num_words": None,
    "skip_top": 0,
    "maxlen": None,
    "seed": 113,
    "start_char": 1,
    "oov_char": 2,
    "index_from": 3,
}

MNIST_DIGITS = tuple(str(d) for d in range(10))
FASHION_CLASSES = (
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
)
CIFAR10_CLASSES = (
    "airplane", "automobile", "bird", "cat", "deer",
    "dog", "frog", "horse", "ship", "truck",
)
BOSTON_FEATURES = (
    "CRIM", "ZN", "INDUS", "CHAS", "NOX", "RM", "AGE",
    "DIS", "RAD", "TAX", "PTRATIO", "B", "LSTAT",
)
_FASHION_URL = _TF_KERAS  # Keras's own origin for the four idx files

REGISTRY = {
    info.name: info
    for info in (
        DatasetInfo(
            name="mnist",
            title="MNIST handwritten digits",
            task="image classification",
            summary="28x28 grey images of the digits 0-9",
            file="mnist.npz",
            layout=_image_layout((28, 28)),
            official_counts=(60000, 10000),
            download_mb=11.5,
            keras_cache=("mnist.npz",),
            downloads=(Download("mnist.npz", _TF_KERAS + "mnist.npz",
                                "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1",
                                "datasets"),),
            num_classes=10,
            class_names=MNIST_DIGITS,
            source="Y. LeCun, C. Cortes, C. Burges",
            license="CC BY-SA 3.0",
        ),
        DatasetInfo(
            name="fashion_mnist",
            title="Fashion-MNIST",
            task="image classification",
            summary="28x28 grey images of 10 kinds of clothing; a drop-in for MNIST",
            file="fashion_mnist.npz",
            layout=_image_layout((28, 28)),
            official_counts=(60000, 10000),
            download_mb=30.9,
            keras_cache=("fashion-mnist",),
            num_classes=10,
            class_names=FASHION_CLASSES,
            source="Zalando Research (H. Xiao, K. Rasul, R. Vollgraf, 2017)",
            license="MIT",
            # Keras downloads these without a checksum; we check them like every other.
            downloads=tuple(
                Download(name, _FASHION_URL + name, md5, "datasets/fashion-mnist")
                for name, md5 in (
                    ("train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe"),
                    ("train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
                    ("t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310"),
                    ("t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79"),
                )
            ),
        ),
        DatasetInfo(
            name="cifar10",
            title="CIFAR-10",
            task="image classification",
            summary="32x32 colour photos of 10 object classes",
            file="cifar10.npz",
            layout=_image_layout((32, 32, 3), (1,)),
            official_counts=(50000, 10000),
            download_mb=170.5,
            keras_cache=("cifar-10-batches-py-target",),
            # Keras extracts the archive it finds under this name.
            downloads=(Download("cifar-10-batches-py-target_archive",
                                "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz",
                                "6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce",
                                "datasets"),),
            num_classes=10,
            class_names=CIFAR10_CLASSES,
            source="A. Krizhevsky, 2009",
            license="free for research and teaching (authors' terms)",
        ),
        DatasetInfo(
            name="cifar100",
            title="CIFAR-100",
            task="image classification",
            summary="32x32 colour photos of 100 classes in 20 superclasses",
            file="cifar100.npz",
            # y_* hold the fine labels, y_*_coarse hold the 20 superclasses.
            layout=_image_layout((32, 32, 3), (1,), "int64", extra=("y_coarse",)),
            official_counts=(50000, 10000),
            download_mb=169.0,
            keras_cache=("cifar-100-python-target",),
            downloads=(Download("cifar-100-python-target_archive",
                                "https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz",
                                "85cd44d02ba6437773c5bbd22e183051d648de2e7d6b014e1ef29b855ba677a7",
                                "datasets"),),
            num_classes=100,
            source="A. Krizhevsky, 2009",
            license="free for research and teaching (authors' terms)",
            options={"label_mode": "fine"},
        ),
        DatasetInfo(
            name="boston_housing",
            title="Boston housing prices",
            task="regression",
            summary="13 numeric features of Boston suburbs (1970s); target: median "
            "home value in k$",
            file="boston_housing.npz",
            layout={"x": ((13,), "float64"), "y": ((), "float64")},
            official_counts=(404, 102),
            download_mb=0.06,
            keras_cache=("boston_housing.npz",),
            downloads=(Download("boston_housing.npz", _TF_KERAS + "boston_housing.npz",
                                "f553886a1f8d56431e820c5b82552d9d95cfcb96d1e678153f8839538947dff5",
                                "datasets"),),
            source="Harrison & Rubinfeld (1978), StatLib, Carnegie Mellon University",
            license="StatLib (public research data)",
            options={"test_split": 0.2, "seed": 113},
            note="Feature B is computed from the proportion of Black residents by "
            "town; scikit-learn removed the data set for that reason.",
        ),
        DatasetInfo(
            name="imdb",
            title="IMDB movie reviews",
            task="text sentiment classification (binary)",
            summary="25,000 + 25,000 reviews as sequences of word indices; label "
            "positive (1) or negative (0)",
            file="imdb.npz",
            layout={},  # Keras's own file (object arrays of lists): read by Keras
            official_counts=(25000, 25000),
            download_mb=17.5,
            keras_cache=("imdb.npz",),
            downloads=(Download("imdb.npz", _TF_KERAS + "imdb.npz", sequences.SHA256["imdb.npz"],
                                "datasets"),
                       Download("imdb_word_index.json", _TF_KERAS + "imdb_word_index.json",
                                "bfafd718b763782e994055a2d397834f", "datasets")),
            num_classes=2,
            class_names=("negative", "positive"),
            source="A. Maas et al., ACL 2011",
            license="research use (Stanford AI Lab)",
            options=dict(_SEQUENCE_OPTIONS),
        ),
        DatasetInfo(
            name="reuters",
            title="Reuters newswire topics",
            task="text topic classification (46 topics)",
            summary="11,228 newswires as sequences of word indices, 46 topics",
            file="reuters.npz",
            layout={},
            official_counts=(8982, 2246),
            download_mb=2.1,
            keras_cache=("reuters.npz",),
            downloads=(Download("reuters.npz", _TF_KERAS + "reuters.npz",
                                sequences.SHA256["reuters.npz"], "datasets"),
                       Download("reuters_word_index.json", _TF_KERAS + "reuters_word_index.json",
                                "4d44cc38712099c9e383dc6e5f11a921", "datasets")),
            num_classes=46,
            source="Reuters-21578 (D. Lewis), via Keras",
            license="research use (Reuters-21578 terms)",
            options=dict(_SEQUENCE_OPTIONS, test_split=0.2),
        ),
    )
}


class DatasetNotFoundError(FileNotFoundError):
    """No local copy of a data set, and it may not (or could not) be downloaded."""


class DatasetFileError(ValueError):
    """A local data file exists but is corrupt or has the wrong layout."""


def names():
    """The names ``load`` accepts."""
    return tuple(REGISTRY)


def info(name):
    """The :class:`DatasetInfo` of a data set; a clear ``ValueError`` for unknown names."""
    if not isinstance(name, str):
        raise TypeError(f"a data set name must be a str, got {name!r}")
    key = name.strip().lower().replace("-", "_")
    if key in REGISTRY:
        return REGISTRY[key]
    close = difflib.get_close_matches(key, REGISTRY, n=1, cutoff=0.5)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    raise ValueError(
        f"unknown data set {name!r}.{hint} Known data sets: {', '.join(REGISTRY)}."
    )


def search_dirs(data_dir=None):
    """The local folders searched, in order (``data_dir``, ``DLCOURSE_DATA``, ``data/``)."""
    dirs = []
    if data_dir is not None:
        dirs.append(Path(data_dir).expanduser())
    for part in os.environ.get(DATA_ENV, "").split(os.pathsep):
        if part.strip():
            dirs.append(Path(part.strip()).expanduser())
    dirs.append(REPO_DATA_DIR)
    unique = []
    for d in dirs:
        if d not in unique:
            unique.append(d)
    return unique


def keras_cache_dir():
    """Where Keras caches downloaded data sets."""
    home = os.environ.get("KERAS_HOME") or os.path.join("~", ".keras")
    return Path(home).expanduser() / "datasets"


def downloads_allowed(download=None):
    """``download`` if given, else ``False`` when ``DLCOURSE_OFFLINE`` is set to 1/true."""
    if download is not None:
        return bool(download)
    return os.environ.get(OFFLINE_ENV, "").strip().lower() not in ("1", "true", "yes")


def locate(name, data_dir=None):
    """Where ``load(name)`` would read from: a local file path, ``"keras-cache"`` or None."""
    meta = info(name)
    for folder in search_dirs(data_dir):
        path = folder / meta.file
        if path.is_file():
            return path
    if _in_keras_cache(meta):
        return "keras-cache"
    return None


def load(name, *, data_dir=None, download=None, **options):
    """Load a data set as ``(x_train, y_train), (x_test, y_test)``, like Keras.

    Parameters
    ----------
    name : str
        One of ``names()``: mnist, fashion_mnist, cifar10, cifar100, boston_housing,
        imdb, reuters.
    data_dir : str or Path, optional
        A folder searched before ``DLCOURSE_DATA`` and ``data/``.
    download : bool, optional
        Allow a download through Keras when no local copy exists. Default: allowed
        unless ``DLCOURSE_OFFLINE=1``.
    **options
        The data set's own ``load_data`` arguments, as in Keras: ``label_mode`` for
        cifar100; ``test_split``, ``seed`` for boston_housing; ``num_words``,
        ``skip_top``, ``maxlen``, ``seed``, ``start_char``, ``oov_char``,
        ``index_from`` (and ``test_split`` for reuters) for imdb and reuters.

    Example
    -------
    >>> (x_train, y_train), (x_test, y_test) = load("mnist")
    """
    meta = info(name)
    unknown = sorted(set(options) - set(meta.options))
    if unknown:
        allowed = ", ".join(meta.options) or "none"
        raise ValueError(
            f"load({meta.name!r}) got unknown option(s) {', '.join(unknown)}; "
            f"allowed: {allowed}."
        )
    if meta.name == "cifar100" and options.get("label_mode", "fine") not in (
        "fine",
        "coarse",
    ):
        raise ValueError(
            f"label_mode={options['label_mode']!r} is not allowed; use 'fine' or 'coarse'."
        )
    searched = search_dirs(data_dir)
    for folder in searched:
        path = folder / meta.file
        if path.is_file():
            return _load_local(meta, path, options)
    if _in_keras_cache(meta) or downloads_allowed(download):
        try:
            return _load_from_keras(meta, options)
        except Exception as error:  # network down, refused, corrupt cache...
            raise _not_found(meta, searched, download, error) from error
    raise _not_found(meta, searched, download)


def display_path(path):
    """A path as a learner's notebook may show it: relative to where data is looked for.

    ``$DLCOURSE_DATA/mnist.npz`` under a ``DLCOURSE_DATA`` folder, ``data/mnist.npz`` in
    the repository's ``data/``, ``~/...`` under the home folder; anything else as it is.
    Committed notebooks then show no machine's absolute paths.
    """
    path = Path(path)
    roots = [(Path(part.strip()).expanduser(), f"${DATA_ENV}")
             for part in os.environ.get(DATA_ENV, "").split(os.pathsep) if part.strip()]
    roots += [(REPO_DATA_DIR, "data"), (Path.home(), "~")]
    for root, label in roots:
        try:
            relative = path.resolve().relative_to(root.resolve())
        except ValueError:
            continue
        return f"{label}/{relative.as_posix()}" if str(relative) != "." else label
    return str(path)


def _not_found(meta, searched, download, error=None):
    folders = "\n".join(f"  - {display_path(d)}{'' if d.is_dir() else ' (does not exist)'}"
                        for d in searched)
    why = (
        f"downloading failed ({type(error).__name__}: {error})"
        if error is not None
        else "downloads are off ("
        + ("download=False" if download is False else f"{OFFLINE_ENV}=1")
        + ")"
    )
    return DatasetNotFoundError(
        f"Data set {meta.name!r} is not on this machine and {why}.\n"
        f"Looked for {meta.file!r} in\n{folders}\n"
        f"  - the Keras cache, {display_path(keras_cache_dir())}\n"
        f"Two ways to fix it:\n"
        f"  1. connect to the internet once and run `python -m dlcourse download "
        f"{meta.name}` (or any chapter that uses it): it downloads ~{meta.download_mb:g} MB "
        f"into the Keras cache, and later runs are offline;\n"
        f"  2. or copy {meta.file!r} (the keras.datasets layout) into a folder and point "
        f"{DATA_ENV} at it, for example `export {DATA_ENV}=~/datasets`, or put it in this "
        f"repository's data/ folder."
    )


# ---------------------------------------------------------------- local files


_VERIFIED = {}


def _checksum_ok(path):
    """Compare with the folder's SHA256SUMS, if it lists the file (cached per process)."""
    sums = path.parent / CHECKSUM_FILE
    if not sums.is_file():
        return
    expected = None
    for line in sums.read_text().splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[1].lstrip("*") == path.name:
            expected = parts[0].lower()
    if expected is None:
        return
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if _VERIFIED.get(key) == expected:
        return
    digest = _sha256(path)
    if digest != expected:
        raise DatasetFileError(
            f"{path} does not match its checksum in {sums} (sha256 {digest}, "
            f"expected {expected}): the file is corrupt or incomplete. Replace it."
        )
    _VERIFIED[key] = expected


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def describe_layout(meta):
    """The expected keys, shapes and dtypes of a local file, as text."""
    return ", ".join(
        f"{key} (N, {', '.join(map(str, shape))}) {dtype}".replace(", )", ")").replace(
            "(N, )", "(N,)"
        )
        for key, (shape, dtype) in meta.layout.items()
    )


def _read_npz(meta, path):
    _checksum_ok(path)
    layout_text = describe_layout(meta)
    try:
        with np.load(path, allow_pickle=False) as archive:
            arrays = {key: archive[key] for key in archive.files}
    except Exception as error:  # BadZipFile, EOFError, pickled arrays, ...
        raise DatasetFileError(
            f"{path} is not a readable .npz file ({type(error).__name__}: {error}). "
            f"Expected arrays: {layout_text}. Delete or replace the file."
        ) from error
    missing = [key for key in meta.layout if key not in arrays]
    if missing:
        raise DatasetFileError(
            f"{path} lacks the array(s) {', '.join(missing)} (it has "
            f"{', '.join(arrays) or 'none'}). Expected arrays: {layout_text}."
        )
    for key, (shape, dtype) in meta.layout.items():
        array = arrays[key]
        if array.shape[1:] != tuple(shape) or array.dtype != np.dtype(dtype) or not len(array):
            raise DatasetFileError(
                f"{path}: array {key!r} has shape {array.shape} and dtype {array.dtype}; "
                f"expected (N, {', '.join(map(str, shape))}) {dtype} with N > 0. "
                f"Expected arrays: {layout_text}.".replace(", )", ")")
            )
    for x_key in (k for k in meta.layout if k.startswith("x")):
        for y_key in (k for k in meta.layout if k.startswith("y") and k.endswith(x_key[1:])):
            if len(arrays[x_key]) != len(arrays[y_key]):
                raise DatasetFileError(
                    f"{path}: {x_key} has {len(arrays[x_key])} samples but {y_key} has "
                    f"{len(arrays[y_key])}; they must match."
                )
    return arrays


def _load_local(meta, path, options):
    if meta.name in ("imdb", "reuters"):
        return _read_sequences(meta, path, options)
    arrays = _read_npz(meta, path)
    if meta.name == "boston_housing":
        return split_like_keras(arrays["x"], arrays["y"], **options)
    suffix = "_coarse" if options.get("label_mode") == "coarse" else ""
    return (
        (arrays["x_train"], arrays["y_train" + suffix]),
        (arrays["x_test"], arrays["y_test" + suffix]),
    )


def split_like_keras(x, y, test_split=0.2, seed=113):
    """Shuffle and split as ``keras.datasets.boston_housing.load_data`` does."""
    if not 0 <= test_split < 1:
        raise ValueError(f"test_split={test_split!r} must be in [0, 1).")
    indices = np.arange(len(x))
    np.random.RandomState(seed).shuffle(indices)
    x, y = x[indices], y[indices]
    n_train = int(len(x) * (1 - test_split))
    return (np.array(x[:n_train]), np.array(y[:n_train])), (
        np.array(x[n_train:]),
        np.array(y[n_train:]),
    )


# ---------------------------------------------------------------- Keras


def _in_keras_cache(meta):
    root = keras_cache_dir()
    return all((root / entry).exists() for entry in meta.keras_cache)


def _keras_module(meta):
    import keras

    return getattr(keras.datasets, meta.name)


def _fetch_verified(meta, report=print):
    """Download the files of ``meta`` into Keras's cache, each verified (see
    :func:`dlcourse.data.download.fetch`: resumable, never a partial file under its name)."""
    for item in meta.downloads:
        destination = keras_cache_dir().parent / item.cache_subdir / item.file_name
        fetch(item.origin, destination, item.file_hash, report=report)


def _load_from_keras(meta, options):
    """From Keras's cache, downloading the files into it first if they are not there."""
    if not _in_keras_cache(meta):
        _fetch_verified(meta)
    cached = keras_cache_dir() / meta.file
    if meta.name in ("mnist", "boston_housing", "imdb", "reuters"):
        return _load_local(meta, cached, options)  # one file each: read by our own code
    return _keras_module(meta).load_data(**options)  # Keras reads (and extracts) its files


def _read_sequences(meta, path, options):
    """IMDB or Reuters from a local copy of Keras's file, read by our own code."""
    _checksum_ok(path)
    try:
        arrays = sequences.read_sequence_file(path)
    except Exception as error:  # BadZipFile, a refused pickle global, ...
        raise DatasetFileError(f"{display_path(path)} is not a readable sequence file "
                               f"({type(error).__name__}: {error}).") from error
    splits = sequences.imdb_splits if meta.name == "imdb" else sequences.reuters_splits
    return splits(arrays, **options)


def download(name):
    """Download a data set into the Keras cache (needs internet); returns its shapes."""
    (x_train, y_train), (x_test, y_test) = load(name, download=True)
    return {"x_train": np.shape(x_train), "x_test": np.shape(x_test)}


def load_word_index(name, *, data_dir=None, download=None):
    """The word -> index mapping of imdb or reuters (Keras's ``get_word_index``)."""
    meta = info(name)
    if meta.name not in ("imdb", "reuters"):
        raise ValueError(f"{meta.name!r} has no word index; only imdb and reuters do.")
    file_name = f"{meta.name}_word_index.json"
    searched = search_dirs(data_dir)
    for folder in searched:
        if (folder / file_name).is_file():
            import json

            return json.loads((folder / file_name).read_text())
    if (keras_cache_dir() / file_name).exists() or downloads_allowed(download):
        try:
            return _keras_module(meta).get_word_index()
        except Exception as error:
            raise _not_found(
                DatasetInfo(**{**meta.__dict__, "file": file_name}), searched, download, error
            ) from error
    raise _not_found(DatasetInfo(**{**meta.__dict__, "file": file_name}), searched, download)


# ---------------------------------------------------------------- catalog


def availability(name, data_dir=None):
    """A short phrase saying where ``name`` would come from on this machine."""
    where = locate(name, data_dir)
    if isinstance(where, Path):
        return f"yes: {display_path(where)}"
    if where == "keras-cache":
        return "yes: Keras cache"
    return "by download" if downloads_allowed() else "no (offline)"


def catalog(data_dir=None):
    """A table of every data set: task, sizes, classes, source, licence, availability.

    Example
    -------
    >>> catalog()  # renders as a table in Jupyter
    """
    rows = []
    for meta in REGISTRY.values():
        n_train, n_test = meta.official_counts
        rows.append(
            {
                "name": meta.name,
                "task": meta.task,
                "contents": meta.summary,
                "train / test": f"{n_train:,} / {n_test:,}",
                "classes": meta.num_classes or "-",
                "download MB": meta.download_mb,
                "source": meta.source,
                "licence": meta.license,
                "available here": availability(meta.name, data_dir),
            }
        )
    return Table(rows)


# ---------------------------------------------------------------- describing and decoding


def summarize(splits, class_names=None):
    """A table of each split's shapes, dtypes, value ranges and class count.

    Parameters
    ----------
    splits : ((x_train, y_train), (x_test, y_test)), as ``load`` returns
    """
    rows = []
    for part, (x, y) in zip(("train", "test"), splits):
        row = {"split": part, "samples": len(x)}
        if x.dtype == object:  # sequences of word indices
            lengths = np.array([len(s) for s in x])
            row.update({"x": f"{len(x)} sequences", "x dtype": "int lists",
                        "x range": f"length {lengths.min()}-{lengths.max()}"})
        else:
            row.update({"x": str(x.shape), "x dtype": str(x.dtype),
                        "x range": f"[{x.min():g}, {x.max():g}]"})
        row.update({"y": str(np.shape(y)), "y dtype": str(y.dtype),
                    "y range": f"[{y.min():g}, {y.max():g}]"})
        if np.issubdtype(y.dtype, np.integer):
            row["classes"] = len(np.unique(y))
        rows.append(row)
    return Table(rows)
