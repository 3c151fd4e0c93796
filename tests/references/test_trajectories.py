"""Optimizers' paths on test functions (dlcourse.references.trajectories): closed forms,
hand-computed steps, divergence, races, and the error messages."""

import numpy as np
import pytest

from dlcourse.references import landscapes, optim, trajectories

# --- run_optimizer --------------------------------------------------------------------


def test_run_optimizer_path():
    path = trajectories.run_optimizer(optim.SGD(0.5), "elongated_quadratic", start=(-5.0, -2.0), num_steps=60)
    assert path.shape == (61, 2)
    np.testing.assert_array_equal(path[0], [-5.0, -2.0])
    # one step by hand: grad = (0.2 x, 4 y)
    np.testing.assert_allclose(path[1], [-5.0 + 0.5, -2.0 + 0.5 * 8.0])
    # x contracts by 0.9 per step, y by |1 - 2| = 1: it oscillates and never settles
    np.testing.assert_allclose(path[60], [-5.0 * 0.9**60, -2.0])


def test_run_optimizer_reaches_minimum_and_resets():
    opt = optim.Adam(0.05)
    path = trajectories.run_optimizer(opt, "rosenbrock", num_steps=3000)
    np.testing.assert_allclose(path[-1], [1.0, 1.0], atol=1e-2)
    again = trajectories.run_optimizer(opt, "rosenbrock", num_steps=3000)
    np.testing.assert_array_equal(path, again)


def test_adam_escapes_the_saddle_where_sgd_lingers():
    sgd = trajectories.run_optimizer(optim.SGD(0.05), "saddle", num_steps=60)
    adam = trajectories.run_optimizer(optim.Adam(0.05), "saddle", num_steps=60)
    assert np.hypot(*sgd[-1]) < 0.05  # still at the saddle point (0, 0)
    assert abs(abs(adam[-1, 1]) - 1) < 0.1  # near a minimum (0, +-1)


def test_run_optimizer_divergence_gives_non_finite_rows_without_warnings():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        path = trajectories.run_optimizer(optim.SGD(0.1), "rosenbrock", num_steps=50)
    assert not np.all(np.isfinite(path[-1]))


@pytest.mark.parametrize("eta", [0.02, 0.3, 0.5, 0.9, 1.05])
def test_gradient_descent_on_the_parabola_follows_the_closed_form(eta):
    path = trajectories.gradient_descent(landscapes.parabola_derivative, 2.0, eta, num_steps=12)
    assert path.shape == (13,)
    np.testing.assert_allclose(path, 2.0 * (1 - 2 * eta) ** np.arange(13), rtol=1e-12, atol=1e-15)


def test_gradient_descent_decay_uses_the_inverse_time_rate_per_step():
    path = trajectories.gradient_descent(landscapes.parabola_derivative, 1.0, 0.4, num_steps=5, decay=0.5)
    expected = [1.0]
    for t in range(5):
        expected.append(expected[-1] * (1 - 2 * optim.inverse_time_decay(0.4, 0.5, t)))
    np.testing.assert_allclose(path, expected)
    # a check that would catch counting from 1 instead of 0
    wrong = [1.0]
    for t in range(1, 6):
        wrong.append(wrong[-1] * (1 - 2 * optim.inverse_time_decay(0.4, 0.5, t)))
    assert not np.allclose(path, wrong)


def test_gradient_descent_in_2d_and_divergence_without_warnings():
    valley = landscapes.get_function("elongated_quadratic")
    path = trajectories.gradient_descent(lambda p: np.array(valley.gradient(*p)), valley.start, 0.45, 40)
    assert path.shape == (41, 2) and trajectories.final_gap(path, valley) < 0.01
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        far = trajectories.gradient_descent(lambda x: 4 * x**3, 10.0, 1.0, num_steps=20)
    assert not np.isfinite(far[-1])


