"""Tests of dlcourse.references.optim: step-by-step agreement with keras.optimizers,
hand-computed steps, learning-rate decay, averages and the error messages.

Every oracle comparison is also run on a deliberately wrong variant (the textbook
formula where Keras differs, a missing bias correction, a wrong decay count) to show the
check would catch a mistake.
"""

import math

import numpy as np
import pytest

from dlcourse.references import optim

keras = pytest.importorskip("keras")

NUM_STEPS = 100
SHAPES = [(3, 4), (4,), (2,)]


def gradient_sequence(seed=0, num_steps=NUM_STEPS):
    """Random gradients of very different sizes (1e-3 to 10), some exactly zero."""
    rng = np.random.default_rng(seed)
    steps = []
    for _ in range(num_steps):
        grads = [rng.standard_normal(s) * 10 ** rng.uniform(-3, 1) for s in SHAPES]
        grads[1][rng.random(grads[1].shape) < 0.2] = 0.0
        steps.append(grads)
    return steps


def max_deviation_from_keras(ours, theirs, seed=0):
    """Feed both optimizers the same gradients; the largest relative difference seen.

    Compared after every step, array by array: max |ours - keras| / max |keras|.
    """
    rng = np.random.default_rng(seed + 1)
    params = [rng.standard_normal(s) for s in SHAPES]
    variables = [keras.Variable(p.copy(), dtype="float64") for p in params]
    worst = 0.0
    for grads in gradient_sequence(seed):
        ours.step(params, grads)
        theirs.apply_gradients(zip([g.copy() for g in grads], variables))
        for p, v in zip(params, variables):
            k = v.numpy()
            worst = max(worst, float(np.max(np.abs(p - k)) / np.max(np.abs(k))))
    return worst


def inverse_time(learning_rate, decay):
    return keras.optimizers.schedules.InverseTimeDecay(learning_rate, decay_steps=1, decay_rate=decay)


