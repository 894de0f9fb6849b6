"""Tests for glassnet/cli.py: `glassnet train` end to end (tiny settings) and `glassnet playground`."""
import csv
import re
import json

import numpy as np
import pytest

from glassnet import cli


def test_train_on_the_shipped_sample_writes_model_plot_and_history(tmp_path, capsys):
    out = tmp_path / "run"
    code = cli.main(["train", "--epochs", "2", "--hidden", "32", "--batch-size", "128",
                     "--out", str(out), "--verbose", "1"])
    assert code == 0
    printed = capsys.readouterr().out
    assert "Epoch 1/2" in printed and "Epoch 2/2" in printed  # a progress bar per epoch
    assert "Test accuracy:" in printed
    for name in ["model.keras", "loss.png", "history.csv", "summary.json"]:
        assert (out / name).stat().st_size > 0
    assert (out / "loss.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    summary = json.loads((out / "summary.json").read_text())
    assert summary["model"] == "mlp 784-32-10" and summary["epochs_run"] == 2
    assert summary["test_accuracy"] > 0.75  # two epochs on 4,500 digits
    assert f"{100 * summary['test_accuracy']:.2f} %" in printed
    rows = list(csv.DictReader((out / "history.csv").open()))
    assert len(rows) == 2 and {"loss", "accuracy", "val_loss", "val_accuracy"} <= set(rows[0])
    # numbered as the progress bars print them ("Epoch 1/2"), with the history's own numbers
    assert [row["epoch"] for row in rows] == ["1", "2"]
    assert [float(row["loss"]) for row in rows] == pytest.approx(summary["history"]["loss"])

    from glassnet.datasets import mnist
    from glassnet.models import load_model
    model = load_model(str(out / "model.keras"))
    _, (x_test, y_test) = mnist.load_sample()
    predictions = model.predict(x_test.reshape(-1, 784).astype("float32") / 255, verbose=0)
    accuracy = float(np.mean(predictions.argmax(axis=1) == y_test))
    assert accuracy == pytest.approx(summary["test_accuracy"], abs=1e-6)


def test_same_seed_same_result(tmp_path):
    args = ["train", "--epochs", "1", "--hidden", "16", "--dropout", "0.1", "--verbose", "0",
            "--batch-size", "256"]
    cli.main(args + ["--out", str(tmp_path / "a")])
    cli.main(args + ["--out", str(tmp_path / "b")])
    a = json.loads((tmp_path / "a" / "summary.json").read_text())
    b = json.loads((tmp_path / "b" / "summary.json").read_text())
    assert a["history"] == b["history"] and a["test_loss"] == b["test_loss"]


def test_optimizer_and_learning_rate_options(tmp_path):
    out = tmp_path / "sgd"
    cli.main(["train", "--epochs", "1", "--hidden", "16", "--optimizer", "sgd", "--lr", "0.05",
              "--validation-split", "0", "--verbose", "0", "--out", str(out)])
    summary = json.loads((out / "summary.json").read_text())
    assert summary["optimizer"] == "SGD" and summary["learning_rate"] == pytest.approx(0.05)
    assert "val_loss" not in summary["history"]


def test_missing_full_dataset_gives_a_clear_message(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("GLASSNET_DATA", str(tmp_path / "nowhere"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("GLASSNET_OFFLINE", "1")
    assert cli.main(["train", "--dataset", "fashion_mnist", "--out", str(tmp_path / "x")]) == 1
    err = capsys.readouterr().err
    assert "fashion-mnist" in err and "GLASSNET_DATA" in err


@pytest.mark.parametrize("args, message", [
    (["train", "--dataset", "cifar10"], "invalid choice"),
    (["train", "--hidden", "12,abc"], "--hidden"),
    (["train", "--epochs", "0"], "positive"),
    (["train", "--dropout", "1.5"], r"\[0, 1\)"),
    ([], "required"),
])
def test_bad_arguments_are_named(args, message, capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(args)
    assert exit_info.value.code == 2
    assert re.search(message, capsys.readouterr().err)


def test_playground_command_calls_serve(monkeypatch):
    import glassnet.playground
    calls = []
    monkeypatch.setattr(glassnet.playground, "serve", lambda **kw: calls.append(kw))
    assert cli.main(["playground", "--port", "8123", "--no-browser"]) == 0
    assert calls == [{"host": "127.0.0.1", "port": 8123, "open_browser": False, "max_per_client": None,
                      "allowed_hosts": []}]
    assert cli.main(["playground", "--host", "0.0.0.0", "--max-tabs-per-computer", "2",
                     "--allowed-host", "lab.example", "--no-browser"]) == 0
    assert calls[-1] == {"host": "0.0.0.0", "port": 8000, "open_browser": False, "max_per_client": 2,
                         "allowed_hosts": ["lab.example"]}


def test_blas_thread_limit(monkeypatch):
    import threadpoolctl
    with cli.limit_blas_threads(1):
        blas = [i for i in threadpoolctl.threadpool_info() if i["user_api"] == "blas"]
        assert blas and all(i["num_threads"] == 1 for i in blas)
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "3")
    with cli.limit_blas_threads(None):  # the user's environment wins over the default
        pass
    assert isinstance(cli.limit_blas_threads(None), type(cli.contextlib.nullcontext()))
    assert isinstance(cli.limit_blas_threads(0), type(cli.contextlib.nullcontext()))
