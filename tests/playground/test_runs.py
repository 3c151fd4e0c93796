"""Tests of dlcourse.playground.runs: packed runs agree with runs one at a time."""

import numpy as np
import pytest

from dlcourse.playground import runs as R
from dlcourse.playground.engine import Config, Playground
from dlcourse.playground.inputs import ALL_FEATURES


def test_packed_runs_match_runs_one_at_a_time():
    base = Config(dataset="spiral", features=ALL_FEATURES, hidden_layers=(4,))
    configs = [base.replace(seed=1), base.replace(seed=2, learning_rate=0.1),
               base.replace(features=("x1", "x2"), hidden_layers=(2,), seed=3),
               base.replace(regularization="L1", regularization_rate=0.01, learning_rate=0.3),
               base.replace(regularization="L2", regularization_rate=0.03, noise=20),
               base.replace(dataset="circle", batch_size=5),  # another pack (batch size)
               base.replace(activation="relu")]  # another pack (activation)
    runs = R.train_runs(configs, num_epochs=15, max_pack=5)
    assert runs.test_loss.shape == (7, 16) and len(runs) == 7
    for k, cfg in enumerate(configs):
        alone = Playground(cfg).step(15)
        np.testing.assert_allclose(runs.test_loss[k], alone.history["test_loss"], rtol=1e-8)
        np.testing.assert_allclose(runs.train_loss[k], alone.history["train_loss"], rtol=1e-8)
        again = runs.playground(k)
        assert again.epoch == 15
        np.testing.assert_allclose(again.predict(again.test_points),
                                   alone.predict(alone.test_points), rtol=1e-7, atol=1e-10)


def test_packing_a_run_wrongly_would_be_caught():
    # The same comparison fails when a run is trained with other settings than its config's.
    cfg = Config(dataset="spiral", features=ALL_FEATURES, hidden_layers=(4,))
    runs = R.train_runs([cfg, cfg.replace(seed=1)], num_epochs=10)
    wrong = Playground(cfg.replace(learning_rate=0.031)).step(10)
    assert np.abs(runs.test_loss[0] - wrong.history["test_loss"]).max() > 1e-6


def test_an_overflowing_run_does_not_spoil_its_pack():
    healthy = Config(dataset="plane", hidden_layers=(8, 8), activation="relu",
                       features=ALL_FEATURES)
    bad = healthy.replace(learning_rate=10)
    runs = R.train_runs([healthy, bad, healthy.replace(seed=1)], num_epochs=5)
    assert not np.isfinite(runs.final_test_loss[1])
    for k, cfg in ((0, healthy), (2, healthy.replace(seed=1))):
        alone = Playground(cfg).step(5)
        np.testing.assert_allclose(runs.test_loss[k], alone.history["test_loss"], rtol=1e-8)


def test_train_runs_errors():
    with pytest.raises(TypeError, match=r"configs\[1\] must be a playground.Config"):
        R.train_runs([Config(), {"dataset": "xor"}], 3)
    with pytest.raises(ValueError, match="num_epochs must be an int from 0"):
        R.train_runs([Config()], -1)




def test_compare_trains_every_setting_over_the_seeds():
    result = R.compare({"linear": {"hidden_layers": ()}, "one of 4": {"hidden_layers": (4,)}},
                       base=Config(), seeds=[0, 1], num_epochs=3)
    assert result.test_loss["one of 4"].shape == (2, 4)
    assert result.config("linear", 1) == Config(hidden_layers=(), seed=1)
    assert result.table().rows[0]["setting"] == "linear"
    assert R.total_rise([1.0, 0.5, 0.7, 0.6, 0.9]) == pytest.approx(0.5)
    with pytest.raises(ValueError, match="seeds is empty"):
        R.compare({"a": {}}, base=Config(), seeds=[], num_epochs=1)
