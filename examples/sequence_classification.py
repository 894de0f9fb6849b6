"""Classifying signals by their shape over time with an LSTM (and a look inside it).

``glassnet.datasets.make_signal_classes``: noisy sines, square waves and single bumps, 40 steps each.
No single time step tells the class; the LSTM must read the whole sequence.

    python examples/sequence_classification.py --epochs 10

Prints the test accuracy and saves ``examples/figures/sequence_classification.png`` (one signal
of each class) and ``examples/figures/sequence_classification_lstm.png`` (the LSTM unrolled on
a bump: its states, gates and the gradient reaching each step).
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

import glassnet as keras
from glassnet import layers

FIGURES = Path(__file__).resolve().parent / "figures"
CLASSES = ("sine", "square", "bump")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--samples", type=int, default=1500)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    keras.utils.set_random_seed(args.seed)
    X, y = keras.datasets.make_signal_classes(args.samples, seed=args.seed)
    split = int(0.8 * len(X))
    model = keras.Sequential([keras.Input(shape=X.shape[1:]), layers.LSTM(16), layers.Dense(3, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(5e-3), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    start = time.perf_counter()
    model.fit(X[:split], y[:split], epochs=args.epochs, batch_size=32, verbose=0)
    _, accuracy = model.evaluate(X[split:], y[split:], verbose=0)
    print(f"test accuracy {100 * accuracy:.1f} % after {args.epochs} epochs ({time.perf_counter() - start:.0f} s)")

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    FIGURES.mkdir(exist_ok=True)
    figure, axes = plt.subplots(1, 3, figsize=(12, 2.8), sharey=True)
    for label, ax in enumerate(axes):
        ax.plot(X[np.flatnonzero(y == label)[0], :, 0])
        ax.set_title(f"class {label}: {CLASSES[label]}")
    figure.tight_layout()
    figure.savefig(FIGURES / "sequence_classification.png", dpi=90)

    lstm = model.layers[0]
    bump = keras.Tensor(X[np.flatnonzero(y == 2)[:1]])
    probabilities = model(bump)
    _log_probability_of(probabilities, 2).backward()      # BPTT: how much each step mattered
    keras.viz.plot_recurrent_states(lstm).savefig(FIGURES / "sequence_classification_lstm.png", dpi=80)
    print(f"saved {FIGURES / 'sequence_classification.png'} and {FIGURES / 'sequence_classification_lstm.png'}")


def _log_probability_of(probabilities, label: int):
    """log p(label) of the first sample, as a Tensor (so that backward() reaches every step of the LSTM)."""
    from glassnet.ops import math as math_ops
    pick = np.zeros(probabilities.shape, dtype=probabilities.dtype)
    pick[0, label] = 1
    return math_ops.sum(math_ops.log(probabilities) * keras.Tensor(pick))


if __name__ == "__main__":
    main()
