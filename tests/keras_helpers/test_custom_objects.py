"""Dice and JuiceLoss with tensor operations against NumPy and Keras; one registration,
checked by saving a model and loading it in a fresh process."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest
from sklearn.metrics import f1_score as sklearn_f1

from dlcourse.core.paths import REPO_ROOT
from dlcourse.keras_helpers import custom_objects
from dlcourse.references import losses

RNG = np.random.default_rng(0)


def _numpy_dice(t, p, smooth=1.0):
    t, p = t.reshape(len(t), -1), p.reshape(len(p), -1)
    return (2 * (t * p).sum(1) + smooth) / (t.sum(1) + p.sum(1) + smooth)


def test_dice_family_matches_numpy_per_sample(keras):
    rng = np.random.default_rng(0)
    t = (rng.random((5, 6, 6)) > 0.7).astype("float32")
    p = rng.random((5, 6, 6)).astype("float32")
    numpy = keras.ops.convert_to_numpy
    soft = numpy(custom_objects.dice_coefficient(t, p))
    np.testing.assert_allclose(soft, _numpy_dice(t, p), rtol=1e-5)
    np.testing.assert_allclose(numpy(custom_objects.dice_coefficient(t, p, smooth=0.0)),
                               _numpy_dice(t, p, 0.0), rtol=1e-5)
    hard = numpy(custom_objects.hard_dice_coefficient(t, p))
    np.testing.assert_allclose(hard, _numpy_dice(t, (p >= 0.5).astype("float32")), rtol=1e-5)
    np.testing.assert_allclose(numpy(custom_objects.hard_dice_coefficient(t, p, threshold=0.8)),
                               _numpy_dice(t, (p >= 0.8).astype("float32")), rtol=1e-5)
    np.testing.assert_allclose(numpy(custom_objects.dice_loss(t, p)), 1 - soft, rtol=1e-6)
    np.testing.assert_allclose(numpy(custom_objects.dice_loss(t, p, smooth=0.0)),
                               1 - _numpy_dice(t, p, 0.0), rtol=1e-5)
    combined = numpy(custom_objects.bce_dice_loss(t, p))
    bce = -np.mean(t * np.log(p) + (1 - t) * np.log(1 - p), axis=(1, 2))
    np.testing.assert_allclose(combined, bce + 1 - soft, rtol=1e-5)
    # perfect overlap scores 1, a wrong mask much less, two empty masks 1 (smooth)
    assert np.allclose(numpy(custom_objects.dice_coefficient(t, t)), 1)
    assert numpy(custom_objects.dice_coefficient(t, 1 - t)).max() < 0.2
    empty = np.zeros((1, 4, 4), "float32")
    assert float(numpy(custom_objects.dice_coefficient(empty, empty))[0]) == 1.0


def test_dice_with_smooth_zero_is_one_minus_keras_dice(keras):
    masks = (RNG.uniform(size=(3, 5, 5, 1)) > 0.6).astype("float32")
    probabilities = RNG.uniform(size=(3, 5, 5, 1)).astype("float32")
    ours = keras.ops.convert_to_numpy(custom_objects.dice_coefficient(masks, probabilities,
                                                                      smooth=0.0))
    theirs = 1 - np.asarray(keras.losses.dice(masks, probabilities, axis=(1, 2, 3)))
    np.testing.assert_allclose(ours, theirs, rtol=1e-5)


@pytest.mark.parametrize("call, error, match", [
    (lambda: custom_objects.dice_coefficient(np.ones(3, "float32"), np.ones(3, "float32")),
     ValueError, "at least 2 axes"),
    (lambda: custom_objects.dice_loss(np.ones((1, 2)), np.ones((1, 2)), smooth=-1),
     ValueError, "smooth must be a number >= 0, got -1"),
    (lambda: custom_objects.hard_dice_coefficient(np.ones((1, 2)), np.ones((1, 2)), threshold=2),
     ValueError, r"threshold must be a number in \[0, 1\], got 2"),
])
def test_dice_checks_its_arguments(keras, call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_hard_dice_on_hard_predictions_is_the_f1_score(keras):
    rng = np.random.default_rng(1)
    t = (rng.random((1, 400)) > 0.8).astype("float32")
    p = rng.random((1, 400)).astype("float32")
    hard = float(keras.ops.convert_to_numpy(custom_objects.hard_dice_coefficient(t, p))[0])
    expected = sklearn_f1(t.ravel(), p.ravel() >= 0.5)
    assert hard == pytest.approx(expected, abs=0.01)  # equal up to the smoothing term


def test_soft_dice_has_a_gradient_and_the_hard_one_has_none(keras):
    import tensorflow as tf

    t = tf.constant([[1.0, 0.0, 1.0, 0.0]])
    p = tf.Variable([[0.6, 0.4, 0.3, 0.2]])
    with tf.GradientTape(persistent=True) as tape:
        soft = custom_objects.dice_loss(t, p)
        hard = 1 - custom_objects.hard_dice_coefficient(t, p)
    soft_grad = tape.gradient(soft, p)
    hard_grad = tape.gradient(hard, p)
    assert soft_grad is not None and np.abs(soft_grad.numpy()).min() > 0
    assert hard_grad is None or np.all(hard_grad.numpy() == 0)


def test_juice_loss_keras_class_matches_the_numpy_reference(keras):
    import tensorflow as tf

    y_true, y_pred = RNG.uniform(0, 10, (6, 1)), RNG.uniform(0, 10, (6, 1))
    juice = custom_objects.JuiceLoss(cost=1, profit=9)
    expected = losses.juice_loss(y_true, y_pred, cost=1, profit=9)
    np.testing.assert_allclose(float(juice(y_true, y_pred)), expected.mean(), rtol=1e-6)
    variable = tf.Variable(y_pred)
    with tf.GradientTape() as tape:
        total = tf.reduce_sum(juice.call(y_true, variable))
    np.testing.assert_allclose(tape.gradient(total, variable).numpy(),
                               losses.juice_loss_gradient(y_true, y_pred, cost=1, profit=9))
    again = type(juice).from_config(juice.get_config())
    assert (again.cost, again.profit, again.name) == (1.0, 9.0, "juice_loss")
    assert custom_objects.JuiceLoss is type(juice)  # built once
    with pytest.raises(ValueError, match="cost must be a positive number, got -1"):
        custom_objects.JuiceLoss(cost=-1, profit=9)


NAMES = ["dlcourse>JuiceLoss", "dlcourse>bce_dice_loss", "dlcourse>dice_coefficient",
         "dlcourse>dice_loss", "dlcourse>hard_dice_coefficient"]


def test_registration_is_one_idempotent_call(keras):
    assert custom_objects.register_keras_objects() == NAMES
    assert custom_objects.register_keras_objects() == NAMES  # twice changes nothing
    assert sorted(custom_objects.custom_objects()) == NAMES
    registry = keras.saving.get_custom_objects()
    for name, obj in custom_objects.custom_objects().items():
        assert registry[name] is obj and keras.saving.get_registered_name(obj) == name


def test_only_custom_objects_and_layers_register_keras_objects():
    # One registration path: no other module of the package registers a Keras object
    # (two registrations of one name overwrite each other silently).
    sources = {path.relative_to(REPO_ROOT).as_posix(): path.read_text()
               for path in (REPO_ROOT / "dlcourse").rglob("*.py")}
    registering = sorted(path for path, text in sources.items()
                         if "register_keras_serializable" in text)
    assert registering == ["dlcourse/keras_helpers/custom_objects.py",
                           "dlcourse/keras_helpers/layers.py"]


# In a fresh process: import the package's modules in some order, register, load the two
# saved models, and report what the loaded losses and metrics are.
FRESH_LOAD = """
import importlib, json, sys
from pathlib import Path
for module in sys.argv[3].split(","):
    importlib.import_module(module)
