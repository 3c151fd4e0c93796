"""The loss catalogue against its oracles: keras.losses, GradientTape, finite differences."""


import numpy as np
import pytest

from dlcourse.core.config import import_keras
from dlcourse.references import activations, losses

RNG = np.random.default_rng(0)
BATCH, WIDTH = 6, 4


def _inputs(name, rng=RNG):
    """Valid (y_true, y_pred) for the loss ``name``: shape (BATCH, WIDTH), float64."""
    if name in ("mean_squared_error", "mean_absolute_error"):
        return rng.normal(0, 2, (BATCH, WIDTH)), rng.normal(0, 2, (BATCH, WIDTH))
    if name == "mean_absolute_percentage_error":
        return rng.uniform(0.5, 5, (BATCH, WIDTH)) * rng.choice([-1, 1], (BATCH, WIDTH)), \
            rng.normal(0, 3, (BATCH, WIDTH))
    if name == "mean_squared_logarithmic_error":
        return rng.uniform(0, 10, (BATCH, WIDTH)), rng.uniform(0.01, 10, (BATCH, WIDTH))
    if name == "binary_crossentropy":
        return rng.integers(0, 2, (BATCH, WIDTH)).astype(float), \
            rng.uniform(0.01, 0.99, (BATCH, WIDTH))
    p = rng.dirichlet(np.ones(WIDTH), BATCH)  # (batch, classes), rows sum to 1
    labels = rng.integers(0, WIDTH, BATCH)
    if name == "categorical_crossentropy":
        return np.eye(WIDTH)[labels], p
    if name == "sparse_categorical_crossentropy":
        return labels, p
    if name in ("hinge", "squared_hinge"):
        return rng.choice([-1.0, 1.0], (BATCH, WIDTH)), rng.normal(0, 1.5, (BATCH, WIDTH))
    if name == "categorical_hinge":
        return np.eye(WIDTH)[labels], rng.normal(0, 1.5, (BATCH, WIDTH))
    raise AssertionError(name)


def _keras_values(name, y_true, y_pred):
    keras = import_keras()
    return np.asarray(getattr(keras.losses, name)(y_true, y_pred))


def _keras_gradient(name, y_true, y_pred):
    """d(sum of Keras's per-sample losses)/d y_pred, by TensorFlow's GradientTape."""
    import tensorflow as tf

    keras = import_keras()
    y_pred = tf.Variable(y_pred)
    with tf.GradientTape() as tape:
        total = tf.reduce_sum(getattr(keras.losses, name)(y_true, y_pred))
    return tape.gradient(total, y_pred).numpy()


def _finite_differences(function, y_true, y_pred, h=1e-6):
    """Central differences of the per-sample losses, one prediction at a time."""
    grad = np.zeros_like(y_pred)
    for index in np.ndindex(y_pred.shape):
        step = np.zeros_like(y_pred)
        step[index] = h
        up, down = function(y_true, y_pred + step), function(y_true, y_pred - step)
        grad[index] = (up[index[0]] - down[index[0]]) / (2 * h)
    return grad


