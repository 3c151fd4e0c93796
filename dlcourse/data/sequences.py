"""IMDB and Reuters: Keras's sequence files, read by our own code, and word encoding.

Keras stores these two data sets as ``.npz`` files of *ragged* sequences (object
arrays of lists of word ranks), which NumPy can only read by unpickling. This module
reads them without running arbitrary code (a restricted unpickler that rebuilds NumPy
arrays and nothing else; a truncated file fails the zip archive's own CRC check) and
applies the
options of ``keras.datasets.imdb.load_data`` / ``reuters.load_data`` exactly as Keras
documents them, in the same order:

1. shuffle with ``np.random.RandomState(seed)`` (train, then test, for IMDB; the whole
   set for Reuters);
2. prepend ``start_char`` and add ``index_from`` to every word rank;
3. drop sequences of ``maxlen`` words or more;
4. replace every index outside ``[skip_top, num_words)`` by ``oov_char`` (or drop it
   when ``oov_char`` is None);
5. Reuters only: split at ``int(len * (1 - test_split))``.

The tests check the result against Keras's own loader on a file of the same layout.
"""

import io
import pickle
import zipfile

import numpy as np

# Keras's published checksums of its files (the same ones keras.utils.get_file checks);
# downloads are verified against them.
SHA256 = {
    "imdb.npz": "69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f",
    "reuters.npz": "d6586e694ee56d7a4e65172e12b3e987c03096cb01eab99753921ef915959916",
}

_ARRAY_GLOBALS = frozenset({
    ("numpy", "ndarray"), ("numpy", "dtype"),
    ("numpy.core.multiarray", "_reconstruct"), ("numpy._core.multiarray", "_reconstruct"),
})


class _ArraysOnly(pickle.Unpickler):
    def find_class(self, module, name):
        if (module, name) in _ARRAY_GLOBALS:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"refusing to load {module}.{name}: a sequence file "
                                     f"holds only NumPy arrays of lists")


def _read_member(stream):
    version = np.lib.format.read_magic(stream)
    shape, _, dtype = (np.lib.format.read_array_header_1_0(stream) if version[0] == 1
                       else np.lib.format.read_array_header_2_0(stream))
    if dtype.hasobject:
        return _ArraysOnly(stream).load()
    stream.seek(0)
    return np.lib.format.read_array(stream, allow_pickle=False)


def read_sequence_file(path):
    """The arrays of a Keras sequence file (``imdb.npz``, ``reuters.npz``) as a dict."""
    arrays = {}
    with zipfile.ZipFile(path) as archive:
        for member in archive.namelist():
            if member.endswith(".npy"):
                with archive.open(member) as raw:
                    arrays[member[:-4]] = _read_member(io.BytesIO(raw.read()))
    return arrays


def _encode(sequences, start_char, index_from):
    if start_char is not None:
        return [[start_char] + [w + index_from for w in s] for s in sequences]
    return [[w + index_from for w in s] for s in sequences]


def _shorter_than(maxlen, sequences, labels):
    kept = [(s, y) for s, y in zip(sequences, labels) if len(s) < maxlen]
    return [s for s, _ in kept], [y for _, y in kept]


def _cut_vocabulary(sequences, num_words, skip_top, oov_char):
    if not num_words:
        num_words = max(max(s) for s in sequences)
    if oov_char is not None:
        return [[w if skip_top <= w < num_words else oov_char for w in s] for s in sequences]
    return [[w for w in s if skip_top <= w < num_words] for s in sequences]


def _shuffled(rng, x, y):
    order = np.arange(len(x))
    rng.shuffle(order)
    return x[order], y[order]


def _too_short(maxlen):
    return ValueError(f"no sequence is shorter than maxlen={maxlen!r}; increase maxlen")


def imdb_splits(arrays, *, num_words=None, skip_top=0, maxlen=None, seed=113, start_char=1,
                oov_char=2, index_from=3):
    """``(x_train, y_train), (x_test, y_test)`` from the arrays of ``imdb.npz``, as Keras."""
    rng = np.random.RandomState(seed)
    x_train, y_train = _shuffled(rng, arrays["x_train"], arrays["y_train"])
    x_test, y_test = _shuffled(rng, arrays["x_test"], arrays["y_test"])
    x_train, x_test = _encode(x_train, start_char, index_from), _encode(x_test, start_char,
                                                                           index_from)
    if maxlen:
        x_train, y_train = _shorter_than(maxlen, x_train, y_train)
        x_test, y_test = _shorter_than(maxlen, x_test, y_test)
        if not x_train or not x_test:
            raise _too_short(maxlen)
    labels = np.concatenate([y_train, y_test])
    xs = _cut_vocabulary(x_train + x_test, num_words, skip_top, oov_char)
    n = len(x_train)
    return ((np.array(xs[:n], dtype="object"), labels[:n]),
            (np.array(xs[n:], dtype="object"), labels[n:]))


def reuters_splits(arrays, *, num_words=None, skip_top=0, maxlen=None, test_split=0.2,
                   seed=113, start_char=1, oov_char=2, index_from=3):
    """``(x_train, y_train), (x_test, y_test)`` from the arrays of ``reuters.npz``."""
    xs, labels = _shuffled(np.random.RandomState(seed), arrays["x"], arrays["y"])
    xs = _encode(xs, start_char, index_from)
    if maxlen:
        xs, labels = _shorter_than(maxlen, xs, labels)
        if not xs:
            raise _too_short(maxlen)
    xs = _cut_vocabulary(xs, num_words, skip_top, oov_char)
    n = int(len(xs) * (1 - test_split))
    return ((np.array(xs[:n], dtype="object"), np.array(labels[:n])),
            (np.array(xs[n:], dtype="object"), np.array(labels[n:])))


def encode_words(words, word_index, *, num_words=None, skip_top=0, start_char=1,
                 oov_char=2, index_from=3):
    """Encode a list of words as Keras encodes IMDB and Reuters texts.

    A word of frequency rank ``r`` (1 = most frequent, from ``word_index``) becomes
    ``r + index_from``; the sequence starts with ``start_char``; unknown words, and words
    outside ``[skip_top, num_words)`` after the shift, become ``oov_char``. Index 0 is
    kept for padding.
    """
    ranks = [word_index.get(word) for word in words]
    sequence = ([start_char] if start_char is not None else []) + [
        oov_char if rank is None else rank + index_from for rank in ranks
    ]
    limit = num_words if num_words is not None else max(sequence, default=0) + 1
    return [code if skip_top <= code < limit else oov_char for code in sequence]


def decode_words(sequence, word_index, *, index_from=3, start_char=1, oov_char=2):
    """Turn a sequence of word indices back into text (``?`` for unknown words)."""
    reverse = {rank + index_from: word for word, rank in word_index.items()}
    special = {0: "<pad>", start_char: "<start>", oov_char: "?"}
    return " ".join(special.get(int(code), reverse.get(int(code), "?")) for code in sequence)
