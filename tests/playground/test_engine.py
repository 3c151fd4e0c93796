"""Tests of dlcourse.playground.engine: settings, the Playground's training rule, one network.

The training rule is checked against a point-by-point transcription of TensorFlow
Playground's own loop (``oneStep`` in playground.ts, ``forwardProp``/``backProp``/
``updateWeights`` in nn.ts), written here in plain Python; variants of that reference
with one rule left out (no carry-over of the last points, no zero-clipping under L1)
must disagree, which shows the comparison would catch either mistake.
"""

import math

import numpy as np
import pytest

from dlcourse.playground import engine as P
from dlcourse.playground.inputs import ALL_FEATURES, targets

# --------------------------------------------------------------------------------------
# Settings
# --------------------------------------------------------------------------------------


def test_config_defaults_are_the_playgrounds_and_features_keep_its_order():
    cfg = P.Config()
    assert (cfg.dataset, cfg.hidden_layers, cfg.activation, cfg.learning_rate,
            cfg.batch_size, cfg.features) == ("circle", (4, 2), "tanh", 0.03, 10, ("x1", "x2"))
    assert cfg.problem == "classification" and cfg.output_activation == "tanh"
    assert P.Config(features=["sin(x2)", "x1"]).features == ("x1", "sin(x2)")
    reg = P.Config(dataset="plane", hidden_layers=[])
    assert reg.problem == "regression" and reg.output_activation == "linear"
    assert reg.layer_sizes == [2, 1] and reg.num_train == 600
    assert P.Config().replace(seed=5).seed == 5


@pytest.mark.parametrize("settings, error, message", [
    ({"dataset": "moons"}, ValueError, "dataset must be one of"),
    ({"noise": -5}, ValueError, "noise must be an int from 0 to 50, got -5"),
    ({"noise": 2.5}, TypeError, "noise must be an int from 0 to 50, got 2.5"),
    ({"train_percent": 5}, ValueError, "train_percent must be an int from 10 to 90, got 5"),
    ({"features": ()}, ValueError, "choose at least one feature"),
    ({"features": ("x1", "x3")}, ValueError, r"unknown feature\(s\) \['x3'\]"),
    ({"features": "x1"}, TypeError, "features must be a collection of names"),
    ({"hidden_layers": (4,) * 7}, ValueError, "0 to 6 layers, got 7"),
    ({"hidden_layers": (4, 9)}, ValueError, "neurons in hidden layer 2 must be an int from 1 to 8, got 9"),
    ({"hidden_layers": (0,)}, ValueError, "neurons in hidden layer 1 must be an int from 1 to 8, got 0"),
    ({"hidden_layers": 3}, TypeError, "hidden_layers must list neurons per layer"),
    ({"activation": "softmax"}, ValueError, "activation must be one of 'relu', 'tanh'"),
    ({"learning_rate": 0}, ValueError, r"learning_rate must be a number in \(0.0, 10.0\], got 0"),
    ({"learning_rate": 30}, ValueError, r"learning_rate must be a number in \(0.0, 10.0\], got 30"),
    ({"learning_rate": "0.1"}, TypeError, "learning_rate must be a number"),
    ({"regularization": "L3"}, ValueError, "regularization must be one of 'none', 'L1', 'L2'"),
    ({"regularization_rate": -1}, ValueError, r"regularization_rate must be a number in \[0.0, 10.0\]"),
    ({"batch_size": 0}, ValueError, "batch_size must be an int from 1 to 30, got 0"),
    ({"batch_size": 31}, ValueError, "batch_size must be an int from 1 to 30, got 31"),
    ({"seed": -1}, ValueError, "seed must be an int from 0"),
])
def test_config_rejects_out_of_range_settings_naming_value_and_range(settings, error, message):
    with pytest.raises(error, match=message):
        P.Config(**settings)


def test_config_replace_rejects_unknown_settings():
    with pytest.raises(TypeError, match=r"unknown setting\(s\) \['epochs'\]"):
        P.Config().replace(epochs=3)
    with pytest.raises(TypeError, match="config must be a playground.Config"):
        P.Playground({"dataset": "xor"})