@pytest.mark.parametrize("name", list(losses.LOSSES))
def test_reference_values_match_keras(name):
    y_true, y_pred = _inputs(name)
    ours = losses.loss(name, y_true, y_pred)
    assert ours.shape == (BATCH,)
    np.testing.assert_allclose(ours, _keras_values(name, y_true, y_pred), rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("name", list(losses.LOSSES))
def test_reference_gradients_match_finite_differences(name):
    y_true, y_pred = _inputs(name)
    ours = losses.gradient(name, y_true, y_pred)
    assert ours.shape == y_pred.shape
    numeric = _finite_differences(losses.LOSSES[name].function, y_true, y_pred)
    np.testing.assert_allclose(ours, numeric, rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize("name", list(losses.LOSSES))
def test_reference_gradients_match_keras_gradient_tape(name):
    y_true, y_pred = _inputs(name)
    np.testing.assert_allclose(
        losses.gradient(name, y_true, y_pred), _keras_gradient(name, y_true, y_pred),
        rtol=1e-6, atol=1e-9,
    )


def test_cross_entropy_gradient_on_a_softmax_output_is_the_textbook_one_plus_one():
    # Keras divides p by its sum first; on probabilities summing to 1 that adds 1 to
    # every component of the textbook gradient -y/p.
    y_true, p = _inputs("categorical_crossentropy")
    np.testing.assert_allclose(losses.categorical_crossentropy_gradient(y_true, p),
                               -y_true / p + 1.0, rtol=1e-9)


def test_the_comparison_catches_a_wrong_reference():
    y_true, y_pred = _inputs("mean_squared_error")
    summed = np.sum((y_pred - y_true) ** 2, axis=-1)  # forgot the 1/K
    with pytest.raises(AssertionError):
        np.testing.assert_allclose(summed, _keras_values("mean_squared_error", y_true, y_pred),
                                   rtol=1e-6)
    y_true, p = _inputs("binary_crossentropy")
    wrong_gradient = (p - y_true) / WIDTH  # the gradient with respect to the logit, not p
    with pytest.raises(AssertionError):
        np.testing.assert_allclose(wrong_gradient,
                                   _keras_gradient("binary_crossentropy", y_true, p), rtol=1e-4)


def test_sparse_and_one_hot_labels_give_the_same_loss():
    labels, p = _inputs("sparse_categorical_crossentropy")
    one_hot = np.eye(WIDTH)[labels]
    dense = losses.categorical_crossentropy(one_hot, p)
    np.testing.assert_allclose(losses.sparse_categorical_crossentropy(labels, p), dense)
    np.testing.assert_allclose(losses.sparse_categorical_crossentropy(labels[:, None], p), dense)
    np.testing.assert_allclose(dense, -np.log(p[np.arange(BATCH), labels]))


def test_hinge_takes_zero_one_labels_as_minus_one_one():
    y_sign, scores = _inputs("hinge")
    zero_one = (y_sign + 1) / 2
    for name in ("hinge", "squared_hinge"):
        np.testing.assert_allclose(losses.loss(name, zero_one, scores),
                                   losses.loss(name, y_sign, scores))
        np.testing.assert_allclose(losses.loss(name, zero_one, scores),
                                   _keras_values(name, zero_one, scores), rtol=1e-6)


def test_clipped_probabilities_match_keras_at_the_extremes():
    y = np.array([[1.0, 0.0, 1.0, 0.0]])
    p = np.array([[0.0, 1.0, 1.0, 0.0]])  # two certain mistakes, two certain hits
    np.testing.assert_allclose(losses.binary_crossentropy(y, p),
                               _keras_values("binary_crossentropy", y, p), rtol=1e-6)
    assert np.all(losses.binary_crossentropy_gradient(y, p) == 0)  # clipped: flat
    assert losses.binary_crossentropy(y, p)[0] == pytest.approx(-np.log(1e-7) / 2, rel=1e-5)


def test_softmax_gradient_matches_gradient_tape_through_softmax():
    import tensorflow as tf

    keras = import_keras()
    labels = RNG.integers(0, WIDTH, BATCH)
    y_true, z = np.eye(WIDTH)[labels], RNG.normal(0, 3, (BATCH, WIDTH))
    for name in ("categorical_crossentropy", "mean_squared_error"):
        logits = tf.Variable(z)
        with tf.GradientTape() as tape:
            total = tf.reduce_sum(getattr(keras.losses, name)(y_true, keras.ops.softmax(logits)))
        np.testing.assert_allclose(losses.softmax_gradient(name, y_true, z),
                                   tape.gradient(total, logits).numpy(), rtol=1e-5, atol=1e-9)
    np.testing.assert_allclose(activations.softmax(z).sum(axis=-1), 1.0)
    np.testing.assert_allclose(losses.softmax_gradient("categorical_crossentropy", y_true, z),
                               activations.softmax(z) - y_true)


def test_mse_gradient_at_the_logits_vanishes_when_confidently_wrong():
    y_true = np.array([[1.0, 0.0, 0.0]])
    confidently_wrong = np.array([[-8.0, 8.0, 0.0]])
    ce = np.linalg.norm(losses.softmax_gradient("categorical_crossentropy", y_true, confidently_wrong))
    mse = np.linalg.norm(losses.softmax_gradient("mean_squared_error", y_true, confidently_wrong))
    assert ce > 1.4 and mse < 1e-3


@pytest.mark.parametrize("task,target", [("regression", 2.0), ("binary", 0), ("binary", 1),
                                         ("multi-class", 0), ("multi-class", 2)])
def test_loss_curve_derivatives_match_their_values(task, target):
    x = np.linspace(0.1, 4, 400) if task == "regression" else np.linspace(-5, 5, 400)
    curves = losses.loss_curves(task, target, x)
    assert len(curves) == 4
    for name, (values, slopes) in curves.items():
        assert values.shape == slopes.shape == x.shape
        numeric = np.gradient(values, x)
        smooth = np.abs(np.gradient(slopes, x)) < 5  # away from the kinks of MAE and hinge
        np.testing.assert_allclose(slopes[smooth][1:-1], numeric[smooth][1:-1], atol=0.05,
                                   err_msg=name)
    point = losses.loss_curves(task, target, 1.0)
    assert all(value.shape == (1,) for pair in point.values() for value in pair)


def test_loss_curves_use_the_catalogue():
    regression = losses.loss_curves("regression", 2.0, [3.0])
    assert regression["mean_squared_error"][0][0] == pytest.approx(1.0)
    assert regression["mean_absolute_percentage_error"][0][0] == pytest.approx(50.0)
    binary = losses.loss_curves("binary", 1, [0.0])
    assert binary["binary_crossentropy"][0][0] == pytest.approx(np.log(2))
    assert binary["hinge"][0][0] == pytest.approx(1.0)
    multi = losses.loss_curves("multi-class", 1, [0.0])
    assert multi["categorical_crossentropy"][0][0] == pytest.approx(np.log(3))
    assert multi["categorical_hinge"][0][0] == pytest.approx(1.0)


def test_half_squared_error_is_half_of_keras_mse_times_the_outputs():
    y_true, y_pred = _inputs("mean_squared_error")
    expected = 0.5 * WIDTH * _keras_values("mean_squared_error", y_true, y_pred)
    np.testing.assert_allclose(losses.loss("half_squared_error", y_true, y_pred), expected,
                               rtol=1e-6)
    assert not np.allclose(losses.mean_squared_error(y_true, y_pred), expected, rtol=1e-6)
    numeric = _finite_differences(losses.half_squared_error, y_true, y_pred)
    np.testing.assert_allclose(losses.gradient("half_squared_error", y_true, y_pred), numeric,
                               rtol=1e-4, atol=1e-6)
    assert "half_squared_error" not in losses.LOSSES  # not a Keras loss
    assert losses.get_loss("half_squared_error") is losses.HALF_SQUARED_ERROR


def test_a_diverged_prediction_gives_nan_as_in_keras():
    y_true = np.array([[1.0, 0.0]])
    y_pred = np.array([[np.nan, 0.5]])
    assert np.isnan(losses.mean_squared_error(y_true, y_pred)[0])
    assert np.isnan(_keras_values("mean_squared_error", y_true, y_pred)[0])
    assert np.isnan(losses.binary_crossentropy(y_true, y_pred)[0])
    with pytest.raises(ValueError, match="y_true contains NaN"):  # the targets must be real
        losses.mean_squared_error(y_pred, y_true)


@pytest.mark.parametrize("call,error,match", [
    (lambda: losses.mean_squared_error(np.ones((2, 3)), np.ones((3, 2))), ValueError, "shape"),
    (lambda: losses.mean_squared_error([[np.nan]], [[1.0]]), ValueError, "NaN"),
    (lambda: losses.mean_squared_error([["a"]], [[1.0]]), TypeError, "real numbers"),
    (lambda: losses.mean_squared_error(1.0, 1.0), ValueError, "scalar"),
    (lambda: losses.mean_absolute_percentage_error([[0.0, 1.0]], [[1.0, 1.0]]), ValueError,
     "contains 0"),
    (lambda: losses.mean_squared_logarithmic_error([[-1.0]], [[1.0]]), ValueError, ">= 0"),
    (lambda: losses.binary_crossentropy([[2.0]], [[0.5]]), ValueError, "labels 0 or 1"),
    (lambda: losses.binary_crossentropy([[1.0]], [[1.5]]), ValueError, "sigmoid or softmax"),
    (lambda: losses.binary_crossentropy([[1.0]], [[-3.0]]), ValueError, "probabilities"),
    (lambda: losses.categorical_crossentropy([[1.0, 1.0]], [[0.5, 0.5]]), ValueError, "one-hot"),
    (lambda: losses.categorical_crossentropy([1, 0], [[0.5, 0.5], [0.5, 0.5]]), ValueError,
     "shape"),
    (lambda: losses.categorical_crossentropy([[1.0]], [[1.0]]), ValueError, "at least 2 classes"),
    (lambda: losses.categorical_crossentropy([[1.0, 0.0]], [[0.0, 0.0]]), ValueError, "sums to 0"),
    (lambda: losses.sparse_categorical_crossentropy([3], [[0.5, 0.5]]), ValueError, r"\[0, 1\]"),
    (lambda: losses.sparse_categorical_crossentropy([0.5], [[0.5, 0.5]]), ValueError, "integer"),
    (lambda: losses.sparse_categorical_crossentropy([[1, 0]], [[0.5, 0.5]]), ValueError,
     "categorical_crossentropy"),
    (lambda: losses.hinge([[0.0, 2.0]], [[1.0, 1.0]]), ValueError, r"\{-1, 1\}"),
    (lambda: losses.categorical_hinge([[0.5, 0.5]], [[1.0, 1.0]]), ValueError, "one-hot"),
    (lambda: losses.loss("cross_entropy", [[1.0]], [[1.0]]), ValueError, "unknown loss"),
    (lambda: losses.softmax_gradient("categorical_crossentropy", [[1.0]], [[1.0]]), ValueError,
     "2 classes"),
    (lambda: losses.loss_curves("ranking", 1, [0.0]), ValueError, "task must be"),
    (lambda: losses.loss_curves("regression", 0, [0.0]), ValueError,
     "target for task 'regression' must be a positive number, got 0"),
    (lambda: losses.loss_curves("binary", 2, [0.0]), ValueError,
     "label for task 'binary' must be an int from 0 to 1, got 2"),
    (lambda: losses.loss_curves("binary", True, [0.0]), TypeError, "got True"),
    (lambda: losses.loss_curves("multi-class", 3, [0.0]), ValueError, "from 0 to 2, got 3"),
    (lambda: losses.juice_loss([[1.0]], [[1.0]], cost=0, profit=1), ValueError, "cost"),
    (lambda: losses.juice_loss([[1.0]], [[1.0]], cost=1, profit=True), TypeError, "profit"),
    (lambda: losses.get_loss("mse"), ValueError, "'half_squared_error'.*'mean_squared_error'"),
])
def test_wrong_inputs_raise_clear_errors(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_juice_loss_charges_cost_over_and_profit_under():
    # over-predicting one box costs 1, under-predicting one box loses 9 (the Keras
    # class is checked against this in tests/keras_helpers/test_custom_objects.py)
    assert losses.juice_loss([[5.0]], [[6.0]], cost=1, profit=9)[0] == 1.0
    assert losses.juice_loss([[5.0]], [[4.0]], cost=1, profit=9)[0] == 9.0
