"""Forecasting noisy sine series: SimpleRNN, LSTM and GRU against a dense network and the naive forecast.

The data (``glassnet.datasets.make_sine_series``): windows of 50 steps of a sum of two sines with
random periods (12 to 40 steps) plus noise; the target is the value ``--horizon`` steps after the
window. The naive forecast repeats the last value seen. Each recurrent model must beat the
naive test MSE by at least 2×.

    python examples/sine_forecasting.py --epochs 20

Prints a table (test MSE, ratio to naive, training time) and saves
``examples/figures/sine_forecasting.png`` (forecasts of a few test windows, and the MSE bars).
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

import glassnet as keras
from glassnet import layers

FIGURES = Path(__file__).resolve().parent / "figures"


def build(kind: str, timesteps: int, units: int) -> keras.Model:
    body = {"SimpleRNN": [layers.SimpleRNN(units)], "LSTM": [layers.LSTM(units)], "GRU": [layers.GRU(units)],
            "Dense": [layers.Flatten(), layers.Dense(units, activation="relu")]}[kind]
    return keras.Sequential([keras.Input(shape=(timesteps, 1)), *body, layers.Dense(1)], name=kind.lower())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--samples", type=int, default=3000)
    parser.add_argument("--timesteps", type=int, default=50)
    parser.add_argument("--horizon", type=int, default=3)
    parser.add_argument("--units", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    keras.utils.set_random_seed(args.seed)
    X, y = keras.datasets.make_sine_series(args.samples, args.timesteps, args.horizon, noise=0.05, seed=args.seed)
    split = int(0.8 * len(X))
    (x_train, y_train), (x_test, y_test) = (X[:split], y[:split]), (X[split:], y[split:])
    naive_mse = float(np.mean((x_test[:, -1, 0] - y_test) ** 2))
    results, predictions = {"naive (last value)": (naive_mse, 0.0)}, {}
    for kind in ("Dense", "SimpleRNN", "LSTM", "GRU"):
        model = build(kind, args.timesteps, args.units)
        model.compile(optimizer=keras.optimizers.Adam(3e-3), loss="mse")
        start = time.perf_counter()
        model.fit(x_train, y_train, epochs=args.epochs, batch_size=32, verbose=0)
        seconds = time.perf_counter() - start
        mse = float(model.evaluate(x_test, y_test, verbose=0))
        results[kind] = (mse, seconds)
        predictions[kind] = np.asarray(model.predict(x_test[:3], verbose=0)).ravel()
        print(f"{kind:10s} test MSE {mse:.5f}  naive/model {naive_mse / mse:5.1f}×  ({seconds:.0f} s)", flush=True)
    print(f"{'naive':10s} test MSE {naive_mse:.5f}")
    failing = [k for k in ("SimpleRNN", "LSTM", "GRU") if naive_mse / results[k][0] < 2]
    print("every recurrent model beats naive by ≥ 2×" if not failing else f"below 2× naive: {failing}")
    save_figure(x_test, y_test, predictions, results, args.horizon)


def save_figure(x_test, y_test, predictions, results, horizon) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    figure, axes = plt.subplots(1, 4, figsize=(16, 3.5))
    steps = x_test.shape[1]
    for i, ax in enumerate(axes[:3]):
        ax.plot(np.arange(steps), x_test[i, :, 0], color="grey", label="input window")
        ax.scatter([steps - 1 + horizon], [y_test[i]], color="black", zorder=3, label="truth")
        for kind, values in predictions.items():
            ax.scatter([steps - 1 + horizon], [values[i]], marker="x", label=kind)
        ax.scatter([steps - 1 + horizon], [x_test[i, -1, 0]], marker="s", facecolors="none", edgecolors="red",
                   label="naive")
        ax.set_title(f"test window {i}")
        ax.set_xlabel("t")
    axes[0].legend(fontsize=7)
    names = list(results)
    axes[3].bar(range(len(names)), [results[n][0] for n in names], color="#4070b0")
    axes[3].set_xticks(range(len(names)), [n.split(" ")[0] for n in names], rotation=30)
    axes[3].set_yscale("log")
    axes[3].set_title("test MSE (log scale)")
    figure.tight_layout()
    FIGURES.mkdir(exist_ok=True)
    figure.savefig(FIGURES / "sine_forecasting.png", dpi=90)
    print(f"saved {FIGURES / 'sine_forecasting.png'}")


if __name__ == "__main__":
    main()
