"""The Python work ``fit`` adds around each batch: calls per step and time per tiny step.

A tiny network on batches of 8 spends almost all its time in the training loop's own Python
(slicing, train_step, the loss tracker, the metrics, the callbacks), so this is where a change
to the loop shows. Two figures:

* Python function calls per training step (counted by cProfile: exact, independent of the load
  of the machine) — compare two checkouts with ``PYTHONPATH``;
* the median wall time of a step (noisy on a shared machine: run it several times, alternating).

    PYTHONPATH=. python benchmarks/bench_fit_overhead.py
    PYTHONPATH=/path/to/other/checkout python benchmarks/bench_fit_overhead.py
"""
from __future__ import annotations

import cProfile
import pstats
import statistics
import time

import numpy as np

import glassnet as keras
from glassnet import layers

STEPS = 256


def tiny_model():
    model = keras.Sequential([keras.Input(shape=(20,)), layers.Dense(8), layers.Dense(10, activation="softmax")])
    model.compile("sgd", "sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def main() -> None:
    rng = np.random.default_rng(0)
    x = rng.random((8 * STEPS, 20), dtype=np.float32)
    y = rng.integers(0, 10, 8 * STEPS)
    model = tiny_model()
    model.fit(x[:64], y[:64], batch_size=8, verbose=0)  # build, warm up
    profile = cProfile.Profile()
    profile.enable()
    model.fit(x, y, batch_size=8, epochs=1, verbose=0)
    profile.disable()
    calls = pstats.Stats(profile).total_calls / STEPS
    times = []
    for _ in range(7):
        start = time.perf_counter()
        model.fit(x, y, batch_size=8, epochs=1, verbose=0)
        times.append((time.perf_counter() - start) / STEPS)
    print(f"glassnet from {keras.__file__}")
    print(f"python calls per training step: {calls:.1f}")
    print(f"time per step (batch 8, 20-8-10 network): median {statistics.median(times) * 1e6:.0f} µs, "
          f"min {min(times) * 1e6:.0f} µs over 7 epochs")


if __name__ == "__main__":
    main()
