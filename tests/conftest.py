"""Shared test set-up: the Agg backend, no downloads, fast mode."""

import os

import matplotlib

matplotlib.use("Agg")
os.environ.setdefault("DLCOURSE_OFFLINE", "1")  # tests never touch the network
os.environ.setdefault("DLCOURSE_MODE", "fast")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
