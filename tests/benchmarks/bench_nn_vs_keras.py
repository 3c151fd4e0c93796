"""Benchmark: the NumPy reference network against Keras, and the playground case.

Run from the repository root (a script, not collected by pytest)::

    python tests/benchmarks/bench_nn_vs_keras.py [--activation relu] [--repeats 3]

1. MNIST: one epoch on 10,000 training images of a 784-500-500-10 network (sigmoid or
   relu hidden layers, softmax output, categorical cross-entropy, SGD with learning rate
   0.5, batch size 100), in float32, NumPy and Keras measured in the same run. Each side
   first runs a short warm-up (Keras traces its training function there), then the timed
   epoch; with ``--repeats`` > 1 the best time counts. Target: NumPy within 3x of Keras.

   NumPy is timed twice: with OpenBLAS's default thread count and with one BLAS thread
   (through ``threadpoolctl``, when installed). On a machine busy with other work,
   OpenBLAS's threads wait on each other and a matrix product can get 10-30 times
   slower; one thread is then much faster. On an idle laptop the default is best.
2. Playground: 500 epochs of a 7-8-1 tanh network (tanh output, half squared error,
   batch size 10) on 250 points. Target: under 2 s.
"""

import argparse
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

from dlcourse.references import (
    nn,
    optim,  # noqa: E402
)

MNIST = os.environ.get("DLCOURSE_MNIST", "/work/shared/datasets/mnist.npz")
NUM_IMAGES = 10_000
BATCH_SIZE = 100
LEARNING_RATE = 0.5


def load_mnist(num_images):
    with np.load(MNIST, allow_pickle=False) as data:
        x = data["x_train"][:num_images].reshape(num_images, 784).astype(np.float32) / 255.0  # (n, 784)
        y = data["y_train"][:num_images].astype(np.int64)
    return x, y


def time_numpy(x, y, activation, repeats, blas_threads=None):
    if blas_threads is not None:
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=blas_threads, user_api="blas"):
            return time_numpy(x, y, activation, repeats)
    net = nn.Network([784, 500, 500, 10], activation, "softmax", dtype="float32", seed=0)
    opt = optim.SGD(LEARNING_RATE)
    net.fit(x[:1000], y[:1000], opt, epochs=1, batch_size=BATCH_SIZE)  # warm-up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        history = net.fit(x, y, opt, epochs=1, batch_size=BATCH_SIZE, shuffle=True)
        times.append(time.perf_counter() - start)
    return min(times), history["accuracy"][-1]


def time_keras(x, y, activation, repeats):
    import keras

    keras.utils.set_random_seed(0)
    model = keras.Sequential(
        [
            keras.Input((784,)),
            keras.layers.Dense(500, activation=activation),
            keras.layers.Dense(500, activation=activation),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )
    model.compile(
        optimizer=keras.optimizers.SGD(LEARNING_RATE),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    model.fit(x[:1000], y[:1000], epochs=1, batch_size=BATCH_SIZE, verbose=0)  # warm-up: tracing
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        history = model.fit(x, y, epochs=1, batch_size=BATCH_SIZE, shuffle=True, verbose=0)
        times.append(time.perf_counter() - start)
    return min(times), history.history["accuracy"][-1]


def time_playground():
    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 1, (250, 7))  # (points, features)
    y = np.where(x[:, 0] * x[:, 1] > 0, 1.0, -1.0)  # XOR-like labels, ±1
    net = nn.Network([7, 8, 1], "tanh", "tanh", seed=0)
    opt = optim.SGD(0.03)
    start = time.perf_counter()
    history = net.fit(x, y, opt, epochs=500, batch_size=10)
    return time.perf_counter() - start, history["accuracy"][-1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activation", choices=["sigmoid", "relu"], default="sigmoid")
    parser.add_argument("--repeats", type=int, default=1)
    args = parser.parse_args()

    x, y = load_mnist(NUM_IMAGES)
    numpy_runs = {"default BLAS threads": time_numpy(x, y, args.activation, args.repeats)}
    try:
        numpy_runs["1 BLAS thread"] = time_numpy(x, y, args.activation, args.repeats, blas_threads=1)
    except ImportError:
        print("(threadpoolctl not installed: NumPy timed with the default BLAS threads only)")
    t_keras, acc_keras = time_keras(x, y, args.activation, args.repeats)
    print(f"MNIST, 784-500-500-10 {args.activation}/softmax, {NUM_IMAGES} images, batch {BATCH_SIZE}, float32")
    print(f"  Keras: {t_keras:6.2f} s per epoch (train accuracy {acc_keras:.3f})")
    for label, (t_numpy, acc_numpy) in numpy_runs.items():
        ratio = t_numpy / t_keras
        print(
            f"  NumPy: {t_numpy:6.2f} s per epoch (train accuracy {acc_numpy:.3f}), {label}: "
            f"ratio NumPy / Keras {ratio:.2f} (target <= 3: {'ok' if ratio <= 3 else 'MISSED'})"
        )

    t_play, acc_play = time_playground()
    print("Playground, 7-8-1 tanh/tanh, 250 points, batch 10, 500 epochs")
    print(f"  NumPy: {t_play:6.2f} s (train accuracy {acc_play:.3f})  (target < 2 s: {'ok' if t_play < 2 else 'MISSED'})")


if __name__ == "__main__":
    main()
