"""Dice with tensor operations against NumPy; F1 against scikit-learn; save and load."""


import numpy as np
import pytest
from sklearn.metrics import f1_score as sklearn_f1

from dlcourse.core import config
from dlcourse.keras_helpers import custom_objects as metrics


@pytest.fixture(scope="module")
def keras():
    config.set_seed(0)
    import keras

    return keras


def _numpy_dice(t, p, smooth=1.0):
    t, p = t.reshape(len(t), -1), p.reshape(len(p), -1)
    return (2 * (t * p).sum(1) + smooth) / (t.sum(1) + p.sum(1) + smooth)


def test_dice_matches_numpy_per_sample(keras):
    rng = np.random.default_rng(0)
    t = (rng.random((5, 6, 6)) > 0.7).astype("float32")
    p = rng.random((5, 6, 6)).astype("float32")
    soft = keras.ops.convert_to_numpy(metrics.dice_coefficient(t, p))
    np.testing.assert_allclose(soft, _numpy_dice(t, p), rtol=1e-5)
    hard = keras.ops.convert_to_numpy(metrics.hard_dice_coefficient(t, p))
    np.testing.assert_allclose(hard, _numpy_dice(t, (p >= 0.5).astype("float32")), rtol=1e-5)
    loss = keras.ops.convert_to_numpy(metrics.dice_loss(t, p))
    np.testing.assert_allclose(loss, 1 - soft, rtol=1e-6)
    combined = keras.ops.convert_to_numpy(metrics.bce_dice_loss(t, p))
    bce = -np.mean(t * np.log(p) + (1 - t) * np.log(1 - p), axis=(1, 2))
    np.testing.assert_allclose(combined, bce + 1 - soft, rtol=1e-5)
    # perfect overlap scores 1, a wrong mask scores much less
    assert np.allclose(keras.ops.convert_to_numpy(metrics.dice_coefficient(t, t)), 1)
    assert keras.ops.convert_to_numpy(metrics.dice_coefficient(t, 1 - t)).max() < 0.2


def test_hard_dice_on_hard_predictions_is_the_f1_score(keras):
    rng = np.random.default_rng(1)
    t = (rng.random((1, 400)) > 0.8).astype("float32")
    p = rng.random((1, 400)).astype("float32")
    hard = float(keras.ops.convert_to_numpy(metrics.hard_dice_coefficient(t, p))[0])
    expected = sklearn_f1(t.ravel(), p.ravel() >= 0.5)
    assert hard == pytest.approx(expected, abs=0.01)  # equal up to the smoothing term


def test_soft_dice_has_a_gradient_and_the_hard_one_has_none(keras):
    import tensorflow as tf

    t = tf.constant([[1.0, 0.0, 1.0, 0.0]])
    p = tf.Variable([[0.6, 0.4, 0.3, 0.2]])
    with tf.GradientTape(persistent=True) as tape:
        soft = metrics.dice_loss(t, p)
        hard = 1 - metrics.hard_dice_coefficient(t, p)
    soft_grad = tape.gradient(soft, p)
    hard_grad = tape.gradient(hard, p)
    assert soft_grad is not None and np.abs(soft_grad.numpy()).min() > 0
    assert hard_grad is None or np.all(hard_grad.numpy() == 0)


def test_model_with_dice_saves_and_loads_by_name(keras, tmp_path):
    names = metrics.register_keras_objects()
    assert names == ["dlcourse>bce_dice_loss", "dlcourse>dice_coefficient", "dlcourse>dice_loss",
                     "dlcourse>hard_dice_coefficient"]
    assert metrics.register_keras_objects() == names  # twice is harmless
    rng = np.random.default_rng(0)
    x = rng.random((32, 9)).astype("float32")
    y = (x > 0.6).astype("float32")
    model = keras.Sequential([keras.Input((9,)), keras.layers.Dense(9, activation="sigmoid")])
    model.compile("adam", loss=metrics.bce_dice_loss,
                  metrics=[metrics.dice_coefficient, metrics.hard_dice_coefficient])
    model.fit(x, y, epochs=2, verbose=0)
    path = tmp_path / "dice.keras"
    model.save(path)
    loaded = keras.saving.load_model(path)
    assert loaded.loss is metrics.bce_dice_loss
    before = model.evaluate(x, y, verbose=0, return_dict=True)
    after = loaded.evaluate(x, y, verbose=0, return_dict=True)
    assert set(after) == {"loss", "dice_coefficient", "hard_dice_coefficient"}
    for key in before:
        assert after[key] == pytest.approx(before[key], rel=1e-5)
    assert set(metrics.custom_objects()) == set(names)


def test_f1_score_matches_scikit_learn_and_checks_labels():
    rng = np.random.default_rng(2)
    t, p = rng.integers(0, 2, 50), rng.integers(0, 2, 50)
    assert metrics.f1_score(t, p) == pytest.approx(sklearn_f1(t, p))
    assert metrics.f1_score([0, 0], [0, 0]) == 0.0
    with pytest.raises(ValueError, match="0/1 labels"):
        metrics.f1_score([0, 2], [0, 1])
    with pytest.raises(ValueError, match="labels but"):
        metrics.f1_score([0, 1, 1], [0, 1])


def test_best_f1_threshold_beats_every_other_threshold():
    rng = np.random.default_rng(3)
    t = (rng.random(200) < 0.2).astype(int)
    scores = np.clip(0.3 * t + rng.random(200) * 0.8, 0, 1)
    threshold, best = metrics.best_f1_threshold(t, scores)
    assert best == pytest.approx(sklearn_f1(t, scores >= threshold))
    for other in np.linspace(0.01, 0.99, 50):
        assert sklearn_f1(t, scores >= other) <= best + 1e-12
    with pytest.raises(ValueError, match="same"):
        metrics.best_f1_threshold([0, 1], [0.5])
