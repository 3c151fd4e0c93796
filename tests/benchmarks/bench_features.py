"""Speed of dlcourse.vision (color, hog) on CIFAR-10 (a script, not collected by pytest).

Measures images per second for HOG (grey, OpenCV's colour gradient, per channel) and
colour histograms (per channel, joint RGB, hue) on all 30,000 images of the offline
mirror, best of ``--repeat`` runs. The issue's bar: HOG of 30,000 images in under 2 s.

    PYTHONPATH=. python tests/benchmarks/bench_features.py

Data: ``$DLCOURSE_DATA/cifar10.npz`` (default /work/shared/datasets), read only.
"""

import argparse
import os
import time

import numpy as np

from dlcourse.vision import color as C
from dlcourse.vision import hog as H

HOG_BUDGET_SECONDS = 2.0


def load_images():
    root = os.environ.get("DLCOURSE_DATA", "/work/shared/datasets")
    with np.load(os.path.join(root, "cifar10.npz"), allow_pickle=False) as data:
        return np.concatenate([data["x_train"], data["x_test"]])  # (30000, 32, 32, 3)


def best_time(function, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    images = load_images()
    n = len(images)
    hog = H.make_hog()
    cases = {
        "HOG grey (colour -> grey included), 8x8 cells": lambda: H.hog_features(images, hog, color="grey"),
        "HOG colour gradient (color='max')": lambda: H.hog_features(images, hog, color="max"),
        "HOG per channel (3 descriptors)": lambda: H.hog_features(images, hog, color="per_channel"),
        "HOG grey, 4x4 cells": lambda: H.hog_features(images, H.make_hog(32, 8, 4, 4), color="grey"),
        "colour histogram, channels, 16 bins": lambda: C.color_histograms(images, kind="channels", bins=16),
        "colour histogram, joint RGB, 8 bins": lambda: C.color_histograms(images, kind="joint", bins=8),
        "colour histogram, hue, 16 bins": lambda: C.color_histograms(images, kind="hue", bins=16),
    }
    print(f"{n} images {images.shape[1:]}, best of {args.repeat}")
    print(f"{'case':48s} {'seconds':>8s} {'images/s':>10s} {'dims':>6s}")
    for name, function in cases.items():
        seconds, features = best_time(function, args.repeat)
        print(f"{name:48s} {seconds:8.3f} {n / seconds:10,.0f} {features.shape[1]:6d}")
        if name.startswith("HOG grey (") and seconds > HOG_BUDGET_SECONDS:
            print(f"  SLOWER than the {HOG_BUDGET_SECONDS} s budget for {n} images")


if __name__ == "__main__":
    main()
