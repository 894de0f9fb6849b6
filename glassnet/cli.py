"""The ``glassnet`` command: train a network on MNIST, or open the playground.

    glassnet train                      # a small MLP on the MNIST sample shipped in the package
    glassnet train --dataset mnist --epochs 10 --batch-size 128 --optimizer adam --lr 1e-3
    glassnet playground                 # the browser playground on http://127.0.0.1:8000/
    glassnet challenge demo             # a class data challenge (init / serve / demo)

``glassnet train`` shows a progress bar per epoch, prints the test accuracy and writes
into ``--out`` (default ``glassnet_runs/latest``): ``model.keras`` (load it with
``glassnet.models.load_model``), ``loss.png`` (the loss curves), ``history.csv`` (every
epoch's numbers) and ``summary.json`` (the settings and the test results).

``history.csv`` numbers its epochs from 1, as the progress bars ("Epoch 1/5") and ``loss.png``
do. Keras's ``CSVLogger``, in your own scripts, writes ``fit``'s epoch index, from 0.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import time
from pathlib import Path

from glassnet.callbacks import CSVLogger

DATASETS = ("mnist_sample", "mnist", "fashion_mnist")
OPTIMIZERS = ("adam", "sgd", "rmsprop", "adagrad", "adamw")


def _hidden_sizes(text: str) -> list[int]:
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--hidden: expected layer widths separated by commas, like 256,128; got {text!r}") from None
    if not sizes or any(n <= 0 for n in sizes):
        raise argparse.ArgumentTypeError(f"--hidden: widths must be positive integers, got {text!r}")
    return sizes


def _positive(kind):
    def parse(text: str):
        value = kind(text)
        if value <= 0:
            raise argparse.ArgumentTypeError(f"expected a positive number, got {text}")
        return value
    return parse


def _fraction(text: str) -> float:
    value = float(text)
    if not 0.0 <= value < 1.0:
        raise argparse.ArgumentTypeError(f"expected a number in [0, 1), got {text}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="glassnet", description="glassnet: machine learning you can look inside.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    train = commands.add_parser(
        "train", help="train a multilayer perceptron on MNIST or Fashion-MNIST",
        description="Train a multilayer perceptron (Dense + ReLU, softmax output) and save the "
                    "model, its loss curve and its history. With no arguments: the MNIST sample "
                    "shipped with glassnet, offline, in well under a minute.")
    train.add_argument("--dataset", choices=DATASETS, default="mnist_sample",
                       help="mnist_sample (5,000 + 1,000 images, shipped), or the full mnist / "
                            "fashion_mnist (read from $GLASSNET_DATA, the cache, or downloaded); "
                            "default: %(default)s")
    train.add_argument("--model", choices=("mlp",), default="mlp",
                       help="the network: mlp (default)")
    train.add_argument("--hidden", type=_hidden_sizes, default=[256, 128], metavar="N[,N...]",
                       help="hidden layer widths; default: 256,128")
    train.add_argument("--dropout", type=_fraction, default=0.0,
                       help="dropout rate after each hidden layer; default: %(default)s")
    train.add_argument("--epochs", type=_positive(int), default=10, help="default: %(default)s")
    train.add_argument("--batch-size", type=_positive(int), default=64, help="default: %(default)s")
    train.add_argument("--optimizer", choices=OPTIMIZERS, default="adam",
                       help="default: %(default)s")
    train.add_argument("--lr", type=_positive(float), default=None,
                       help="learning rate; default: the optimizer's Keras default "
                            "(0.001 for adam, 0.01 for sgd)")
    train.add_argument("--validation-split", type=_fraction, default=0.1,
                       help="fraction of the training set held out to watch overfitting; "
                            "default: %(default)s")
    train.add_argument("--seed", type=int, default=0,
                       help="random seed (same seed, same result); default: %(default)s")
    train.add_argument("--out", type=Path, default=Path("glassnet_runs") / "latest",
                       help="folder for model.keras, loss.png, history.csv, summary.json; "
                            "default: %(default)s")
    train.add_argument("--verbose", type=int, choices=(0, 1, 2), default=1,
                       help="0 silent, 1 a progress bar per epoch, 2 one line per epoch")
    train.add_argument("--threads", type=int, default=None,
                       help="threads for NumPy's matrix products (0: all cores). Default: 1, "
                            "or $OPENBLAS_NUM_THREADS / $OMP_NUM_THREADS if set. For matrices "
                            "this small one thread is about as fast as two on an idle machine, "
                            "and many times faster when other programs share the cores")

    play = commands.add_parser("playground", help="open the interactive playground in a browser",
                               description="Serve the glassnet playground locally.")
    play.add_argument("--host", default="127.0.0.1",
                      help="default: %(default)s (this computer only); 0.0.0.0 serves a class on the "
                           "network, every request then needs the printed token")
    play.add_argument("--port", type=int, default=8000, help="default: %(default)s")
    play.add_argument("--no-browser", action="store_true", help="do not open a browser")
    play.add_argument("--max-tabs-per-computer", type=int, default=None, metavar="N",
                      help="tabs one computer may have open at once (default 4)")
    play.add_argument("--allowed-host", action="append", default=[], metavar="NAME",
                      help="a DNS name the server may also be reached under (repeatable)")

    from glassnet.challenge.commands import add_parser as add_challenge_parser
    add_challenge_parser(commands)
    return parser


def load_dataset(name: str):
    """(x_train, y_train), (x_test, y_test) with x as float32 rows in [0, 1]."""
    from glassnet.datasets import fashion_mnist, mnist

    if name == "mnist_sample":
        (x_train, y_train), (x_test, y_test) = mnist.load_sample()
    elif name == "mnist":
        (x_train, y_train), (x_test, y_test) = mnist.load_data()
    else:
        (x_train, y_train), (x_test, y_test) = fashion_mnist.load_data()
    prepare = lambda x: x.reshape(len(x), -1).astype("float32") / 255.0  # noqa: E731
    return (prepare(x_train), y_train.astype("int64")), (prepare(x_test), y_test.astype("int64"))


def build_mlp(n_inputs: int, hidden: list[int], n_classes: int, dropout: float):
    from glassnet import layers
    from glassnet.models import Sequential

    model = Sequential([layers.Input(shape=(n_inputs,))], name="mlp")
    for width in hidden:
        model.add(layers.Dense(width, activation="relu"))
        if dropout > 0:
            model.add(layers.Dropout(dropout))
    model.add(layers.Dense(n_classes, activation="softmax"))
    return model


class EpochsFromOneCSVLogger(CSVLogger):
    """``CSVLogger`` numbering epochs as the progress bar does (1, 2, ...), not as ``fit`` does (0, 1, ...)."""

    def on_epoch_end(self, epoch, logs=None):
        super().on_epoch_end(epoch + 1, logs)


def plot_history(history: dict, path: Path, title: str) -> None:
    """Loss (and accuracy) per epoch, training and validation, into a PNG."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    panels = [("loss", "loss (cross-entropy)")]
    if "accuracy" in history:
        panels.append(("accuracy", "accuracy"))
    figure = Figure(figsize=(5 * len(panels), 3.6), tight_layout=True)
    FigureCanvasAgg(figure)
    for i, (key, label) in enumerate(panels, start=1):
        ax = figure.add_subplot(1, len(panels), i)
        epochs = range(1, len(history[key]) + 1)
        ax.plot(epochs, history[key], marker="o", label="training")
        if "val_" + key in history:
            ax.plot(epochs, history["val_" + key], marker="o", label="validation")
        ax.set_xlabel("epoch")
        ax.set_ylabel(label)
        ax.grid(alpha=0.3)
        ax.legend()
    figure.suptitle(title)
    figure.savefig(path, dpi=100)


