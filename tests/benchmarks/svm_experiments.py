"""SVM accuracy experiments on CIFAR-10 features (a script, not collected by pytest).

Feature sets are named below; each run prints one JSON line (and appends it to --log):
feature set, dimensions, SVM settings, accuracies, fit and predict times.

    python tests/benchmarks/svm_experiments.py --features hog8 --C 10            # test split
    python tests/benchmarks/svm_experiments.py --features hog8 --C 1 3 10 --val  # validation

``--val`` trains on the first 16,000 training images and scores the last 4,000 (a
validation split; the test set is not touched). Without it: train on all 20,000, score the
10,000 test images and a fixed 5,000-image subset of the training set. Heavy: run one at
a time on a shared machine. Data: the offline mirror, DLCOURSE_DATA or
/work/shared/datasets/cifar10.npz.
"""

import argparse
import json
import os
import time

import numpy as np

from dlcourse.vision import color as colour
from dlcourse.vision import hog as H
from dlcourse.vision import svm


def _hog(images, cell=8, block_cells=2, stride=None, bins=9, signed=False, color="grey"):
    hog = H.make_hog(
        (32, 32), block_cells * cell, stride or cell, cell, bins, signed_gradient=signed
    )
    return H.hog_features(images, hog, color=color)


FEATURES = {
    "hog8": lambda x: _hog(x),
    "hog8_sqrt": lambda x: np.sqrt(_hog(x)),
    "hog8_signed": lambda x: _hog(x, signed=True),
    "hog8_signed_sqrt": lambda x: np.sqrt(_hog(x, signed=True)),
    "hog8_12bins_sqrt": lambda x: np.sqrt(_hog(x, bins=12)),
    "hog8_max_sqrt": lambda x: np.sqrt(_hog(x, color="max")),
    "hog8_perchannel_sqrt": lambda x: np.sqrt(_hog(x, color="per_channel")),
    "hog4_sqrt": lambda x: np.sqrt(_hog(x, cell=4)),
    "hog4s8_sqrt": lambda x: np.sqrt(_hog(x, cell=4, stride=8)),
    "hog8s4_sqrt": lambda x: np.sqrt(_hog(x, stride=4)),
    "hog8_sqrt+hog4s8_sqrt": lambda x: np.hstack([np.sqrt(_hog(x)), np.sqrt(_hog(x, cell=4, stride=8))]),
    "hog8_signed+rgb16_sqrt": lambda x: np.hstack(
        [_hog(x, signed=True), np.sqrt(colour.color_histograms(x, kind="channels", bins=16))]
    ),
    "hog8_signed_sqrt+rgb16_sqrt": lambda x: np.hstack(
        [np.sqrt(_hog(x, signed=True)), np.sqrt(colour.color_histograms(x, kind="channels", bins=16))]
    ),
    "hue16": lambda x: colour.color_histograms(x, kind="hue", bins=16),
    "rgb16": lambda x: colour.color_histograms(x, kind="channels", bins=16),
    "rgb16_sqrt": lambda x: np.sqrt(colour.color_histograms(x, kind="channels", bins=16)),
    "joint8_sqrt": lambda x: np.sqrt(colour.color_histograms(x, kind="joint", bins=8)),
    "joint4_sqrt": lambda x: np.sqrt(colour.color_histograms(x, kind="joint", bins=4)),
    "hog8_sqrt+hue16": lambda x: np.hstack([np.sqrt(_hog(x)), colour.color_histograms(x, kind="hue", bins=16)]),
    "hog8_sqrt+joint4_sqrt": lambda x: np.hstack(
        [np.sqrt(_hog(x)), np.sqrt(colour.color_histograms(x, kind="joint", bins=4))]
    ),
    "hog8_sqrt+rgb16_sqrt": lambda x: np.hstack(
        [np.sqrt(_hog(x)), np.sqrt(colour.color_histograms(x, kind="channels", bins=16))]
    ),
}


def load_cifar10():
    root = os.environ.get("DLCOURSE_DATA", "/work/shared/datasets")
    with np.load(os.path.join(root, "cifar10.npz"), allow_pickle=False) as data:
        return (data["x_train"], data["y_train"].ravel()), (data["x_test"], data["y_test"].ravel())


def run(name, C, gamma_factor, backend, kernel, val, num_train):
    (x_train, y_train), (x_test, y_test) = load_cifar10()
    if val:
        (x_train, y_train), (x_test, y_test) = (
            (x_train[:16000], y_train[:16000]), (x_train[16000:], y_train[16000:])
        )
    x_train, y_train = x_train[:num_train], y_train[:num_train]
    start = time.perf_counter()
    X_train, X_test = FEATURES[name](x_train), FEATURES[name](x_test)
    feature_time = time.perf_counter() - start
    gamma = "scale" if gamma_factor == 1 else gamma_factor / X_train.shape[1]
    model = svm.SVMClassifier(backend=backend, kernel=kernel, C=C, gamma=gamma)
    start = time.perf_counter()
    model.fit(X_train, y_train)
    fit_time = time.perf_counter() - start
    start = time.perf_counter()
    test_acc = model.score(X_test, y_test)
    predict_time = time.perf_counter() - start
    train_acc = model.score(X_train[:5000], y_train[:5000])
    return {
        "features": name, "dims": X_train.shape[1], "backend": backend, "kernel": kernel,
        "C": C, "gamma": "scale" if gamma_factor == 1 else f"{gamma_factor}/d",
        "split": "val" if val else "test", "num_train": len(X_train),
        "train_acc_5k": round(train_acc, 4), ("val_acc" if val else "test_acc"): round(test_acc, 4),
        "feature_s": round(feature_time, 2), "fit_s": round(fit_time, 1),
        "predict_s": round(predict_time, 1),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--features", nargs="+", required=True, choices=sorted(FEATURES))
    parser.add_argument("--C", type=float, nargs="+", default=[10.0])
    parser.add_argument("--gamma", type=float, nargs="+", default=[1.0],
                        help="multiples of 1/d ('scale' on standardized features)")
    parser.add_argument("--backend", default="sklearn", choices=svm.SVM_BACKENDS)
    parser.add_argument("--kernel", default="rbf", choices=svm.SVM_KERNELS)
    parser.add_argument("--val", action="store_true", help="validation split, not test")
    parser.add_argument("--num-train", type=int, default=20000)
    parser.add_argument("--log", default="/tmp/svm_experiments.jsonl")
    args = parser.parse_args()
    for name in args.features:
        for C in args.C:
            for gamma in args.gamma:
                row = run(name, C, gamma, args.backend, args.kernel, args.val, args.num_train)
                line = json.dumps(row)
                print(line, flush=True)
                with open(args.log, "a") as log:
                    log.write(line + "\n")


if __name__ == "__main__":
    main()
