"""One MLP configuration: defaults, checks and the Keras model it builds."""

import pytest

from dlcourse.keras_helpers import mlp
from dlcourse.keras_helpers.mlp import build_mlp, make_config


def test_build_mlp_shows_the_configuration():
    import keras

    model = build_mlp(
        {"hidden_units": (32, 16), "activation": "relu", "dropout": 0.5, "l2": 1e-4,
         "optimizer": "sgd", "learning_rate": 0.05, "optimizer_options": {"momentum": 0.9}},
        (28, 28),
        10,
    )
    kinds = [type(layer).__name__ for layer in model.layers]
    assert kinds == ["Flatten", "Dense", "Dropout", "Dense", "Dropout", "Dense"]
    assert model.count_params() == (784 * 32 + 32) + (32 * 16 + 16) + (16 * 10 + 10)
    assert model.get_layer("hidden_1").activation is keras.activations.relu
    assert model.get_layer("output").activation is keras.activations.softmax
    assert model.get_layer("hidden_2").kernel_regularizer.l2 == pytest.approx(1e-4)
    assert isinstance(model.optimizer, keras.optimizers.SGD)
    assert float(model.optimizer.learning_rate) == pytest.approx(0.05)
    assert model.optimizer.momentum == pytest.approx(0.9)


def test_make_config_fills_defaults_and_regression_defaults():
    config = make_config({"loss": "mse"}, hidden_units=[64, 64])
    assert config.hidden_units == (64, 64) and config.loss == "mse"
    assert (config.activation, config.optimizer, config.learning_rate) == ("sigmoid", "sgd", 0.1)
    assert (config.batch_size, config.epochs, config.dropout) == (100, 20, 0.0)
    regression = make_config(task="regression")
    assert (regression.loss, regression.output_activation) == ("mse", "linear")


def test_build_mlp_checks_a_config_built_by_hand():
    with pytest.raises(ValueError, match=r"activation .*got 'tanhh' \(did you mean 'tanh'\?\)"):
        build_mlp(mlp.MLPConfig(activation="tanhh"), (2,), 2)
    with pytest.raises(ValueError, match=r"num_outputs must be a positive int, got 0"):
        build_mlp({}, (2,), 0)
    with pytest.raises(ValueError, match=r"input_shape .* got \(\)"):
        build_mlp({}, (), 2)
    with pytest.raises(ValueError, match=r"input_shape .* got \(4, 0\)"):
        build_mlp({}, (4, 0), 2)


def test_make_config_takes_a_config_and_rejects_other_types():
    config = make_config({"epochs": 3})
    assert make_config(config, epochs=4).epochs == 4 and make_config(config) == config
    with pytest.raises(TypeError, match="dict of settings or an MLPConfig, got list"):
        make_config([("epochs", 3)])
    with pytest.raises(ValueError, match="task must be one of 'classification', 'regression'"):
        mlp.default_settings("clustering")
    assert config.sparse_labels is False
    assert make_config(loss="sparse_categorical_crossentropy").sparse_labels is True
