"""Dense autoencoder 784-32-784 on MNIST: compress without labels, reconstruct, and look at the codes.

    encoder: 784 → 128 (relu) → 32          decoder: 32 → 128 (relu) → 784 (sigmoid)
    loss: mean squared error between the image and its reconstruction (pixels in [0, 1])

Target (issue 11): test reconstruction MSE ≤ 0.015 on the full MNIST (about 20 epochs).

    GLASSNET_DATA=/work/shared/data python examples/autoencoder_mnist.py --epochs 20

``--limit N`` trains on the first N images for a quick run. Saves
``examples/figures/autoencoder_reconstructions.png`` (test digits above, reconstructions below)
and ``examples/figures/autoencoder_latent.png`` (the 32-D codes of 5,000 test digits on their
first two principal axes, coloured by the digit the network was never told).
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

import glassnet as keras
from glassnet import layers

FIGURES = Path(__file__).resolve().parent / "figures"


def load(limit: int | None):
    (x_train, _), (x_test, y_test) = keras.datasets.mnist.load_data()
    x_train = x_train.reshape(len(x_train), 784).astype(np.float32) / 255
    x_test = x_test.reshape(len(x_test), 784).astype(np.float32) / 255
    return (x_train[:limit] if limit else x_train), x_test, y_test


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--latent", type=int, default=32)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    keras.utils.set_random_seed(args.seed)
    x_train, x_test, y_test = load(args.limit)

    inputs = keras.Input(shape=(784,))
    code = layers.Dense(args.latent, name="code")(layers.Dense(128, activation="relu")(inputs))
    outputs = layers.Dense(784, activation="sigmoid")(layers.Dense(128, activation="relu")(code))
    autoencoder = keras.Model(inputs, outputs, name="autoencoder")
    encoder = keras.Model(inputs, code, name="encoder")
    autoencoder.compile(optimizer=keras.optimizers.Adam(1e-3), loss="mse")
    autoencoder.summary()
    start = time.perf_counter()
    autoencoder.fit(x_train, x_train, epochs=args.epochs, batch_size=128, verbose=0,
                    validation_data=(x_test, x_test))
    mse = float(autoencoder.evaluate(x_test, x_test, batch_size=1000, verbose=0))
    print(f"test reconstruction MSE {mse:.4f} (target ≤ 0.015) after {args.epochs} epochs on {len(x_train)} "
          f"images ({time.perf_counter() - start:.0f} s)")

    import matplotlib
    matplotlib.use("Agg")
    FIGURES.mkdir(exist_ok=True)
    shown = x_test[:10]
    rebuilt = np.asarray(autoencoder.predict(shown, verbose=0))
    keras.viz.show_images(np.concatenate([shown, rebuilt]), columns=10).savefig(
        FIGURES / "autoencoder_reconstructions.png", dpi=80)
    codes = np.asarray(encoder.predict(x_test[:5000], verbose=0))
    keras.viz.plot_latent_space(codes, y_test[:5000], title="autoencoder codes, coloured by digit").savefig(
        FIGURES / "autoencoder_latent.png", dpi=80)
    print(f"saved {FIGURES / 'autoencoder_reconstructions.png'} and {FIGURES / 'autoencoder_latent.png'}")


if __name__ == "__main__":
    main()