from dlcourse.core.config import import_keras
from dlcourse.keras_helpers import custom_objects
keras = import_keras()
folder = Path(sys.argv[1])
if sys.argv[2] == "register":
    custom_objects.register_keras_objects()
    load = {}
else:
    load = {"custom_objects": custom_objects.custom_objects()}
juice = keras.saving.load_model(folder / "juice.keras", **load)
dice = keras.saving.load_model(folder / "dice.keras", **load)
x = json.loads((folder / "x.json").read_text())
print(json.dumps({
    "juice_class": juice.loss.__class__ is custom_objects.JuiceLoss,
    "juice_settings": [juice.loss.cost, juice.loss.profit],
    "dice_loss": dice.loss is custom_objects.bce_dice_loss,
    "scores": dice.evaluate(keras.ops.convert_to_tensor(x), keras.ops.convert_to_tensor(x),
                            verbose=0, return_dict=True),
}))
"""


@pytest.fixture(scope="module")
def saved_models(keras, tmp_path_factory):
    """A JuiceLoss model and a Dice model, compiled after registering, saved."""
    folder = tmp_path_factory.mktemp("saved")
    custom_objects.register_keras_objects()
    keras.utils.set_random_seed(0)
    juice = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    juice.compile(optimizer="sgd", loss=custom_objects.JuiceLoss(cost=2, profit=3))
    juice.save(folder / "juice.keras")
    x = (RNG.random((16, 9)) > 0.6).astype("float32")
    dice = keras.Sequential([keras.Input((9,)), keras.layers.Dense(9, activation="sigmoid")])
    dice.compile("adam", loss=custom_objects.bce_dice_loss,
                 metrics=[custom_objects.dice_coefficient, custom_objects.hard_dice_coefficient])
    dice.fit(x, x, epochs=1, verbose=0)
    dice.save(folder / "dice.keras")
    (folder / "x.json").write_text(json.dumps(x.tolist()))
    return folder, dice.evaluate(x, x, verbose=0, return_dict=True)


# Modules imported before loading: the NumPy losses (which once registered a second
# Dice under the same names) before or after the Keras helpers.
IMPORT_ORDERS = {
    "references first, then register": (
        "register", "dlcourse.references.losses,dlcourse.keras_helpers.layers"),
    "keras helpers first, custom_objects= at load": (
        "pass", "dlcourse.keras_helpers.custom_objects,dlcourse.keras_helpers.layers,"
                "dlcourse.references.losses"),
}


@pytest.mark.filterwarnings("ignore:__array__ implementation doesn't accept a copy keyword")
@pytest.mark.parametrize("order", sorted(IMPORT_ORDERS))
def test_a_saved_model_reloads_in_a_fresh_process_with_the_right_objects(saved_models, order):
    folder, scores = saved_models
    how, modules = IMPORT_ORDERS[order]
    result = subprocess.run([sys.executable, "-c", FRESH_LOAD, str(folder), how, modules],
                            capture_output=True, text=True, cwd=REPO_ROOT,
                            env={**os.environ, "PYTHONPATH": str(REPO_ROOT)})
    assert result.returncode == 0, result.stderr[-2000:]
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded["juice_class"] and loaded["juice_settings"] == [2.0, 3.0]
    assert loaded["dice_loss"]
    assert set(loaded["scores"]) == {"loss", "dice_coefficient", "hard_dice_coefficient"}
    for key, value in scores.items():
        assert loaded["scores"][key] == pytest.approx(value, rel=1e-5)