@pytest.mark.parametrize(
    "kwargs, error, words",
    [
        ({"gradient": 3.0}, TypeError, "function of the point"),
        ({"learning_rate": -0.1}, ValueError, "learning_rate must be a number >= 0"),
        ({"decay": -1}, ValueError, "decay must be a number >= 0"),
        ({"num_steps": 2.5}, TypeError, "num_steps must be an int >= 0, got 2.5"),
    ],
)
def test_gradient_descent_errors(kwargs, error, words):
    arguments = {"gradient": landscapes.parabola_derivative, "start": 1.0, "learning_rate": 0.1,
                 "num_steps": 3, **kwargs}
    with pytest.raises(error, match=words):
        trajectories.gradient_descent(**arguments)


def test_race_optimizers_paths_and_settings():
    paths = trajectories.race_optimizers("beale", 0.01, num_steps=15)
    assert list(paths) == list(trajectories.RACE_OPTIMIZERS)
    assert all(p.shape == (16, 2) for p in paths.values())
    np.testing.assert_array_equal(paths["adam"], trajectories.run_optimizer(optim.Adam(0.01), "beale", num_steps=15))
    # momentum=0 turns momentum into plain SGD; the default 0.9 does not
    no_momentum = trajectories.race_optimizers("beale", {"sgd": 0.01, "momentum": 0.01}, num_steps=15, momentum=0.0)
    np.testing.assert_array_equal(no_momentum["momentum"], no_momentum["sgd"])
    assert not np.allclose(paths["momentum"], paths["sgd"])
    betas = trajectories.race_optimizers("beale", {"adam": 0.01}, num_steps=15, beta_1=0.5, beta_2=0.9)
    np.testing.assert_array_equal(
        betas["adam"], trajectories.run_optimizer(optim.Adam(0.01, beta_1=0.5, beta_2=0.9), "beale", num_steps=15))
    rho = trajectories.race_optimizers("beale", {"rmsprop": 0.01}, num_steps=15, rho=0.5)
    np.testing.assert_array_equal(
        rho["rmsprop"], trajectories.run_optimizer(optim.RMSprop(0.01, rho=0.5), "beale", num_steps=15))
    with pytest.raises(ValueError, match="optimizer must be one of .*; got 'lbfgs'"):
        trajectories.make_race_optimizer("lbfgs", 0.1)


def test_final_gap_and_best_learning_rate():
    saddle = landscapes.get_function("saddle")
    assert trajectories.final_gap(np.array([[1.0, 1.0], [0.0, 1.0]]), saddle) == 0.0
    assert trajectories.final_gap(np.array([[0.0, 0.0]]), "saddle") == pytest.approx(0.25)
    assert trajectories.final_gap(np.array([[0.0, 0.0], [np.nan, np.inf]]), saddle) == float("inf")
    best, gaps = trajectories.best_learning_rate("sgd", "rosenbrock", [1e-4, 1e-3, 1e-2], num_steps=200)
    assert best == 1e-3 and gaps[1e-2] == float("inf") and gaps[1e-3] < gaps[1e-4]
    # ties go to the smaller rate
    tie, _ = trajectories.best_learning_rate("sgd", "saddle", [0.2, 0.1], num_steps=0)
    assert tie == 0.1


@pytest.mark.parametrize(
    "make, error, words",
    [
        (lambda: trajectories.run_optimizer(optim.SGD(), "beale", start=(1, 2, 3)), ValueError,
         ["(1, 2, 3)"]),
        (lambda: trajectories.run_optimizer("sgd", "beale"), TypeError, ["Optimizer"]),
        (lambda: trajectories.run_optimizer(optim.SGD(), "beale", num_steps=-1), ValueError,
         ["num_steps", "-1"]),
    ],
)
def test_run_optimizer_errors_name_the_bad_value(make, error, words):
    with pytest.raises(error) as info:
        make()
    for word in words:
        assert word in str(info.value)