def train(args: argparse.Namespace) -> int:
    from glassnet import callbacks, optimizers
    from glassnet.datasets import DatasetError
    from glassnet.utils import set_random_seed

    try:
        (x_train, y_train), (x_test, y_test) = load_dataset(args.dataset)
    except DatasetError as error:
        print(f"glassnet train: {error}", file=sys.stderr)
        return 1
    set_random_seed(args.seed)
    n_classes = int(max(y_train.max(), y_test.max())) + 1
    model = build_mlp(x_train.shape[1], args.hidden, n_classes, args.dropout)
    optimizer = optimizers.get(args.optimizer)
    if args.lr is not None:
        optimizer.learning_rate = args.lr
    model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    args.out.mkdir(parents=True, exist_ok=True)
    layout = "-".join(str(n) for n in [x_train.shape[1], *args.hidden, n_classes])
    if args.verbose:
        print(f"glassnet train: {args.dataset} ({len(x_train)} training, {len(x_test)} test "
              f"images), MLP {layout}, {args.optimizer} lr={optimizer.learning_rate:g}, "
              f"batch {args.batch_size}, {args.epochs} epochs")

    start = time.perf_counter()
    history = model.fit(x_train, y_train, batch_size=args.batch_size, epochs=args.epochs,
                        validation_split=args.validation_split, verbose=args.verbose,
                        callbacks=[EpochsFromOneCSVLogger(str(args.out / "history.csv"))])
    seconds = time.perf_counter() - start
    test_loss, test_accuracy = model.evaluate(x_test, y_test, batch_size=512, verbose=0)

    model.save(str(args.out / "model.keras"))
    plot_history(history.history, args.out / "loss.png",
                 f"{args.dataset}, MLP {layout}: test accuracy {100 * test_accuracy:.2f} %")
    summary = {"dataset": args.dataset, "model": f"mlp {layout}", "dropout": args.dropout,
               "optimizer": optimizers.serialize(optimizer)["class_name"],
               "learning_rate": float(optimizer.learning_rate), "batch_size": args.batch_size,
               "epochs": args.epochs,
               "epochs_run": len(history.epoch), "seed": args.seed,
               "training_seconds": round(seconds, 2), "test_loss": float(test_loss),
               "test_accuracy": float(test_accuracy),
               "history": {k: [float(v) for v in vs] for k, vs in history.history.items()}}
    (args.out / "summary.json").write_text(json.dumps(summary, indent=2))
    print(f"Test accuracy: {100 * test_accuracy:.2f} % (test loss {test_loss:.4f}), "
          f"trained in {seconds:.1f} s")
    print(f"Saved {args.out / 'model.keras'}, {args.out / 'loss.png'}, "
          f"{args.out / 'history.csv'} and {args.out / 'summary.json'}")
    return 0


