"""Tests of dlcourse.keras_helpers.experiments on a tiny problem: two Gaussian blobs, 200 points."""

import contextlib
import io
import logging
import math
import warnings

import numpy as np
import pytest

from dlcourse.keras_helpers import experiments
from dlcourse.keras_helpers.experiments import run

BASE = {"hidden_units": (4,), "batch_size": 20, "learning_rate": 0.5, "epochs": 2}


def _blobs(seed=0):
    """Two well separated 2-D Gaussian blobs, labels 0 and 1, shuffled, 120/40/40."""
    rng = np.random.default_rng(seed)
    x = np.concatenate([rng.normal(-2, 1, (100, 2)), rng.normal(2, 1, (100, 2))])
    y = np.repeat([0, 1], 100)
    order = rng.permutation(200)
    x, y = x[order].astype("float32"), y[order]
    return (x[:120], y[:120]), (x[120:160], y[120:160]), (x[160:], y[160:])


@pytest.fixture(scope="module")
def blobs():
    return _blobs()


@pytest.fixture(scope="module")
def grid(blobs):
    """A 2-config grid: a real learning rate against an almost-zero one, 10 epochs."""
    train, validation, test = blobs
    printed = io.StringIO()
    with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stdout(printed):
        warnings.simplefilter("always")
        results = run(
            {"trained": {"learning_rate": 0.5}, "frozen": {"learning_rate": 1e-6}},
            train,
            validation,
            test,
            base={**BASE, "epochs": 10},
            progress=True,
        )
    return results, caught, printed.getvalue()


@pytest.fixture
def fit_calls(monkeypatch):
    """Count calls of keras.Model.fit, to show that nothing trained."""
    import keras

    calls = []
    original = keras.Model.fit

    def counting_fit(self, *args, **kwargs):
        calls.append(self)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(keras.Model, "fit", counting_fit)
    return calls


# ----------------------------------------------------------------------------- a run


def test_table_has_the_columns_in_order(grid):
    results, _, _ = grid
    assert results.table.columns == (
        "name", "learning_rate", "params",
        "train_loss", "train_accuracy", "val_loss", "val_accuracy",
        "test_loss", "test_accuracy", "epochs_run", "seconds",
    )
    assert results.table.column("name") == ["trained", "frozen"]


def test_values_are_sensible(grid):
    results, _, _ = grid
    for row in results.table:
        for split in ("train", "val", "test"):
            assert 0 <= row[f"{split}_accuracy"] <= 1
            assert math.isfinite(row[f"{split}_loss"]) and row[f"{split}_loss"] > 0
        assert row["epochs_run"] == 10
        assert 0 < row["seconds"] < 60
        assert row["learning_rate"] in (0.5, 1e-6)


def test_params_match_the_count_by_hand(grid):
    results, _, _ = grid
    # 2 inputs -> 4 hidden -> 2 outputs: (2*4 + 4) + (4*2 + 2) weights and biases.
    assert results.table.column("params") == [22, 22]


def test_final_validation_scores_are_those_of_the_last_epoch(grid):
    results, _, _ = grid
    for name in ("trained", "frozen"):
        row, history = results.table.row(name), results.histories[name]
        assert row["val_loss"] == pytest.approx(history["val_loss"][-1], abs=1e-5)
        assert row["val_accuracy"] == pytest.approx(history["val_accuracy"][-1], abs=1e-6)


def test_histories_have_one_value_per_epoch(grid):
    results, _, _ = grid
    assert set(results.histories) == {"trained", "frozen"}
    history = results.histories["trained"]
    assert set(history) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert all(len(values) == 10 for values in history.values())
    assert results.configs["frozen"].learning_rate == 1e-6


def test_the_config_that_should_win_wins(grid):
    results, _, _ = grid
    trained, frozen = results.table.row("trained"), results.table.row("frozen")
    assert trained["test_accuracy"] >= 0.9
    assert trained["test_loss"] < frozen["test_loss"] - 0.2
    # A learning rate of 1e-6 leaves the loss where it started.
    frozen_loss = results.histories["frozen"]["loss"]
    assert abs(frozen_loss[-1] - frozen_loss[0]) < 1e-3
    assert results.table.sort("test_loss").column("name") == ["trained", "frozen"]


