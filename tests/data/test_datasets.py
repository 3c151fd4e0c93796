"""dlcourse.data.datasets: lookup order, validation, clear errors, safe downloads. Never online."""

import hashlib
import os
from pathlib import Path

import numpy as np
import pytest

from dlcourse.data import datasets as data

MIRROR = os.environ.get("DLCOURSE_DATA", "")


@pytest.fixture(autouse=True)
def isolated(monkeypatch, tmp_path):
    """No mirror, an empty Keras cache, no downloads: each test sets what it needs."""
    monkeypatch.delenv("DLCOURSE_DATA", raising=False)
    monkeypatch.setenv("DLCOURSE_OFFLINE", "1")
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras-home"))
    monkeypatch.setattr(data, "REPO_DATA_DIR", tmp_path / "repo-data")


def write_mnist_like(folder, n_train=6, n_test=4, **overrides):
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(0)
    arrays = {
        "x_train": rng.integers(0, 256, (n_train, 28, 28), dtype=np.uint8),
        "y_train": rng.integers(0, 10, n_train).astype(np.uint8),
        "x_test": rng.integers(0, 256, (n_test, 28, 28), dtype=np.uint8),
        "y_test": rng.integers(0, 10, n_test).astype(np.uint8),
    }
    arrays.update(overrides)
    arrays = {k: v for k, v in arrays.items() if v is not None}
    path = folder / "mnist.npz"
    np.savez(path, **arrays)
    return path, arrays


def test_unknown_name_lists_known_names_and_closest_match():
    with pytest.raises(ValueError, match=r"unknown data set 'minst'.*Did you mean 'mnist'.*"
                                         r"Known data sets: mnist, fashion_mnist"):
        data.load("minst")
    with pytest.raises(TypeError):
        data.load(3)


def test_names_are_normalised():
    assert data.info("Fashion-MNIST").name == "fashion_mnist"


def test_unknown_option_is_rejected_before_any_lookup():
    with pytest.raises(ValueError, match=r"unknown option\(s\) num_words; allowed: none"):
        data.load("mnist", num_words=10)
    with pytest.raises(ValueError, match="label_mode='medium'.*'fine' or 'coarse'"):
        data.load("cifar100", label_mode="medium")


def test_lookup_order_data_dir_then_env_then_repo(tmp_path, monkeypatch):
    _, first = write_mnist_like(tmp_path / "explicit", n_train=3)
    _, second = write_mnist_like(tmp_path / "env", n_train=5)
    _, third = write_mnist_like(tmp_path / "repo-data", n_train=7)
    monkeypatch.setenv("DLCOURSE_DATA", str(tmp_path / "env"))
    assert len(data.load("mnist", data_dir=tmp_path / "explicit")[0][0]) == 3
    assert len(data.load("mnist")[0][0]) == 5
    monkeypatch.delenv("DLCOURSE_DATA")
    (x_train, y_train), (x_test, y_test) = data.load("mnist")
    assert len(x_train) == 7
    np.testing.assert_array_equal(x_train, third["x_train"])
    np.testing.assert_array_equal(y_test, third["y_test"])
    assert x_train.dtype == np.uint8 and x_train.shape[1:] == (28, 28)


def test_env_may_list_several_folders(tmp_path, monkeypatch):
    write_mnist_like(tmp_path / "b", n_train=2)
    monkeypatch.setenv("DLCOURSE_DATA", f"{tmp_path / 'a'}{os.pathsep}{tmp_path / 'b'}")
    assert len(data.load("mnist")[0][0]) == 2