def playground(args: argparse.Namespace) -> int:
    from glassnet.playground import serve

    try:
        serve(host=args.host, port=args.port, open_browser=not args.no_browser,
              max_per_client=args.max_tabs_per_computer, allowed_hosts=args.allowed_host)
    except ImportError as error:
        print(f"glassnet playground: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        pass
    return 0


_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def limit_blas_threads(threads: int | None):
    """Keep NumPy's BLAS to ``threads`` threads (None: 1 unless the environment says otherwise).

    Before NumPy is imported the environment variables decide; afterwards threadpoolctl does.
    """
    if threads is None:
        if any(os.environ.get(name) for name in _THREAD_VARIABLES):
            return contextlib.nullcontext()
        threads = 1
    if threads <= 0:
        return contextlib.nullcontext()
    if "numpy" not in sys.modules:
        for name in _THREAD_VARIABLES:
            os.environ[name] = str(threads)
        return contextlib.nullcontext()
    from threadpoolctl import threadpool_limits
    return threadpool_limits(limits=threads, user_api="blas")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "train":
        with limit_blas_threads(args.threads):
            return train(args)
    if args.command == "challenge":
        from glassnet.challenge.commands import main as challenge_main
        return challenge_main(args)
    return playground(args)


if __name__ == "__main__":
    sys.exit(main())