def test_progress_prints_one_line_per_config(grid):
    _, _, printed = grid
    lines = printed.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("[1/2] trained: 10 epochs in ")
    assert lines[1].startswith("[2/2] frozen: ")


def test_no_keras_warnings(grid):
    _, caught, _ = grid
    from_keras = [
        str(warning.message) for warning in caught
        if "keras" in warning.filename or issubclass(warning.category, DeprecationWarning)
    ]
    assert from_keras == []
    assert logging.getLogger("tensorflow").level < logging.ERROR  # restored after run


def test_results_render_as_text_and_html(grid):
    results, _, _ = grid
    text = str(results.table)
    assert text.splitlines()[0].split() == list(results.table.columns)
    assert "trained" in text and "frozen" in text
    assert results._repr_html_().count("<tr>") == 3  # header and two rows
    assert repr(results) == text


# ----------------------------------------------------------------------------- seeds


def test_same_seed_gives_identical_results_and_a_different_seed_does_not(blobs, grid):
    train, validation, test = blobs
    first, _, _ = grid
    again = run(
        {
            "trained": {"learning_rate": 0.5},
            "trained, 3 epochs": {"learning_rate": 0.5, "epochs": 3},
        },
        train,
        validation,
        test,
        base={**BASE, "epochs": 10},
    )
    assert again.histories["trained"] == first.histories["trained"]
    row, first_row = again.table.row("trained"), first.table.row("trained")
    for column in ("params", "train_loss", "val_accuracy", "test_loss", "test_accuracy"):
        assert row[column] == first_row[column]
    # Every configuration starts from the same weights and the same shuffles.
    assert again.histories["trained, 3 epochs"]["loss"] == first.histories["trained"]["loss"][:3]

    other = run(
        {"trained": {"learning_rate": 0.5, "epochs": 3}}, train, base=BASE, seed=1
    )
    assert other.histories["trained"]["loss"] != first.histories["trained"]["loss"][:3]


# ----------------------------------------------------------------------------- labels, batches


def test_labels_are_converted_to_what_each_loss_needs(blobs):
    train, validation, test = blobs
    grid = {
        "cross-entropy": {},
        "sparse": {"loss": "sparse_categorical_crossentropy"},
        "mse": {"loss": "mse"},
    }
    from_integers = run(grid, train, validation, test, base=BASE)
    one_hot = [(x, np.eye(2)[y]) for x, y in blobs]
    from_one_hot = run({name: grid[name] for name in ("sparse", "mse")}, *one_hot, base=BASE)
    for name in ("sparse", "mse"):
        assert from_integers.histories[name] == from_one_hot.histories[name]
    histories = from_integers.histories
    # Cross-entropy on one-hot labels and sparse cross-entropy on integers: the same loss.
    np.testing.assert_allclose(
        histories["cross-entropy"]["loss"], histories["sparse"]["loss"], rtol=1e-4
    )
    assert histories["mse"]["loss"][0] < 0.5 < histories["cross-entropy"]["loss"][0]


def test_full_batch_is_one_batch_of_the_whole_training_set(blobs):
    train, _, _ = blobs
    results = run(
        {"full": {"batch_size": "full"}, "120": {"batch_size": 120}, "10": {"batch_size": 10}},
        train,
        base={**BASE, "epochs": 5},
        max_epochs=3,
    )
    assert results.table.column("batch_size") == ["full", 120, 10]
    assert results.table.column("epochs_run") == [3, 3, 3]
    assert results.histories["full"] == results.histories["120"]
    assert results.histories["full"] != results.histories["10"]
    assert "val_loss" not in results.table.columns  # no validation data given


