"""The generative examples (autoencoder, VAE, GAN) run in a short mode and learn something.

They read the real MNIST files ($GLASSNET_DATA, set by conftest.py when ../shared/data exists)
and are skipped without them. Pictures go to a temporary folder, never to examples/figures.
"""
from __future__ import annotations

import importlib.util
import os
import re
import sys
from pathlib import Path

import numpy as np
import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _mnist_available() -> bool:
    root = os.environ.get("GLASSNET_DATA")
    return bool(root) and any((Path(root) / sub / "t10k-images-idx3-ubyte.gz").exists() for sub in ("mnist", "."))


pytestmark = pytest.mark.skipif(not _mnist_available(), reason="the MNIST files are not available (GLASSNET_DATA)")


def _run(name: str, argv: list[str], monkeypatch, capsys) -> str:
    spec = importlib.util.spec_from_file_location(f"example_{name}", EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    monkeypatch.syspath_prepend(str(EXAMPLES))
    spec.loader.exec_module(module)
    monkeypatch.setattr(sys, "argv", [name, *argv])
    module.main()
    return capsys.readouterr().out


def _numbers_after(label: str, text: str) -> list[float]:
    return [float(x) for x in re.findall(label + r" ([0-9.]+)", text)]


def test_autoencoder_reconstruction_improves(tmp_path, monkeypatch, capsys):
    out = _run("autoencoder_mnist", ["--epochs", "2", "--limit", "3000", "--figures", str(tmp_path)],
               monkeypatch, capsys)
    mse = _numbers_after("test MSE", out)
    assert len(mse) == 2 and mse[1] < mse[0] < 0.2, out
    for picture in ("autoencoder_reconstructions.png", "autoencoder_latent.png"):
        assert (tmp_path / picture).stat().st_size > 1000


def test_vae_reconstruction_falls_and_kl_is_trained(tmp_path, monkeypatch, capsys):
    out = _run("vae_mnist", ["--epochs", "2", "--limit", "3000", "--figures", str(tmp_path)], monkeypatch, capsys)
    reconstruction, kl = _numbers_after("reconstruction", out), _numbers_after(r"\+ KL", out)
    assert len(reconstruction) == 2 and reconstruction[1] < reconstruction[0], out
    assert all(0 < k < 50 for k in kl), out  # the added KL term is computed, finite and kept in check
    for picture in ("vae_latent.png", "vae_grid.png"):
        assert (tmp_path / picture).stat().st_size > 1000


def test_gan_loop_runs_and_saves_a_grid_and_the_generator(tmp_path, monkeypatch, capsys):
    saved = tmp_path / "g.weights"
    out = _run("gan_mnist", ["--epochs", "1", "--limit", "512", "--units", "32,64,128", "--figures", str(tmp_path),
                             "--save-generator", str(saved)], monkeypatch, capsys)
    assert re.search(r"epoch  1: D loss [0-9.]+, G loss [0-9.]+", out), out
    assert (tmp_path / "gan_epoch_01.png").stat().st_size > 1000
    import glassnet as keras
    module = sys.modules.get("gan_mnist") or __import__("gan_mnist")
    generator = module.build_generator((32, 64, 128))
    generator.load_weights(saved)
    images = np.asarray(generator.predict(np.zeros((2, module.LATENT), np.float32), verbose=0))
    assert images.shape == (2, 784) and np.all(np.abs(images) <= 1)
    assert keras  # the package the example trained with


def test_vae_kl_added_by_add_loss_holds_the_codes_in(monkeypatch):
    """Trained without the KL term that Sampling adds, the codes drift far from N(0, I)."""
    monkeypatch.syspath_prepend(str(EXAMPLES))
    import glassnet as keras
    import vae_mnist
    (x, _), (x_test, _) = keras.datasets.mnist.load_data()
    x = x[:2000].reshape(-1, 784).astype(np.float32) / 255
    x_test = x_test[:500].reshape(-1, 784).astype(np.float32) / 255
    kl = {}
    for with_kl in (True, False):
        keras.utils.set_random_seed(0)
        if not with_kl:
            monkeypatch.setattr(vae_mnist.Sampling, "add_loss", lambda self, loss: None)
        vae, encoder, decoder = vae_mnist.build_vae(0)
        vae.compile(optimizer=keras.optimizers.Adam(1e-3), loss=vae_mnist.reconstruction_loss)
        vae.fit(x, x, epochs=3, batch_size=128, verbose=0)
        kl[with_kl] = vae_mnist.numpy_terms(encoder, decoder, x_test, np.random.default_rng(0))[1]
    assert kl[True] < 15 and kl[False] > 3 * kl[True], kl
