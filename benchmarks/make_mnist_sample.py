"""Rebuild glassnet/datasets/data/mnist_sample.npz, the MNIST subset shipped with glassnet.

    GLASSNET_DATA=/path/to/data python benchmarks/make_mnist_sample.py

Stratified: 500 training and 100 test images of each digit, drawn without replacement
with a fixed seed, then shuffled (same seed) so the classes are mixed. The source
indices are stored beside the images, so anyone can check the sample against the
original files. The result is deterministic: running this again gives the same arrays.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from glassnet.datasets import mnist


def stratified_indices(labels: np.ndarray, per_class: int, rng: np.random.Generator) -> np.ndarray:
    chosen = [rng.choice(np.flatnonzero(labels == k), size=per_class, replace=False)
              for k in range(10)]
    indices = np.concatenate(chosen)
    rng.shuffle(indices)
    return indices


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--train-per-class", type=int, default=500)
    parser.add_argument("--test-per-class", type=int, default=100)
    parser.add_argument("--seed", type=int, default=20240101)
    parser.add_argument("--out", type=Path, default=mnist.SAMPLE_PATH)
    args = parser.parse_args()

    (x_train, y_train), (x_test, y_test) = mnist.load_data()
    rng = np.random.default_rng(args.seed)
    train_idx = stratified_indices(y_train, args.train_per_class, rng)
    test_idx = stratified_indices(y_test, args.test_per_class, rng)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out, x_train=x_train[train_idx], y_train=y_train[train_idx],
                        x_test=x_test[test_idx], y_test=y_test[test_idx],
                        train_indices=train_idx.astype(np.int32),
                        test_indices=test_idx.astype(np.int32))
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB): "
          f"{len(train_idx)} training and {len(test_idx)} test images")


if __name__ == "__main__":
    main()
