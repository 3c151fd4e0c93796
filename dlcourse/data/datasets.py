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

import hashlib
import os
from pathlib import Path

import numpy as np

from dlcourse.core.paths import REPO_DATA_DIR
from dlcourse.core.tables import Table
from dlcourse.data import sequences
from dlcourse.data.download import fetch
from dlcourse.data.registry import (  # noqa: F401 (the registry's names, used here and offered)
    BOSTON_FEATURES,
    CIFAR10_CLASSES,
    FASHION_CLASSES,
    MNIST_DIGITS,
    REGISTRY,
    DatasetInfo,
    Download,
    info,
    names,
)

DATA_ENV = "DLCOURSE_DATA"
OFFLINE_ENV = "DLCOURSE_OFFLINE"
CHECKSUM_FILE = "SHA256SUMS"

class DatasetNotFoundError(FileNotFoundError):
    """No local copy of a data set, and it may not (or could not) be downloaded."""


class DatasetFileError(ValueError):
    """A local data file exists but is corrupt or has the wrong layout."""


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