def test_regression_has_no_accuracy(blobs):
    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 1, 100).astype("float32")  # one feature, shape (samples,)
    y = 2 * x + 1 + rng.normal(0, 0.05, 100)
    results = run(
        [{"learning_rate": 0.3}],
        (x[:80], y[:80]),
        test=(x[80:], y[80:]),
        task="regression",
        base={"hidden_units": (), "batch_size": 16, "epochs": 10},
    )
    row = results.table.row("learning_rate=0.3")
    assert results.table.columns == (
        "name", "params", "train_loss", "test_loss", "epochs_run", "seconds"
    )
    assert row["params"] == 2  # one weight and one bias
    assert row["test_loss"] < 0.05 < np.var(y)


def test_early_stopping_keeps_the_best_epoch(blobs):
    train, (x_val, y_val), _ = blobs
    flipped = (x_val, 1 - y_val)  # learning the training set makes this loss worse
    results = run(
        {"stops": {"patience": 1}}, train, flipped, base={**BASE, "epochs": 10}
    )
    row, history = results.table.row("stops"), results.histories["stops"]
    assert row["epochs_run"] < 10
    assert row["val_loss"] == pytest.approx(min(history["val_loss"]), abs=1e-5)


# ----------------------------------------------------------------------------- invalid configs

BAD_SETTINGS = [
    ("hidden_layers", (4,), ["'hidden_layers'", "did you mean 'hidden_units'"]),
    ("activation", "sigmoidd", ["activation", "got 'sigmoidd'", "'relu'", "did you mean 'sigmoid'"]),
    ("output_activation", "soft_max", ["output_activation", "got 'soft_max'", "'softmax'"]),
    ("optimizer", "sgdd", ["optimizer", "got 'sgdd'", "'adam'"]),
    ("loss", "cross_entropy", ["loss", "got 'cross_entropy'", "'categorical_crossentropy'"]),
    ("kernel_initializer", "glorot", ["kernel_initializer", "got 'glorot'", "'glorot_uniform'"]),
    ("learning_rate", 0, ["learning_rate must be a positive number, got 0"]),
    ("learning_rate", "0.1", ["learning_rate must be a positive number, got '0.1'"]),
    ("learning_rate", float("nan"), ["learning_rate must be a positive number, got nan"]),
    ("batch_size", 0, ["batch_size (or 'full') must be a positive int, got 0"]),
    ("batch_size", 2.5, ["batch_size (or 'full') must be a positive int, got 2.5"]),
    ("batch_size", "all", ["batch_size (or 'full') must be a positive int, got 'all'"]),
    ("epochs", 0, ["epochs must be a positive int, got 0"]),
    ("epochs", -3, ["epochs must be a positive int, got -3"]),
    ("hidden_units", (4, 0), ["hidden_units=(4, 0)", "width 0"]),
    ("hidden_units", 4, ["hidden_units=4", "sequence"]),
    ("dropout", 1.0, ["dropout must be a number in [0, 1), got 1.0"]),
    ("dropout", -0.1, ["dropout must be a number in [0, 1), got -0.1"]),
    ("l2", -1e-4, ["l2 must be a number >= 0, got -0.0001"]),
    ("patience", 0, ["patience (or None) must be a positive int, got 0"]),
    ("optimizer_options", {"momentun": 0.9}, ["'momentun'", "optimizer 'sgd'"]),
    ("optimizer_options", {"learning_rate": 0.1}, ["learning_rate setting"]),
    ("optimizer_options", [0.9], ["optimizer_options=[0.9]", "dict"]),
]

@pytest.mark.parametrize("key, value, expected", BAD_SETTINGS, ids=lambda v: repr(v)[:30])
def test_invalid_config_raises_before_any_training(blobs, fit_calls, key, value, expected):
    train, validation, _ = blobs
    configs = {"good": {}, "bad": {key: value}}  # the valid one comes first
    with pytest.raises((TypeError, ValueError)) as error:
        run(configs, train, validation, base=BASE)
    message = str(error.value)
    assert "'bad'" in message
    for part in expected:
        assert part in message
    assert fit_calls == []


