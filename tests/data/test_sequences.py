"""Our reader of Keras's IMDB and Reuters files, against Keras's own loader."""

import pickle
import zipfile

import numpy as np
import pytest

from dlcourse.data import datasets, sequences


def _ragged(lists):
    array = np.empty(len(lists), dtype=object)
    array[:] = lists
    return array


def _corpus(rng, n, vocabulary=40):
    # Python ints, as in Keras's files (NumPy scalars would need more pickle globals)
    return _ragged([[int(w) for w in rng.integers(1, vocabulary, rng.integers(1, 12))]
                    for _ in range(n)])


@pytest.fixture
def files(tmp_path):
    rng = np.random.default_rng(0)
    np.savez(tmp_path / "imdb.npz", x_train=_corpus(rng, 30), y_train=rng.integers(0, 2, 30),
             x_test=_corpus(rng, 20), y_test=rng.integers(0, 2, 20))
    np.savez(tmp_path / "reuters.npz", x=_corpus(rng, 50), y=rng.integers(0, 46, 50))
    return tmp_path


def _keras_on(name, path, monkeypatch, **options):
    import importlib

    # Keras's loaders only read from their cache: point them at the test file. This is
    # the oracle (Keras's own code), never how the course loads data.
    module = importlib.import_module(f"keras.src.datasets.{name}")
    monkeypatch.setattr(module, "get_file", lambda *args, **kwargs: str(path))
    return module.load_data(**options)


OPTIONS = [{}, {"num_words": 20}, {"num_words": 25, "skip_top": 5}, {"maxlen": 8},
           {"start_char": None}, {"oov_char": None, "num_words": 15}, {"index_from": 0},
           {"seed": 7, "num_words": 30, "maxlen": 10}]


@pytest.mark.parametrize("options", OPTIONS, ids=str)
@pytest.mark.parametrize("name", ["imdb", "reuters"])
def test_the_same_arrays_as_keras(files, monkeypatch, name, options):
    ours = datasets.load(name, data_dir=files, **options)
    theirs = _keras_on(name, files / f"{name}.npz", monkeypatch, **options)
    for (x, y), (kx, ky) in zip(ours, theirs):
        assert x.dtype == object and [list(s) for s in x] == [list(s) for s in kx]
        np.testing.assert_array_equal(y, ky)


def test_reuters_test_split(files, monkeypatch):
    (x_train, _), (x_test, _) = datasets.load("reuters", data_dir=files, test_split=0.3)
    (kx_train, _), _ = _keras_on("reuters", files / "reuters.npz", monkeypatch, test_split=0.3)
    assert (len(x_train), len(x_test)) == (35, 15) and len(kx_train) == 35


def test_maxlen_that_keeps_nothing_is_a_clear_error(files):
    with pytest.raises(ValueError, match="no sequence is shorter than maxlen=1"):
        datasets.load("imdb", data_dir=files, maxlen=1)


class Exploit:
    def __reduce__(self):
        import os

        return (os.system, ("echo pwned",))


def test_a_file_that_would_run_code_is_refused(tmp_path):
    with zipfile.ZipFile(tmp_path / "imdb.npz", "w") as archive:
        for key in ("x_train", "y_train", "x_test", "y_test"):
            array = np.empty(1, dtype=object)
            array[0] = Exploit()
            with archive.open(f"{key}.npy", "w") as member:
                np.lib.format.write_array(member, array, allow_pickle=True)
    with pytest.raises(datasets.DatasetFileError, match=r"refusing to load (posix|os)\.system"):
        datasets.load("imdb", data_dir=tmp_path)
    assert pickle.loads(pickle.dumps(1)) == 1  # (pickle itself still works elsewhere)


def test_a_truncated_file_is_a_file_error(files):
    path = files / "imdb.npz"
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(datasets.DatasetFileError, match="not a readable sequence file"):
        datasets.load("imdb", data_dir=files)


def test_encode_words_matches_keras_on_a_toy_corpus(tmp_path):
    word_index = {"the": 1, "movie": 2, "was": 3, "great": 4, "boring": 5, "plot": 6}
    texts = [["the", "movie", "was", "great"], ["boring", "plot", "unseen"], ["the", "plot"]]
    ranks = np.empty(len(texts), dtype=object)
    ranks[:] = [[word_index.get(w, 99) for w in text] for text in texts]  # 99: a rare word
    (tmp_path / "d").mkdir()
    np.savez(tmp_path / "d" / "imdb.npz", x_train=ranks, y_train=np.array([1, 0, 1]),
             x_test=ranks, y_test=np.array([1, 0, 1]))
    options = dict(num_words=9, skip_top=2)
    (x_train, _), _ = datasets.load("imdb", data_dir=tmp_path / "d", seed=0, **options)
    index = {w: r for w, r in word_index.items()}
    ours = sorted(sequences.encode_words([w if w in index else "<rare>" for w in t], index, **options)
                  for t in texts)
    assert sorted(list(s) for s in x_train) == ours
    assert sequences.decode_words(sequences.encode_words(["the", "movie"], index), index) == "<start> the movie"


