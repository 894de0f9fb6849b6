"""The model file format (models/archive.py): written like a plain file, read back exactly, and
every kind of foreign or tampered file refused with a message that says what it is."""
import json
import os
import zipfile

import numpy as np
import pytest

from glassnet.models import archive


def _write(path, **groups):
    archive.write(path, {"note": "test"}, groups or {"weights": [np.arange(6, dtype=np.float32).reshape(2, 3)]})


def _rewrite(path, change):
    """Rewrite the archive with ``change(name, data) -> data`` applied to every entry."""
    with zipfile.ZipFile(path) as source:
        entries = {name: source.read(name) for name in source.namelist()}
    with zipfile.ZipFile(path, "w") as target:
        for name, data in entries.items():
            target.writestr(name, change(name, data))


def test_round_trip_and_file_permissions_like_open(tmp_path):
    path = tmp_path / "m.keras"
    arrays = [np.arange(6, dtype=np.float32).reshape(2, 3), np.array([True, False]), np.zeros((0, 4)),
              np.ones((100, 100))]                 # 80 kB: larger than the allowance for the .npy header
    archive.write(path, {"note": "hello"}, {"weights": arrays})
    meta, groups = archive.read(path)
    assert meta["note"] == "hello" and meta["format"] == archive.FORMAT
    for got, want in zip(groups["weights"], arrays):
        assert got.dtype == want.dtype
        np.testing.assert_array_equal(got, want)
    mask = os.umask(0)
    os.umask(mask)
    assert os.stat(path).st_mode & 0o777 == 0o666 & ~mask
    assert [p.name for p in tmp_path.iterdir()] == ["m.keras"]          # no temporary file left


def test_an_hdf5_file_is_recognised(tmp_path):
    path = tmp_path / "old.h5"
    path.write_bytes(b"\x89HDF\r\n\x1a\n" + bytes(100))
    with pytest.raises(ValueError, match="HDF5 file"):
        archive.read(path)


def test_another_format_in_the_config_is_refused(tmp_path):
    path = tmp_path / "m.keras"
    _write(path)
    _rewrite(path, lambda name, data: json.dumps({**json.loads(data), "format": "other"}).encode()
             if name == archive.CONFIG_ENTRY else data)
    with pytest.raises(ValueError, match="does not describe a glassnet model.*'other'"):
        archive.read(path)


def test_an_entry_larger_than_its_declared_shape_is_refused(tmp_path):
    path = tmp_path / "m.keras"
    _write(path, weights=[np.ones((4, 4), dtype=np.float64)])

    def shrink_declaration(name, data):
        if name != archive.CONFIG_ENTRY:
            return data
        meta = json.loads(data)
        meta["arrays"]["weights"][0]["shape"] = [1, 1]
        return json.dumps(meta).encode()
    _rewrite(path, shrink_declaration)
    with pytest.raises(ValueError, match=r"holds float64\(4, 4\), the description says float64\(1, 1\)"):
        archive.read(path)
    # far larger than declared: refused before reading it
    big = tmp_path / "big.keras"
    _write(big, weights=[np.ones((200, 200), dtype=np.float64)])
    with zipfile.ZipFile(big) as source:
        entries = {name: source.read(name) for name in source.namelist()}
    meta = json.loads(entries[archive.CONFIG_ENTRY])
    meta["arrays"]["weights"][0]["shape"] = [2, 2]
    entries[archive.CONFIG_ENTRY] = json.dumps(meta).encode()
    with zipfile.ZipFile(big, "w") as target:
        for name, data in entries.items():
            target.writestr(name, data)
    with pytest.raises(ValueError, match=r"is larger than its declared shape \(2, 2\)"):
        archive.read(big)
