import numpy as np
import pytest

from dlcourse.data import preprocess
from dlcourse.data.subsets import load_subsets


@pytest.fixture
def mirror(tmp_path):
    """A small MNIST-shaped file: 200 training and 100 test images, 10 classes."""
    rng = np.random.default_rng(0)
    arrays = {"x_train": rng.integers(0, 256, (200, 28, 28), dtype=np.uint8),
              "y_train": np.repeat(np.arange(10, dtype=np.uint8), 20),
              "x_test": rng.integers(0, 256, (100, 28, 28), dtype=np.uint8),
              "y_test": np.repeat(np.arange(10, dtype=np.uint8), 10)}
    np.savez(tmp_path / "mnist.npz", **arrays)
    return tmp_path, arrays


def test_sizes_scaling_and_shapes(mirror):
    folder, arrays = mirror
    s = load_subsets("mnist", num_train=100, num_test=50, validation_fraction=0.2,
                     data_dir=folder)
    assert (len(s.x_train), len(s.x_val), len(s.x_test)) == (80, 20, 50)
    assert s.x_train.shape[1:] == (784,) and s.x_train.dtype == np.float32
    assert 0 <= s.x_train.min() and s.x_train.max() <= 1
    assert np.bincount(s.y_val, minlength=10).tolist() == [2] * 10  # stratified
    assert str(s) == "mnist: 80 training, 20 validation, 50 test images"


def test_same_arrays_as_the_steps_one_by_one(mirror):
    folder, arrays = mirror
    s = load_subsets("mnist", num_train=120, validation_fraction=0.25, seed=3, data_dir=folder,
                     flatten=False)
    x, y = preprocess.stratified_subsample(arrays["x_train"], arrays["y_train"], 120, seed=3)
    (x_fit, y_fit), (x_val, y_val) = preprocess.train_validation_split(x, y, 0.25, seed=3)
    np.testing.assert_array_equal(s.x_train, preprocess.scale_pixels(x_fit))
    np.testing.assert_array_equal(s.y_val, y_val)
    assert s.x_test.shape == (100, 28, 28) and len(s.x_val) == 30


def test_all_images_keep_their_order_and_no_validation_is_empty(mirror):
    folder, arrays = mirror
    s = load_subsets("mnist", num_train=200, data_dir=folder)
    np.testing.assert_array_equal(s.y_train, arrays["y_train"])
    assert s.x_val.shape == (0, 784) and len(s.y_val) == 0


def test_the_sizes_do_not_depend_on_how_many_images_the_file_holds(mirror, tmp_path_factory):
    folder, arrays = mirror
    larger = tmp_path_factory.mktemp("larger")
    np.savez(larger / "mnist.npz", **{k: np.concatenate([v] * 3) for k, v in arrays.items()})
    small = load_subsets("mnist", num_train=150, num_test=60, data_dir=folder)
    large = load_subsets("mnist", num_train=150, num_test=60, data_dir=larger)
    assert (len(small.x_train), len(small.x_test)) == (len(large.x_train), len(large.x_test))


@pytest.mark.parametrize("options, error, message", [
    ({"num_train": 201}, ValueError, r"num_train=201 but the 'mnist' file holds 200 training "
                                     r"images .* choose num_train <= 200"),
    ({"num_train": 10, "num_test": 101}, ValueError, r"num_test=101 .* holds 100 test"),
    ({"num_train": 0}, ValueError, r"num_train must be a positive int, got 0"),
    ({"num_train": 10.0}, TypeError, r"num_train must be a positive int, got 10.0"),
    ({"num_train": 10, "validation_fraction": 1.0}, ValueError,
     r"validation_fraction must be a number in \(0, 1\), got 1.0"),
])
def test_bad_sizes_name_the_value_and_what_is_allowed(mirror, options, error, message):
    with pytest.raises(error, match=message):
        load_subsets("mnist", data_dir=mirror[0], **options)
