"""A simple, honest sample-quality score for MNIST generators: how sure is a LeNet-5 of each image?

    score = share of the generated images x for which max_k p(k | x) ≥ 0.9,
            p = a LeNet-5 trained in glassnet on the 60,000 MNIST training digits (≥ 98.5 % test accuracy)

Real test digits score about 98 %. A generator can cheat this score by drawing one easy digit
again and again (mode collapse), so ``describe`` also prints how the confident images spread over
the ten classes: a fair generator gives each about a tenth.

The scorer is trained once and its weights cached in the file given (``--scorer-weights``):

    GLASSNET_DATA=/work/shared/data python examples/gan_scorer.py --scorer-weights lenet5_scorer.weights --epochs 3
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

import glassnet as keras

sys.path.insert(0, str(Path(__file__).resolve().parent))
from lenet5_mnist import build_lenet5, load_mnist  # noqa: E402  (a sibling example)

REQUIRED_ACCURACY = 0.985


def train_scorer(epochs: int = 3, seed: int = 0, limit: int | None = None) -> keras.Model:
    """LeNet-5 trained with Adam (1e-3, × 0.8 per epoch) and batch 64 on the MNIST training digits."""
    keras.utils.set_random_seed(seed)
    (x_train, y_train), _ = load_mnist(limit)
    lenet = build_lenet5(dropout=0.3)
    steps = -(-len(x_train) // 64)
    schedule = keras.optimizers.schedules.ExponentialDecay(1e-3, decay_steps=steps, decay_rate=0.8, staircase=True)
    lenet.compile(optimizer=keras.optimizers.Adam(schedule), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    lenet.fit(x_train, y_train, epochs=epochs, batch_size=64, verbose=0)
    return lenet


def mnist_test_accuracy(lenet: keras.Model) -> float:
    _, (x_test, y_test) = load_mnist()
    predicted = np.asarray(lenet.predict(x_test, batch_size=1000, verbose=0)).argmax(axis=1)
    return float(np.mean(predicted == y_test))


def load_or_train_scorer(path: str | Path, epochs: int = 3, seed: int = 0,
                         required: float = REQUIRED_ACCURACY) -> keras.Model:
    """The LeNet-5 whose weights are cached in ``path``; trained and saved there when the file is missing.

    Raises if its MNIST test accuracy is below ``required`` (a weak scorer would make the score meaningless).
    """
    path = Path(path)
    if path.exists():
        lenet = build_lenet5(dropout=0.3)
        lenet.load_weights(path)
    else:
        start = time.perf_counter()
        lenet = train_scorer(epochs, seed)
        print(f"scorer: LeNet-5 trained for {epochs} epochs in {time.perf_counter() - start:.0f} s", flush=True)
    accuracy = mnist_test_accuracy(lenet)
    print(f"scorer: LeNet-5 test accuracy {100 * accuracy:.2f} % (required ≥ {100 * required:.1f} %)", flush=True)
    if accuracy < required:
        raise RuntimeError(f"the LeNet-5 scorer reaches {100 * accuracy:.2f} % on the MNIST test digits, "
                           f"below the {100 * required:.1f} % the score needs; train it longer (--epochs)")
    if not path.exists():
        lenet.save_weights(path)
        print(f"scorer: weights saved to {path}", flush=True)
    return lenet


def confident(lenet: keras.Model, images: np.ndarray, threshold: float = 0.9) -> tuple[np.ndarray, np.ndarray]:
    """For images with pixels in [0, 1]: (is max probability ≥ threshold, predicted class), one per image."""
    p = np.asarray(lenet.predict(np.asarray(images, np.float32).reshape(-1, 28, 28, 1), batch_size=500, verbose=0))
    return p.max(axis=1) >= threshold, p.argmax(axis=1)


def score(lenet: keras.Model, images: np.ndarray, threshold: float = 0.9) -> float:
    """Share of the images (pixels in [0, 1]) classified with probability ≥ threshold."""
    return float(np.mean(confident(lenet, images, threshold)[0]))


def describe(lenet: keras.Model, images: np.ndarray, threshold: float = 0.9) -> str:
    """The score and how the confident images spread over the digits (a sign of mode collapse)."""
    sure, classes = confident(lenet, images, threshold)
    counts = np.bincount(classes[sure], minlength=10)
    spread = " ".join(f"{digit}:{count}" for digit, count in enumerate(counts))
    return (f"{100 * sure.mean():.1f} % of {len(images)} classified with p ≥ {threshold} "
            f"(confident ones per digit {spread})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scorer-weights", required=True, help="cache file of the LeNet-5's weights")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--generators", nargs="*", default=[],
                        help="generator weights saved by gan_mnist.py --save-generator, to score")
    parser.add_argument("--units", default="256,512,1024", help="their hidden widths (gan_mnist.py --units)")
    args = parser.parse_args()
    lenet = load_or_train_scorer(args.scorer_weights, args.epochs, args.seed)
    if args.generators:
        from gan_mnist import LATENT, build_generator, parse_units
        noise = np.random.default_rng(args.seed + 1).standard_normal((1000, LATENT)).astype(np.float32)
        for path in args.generators:   # the same 1,000 noise vectors as gan_mnist.py's score
            generator = build_generator(parse_units(args.units))
            generator.load_weights(path)
            print(f"{path}: " + describe(lenet, (generator.predict(noise, batch_size=500, verbose=0) + 1) / 2))
        return
    _, (x_test, _) = load_mnist()
    print("real test digits:", describe(lenet, x_test[:1000]))
    noise = np.random.default_rng(0).uniform(0, 1, (1000, 28, 28, 1)).astype(np.float32)
    print("uniform noise   :", describe(lenet, noise))


if __name__ == "__main__":
    main()
