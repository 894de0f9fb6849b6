"""Character-level text generation: an LSTM reads Shakespeare's sonnets and writes like them (a little).

The text ships with glassnet (``glassnet.datasets.load_sonnets``: sonnets 18, 29, 116 and 130,
public domain, about 2.5 KB). Each training example is ``--window`` characters; the target is
the next character. Generation feeds the model its own output, one character at a time,
sampling from the softmax sharpened or flattened by a temperature.

    python examples/char_rnn_sonnets.py --epochs 30

Prints samples after training and saves ``examples/figures/char_rnn_loss.png``.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

import glassnet as keras
from glassnet import layers

FIGURES = Path(__file__).resolve().parent / "figures"


def sample(model, seed_text: str, chars: list[str], length: int, temperature: float, rng) -> str:
    index = {c: i for i, c in enumerate(chars)}
    window = model.input_shape[1]
    text = seed_text
    for _ in range(length):
        codes = np.array([[index[c] for c in text[-window:].rjust(window, " ")]])
        p = np.asarray(model.predict(codes, verbose=0), dtype=np.float64)[0]
        logits = np.log(np.maximum(p, 1e-12)) / temperature
        p = np.exp(logits - logits.max())
        text += chars[rng.choice(len(chars), p=p / p.sum())]
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--window", type=int, default=40)
    parser.add_argument("--units", type=int, default=128)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    keras.utils.set_random_seed(args.seed)
    text = keras.datasets.load_sonnets()
    chars = sorted(set(text) | {" "})
    index = {c: i for i, c in enumerate(chars)}
    codes = np.array([index[c] for c in text])
    starts = np.arange(len(codes) - args.window)
    x = np.stack([codes[s:s + args.window] for s in starts])
    y = codes[starts + args.window]
    print(f"{len(text)} characters, {len(chars)} distinct, {len(x)} windows of {args.window}")

    model = keras.Sequential([keras.Input(shape=(args.window,)), layers.Embedding(len(chars), 32),
                              layers.LSTM(args.units), layers.Dense(len(chars), activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(5e-3), loss="sparse_categorical_crossentropy")
    start = time.perf_counter()
    history = model.fit(x, y, epochs=args.epochs, batch_size=64, verbose=0)
    losses = history.history["loss"]
    print(f"loss {losses[0]:.3f} → {losses[-1]:.3f} in {args.epochs} epochs ({time.perf_counter() - start:.0f} s); "
          f"uniform guessing would be {np.log(len(chars)):.3f}")
    rng = np.random.default_rng(args.seed)
    for temperature in (0.5, 1.0):
        print(f"\n--- temperature {temperature} ---")
        print(sample(model, "Shall I compare thee", chars, 200, temperature, rng))

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    FIGURES.mkdir(exist_ok=True)
    figure = keras.viz.plot_history(history.history)
    figure.axes[0].axhline(np.log(len(chars)), color="grey", linestyle=":", label="uniform guess")
    figure.axes[0].legend()
    figure.savefig(FIGURES / "char_rnn_loss.png", dpi=90)
    plt.close(figure)
    print(f"\nsaved {FIGURES / 'char_rnn_loss.png'}")


if __name__ == "__main__":
    main()
