"""Convolutional denoising autoencoder on MNIST: noisy digits in, clean digits out.

    encoder: Conv2D 32@3×3 stride 2 (relu) → Conv2D 32@3×3 stride 2 (relu)        28 → 14 → 7
    decoder: Conv2DTranspose 32@3×3 stride 2 (relu) ×2 → Conv2D 1@3×3 (sigmoid)     7 → 14 → 28

Inputs get Gaussian noise (σ = ``--noise``, clipped to [0, 1]); the target is the clean image.

    GLASSNET_DATA=/work/shared/data python examples/denoising_autoencoder.py --epochs 10

``--limit N`` trains on N images. Saves ``examples/figures/denoising.png``: noisy inputs, the
network's outputs, and the clean originals, one row each.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

import glassnet as keras
from glassnet import layers

FIGURES = Path(__file__).resolve().parent / "figures"


def build() -> keras.Model:
    return keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(32, 3, strides=2, padding="same", activation="relu"),
        layers.Conv2D(32, 3, strides=2, padding="same", activation="relu"),
        layers.Conv2DTranspose(32, 3, strides=2, padding="same", activation="relu"),
        layers.Conv2DTranspose(32, 3, strides=2, padding="same", activation="relu"),
        layers.Conv2D(1, 3, padding="same", activation="sigmoid"),
    ], name="denoiser")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--noise", type=float, default=0.5)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    keras.utils.set_random_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    (x_train, _), (x_test, _) = keras.datasets.mnist.load_data()
    x_train = (x_train[:args.limit] if args.limit else x_train)[..., None].astype(np.float32) / 255
    x_test = x_test[:1000, ..., None].astype(np.float32) / 255

    def noisy(x):
        return np.clip(x + args.noise * rng.standard_normal(x.shape).astype(np.float32), 0, 1)
    model = build()
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="binary_crossentropy")
    model.summary()
    start = time.perf_counter()
    model.fit(noisy(x_train), x_train, epochs=args.epochs, batch_size=128, verbose=0)
    x_noisy = noisy(x_test)
    cleaned = np.asarray(model.predict(x_noisy, verbose=0))
    print(f"test MSE to the clean digits: noisy input {np.mean((x_noisy - x_test) ** 2):.4f}, "
          f"denoised {np.mean((cleaned - x_test) ** 2):.4f} ({time.perf_counter() - start:.0f} s)")

    import matplotlib
    matplotlib.use("Agg")
    FIGURES.mkdir(exist_ok=True)
    keras.viz.show_images(np.concatenate([x_noisy[:10], cleaned[:10], x_test[:10]]), columns=10).savefig(
        FIGURES / "denoising.png", dpi=80)
    print(f"saved {FIGURES / 'denoising.png'} (rows: noisy, denoised, clean)")


if __name__ == "__main__":
    main()