def _bad_runs(blobs):
    train, validation, test = blobs
    (x_train, y_train), (x_val, y_val) = train, validation
    good = {"good": {}}
    return {
        "duplicate names": (
            [{"name": "a"}, {"name": "a"}], (train,), {}, ["'a'", "unique"]),
        "identical unnamed": ([{"epochs": 1}, {"epochs": 1}], (train,), {}, ["'epochs=1'"]),
        "empty grid": ({}, (train,), {}, ["empty"]),
        "name twice": ({"a": {"name": "b"}}, (train,), {}, ["'a'", "'b'"]),
        "unknown base key": (good, (train,), {"base": {"epoch": 2}}, ["base", "'epoch'"]),
        "name in base": (good, (train,), {"base": {"name": "x"}}, ["base", "'name'"]),
        "feature mismatch": (
            good, (train, (x_val[:, :1], y_val)), {}, ["validation", "(1,)", "(2,)"]),
        "length mismatch": (good, ((x_train, y_train[:-1]),), {}, ["train", "120", "119"]),
        "fractional labels": (good, ((x_train, y_train * 0.5),), {}, ["integers", "0.5"]),
        "one class": (good, ((x_train, np.zeros(120, int)),), {}, ["2 classes"]),
        "one-hot widths": (
            good, ((x_train, np.eye(2)[y_train]), (x_val, np.eye(3)[y_val])), {},
            ["one-hot", "different widths"]),
        "not one-hot": (good, ((x_train, np.full((120, 2), 0.5)),), {}, ["one-hot"]),
        "nan in x": (good, ((np.full_like(x_train, np.nan), y_train),), {}, ["NaN"]),
        "patience without validation": (
            {"p": {"patience": 2}}, (train,), {}, ["'p'", "patience=2", "validation"]),
        "sparse loss for regression": (
            {"r": {"loss": "sparse_categorical_crossentropy"}}, ((x_train, x_train[:, 0]),),
            {"task": "regression"}, ["'r'", "sparse_categorical_crossentropy", "'mse'"]),
        "unknown task": (good, (train,), {"task": "clustering"}, ["'clustering'"]),
        "negative seed": (good, (train,), {"seed": -1}, ["seed", "-1"]),
        "zero max_epochs": (good, (train,), {"max_epochs": 0}, ["max_epochs", "0"]),
        "verbose 3": (good, (train,), {"verbose": 3}, ["verbose must be one of 0, 1, 2; got 3"]),
        "configs not a list": ("abc", (train,), {}, ["configs must be a list", "str"]),
        "test pair": (good, (train, None, (test[0],)), {}, ["test", "pair"]),
    }


BAD_RUNS = sorted(_bad_runs(_blobs()))


@pytest.mark.parametrize("case", BAD_RUNS)
def test_invalid_run_raises_before_any_training(blobs, fit_calls, case):
    configs, splits, options, expected = _bad_runs(blobs)[case]
    with pytest.raises((TypeError, ValueError)) as error:
        run(configs, *splits, **{"base": BASE, **options})
    for part in expected:
        assert part in str(error.value)
    assert fit_calls == []


def test_fit_counter_sees_training_and_the_session_is_cleared(blobs, fit_calls, monkeypatch):
    # The counter behind the "before any training" tests does count a real run.
    import keras

    cleared = []
    clear_session = keras.backend.clear_session
    def counting_clear_session():
        cleared.append(len(fit_calls))
        return clear_session()

    monkeypatch.setattr(keras.backend, "clear_session", counting_clear_session)
    train, _, _ = blobs
    run({"one": {"epochs": 1}, "two": {"epochs": 1, "dropout": 0.5}}, train, base=BASE)
    assert len(fit_calls) == 2
    assert cleared[:2] == [0, 1]  # cleared before building each model


def test_experiments_module_is_reachable_lazily():
    import dlcourse

    assert dlcourse.keras_helpers.experiments is experiments
