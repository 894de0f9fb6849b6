"""A generative adversarial network on MNIST, written as the lecture writes it.

    generator     G: z (100 numbers ~ N(0, 1)) → Dense 256 → 512 → 1024 (LeakyReLU 0.2) → 784 (tanh)
    discriminator D: image → Dense 1024 → 512 → 256 (LeakyReLU 0.2, Dropout 0.3) → 1 (sigmoid): "real?"
    gan           : z → G → D, trained with D frozen, to make D say "real" about G's images

    D minimises  −[y log D(x) + (1 − y) log(1 − D(x))]  on real (y = 0.9, one-sided label smoothing)
                 and generated (y = 0) images;   G minimises  −log D(G(z))  (the "non-saturating" loss)

Each step: (1) ``discriminator.trainable = True`` and D learns on a batch of real and a batch of
generated images; (2) ``discriminator.trainable = False`` and the stacked model learns with the
label "real", which moves only G (tests/models/test_trainable_switching.py checks that). Both use
Adam(2e-4, β₁ = 0.5). A grid of 25 digits drawn from the same noise is saved after every epoch.

Sample quality score (issue 11): the share of 1,000 generated images that a LeNet-5 trained in
glassnet classifies with probability ≥ 0.9 (examples/gan_scorer.py; target ≥ 70 % within 30
minutes on 2 cores). The quick default (1 epoch on 6,000 images, no score) shows the loop; the
run that checks the target is

    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 GLASSNET_DATA=/work/shared/data \\
        python examples/gan_mnist.py --epochs 14 --limit 0 --units 128,256,512 --batch-size 64 \\
        --scorer-weights lenet5_scorer.weights

(the scorer is trained and cached in that file on its first use). Each epoch prints the mean D and
G losses, D's accuracy on real and generated images, the wall and CPU times, the load average and
the score. Figures: ``examples/figures/gan_epoch_XX.png``; ``--save-generator FILE`` keeps G, and
``examples/gan_scorer.py --generators FILES`` scores saved generators afterwards.

Measured (seed 0, one BLAS thread, scorer at 98.51 % test accuracy, 1,000 images scored after
every epoch). The default network (468 steps of 128 + 128 images an epoch, 37-41 s of CPU time
an epoch): 11.9, 29.5, 38.6, 44.1, 46.4, ..., 64.2, 63.2, 67.1, 66.5 % after epochs 1-5, ..., 8-11
(418 s CPU, 693 s wall at load 2-4); stopped there by the session's deadline. A narrower one
(``--units 128,256,512 --batch-size 64``, 937 steps an epoch, about 22 s of CPU an epoch):
21.8 % after epoch 1, 58.2 % after 8, 66.5 % after 10, 70.2 % after epoch 14, in 302 s of CPU
and 481 s of wall time (load 2-4): the target, within 30 minutes, though only just: the score
wobbles by a few points (68.4 % after epoch 15, then 70.6, 74.0, 71.8 after epochs 17-19).
Every digit appears among the confident images (1s most, 5s and 2s least: no mode collapse).
Earlier runs on the machine at load 13-20 had wall times 20× their CPU times.
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

import numpy as np

import glassnet as keras
from glassnet import layers

HERE = Path(__file__).resolve().parent
FIGURES = HERE / "figures"
LATENT = 100


UNITS = (256, 512, 1024)


def build_generator(units=UNITS) -> keras.Model:
    """z → Dense units[0] → units[1] → ... (LeakyReLU 0.2) → 784 (tanh)."""
    hidden = [part for n in units for part in (layers.Dense(n), layers.LeakyReLU(0.2))]
    return keras.Sequential([keras.Input(shape=(LATENT,)), *hidden, layers.Dense(784, activation="tanh")],
                            name="generator")


def build_discriminator(units=UNITS) -> keras.Model:
    """image → Dense units[-1] → ... → units[0] (LeakyReLU 0.2, Dropout 0.3) → 1 (sigmoid)."""
    hidden = [part for n in reversed(units) for part in (layers.Dense(n), layers.LeakyReLU(0.2), layers.Dropout(0.3))]
    return keras.Sequential([keras.Input(shape=(784,)), *hidden, layers.Dense(1, activation="sigmoid")],
                            name="discriminator")


def parse_units(text: str) -> tuple[int, ...]:
    return tuple(int(n) for n in text.split(","))


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--units", type=parse_units, default=UNITS,
                        help="G's hidden widths, D's in reverse (default 256,512,1024)")
    parser.add_argument("--batch-size", type=int, default=128, help="real images per step (as many generated)")
    parser.add_argument("--limit", type=int, default=6000, help="train on the first N digits (0 = all 60,000)")
    parser.add_argument("--scorer-weights", default=None, help="LeNet-5 weights file (trained there if missing)")
    parser.add_argument("--scorer-epochs", type=int, default=3)
    parser.add_argument("--save-generator", default=None, help="save G's weights here after every epoch "
                        "('{epoch}' in the name keeps one file per epoch)")
    parser.add_argument("--figures", default=str(FIGURES), help="folder of the per-epoch grids")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    keras.utils.set_random_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    (x_train, _), _ = keras.datasets.mnist.load_data()
    x_train = x_train[:args.limit] if args.limit else x_train
    real_images = x_train.reshape(-1, 784).astype(np.float32) / 127.5 - 1   # [-1, 1], like G's tanh

    scorer = None
    if args.scorer_weights:
        sys.path.insert(0, str(HERE))
        from gan_scorer import describe, load_or_train_scorer
        scorer = load_or_train_scorer(args.scorer_weights, args.scorer_epochs, args.seed)

    generator, discriminator = build_generator(args.units), build_discriminator(args.units)
    discriminator.compile(optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5), loss="binary_crossentropy")
    z = keras.Input(shape=(LATENT,))
    gan = keras.Model(z, discriminator(generator(z)), name="gan")
    gan.compile(optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5), loss="binary_crossentropy")

    import matplotlib
    matplotlib.use("Agg")
    figures = Path(args.figures)
    figures.mkdir(parents=True, exist_ok=True)
    fixed_noise = rng.standard_normal((25, LATENT)).astype(np.float32)
    score_noise = np.random.default_rng(args.seed + 1).standard_normal((1000, LATENT)).astype(np.float32)
    batch = args.batch_size
    labels = np.concatenate([np.full((batch, 1), 0.9), np.zeros((batch, 1))]).astype(np.float32)
    fooled = np.ones((batch, 1), np.float32)
    start_wall, start_cpu = time.perf_counter(), cpu_seconds()
    scoring_wall = scoring_cpu = 0.0  # time spent scoring, left out of the training times printed
    print(f"{len(real_images)} digits, {len(real_images) // batch} steps per epoch; "
          f"load average at start {os.getloadavg()[0]:.1f}", flush=True)
    for epoch in range(1, args.epochs + 1):
        order = rng.permutation(len(real_images))
        d_losses, g_losses, d_accuracy_real, d_accuracy_fake = [], [], [], []
        for i in range(0, len(order) - batch + 1, batch):
            real = real_images[order[i:i + batch]]
            fake = generator.predict(rng.standard_normal((batch, LATENT)).astype(np.float32), verbose=0)
            discriminator.trainable = True
            d_loss = discriminator.train_on_batch(np.concatenate([real, fake]), labels)
            discriminator.trainable = False
            g_losses.append(gan.train_on_batch(rng.standard_normal((batch, LATENT)).astype(np.float32), fooled))
            d_losses.append(d_loss)
            if i == 0 or i + 2 * batch > len(order):  # D's view at the epoch's start and end
                judged = discriminator.predict_on_batch(np.concatenate([real, fake]))
                d_accuracy_real.append(np.mean(judged[:batch] > 0.5))
                d_accuracy_fake.append(np.mean(judged[batch:] < 0.5))
        samples = (generator.predict(fixed_noise, verbose=0) + 1) / 2
        keras.viz.show_images(samples, columns=5).savefig(figures / f"gan_epoch_{epoch:02d}.png", dpi=60)
        if args.save_generator:
            generator.save_weights(args.save_generator.format(epoch=epoch))
        line = (f"epoch {epoch:2d}: D loss {np.mean(d_losses):.3f}, G loss {np.mean(g_losses):.3f}, "
                f"D right on real {100 * d_accuracy_real[-1]:.0f} % / generated {100 * d_accuracy_fake[-1]:.0f} %; "
                f"training wall {time.perf_counter() - start_wall - scoring_wall:.0f} s, "
                f"CPU {cpu_seconds() - start_cpu - scoring_cpu:.0f} s, "
                f"load {os.getloadavg()[0]:.1f}")
        if scorer is not None:
            wall, cpu = time.perf_counter(), cpu_seconds()
            generated = (generator.predict(score_noise, batch_size=500, verbose=0) + 1) / 2
            line += "\n          score: " + describe(scorer, generated)
            scoring_wall += time.perf_counter() - wall
            scoring_cpu += cpu_seconds() - cpu
        print(line, flush=True)
    if scorer is None:
        print("no score: give --scorer-weights FILE to score 1,000 generated digits with a LeNet-5")


if __name__ == "__main__":
    main()