@pytest.mark.parametrize(
    "override, message",
    [
        ({"y_test": None}, r"lacks the array\(s\) y_test"),
        ({"x_train": np.zeros((6, 28, 27), np.uint8)}, r"'x_train' has shape \(6, 28, 27\)"),
        ({"x_train": np.zeros((6, 28, 28), np.float32)}, r"dtype float32; expected \(N, 28, 28\) uint8"),
        ({"y_train": np.zeros(5, np.uint8)}, "x_train has 6 samples but y_train has 5"),
        ({"x_test": np.zeros((0, 28, 28), np.uint8), "y_test": np.zeros(0, np.uint8)}, "N > 0"),
    ],
)
def test_wrong_layout_names_the_file_and_the_expected_layout(tmp_path, override, message):
    path, _ = write_mnist_like(tmp_path / "d", **override)
    with pytest.raises(data.DatasetFileError, match=message) as caught:
        data.load("mnist", data_dir=path.parent)
    assert str(path) in str(caught.value)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "pickled"])
def test_corrupt_file_is_an_error_never_silent(tmp_path, damage):
    path, arrays = write_mnist_like(tmp_path / "d")
    if damage == "garbage":
        path.write_bytes(b"this is not a zip file")
    elif damage == "truncated":
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    else:
        np.savez(path, **{**arrays, "x_train": np.array([[1], [2, 3]], dtype=object)})
    with pytest.raises(data.DatasetFileError, match="not a readable .npz file") as caught:
        data.load("mnist", data_dir=path.parent)
    assert str(path) in str(caught.value)
    assert "x_train (N, 28, 28) uint8" in str(caught.value)


def test_checksum_file_is_honoured(tmp_path):
    path, _ = write_mnist_like(tmp_path / "d")
    good = hashlib.sha256(path.read_bytes()).hexdigest()
    (path.parent / "SHA256SUMS").write_text(f"{good}  mnist.npz\n")
    data.load("mnist", data_dir=path.parent)
    (path.parent / "SHA256SUMS").write_text(f"{'0' * 64}  mnist.npz\n")
    with pytest.raises(data.DatasetFileError, match="does not match its checksum"):
        data.load("mnist", data_dir=path.parent)


def test_offline_and_missing_names_file_folders_and_both_fixes(tmp_path):
    with pytest.raises(data.DatasetNotFoundError) as caught:
        data.load("cifar100", data_dir=tmp_path / "nowhere")
    text = str(caught.value)
    assert "'cifar100.npz'" in text
    assert str(tmp_path / "nowhere") + " (does not exist)" in text
    assert "  - data (does not exist)" in text  # the repository's data/, shown relatively
    first = text.splitlines()[0]  # what a notebook printing one line shows: a whole sentence
    assert first == "Data set 'cifar100' is not on this machine and downloads are off " \
                    "(DLCOURSE_OFFLINE=1)."
    assert "export DLCOURSE_DATA=~/datasets" in text and "shared" not in text
    assert "python -m dlcourse download cifar100" in text
    assert "DLCOURSE_DATA" in text
    assert isinstance(caught.value, FileNotFoundError)


def test_download_failure_becomes_a_clear_error(monkeypatch):
    import dataclasses

    nowhere = data.Download("mnist.npz", "http://127.0.0.1:9/mnist.npz", "0" * 64, "datasets")
    monkeypatch.setitem(data.REGISTRY, "mnist",
                        dataclasses.replace(data.info("mnist"), downloads=(nowhere,)))
    with pytest.raises(data.DatasetNotFoundError,
                       match=r"downloading failed \(DownloadError: downloading mnist.npz from "
                             r"http://127.0.0.1:9/mnist.npz stopped"):
        data.load("mnist", download=True)


def test_download_false_never_calls_keras(monkeypatch):
    monkeypatch.setenv("DLCOURSE_OFFLINE", "0")
    monkeypatch.setattr(data, "_load_from_keras", lambda *a: pytest.fail("tried Keras"))
    with pytest.raises(data.DatasetNotFoundError, match="download=False"):
        data.load("mnist", download=False)


# ------------------------------------------------------------ downloads