# Hyperparameters exactly representable in float32 (see test_keras_rounds_momentum_and_betas).
CASES = {
    "sgd": (lambda: optim.SGD(0.05), lambda: keras.optimizers.SGD(0.05)),
    "momentum": (
        lambda: optim.SGD(0.01, momentum=0.875),
        lambda: keras.optimizers.SGD(0.01, momentum=0.875),
    ),
    "momentum_class": (
        lambda: optim.Momentum(0.01, momentum=0.75),
        lambda: keras.optimizers.SGD(0.01, momentum=0.75),
    ),
    "nesterov": (
        lambda: optim.SGD(0.01, momentum=0.875, nesterov=True),
        lambda: keras.optimizers.SGD(0.01, momentum=0.875, nesterov=True),
    ),
    "nesterov_class": (
        lambda: optim.Nesterov(0.01, momentum=0.75),
        lambda: keras.optimizers.SGD(0.01, momentum=0.75, nesterov=True),
    ),
    "adagrad": (lambda: optim.Adagrad(0.1), lambda: keras.optimizers.Adagrad(0.1)),
    "adagrad_big_epsilon": (
        lambda: optim.Adagrad(0.1, initial_accumulator_value=0.5, epsilon=0.1),
        lambda: keras.optimizers.Adagrad(0.1, initial_accumulator_value=0.5, epsilon=0.1),
    ),
    "rmsprop": (lambda: optim.RMSprop(0.01), lambda: keras.optimizers.RMSprop(0.01)),
    "rmsprop_big_epsilon": (
        lambda: optim.RMSprop(0.01, rho=0.8, epsilon=0.1),
        lambda: keras.optimizers.RMSprop(0.01, rho=0.8, epsilon=0.1),
    ),
    "rmsprop_momentum_centered": (
        lambda: optim.RMSprop(0.01, rho=0.8, momentum=0.5, centered=True, epsilon=0.01),
        lambda: keras.optimizers.RMSprop(0.01, rho=0.8, momentum=0.5, centered=True, epsilon=0.01),
    ),
    "adam": (
        lambda: optim.Adam(0.01, beta_1=0.875, beta_2=0.998046875),
        lambda: keras.optimizers.Adam(0.01, beta_1=0.875, beta_2=0.998046875),
    ),
    "adam_big_epsilon": (
        lambda: optim.Adam(0.01, beta_1=0.5, beta_2=0.75, epsilon=0.1),
        lambda: keras.optimizers.Adam(0.01, beta_1=0.5, beta_2=0.75, epsilon=0.1),
    ),
    "sgd_decay": (
        lambda: optim.SGD(0.125, decay=0.0625),
        lambda: keras.optimizers.SGD(inverse_time(0.125, 0.0625)),
    ),
    "nesterov_decay": (
        lambda: optim.Nesterov(0.125, momentum=0.5, decay=0.0625),
        lambda: keras.optimizers.SGD(inverse_time(0.125, 0.0625), momentum=0.5, nesterov=True),
    ),
    "adam_decay": (
        lambda: optim.Adam(0.125, beta_1=0.875, beta_2=0.998046875, decay=0.25),
        lambda: keras.optimizers.Adam(inverse_time(0.125, 0.25), beta_1=0.875, beta_2=0.998046875),
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_agrees_with_keras_step_by_step(case, float64_keras):
    ours, theirs = CASES[case]
    assert max_deviation_from_keras(ours(), theirs()) < 1e-6


# --- the same comparison catches wrong formulas ---------------------------------------


class TextbookMomentum(optim.SGD):
    """The course material's form: v = beta v + (1 - beta) g; theta -= alpha v."""

    def update(self, theta, g, state, eta):
        v = state["v"]
        v *= self.momentum
        v += (1 - self.momentum) * g
        theta -= eta * v


class TextbookAdagrad(optim.Adagrad):
    """Accumulator from 0, epsilon outside the root."""

    def init_state(self, theta):
        return {"G": np.zeros_like(theta)}

    def update(self, theta, g, state, eta):
        state["G"] += g * g
        theta -= eta * g / (np.sqrt(state["G"]) + self.epsilon)


class TextbookRMSprop(optim.RMSprop):
    """Epsilon outside the root."""

    def update(self, theta, g, state, eta):
        s = state["s"]
        s *= self.rho
        s += (1 - self.rho) * g * g
        theta -= eta * g / (np.sqrt(s) + self.epsilon)


class AdamWithoutBiasCorrection(optim.Adam):
    def update(self, theta, g, state, eta):
        m, v = state["m"], state["v"]
        m += (1 - self.beta_1) * (g - m)
        v += (1 - self.beta_2) * (g * g - v)
        theta -= eta * m / (np.sqrt(v) + self.epsilon)


class TextbookAdam(optim.Adam):
    """Bias-corrected m_hat / (sqrt(v_hat) + eps): differs from Keras only through eps."""

    def update(self, theta, g, state, eta):
        t, m, v = self.iterations, state["m"], state["v"]
        m += (1 - self.beta_1) * (g - m)
        v += (1 - self.beta_2) * (g * g - v)
        m_hat = m / (1 - self.beta_1**t)
        v_hat = v / (1 - self.beta_2**t)
        theta -= eta * m_hat / (np.sqrt(v_hat) + self.epsilon)


class DecayOffByOne(optim.SGD):
    """Decays from the first step on (t counted from 1): a classic slip."""

    @property
    def current_learning_rate(self):
        return self.learning_rate / (1 + self.decay * (self.iterations + 1))


WRONG = {
    "textbook_momentum": (
        lambda: TextbookMomentum(0.01, momentum=0.875),
        lambda: keras.optimizers.SGD(0.01, momentum=0.875),
    ),
    "momentum_instead_of_nesterov": (
        lambda: optim.SGD(0.01, momentum=0.875),
        lambda: keras.optimizers.SGD(0.01, momentum=0.875, nesterov=True),
    ),
    "textbook_adagrad": (lambda: TextbookAdagrad(0.1), lambda: keras.optimizers.Adagrad(0.1)),
    "textbook_rmsprop": (
        lambda: TextbookRMSprop(0.01, epsilon=0.1),
        lambda: keras.optimizers.RMSprop(0.01, epsilon=0.1),
    ),
    "rmsprop_not_centered": (
        lambda: optim.RMSprop(0.01, centered=False),
        lambda: keras.optimizers.RMSprop(0.01, centered=True),
    ),
    "adam_without_bias_correction": (
        lambda: AdamWithoutBiasCorrection(0.01, beta_1=0.875, beta_2=0.998046875),
        lambda: keras.optimizers.Adam(0.01, beta_1=0.875, beta_2=0.998046875),
    ),
    "textbook_adam_epsilon": (
        lambda: TextbookAdam(0.01, beta_1=0.5, beta_2=0.75, epsilon=0.1),
        lambda: keras.optimizers.Adam(0.01, beta_1=0.5, beta_2=0.75, epsilon=0.1),
    ),
    "decay_off_by_one": (
        lambda: DecayOffByOne(0.125, decay=0.0625),
        lambda: keras.optimizers.SGD(inverse_time(0.125, 0.0625)),
    ),
}


@pytest.mark.parametrize("case", sorted(WRONG))
def test_keras_comparison_catches_wrong_formulas(case, float64_keras):
    ours, theirs = WRONG[case]
    assert max_deviation_from_keras(ours(), theirs()) > 1e-3


def test_keras_rounds_momentum_and_betas_to_float32(float64_keras):
    """With the defaults 0.9 / 0.999 the paths differ by ~1e-6, and only through rounding.

    Keras's TensorFlow backend turns a Python float into a float32 tensor before casting
    it to the variable's dtype, so SGD's momentum and Adam's betas *in the bias
    correction* are float32 numbers even for float64 variables. Emulating that rounding
    gives exact agreement; without it the difference stays below 1e-5.
    """

    class AdamFloat32Betas(optim.Adam):
        def update(self, theta, g, state, eta):
            t, m, v = self.iterations, state["m"], state["v"]
            m += (1 - self.beta_1) * (g - m)
            v += (1 - self.beta_2) * (g * g - v)
            b1, b2 = float(np.float32(self.beta_1)), float(np.float32(self.beta_2))
            theta -= eta * math.sqrt(1 - b2**t) / (1 - b1**t) * m / (np.sqrt(v) + self.epsilon)

    default_gap = max_deviation_from_keras(optim.Adam(0.01), keras.optimizers.Adam(0.01))
    assert 1e-8 < default_gap < 1e-5
    assert max_deviation_from_keras(AdamFloat32Betas(0.01), keras.optimizers.Adam(0.01)) < 1e-12
    momentum_gap = max_deviation_from_keras(
        optim.Nesterov(0.01, momentum=0.9), keras.optimizers.SGD(0.01, momentum=0.9, nesterov=True)
    )
    assert momentum_gap < 1e-5


# --- learning-rate decay --------------------------------------------------------------


def test_inverse_time_decay_matches_keras_schedule():
    t = np.arange(200)
    schedule = inverse_time(0.5, 0.03)
    expected = np.array([float(schedule(step)) for step in t[::20]])
    np.testing.assert_allclose(optim.inverse_time_decay(0.5, 0.03, t[::20]), expected, rtol=1e-6)
    assert optim.inverse_time_decay(0.5, 0.03, 0) == 0.5
    assert not np.allclose(optim.inverse_time_decay(0.5, 0.03, t[::20] + 1), expected, rtol=1e-6)


def test_current_learning_rate_decays_per_update():
    opt = optim.SGD(1.0, decay=0.5)
    theta = np.zeros(2)
    rates = []
    for _ in range(3):
        rates.append(opt.current_learning_rate)
        opt.step([theta], [np.ones(2)])
    assert rates == [1.0, 1 / 1.5, 1 / 2.0]
    np.testing.assert_allclose(theta, -np.sum(rates) * np.ones(2))
    assert opt.iterations == 3


# --- hand-computed steps --------------------------------------------------------------


def test_sgd_step_by_hand():
    theta, g = np.array([1.0, -2.0]), np.array([0.5, 0.25])
    optim.SGD(0.1).step([theta], [g])
    np.testing.assert_array_equal(theta, [0.95, -2.025])


def test_adam_first_step_has_size_learning_rate():
    """Bias correction makes the first step ~eta * sign(g), whatever the gradient's size."""
    for scale in (1e-3, 1.0, 1e3):
        theta = np.zeros(3)
        optim.Adam(0.1).step([theta], [scale * np.array([1.0, -2.0, 3.0])])
        np.testing.assert_allclose(theta, [-0.1, 0.1, -0.1], rtol=1e-2)  # eps matters at 1e-3
    theta = np.zeros(3)
    AdamWithoutBiasCorrection(0.1).step([theta], [np.array([1.0, -2.0, 3.0])])
    assert not np.allclose(theta, [-0.1, 0.1, -0.1], rtol=1e-2)


def test_reset_forgets_state():
    opt = optim.Adam(0.1)
    a, b = np.zeros(2), np.zeros(2)
    opt.step([a], [np.ones(2)])
    opt.reset()
    opt.step([b], [np.ones(2)])
    np.testing.assert_array_equal(a, b)


def test_updates_in_place_and_keeps_float32():
    theta = np.ones((2, 3), dtype=np.float32)
    same = theta
    opt = optim.Adam(0.1)
    for _ in range(3):
        opt.step([theta], [np.full((2, 3), 0.5, dtype=np.float32)])
    assert theta is same and theta.dtype == np.float32
    assert opt.state[0]["m"].dtype == np.float32
    assert np.all(theta < 1)


def test_drives_a_network():
    from dlcourse.references import nn

    net = nn.Network([3, 4, 2], "tanh", "softmax", seed=0)
    X, y = np.random.default_rng(0).standard_normal((5, 3)), np.array([0, 1, 1, 0, 1])
    before = net.get_weights()
    _, grads = net.gradients(X, y)
    optim.SGD(0.5).step(net.params, grads)
    for W_new, W_old, g in zip(net.params, before, grads):
        np.testing.assert_allclose(W_new, W_old - 0.5 * g)


# --- errors ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make, error, words",
    [
        (lambda: optim.SGD(-0.1), ValueError, ["learning_rate", "-0.1", ">= 0"]),
        (lambda: optim.SGD("0.1"), TypeError, ["learning_rate", "'0.1'"]),
        (lambda: optim.SGD(True), TypeError, ["learning_rate"]),
        (lambda: optim.SGD(0.1, momentum=1.0), ValueError, ["momentum", "[0, 1)", "1.0"]),
        (lambda: optim.SGD(0.1, nesterov="yes"), TypeError, ["nesterov"]),
        (lambda: optim.Adam(beta_1=1.5), ValueError, ["beta_1", "1.5"]),
        (lambda: optim.Adam(decay=-1), ValueError, ["decay"]),
        (lambda: optim.RMSprop(rho=float("nan")), ValueError, ["rho"]),
        (lambda: optim.Adagrad(epsilon=-1e-7), ValueError, ["epsilon"]),
        (lambda: optim.get_optimizer("adamw"), ValueError, ["adamw", "adam", "rmsprop"]),
    ],
)
def test_errors_name_the_bad_value(make, error, words):
    with pytest.raises(error) as info:
        make()
    for word in words:
        assert word in str(info.value)


def test_step_errors():
    opt = optim.SGD(0.1)
    with pytest.raises(TypeError, match="params\\[0\\].*int64"):
        opt.step([np.array([1, 2])], [np.array([1, 1])])
    with pytest.raises(TypeError, match="float NumPy array"):
        optim.SGD(0.1).step([[1.0, 2.0]], [[1.0, 1.0]])
    opt = optim.SGD(0.1)
    opt.step([np.zeros(2), np.zeros(3)], [np.zeros(2), np.zeros(3)])
    with pytest.raises(ValueError, match="started on 2 arrays; got 1 params"):
        opt.step([np.zeros(2)], [np.zeros(2)])
    with pytest.raises(ValueError, match=r"grad shape \(4,\)"):
        opt.step([np.zeros(2), np.zeros(3)], [np.zeros(2), np.zeros(4)])


def test_as_optimizer_passes_optimizers_builds_names_and_refuses_the_rest():
    sgd = optim.SGD(0.1)
    assert optim.as_optimizer(sgd) is sgd
    assert isinstance(optim.as_optimizer("adam"), optim.Adam)
    with pytest.raises(TypeError, match=r"step\(params, grads\)"):
        optim.as_optimizer(0.1)


def test_get_optimizer_passes_settings():
    opt = optim.get_optimizer("Nesterov", learning_rate=0.2)
    assert isinstance(opt, optim.SGD) and opt.nesterov and opt.learning_rate == 0.2
    assert "Nesterov(learning_rate=0.2" in repr(opt)


def test_exponentially_weighted_average_against_its_unrolled_sum():
    theta = np.random.default_rng(0).normal(5, 2, 30)
    beta = 0.8
    averages = optim.exponentially_weighted_average(theta, beta)
    t = np.arange(1, 31)
    unrolled = [(1 - beta) * np.sum(beta ** (k - t[:k]) * theta[:k]) for k in t]
    np.testing.assert_allclose(averages, unrolled)
    corrected = optim.exponentially_weighted_average(theta, beta, bias_correction=True)
    np.testing.assert_allclose(corrected, averages / (1 - beta**t))
    constant = optim.exponentially_weighted_average(np.full(10, 3.0), 0.9, bias_correction=True)
    np.testing.assert_allclose(constant, 3.0)  # a true average of equal values
    assert not np.allclose(optim.exponentially_weighted_average(np.full(10, 3.0), 0.9), 3.0)


def test_exponentially_weighted_average_errors():
    with pytest.raises(ValueError, match=r"beta must be a number in \[0, 1\), got 1.0"):
        optim.exponentially_weighted_average([1.0], 1.0)
    with pytest.raises(ValueError, match="1D sequence"):
        optim.exponentially_weighted_average(np.ones((2, 2)), 0.5)