# --------------------------------------------------------------------------------------
# The training rule, against the Playground's own loop
# --------------------------------------------------------------------------------------

_ACT = {
    "tanh": (math.tanh, lambda z: 1 - math.tanh(z) ** 2),
    "relu": (lambda z: max(0.0, z), lambda z: 0.0 if z <= 0 else 1.0),
    "sigmoid": (lambda z: 1 / (1 + math.exp(-z)), lambda z: (1 / (1 + math.exp(-z)))
                * (1 - 1 / (1 + math.exp(-z)))),
    "linear": (lambda z: z, lambda z: 1.0),
}


def playground_reference(config, initial, num_epochs, *, carry=True, l1_clip=True):
    """TensorFlow Playground's training, point by point, with its accumulators.

    ``initial`` is ``[W0, b0, W1, b1, ...]``; returns the weights in that layout and the
    dead-link masks after ``num_epochs`` epochs.
    """
    pg = P.Playground(config)
    X = pg.train_inputs.tolist()
    labels = targets(pg.train_labels).tolist()  # the Playground's -1/+1
    W = [np.array(initial[2 * l], dtype=float).tolist() for l in range(len(initial) // 2)]
    b = [np.array(initial[2 * l + 1], dtype=float).tolist() for l in range(len(initial) // 2)]
    L = len(W)
    acts = [_ACT[config.activation]] * (L - 1) + [_ACT[config.output_activation]]
    dead = [[[False] * len(W[l][0]) for _ in W[l]] for l in range(L)]
    acc_W = [[[0.0] * len(W[l][0]) for _ in W[l]] for l in range(L)]
    n_W = [[[0] * len(W[l][0]) for _ in W[l]] for l in range(L)]
    acc_b = [[0.0] * len(b[l]) for l in range(L)]
    n_b = [[0] * len(b[l]) for l in range(L)]
    lr, rate = config.learning_rate, config.regularization_rate
    for _ in range(num_epochs):
        for i, (x, label) in enumerate(zip(X, labels)):
            outputs, totals = [list(x)], []
            for l in range(L):  # forwardProp
                z = [b[l][j] + sum(W[l][k][j] * outputs[l][k] for k in range(len(W[l])))
                     for j in range(len(b[l]))]
                totals.append(z)
                outputs.append([acts[l][0](v) for v in z])
            output_der = [outputs[-1][0] - label]  # backProp, SQUARE error
            for l in reversed(range(L)):
                input_der = [output_der[j] * acts[l][1](totals[l][j]) for j in range(len(b[l]))]
                for j, d in enumerate(input_der):
                    acc_b[l][j] += d
                    n_b[l][j] += 1
                for k in range(len(W[l])):
                    for j in range(len(b[l])):
                        if not dead[l][k][j]:
                            acc_W[l][k][j] += input_der[j] * outputs[l][k]
                            n_W[l][k][j] += 1
                output_der = [sum(W[l][k][j] * input_der[j] for j in range(len(b[l])))
                              for k in range(len(W[l]))]
            if (i + 1) % config.batch_size == 0:  # updateWeights
                for l in range(L):
                    for j in range(len(b[l])):
                        if n_b[l][j]:
                            b[l][j] -= lr * acc_b[l][j] / n_b[l][j]
                            acc_b[l][j], n_b[l][j] = 0.0, 0
                    for k in range(len(W[l])):
                        for j in range(len(b[l])):
                            if dead[l][k][j] or not n_W[l][k][j]:
                                continue
                            w0 = W[l][k][j]
                            der = {"none": 0.0, "L2": w0,
                                   "L1": (w0 > 0) - (w0 < 0)}[config.regularization]
                            w1 = w0 - lr / n_W[l][k][j] * acc_W[l][k][j]
                            w2 = w1 - lr * rate * der
                            if config.regularization == "L1" and l1_clip and w1 * w2 < 0:
                                W[l][k][j], dead[l][k][j] = 0.0, True
                            else:
                                W[l][k][j] = w2
                            acc_W[l][k][j], n_W[l][k][j] = 0.0, 0
        if not carry:  # a wrong variant: forget the points after the last full batch
            acc_W = [[[0.0] * len(W[l][0]) for _ in W[l]] for l in range(L)]
            n_W = [[[0] * len(W[l][0]) for _ in W[l]] for l in range(L)]
            acc_b = [[0.0] * len(b[l]) for l in range(L)]
            n_b = [[0] * len(b[l]) for l in range(L)]
    weights = [np.array(a) for l in range(L) for a in (W[l], b[l])]
    return weights, [np.array(d) for d in dead]


CASES = {
    "tanh, batch 7 (3 points carried over), L1": P.Config(
        dataset="spiral", features=("x1", "x2", "x1^2"), hidden_layers=(3, 2), batch_size=7,
        learning_rate=0.3, regularization="L1", regularization_rate=0.1, train_percent=30),
    "relu, batch 4, L2": P.Config(
        dataset="xor", features=("x1", "x2", "x1*x2"), hidden_layers=(3,), batch_size=4,
        learning_rate=0.1, activation="relu", regularization="L2", regularization_rate=0.3,
        train_percent=30, seed=2),
    "sigmoid, regression, batch 13": P.Config(
        dataset="multi_gaussian", features=("x1", "sin(x2)"), hidden_layers=(2, 2),
        batch_size=13, activation="sigmoid", learning_rate=0.1, train_percent=10, seed=5),
}


@pytest.mark.parametrize("name", list(CASES))
def test_training_matches_the_playgrounds_point_by_point_loop(name):
    cfg = CASES[name]
    pg = P.Playground(cfg)
    initial = pg.network.get_weights()
    pg.step(3)
    expected, dead = playground_reference(cfg, initial, 3)
    for got, want in zip(pg.network.get_weights(), expected):
        np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-12)
    assert [d.tolist() for d in pg.dead_links()] == [d.tolist() for d in dead]
    if cfg.regularization == "L1":
        assert sum(d.sum() for d in dead) > 0  # the case really exercises dead links


@pytest.mark.parametrize("variant", [{"carry": False}, {"l1_clip": False}])
def test_a_reference_missing_one_rule_disagrees(variant):
    cfg = CASES["tanh, batch 7 (3 points carried over), L1"]
    pg = P.Playground(cfg)
    initial = pg.network.get_weights()
    pg.step(3)
    wrong, _ = playground_reference(cfg, initial, 3, **variant)
    assert max(np.abs(g - w).max() for g, w in zip(pg.network.get_weights(), wrong)) > 1e-4


def test_initial_weights_biases_and_loss_are_the_playgrounds():
    pg = P.Playground(dataset="spiral", features=ALL_FEATURES, hidden_layers=(8, 8))
    for W, b in pg.weights:
        assert np.abs(W).max() <= 0.5 and np.all(b == 0.1)
    assert np.abs(pg.weights[0][0]).max() > 0.4  # uniform on the whole interval
    out = pg.predict(pg.test_points)
    assert pg.history["test_loss"][0] == pytest.approx(np.mean(0.5 * (out - targets(pg.test_labels)) ** 2))
    assert pg.epoch == 0 and pg.history["epoch"] == [0]


def test_an_epoch_is_one_pass_in_batches_of_batch_size(monkeypatch):
    pg = P.Playground(batch_size=30)  # 250 points: 8 updates, 10 points carried over
    calls = []
    real = pg.optimizer.step
    monkeypatch.setattr(pg.optimizer, "step", lambda p, g: (calls.append(1), real(p, g)))
    pg.step(1)
    assert len(calls) == 8
    batches = [len(X) for X, _ in pg._plan[1]]
    assert batches[0] == 40 and sum(batches) == 250  # the next epochs start with 10 + 30


def test_runs_repeat_exactly_for_a_seed_and_differ_across_seeds():
    first = P.Playground(seed=7).step(20).history["test_loss"]
    assert P.Playground(seed=7).step(20).history["test_loss"] == first
    assert P.Playground(seed=8).step(20).history["test_loss"] != first
    pg = P.Playground(seed=7).step(20)
    pg.reset()
    assert pg.epoch == 0 and pg.step(20).history["test_loss"] == first


def test_set_learning_rate_keeps_training_and_keeps_dead_links():
    pg = P.Playground(CASES["tanh, batch 7 (3 points carried over), L1"]).step(3)
    dead = [d.copy() for d in pg.dead_links()]
    pg.set_learning_rate(0.01)
    assert pg.epoch == 3 and pg.config.learning_rate == 0.01
    pg.step(2)
    assert pg.epoch == 5
    for W, mask in zip(pg.network.W, dead):
        assert np.all(W[mask] == 0)
    with pytest.raises(ValueError, match="learning_rate must be a number in"):
        pg.set_learning_rate(0)


def test_playground_sgd_freezes_a_weight_that_l1_carries_across_zero():
    W, b = np.array([[0.05, 2.0]]), np.array([0.0])
    opt = P.PlaygroundSGD(0.5, l1=0.2)  # L1 moves every weight by 0.1 towards zero
    opt.step([W, b], [np.zeros((1, 2)), np.zeros(1)])
    assert W.tolist() == [[0.0, 1.9]] and opt.dead[0].tolist() == [[True, False]]
    opt.step([W, b], [np.array([[-10.0, 0.0]]), np.zeros(1)])
    assert W[0, 0] == 0.0  # dead: no gradient moves it again
    W2 = np.array([[0.05]])
    P.PlaygroundSGD(0.5, l2=0.2).step([W2, np.zeros(1)], [np.zeros((1, 1)), np.zeros(1)])
    assert W2[0, 0] == pytest.approx(0.05 * 0.9)  # L2: w -= eta * rate * w


def test_simple_problems_are_learned_and_the_circle_needs_a_hidden_layer():
    assert P.Playground(dataset="two_gaussians", hidden_layers=()).step(30).test_loss < 0.02
    assert P.Playground(dataset="circle", hidden_layers=()).step(30).test_loss > 0.4
    pg = P.Playground(dataset="circle", hidden_layers=(4,), learning_rate=0.1).step(100)
    assert pg.test_loss < 0.1 and pg.accuracy() > 0.95
    with pytest.raises(ValueError, match="accuracy needs a classification data set"):
        P.Playground(dataset="plane").accuracy()


def test_grids_show_every_node_and_the_output():
    pg = P.Playground(features=("x1", "x2", "x1^2"), hidden_layers=(3, 2)).step(2)
    grids = pg.neuron_grids(resolution=10)
    assert [g.shape for g in grids] == [(3, 10, 10), (3, 10, 10), (2, 10, 10), (1, 10, 10)]
    assert np.allclose(grids[-1][0], pg.output_grid(10))
    assert np.allclose(grids[0][2], grids[0][0] ** 2)  # the x1^2 feature
    assert grids[0][0][0, 0] == -6 and grids[0][1][0, 0] == 6  # top left is (-6, 6)


def test_a_diverging_run_is_reported():
    pg = P.Playground(dataset="plane", activation="relu", hidden_layers=(8, 8),
                      learning_rate=10, features=ALL_FEATURES)
    pg.step(5)
    assert pg.diverged and not np.isfinite(pg.test_loss)
    assert not P.Playground().step(2).diverged


def test_make_config_and_the_inputs_the_network_reads():
    preset = P.Config(dataset="xor")
    assert P.make_config(preset) is preset and P.make_config(seed=3) == P.Config(seed=3)
    assert P.make_config(preset, noise=5) == P.Config(dataset="xor", noise=5)
    pg = P.Playground(features=("x1", "x1^2"))
    assert pg.train_inputs.shape == (250, 2) and pg.test_inputs.shape == (250, 2)
    np.testing.assert_allclose(pg.train_inputs[:, 1], pg.train_points[:, 0] ** 2)


def test_the_package_offers_each_modules_public_names_from_their_one_home():
    import dlcourse.playground as playground
    from dlcourse.playground import figures, inputs, runs

    assert playground.Config is P.Config and playground.make_data is inputs.make_data
    assert playground.compare is runs.compare and playground.plot_data is figures.plot_data
    assert {"ALL_FEATURES", "Playground", "train_runs", "plot_comparison", "ui"} <= set(dir(playground))
    with pytest.raises(AttributeError, match="batch_plan"):
        playground.batch_plan  # public in engine, but not in its __all__: not offered
