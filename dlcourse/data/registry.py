"""What data sets exist: one registry of their files, layouts, sizes, sources and downloads.

Like scikit-learn's ``datasets``: each :class:`DatasetInfo` says what a data set is (its
task, classes, official sizes, source and licence), the layout of its local ``.npz``
file (the keys, each sample's shape and dtype, checked on every load) and the files
Keras downloads, with the hash each is verified against (:class:`Download`).
:func:`info` looks a name up; :mod:`dlcourse.data.datasets` loads them.
"""

import difflib
from dataclasses import dataclass, field

from dlcourse.data import sequences

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
