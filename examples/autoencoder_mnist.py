"""Dense autoencoder 784-32-784 on MNIST: compress without labels, reconstruct, and look at the codes.

    encoder: x (784 pixels in [0, 1]) → code h = relu(x·W₁ + b₁), 32 numbers
    decoder: x̂ = sigmoid(h·W₂ + b₂), 784 pixels
    loss   : binary cross-entropy −Σ [x log x̂ + (1 − x) log(1 − x̂)] / 784, averaged over the batch
             (``--loss mse`` trains on the squared error instead); Adam(2e-3), batch 256

The figure of merit (issue 11) is the test reconstruction error, mean over pixels of (x − x̂)²,
target ≤ 0.015. The quick default (2 epochs) shows the idea; the measured run is

    GLASSNET_DATA=/work/shared/data python examples/autoencoder_mnist.py --epochs 10

which gave, on the full 60,000 training digits (seed 0, one BLAS thread): test MSE 0.0311, 0.0203,
0.0153, 0.0127 (below the target from epoch 4 on), ..., 0.0100 after epoch 10, in 17 s of CPU time
(20.5 s for the whole process; its wall time, 7 min 44 s, was inflated by a machine shared with
other jobs at load 12-17). ``--limit N`` trains on the first N images.
It prints the test MSE after every epoch and saves ``examples/figures/autoencoder_reconstructions.png``
(test digits above, their reconstructions below) and ``examples/figures/autoencoder_latent.png``
(the 32-D codes of 5,000 test digits on their first two principal axes, coloured by the digit
the network was never told; ``glassnet.viz.plot_latent_space``).
"""
from __future__ import annotations

import argparse
import os
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


class TestReconstruction(keras.callbacks.Callback):
    """Prints the test reconstruction MSE, the wall and the CPU time after every epoch."""

    def __init__(self, x_test):
        super().__init__()
        self.x_test, self.mse = x_test, []
        self.start_wall, self.start_cpu = time.perf_counter(), time.process_time()

    def on_epoch_end(self, epoch, logs=None):
        rebuilt = np.asarray(self.model.predict(self.x_test, batch_size=1000, verbose=0))
        self.mse.append(float(np.mean((rebuilt - self.x_test) ** 2)))
        print(f"epoch {epoch + 1:2d}: training loss {logs['loss']:.4f}, test MSE {self.mse[-1]:.4f} "
              f"(wall {time.perf_counter() - self.start_wall:.0f} s, CPU {time.process_time() - self.start_cpu:.0f} s, "
              f"load {os.getloadavg()[0]:.1f})", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--latent", type=int, default=32)
    parser.add_argument("--loss", default="binary_crossentropy", choices=["binary_crossentropy", "mse"])
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--figures", default=str(FIGURES), help="folder the pictures are saved in")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    keras.utils.set_random_seed(args.seed)
    x_train, x_test, y_test = load(args.limit)

    inputs = keras.Input(shape=(784,))
    code = layers.Dense(args.latent, activation="relu", name="code")(inputs)
    outputs = layers.Dense(784, activation="sigmoid", name="reconstruction")(code)
    autoencoder = keras.Model(inputs, outputs, name="autoencoder")
    encoder = keras.Model(inputs, code, name="encoder")
    autoencoder.compile(optimizer=keras.optimizers.Adam(args.lr), loss=args.loss)
    autoencoder.summary()
    report = TestReconstruction(x_test)
    autoencoder.fit(x_train, x_train, epochs=args.epochs, batch_size=args.batch_size, verbose=0, callbacks=[report])
    print(f"test reconstruction MSE {report.mse[-1]:.4f} (target ≤ 0.015) after {args.epochs} epochs on "
          f"{len(x_train)} images")

    import matplotlib
    matplotlib.use("Agg")
    figures = Path(args.figures)
    figures.mkdir(parents=True, exist_ok=True)
    shown = x_test[:10]
    rebuilt = np.asarray(autoencoder.predict(shown, verbose=0))
    keras.viz.show_images(np.concatenate([shown, rebuilt]), columns=10).savefig(
        figures / "autoencoder_reconstructions.png", dpi=80)
    codes = np.asarray(encoder.predict(x_test[:5000], verbose=0))
    keras.viz.plot_latent_space(codes, y_test[:5000], title="autoencoder codes, coloured by digit").savefig(
        figures / "autoencoder_latent.png", dpi=80)
    print(f"saved {figures / 'autoencoder_reconstructions.png'} and {figures / 'autoencoder_latent.png'}")


if __name__ == "__main__":
    main()
