"""A generative adversarial network on MNIST, written as the lecture writes it.

    generator     G: z (64 numbers ~ N(0, 1)) → Dense 256 → Dense 512 → Dense 784 (tanh) → 28×28 image
    discriminator D: image → Dense 512 → Dense 256 → Dense 1 (sigmoid): "is this a real digit?"
    gan           : z → G → D, trained with D frozen, to make D say "real" about G's images

Each step: (1) D learns on a half-real, half-fake batch (``discriminator.trainable = True``);
(2) D is frozen (``trainable = False``) and the stacked model learns, with labels "real", which
moves only G. A grid of generated digits is saved after every epoch.

Sample quality score (issue 11): the share of 1,000 generated images that a LeNet-5 trained in
glassnet classifies with probability ≥ 0.9 (target ≥ 70 %, within 30 minutes on 2 cores).

    GLASSNET_DATA=/work/shared/data python examples/gan_mnist.py --epochs 30

``--limit N`` trains on N images; ``--lenet FILE`` loads a saved LeNet-5 (else one is trained
for ``--lenet-epochs`` epochs). Figures: ``examples/figures/gan_epoch_XX.png``.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

import glassnet as keras
from glassnet import layers

HERE = Path(__file__).resolve().parent
FIGURES = HERE / "figures"
LATENT = 64


def build_generator() -> keras.Model:
    return keras.Sequential([keras.Input(shape=(LATENT,)),
                             layers.Dense(256), layers.LeakyReLU(0.2),
                             layers.Dense(512), layers.LeakyReLU(0.2),
                             layers.Dense(784, activation="tanh")], name="generator")


def build_discriminator() -> keras.Model:
    return keras.Sequential([keras.Input(shape=(784,)),
                             layers.Dense(512), layers.LeakyReLU(0.2), layers.Dropout(0.3),
                             layers.Dense(256), layers.LeakyReLU(0.2), layers.Dropout(0.3),
                             layers.Dense(1, activation="sigmoid")], name="discriminator")


def lenet_score(lenet, images: np.ndarray) -> float:
    """Share of images (pixels in [0, 1]) that LeNet-5 classifies with probability ≥ 0.9."""
    p = np.asarray(lenet.predict(images.reshape(-1, 28, 28, 1), verbose=0))
    return float(np.mean(p.max(axis=1) >= 0.9))


def get_lenet(path: str | None, epochs: int, x_train, y_train):
    if path:
        return keras.models.load_model(path)
    sys.path.insert(0, str(HERE))
    from lenet5_mnist import build_lenet5
    lenet = build_lenet5()
    lenet.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    lenet.fit(x_train.reshape(-1, 28, 28, 1), y_train, epochs=epochs, batch_size=64, verbose=0)
    return lenet


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--lenet", default=None)
    parser.add_argument("--lenet-epochs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    keras.utils.set_random_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    (x_train, y_train), _ = keras.datasets.mnist.load_data()
    if args.limit:
        x_train, y_train = x_train[:args.limit], y_train[:args.limit]
    x01 = x_train.reshape(-1, 784).astype(np.float32) / 255
    real_images = x01 * 2 - 1                                   # [-1, 1], like the generator's tanh

    generator, discriminator = build_generator(), build_discriminator()
    discriminator.compile(optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5), loss="binary_crossentropy")
    z = keras.Input(shape=(LATENT,))
    gan = keras.Model(z, discriminator(generator(z)), name="gan")
    gan.compile(optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5), loss="binary_crossentropy")

    import matplotlib
    matplotlib.use("Agg")
    FIGURES.mkdir(exist_ok=True)
    fixed_noise = rng.standard_normal((25, LATENT)).astype(np.float32)
    half = args.batch_size // 2
    start = time.perf_counter()
    for epoch in range(1, args.epochs + 1):
        order = rng.permutation(len(real_images))
        for i in range(0, len(order) - half + 1, half):
            real = real_images[order[i:i + half]]
            fake = np.asarray(generator.predict(rng.standard_normal((half, LATENT)).astype(np.float32), verbose=0))
            discriminator.trainable = True
            d_loss = discriminator.train_on_batch(np.concatenate([real, fake]),
                                                  np.concatenate([np.full((half, 1), 0.9), np.zeros((half, 1))]))
            discriminator.trainable = False
            g_loss = gan.train_on_batch(rng.standard_normal((args.batch_size, LATENT)).astype(np.float32),
                                        np.ones((args.batch_size, 1)))
        samples = (np.asarray(generator.predict(fixed_noise, verbose=0)) + 1) / 2
        keras.viz.show_images(samples, columns=5).savefig(FIGURES / f"gan_epoch_{epoch:02d}.png", dpi=60)
        print(f"epoch {epoch}: D loss {float(np.ravel(d_loss)[0]):.3f}, G loss {float(np.ravel(g_loss)[0]):.3f} "
              f"({time.perf_counter() - start:.0f} s)", flush=True)

    lenet = get_lenet(args.lenet, args.lenet_epochs, x01, y_train)
    noise = rng.standard_normal((1000, LATENT)).astype(np.float32)
    generated = (np.asarray(generator.predict(noise, verbose=0)) + 1) / 2
    print(f"LeNet-5 classifies {100 * lenet_score(lenet, generated):.1f} % of 1000 generated images with p ≥ 0.9 "
          f"(target ≥ 70 %); real training digits: {100 * lenet_score(lenet, x01[:1000]):.1f} %")


if __name__ == "__main__":
    main()
