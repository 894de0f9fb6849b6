"""A variational autoencoder on MNIST with a 2-D latent space, trained by a hand-written loop.

    encoder: x → Dense 256 (relu) → (μ, log σ²), 2 numbers each
    sample : z = μ + σ ⊙ ε,  ε ~ N(0, I)          (the reparameterisation trick: z is differentiable in μ, σ)
    decoder: z → Dense 256 (relu) → Dense 784 (sigmoid)
    loss   : reconstruction Σ_pixels BCE(x, x̂)  +  KL(N(μ, σ²) ‖ N(0, I)) = −½ Σ (1 + log σ² − μ² − σ²)

Keras writes the KL term with ``self.add_loss`` inside a layer; this branch of glassnet has no
``add_loss`` yet, so the loop below computes both terms itself (the same mathematics).

    GLASSNET_DATA=/work/shared/data python examples/vae_mnist.py --epochs 20

Saves ``examples/figures/vae_latent.png`` (test codes μ coloured by digit) and
``examples/figures/vae_grid.png`` (what each point of the latent plane decodes to).
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

import glassnet as keras
from glassnet import layers
from glassnet.autodiff import Tensor
from glassnet.ops import math as m

FIGURES = Path(__file__).resolve().parent / "figures"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    keras.utils.set_random_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    (x_train, _), (x_test, y_test) = keras.datasets.mnist.load_data()
    x_train = (x_train[:args.limit] if args.limit else x_train).reshape(-1, 784).astype(np.float32) / 255
    x_test = x_test.reshape(-1, 784).astype(np.float32) / 255

    x_in = keras.Input(shape=(784,))
    hidden = layers.Dense(256, activation="relu")(x_in)
    encoder = keras.Model(x_in, [layers.Dense(2, name="mu")(hidden), layers.Dense(2, name="log_var")(hidden)])
    decoder = keras.Sequential([keras.Input(shape=(2,)), layers.Dense(256, activation="relu"),
                                layers.Dense(784, activation="sigmoid")], name="decoder")
    optimizer = keras.optimizers.Adam(1e-3)
    weights = encoder.trainable_weights + decoder.trainable_weights
    start = time.perf_counter()
    for epoch in range(1, args.epochs + 1):
        order, total = rng.permutation(len(x_train)), 0.0
        for i in range(0, len(order), 128):
            x = x_train[order[i:i + 128]]
            mu, log_var = encoder(x, training=True)
            eps = Tensor(rng.standard_normal(mu.shape).astype(np.float32))
            z = mu + m.exp(log_var * 0.5) * eps
            x_hat = m.clip(decoder(z, training=True), 1e-6, 1 - 1e-6)
            target = Tensor(x)
            reconstruction = -m.sum(target * m.log(x_hat) + (1 - target) * m.log(1 - x_hat)) / len(x)
            kl = -0.5 * m.sum(1 + log_var - mu * mu - m.exp(log_var)) / len(x)
            loss = reconstruction + kl
            loss.backward()
            optimizer.apply_gradients([(w.grad, w) for w in weights])
            total += float(loss.data) * len(x)
        print(f"epoch {epoch}: loss per image {total / len(x_train):.1f} ({time.perf_counter() - start:.0f} s)",
              flush=True)

    import matplotlib
    matplotlib.use("Agg")
    FIGURES.mkdir(exist_ok=True)
    mu_test = np.asarray(encoder.predict(x_test[:5000], verbose=0)[0])
    keras.viz.plot_latent_space(mu_test, y_test[:5000], title="VAE: μ of 5,000 test digits").savefig(
        FIGURES / "vae_latent.png", dpi=80)
    keras.viz.plot_latent_grid(decoder, extent=2.5, n=15).savefig(FIGURES / "vae_grid.png", dpi=80)
    print(f"saved {FIGURES / 'vae_latent.png'} and {FIGURES / 'vae_grid.png'}")


if __name__ == "__main__":
    main()
