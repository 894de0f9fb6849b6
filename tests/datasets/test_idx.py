"""Tests for glassnet/datasets/_idx.py: IDX parsing, the search order, checksums, downloads."""
import gzip
import hashlib
import http.server
import struct
import threading
from pathlib import Path

import numpy as np
import pytest

from glassnet.datasets import _idx
from glassnet.datasets._idx import DatasetError, RemoteFile


def _idx_bytes(array: np.ndarray, code: int) -> bytes:
    header = struct.pack(">BBBB", 0, 0, code, array.ndim) + struct.pack(f">{array.ndim}I", *array.shape)
    return header + array.astype(array.dtype.newbyteorder(">")).tobytes()


def test_parse_idx_images_labels_and_other_types():
    images = np.arange(2 * 3 * 4, dtype=np.uint8).reshape(2, 3, 4)
    np.testing.assert_array_equal(_idx.parse_idx(_idx_bytes(images, 0x08)), images)
    floats = np.linspace(-1, 1, 6, dtype=np.float32).reshape(3, 2)
    parsed = _idx.parse_idx(_idx_bytes(floats, 0x0D))
    assert parsed.dtype == np.float32 and parsed.dtype.isnative
    np.testing.assert_array_equal(parsed, floats)
    ints = np.array([1, -70000, 3], dtype=np.int32)
    np.testing.assert_array_equal(_idx.parse_idx(_idx_bytes(ints, 0x0C)), ints)


def test_parse_idx_rejects_damaged_data():
    good = _idx_bytes(np.zeros((2, 2), dtype=np.uint8), 0x08)
    with pytest.raises(DatasetError, match="not an IDX file"):
        _idx.parse_idx(b"\x01" + good[1:])
    with pytest.raises(DatasetError, match="type code 0x07"):
        _idx.parse_idx(good[:2] + b"\x07" + good[3:])
    with pytest.raises(DatasetError, match=r"shape \(2, 2\)"):
        _idx.parse_idx(good[:-1])


@pytest.fixture
def fake_dataset(tmp_path, monkeypatch):
    """A 'toy' data set of four small gzipped IDX files, and an empty cache."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("GLASSNET_DATA", raising=False)
    monkeypatch.delenv("GLASSNET_OFFLINE", raising=False)
    source = tmp_path / "served"
    source.mkdir()
    rng = np.random.default_rng(0)
    arrays = {"x_train": rng.integers(0, 256, (5, 3, 3), dtype=np.uint8),
              "y_train": rng.integers(0, 10, 5, dtype=np.uint8),
              "x_test": rng.integers(0, 256, (2, 3, 3), dtype=np.uint8),
              "y_test": rng.integers(0, 10, 2, dtype=np.uint8)}
    files = {}
    for key, array in arrays.items():
        data = gzip.compress(_idx_bytes(array, 0x08))
        (source / f"{key}.gz").write_bytes(data)
        files[key] = RemoteFile(f"{key}.gz", len(data), hashlib.sha256(data).hexdigest())
    return source, files, arrays


def _assert_loaded(result, arrays):
    (x_train, y_train), (x_test, y_test) = result
    for got, key in [(x_train, "x_train"), (y_train, "y_train"), (x_test, "x_test"), (y_test, "y_test")]:
        np.testing.assert_array_equal(got, arrays[key])
        assert got.dtype == np.uint8


def test_reads_from_glassnet_data_with_or_without_the_subfolder(fake_dataset, tmp_path, monkeypatch):
    source, files, arrays = fake_dataset
    monkeypatch.setenv("GLASSNET_DATA", str(source))       # the files directly
    _assert_loaded(_idx.load_split("toy", files, [], None), arrays)
    root = tmp_path / "root"
    (root / "toy").mkdir(parents=True)
    for f in source.iterdir():
        (root / "toy" / f.name).write_bytes(f.read_bytes())
    monkeypatch.setenv("GLASSNET_DATA", str(root))         # a folder per data set
    _assert_loaded(_idx.load_split("toy", files, [], None), arrays)


def test_cache_dir_follows_xdg_or_home(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert _idx.cache_dir() == tmp_path / "glassnet" / "datasets"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert _idx.cache_dir() == Path.home() / ".glassnet" / "datasets"


def test_damaged_file_is_refused_with_both_sums(fake_dataset, monkeypatch):
    source, files, _ = fake_dataset
    (source / "y_test.gz").write_bytes(b"not the file")
    monkeypatch.setenv("GLASSNET_DATA", str(source))
    with pytest.raises(DatasetError, match=f"y_test.gz.*expected {files['y_test'].sha256}"):
        _idx.load_split("toy", files, [], None)


def test_offline_error_says_where_to_put_the_files(fake_dataset, monkeypatch):
    _, files, _ = fake_dataset
    with pytest.raises(DatasetError) as error:
        _idx.load_split("toy", files, ["http://127.0.0.1:9/nothing-here"], None)
    message = str(error.value)
    assert "x_train.gz" in message and "GLASSNET_DATA" in message
    assert str(_idx.cache_dir() / "toy") in message and "127.0.0.1:9" in message
    monkeypatch.setenv("GLASSNET_OFFLINE", "1")
    with pytest.raises(DatasetError, match="GLASSNET_OFFLINE"):
        _idx.load_split("toy", files, ["http://127.0.0.1:9/"], None)


@pytest.fixture
def http_server(fake_dataset):
    source = fake_dataset[0]

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(source), **kwargs)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_download_verifies_and_fills_the_cache(fake_dataset, http_server):
    source, files, arrays = fake_dataset
    # the first mirror serves a wrong file under the right name, the second the real ones
    bad = source / "bad"
    bad.mkdir()
    (bad / "x_train.gz").write_bytes(b"tampered")
    mirrors = [http_server + "/bad", http_server]
    _assert_loaded(_idx.load_split("toy", files, mirrors, None), arrays)
    cached = sorted(p.name for p in (_idx.cache_dir() / "toy").iterdir())
    assert cached == ["x_test.gz", "x_train.gz", "y_test.gz", "y_train.gz"]  # no .part left
    # now offline: the cache is enough
    _assert_loaded(_idx.load_split("toy", files, ["http://127.0.0.1:9/"], None), arrays)