def test_a_download_goes_into_the_keras_cache_verified_and_loads(tmp_path, monkeypatch):
    import dataclasses
    import functools
    import http.server
    import threading

    served = tmp_path / "served"
    served.mkdir()
    write_mnist_like(served)
    content = (served / "mnist.npz").read_bytes()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(served))
    handler.log_message = lambda *args: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        origin = f"http://127.0.0.1:{httpd.server_address[1]}/mnist.npz"
        spec = data.Download("mnist.npz", origin, hashlib.sha256(content).hexdigest(), "datasets")
        monkeypatch.setitem(data.REGISTRY, "mnist",
                            dataclasses.replace(data.info("mnist"), downloads=(spec,)))
        monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras-home"))
        (x_train, _), _ = data.load("mnist", download=True)
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert (tmp_path / "keras-home" / "datasets" / "mnist.npz").read_bytes() == content
    assert x_train.shape[1:] == (28, 28)
    assert data.locate("mnist") == "keras-cache"


def test_every_data_set_downloads_files_with_a_hash():
    for meta in data.REGISTRY.values():
        assert meta.downloads, meta.name
        for item in meta.downloads:
            assert len(item.file_hash) in (32, 64), (meta.name, item.file_name)


# ------------------------------------------------------------ Keras compatibility


def test_boston_split_matches_keras(tmp_path, monkeypatch):
    import keras.src.datasets.boston_housing as keras_boston

    rng = np.random.default_rng(1)
    x, y = rng.normal(size=(50, 13)), rng.normal(size=50)
    (tmp_path / "d").mkdir()
    np.savez(tmp_path / "d" / "boston_housing.npz", x=x, y=y)
    ours = data.load("boston_housing", data_dir=tmp_path / "d", test_split=0.3, seed=5)
    monkeypatch.setattr(keras_boston, "get_file", lambda *a, **k: str(tmp_path / "d" / "boston_housing.npz"))
    theirs = keras_boston.load_data(test_split=0.3, seed=5)
    for our_part, their_part in zip(ours, theirs):
        for a, b in zip(our_part, their_part):
            np.testing.assert_array_equal(a, b)
    assert ours[0][0].shape == (35, 13) and ours[1][0].shape == (15, 13)


def test_catalog_lists_every_data_set_and_availability(tmp_path):
    write_mnist_like(tmp_path / "repo-data")
    table = data.catalog()
    assert table["name"] == list(data.names())
    where = dict(zip(table["name"], table["available here"]))
    assert where["mnist"].startswith("yes: ") and where["mnist"].endswith("mnist.npz")
    assert where["cifar100"] == "no (offline)"


@pytest.mark.skipif(not Path(MIRROR, "mnist.npz").is_file(), reason="offline mirror not set")
@pytest.mark.parametrize("name, train_shape, y_shape", [
    ("mnist", (28, 28), ()), ("fashion_mnist", (28, 28), ()),
    ("cifar10", (32, 32, 3), (1,)), ("boston_housing", (13,), ()),
])
def test_mirror_loads_with_keras_layout(monkeypatch, name, train_shape, y_shape):
    monkeypatch.setenv("DLCOURSE_DATA", MIRROR)
    (x_train, y_train), (x_test, y_test) = data.load(name)
    assert x_train.shape[1:] == train_shape and x_test.shape[1:] == train_shape
    assert y_train.shape[1:] == y_shape and len(x_train) == len(y_train)
    if name == "boston_housing":
        assert (len(x_train), len(x_test)) == (404, 102)
    else:
        assert x_train.dtype == np.uint8 and set(np.unique(y_test)) == set(range(10))


def test_paths_are_shown_relative_to_where_data_is_looked_for(tmp_path, monkeypatch):
    mirror = tmp_path / "mirror"
    monkeypatch.setenv("DLCOURSE_DATA", str(mirror))
    assert data.display_path(mirror / "mnist.npz") == "$DLCOURSE_DATA/mnist.npz"
    assert data.display_path(data.REPO_DATA_DIR / "x.npz") == "data/x.npz"
    assert data.display_path(Path.home() / ".keras" / "datasets") == "~/.keras/datasets"
    assert data.display_path("/elsewhere/f.npz") == "/elsewhere/f.npz"
