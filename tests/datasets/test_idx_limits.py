"""IDX files and downloads cannot make glassnet read more than they declare."""
import gzip
import io
import tracemalloc

import numpy as np
import pytest

from glassnet.datasets import _idx
from glassnet.datasets._idx import DatasetError, RemoteFile, parse_idx, read_idx


def idx_header(shape, type_code=0x08):
    return bytes([0, 0, type_code, len(shape)]) + b"".join(int(n).to_bytes(4, "big") for n in shape)


def test_sizes_whose_product_overflows_give_the_right_byte_count(tmp_path):
    shape = (2 ** 32 - 1,) * 3
    raw = idx_header(shape, 0x0E) + b"\0" * 16
    with pytest.raises(DatasetError) as error:
        parse_idx(raw, "bomb.idx")
    expected = (2 ** 32 - 1) ** 3 * 8  # int64 would wrap around: Python's integers do not
    assert f"{expected:,}" in str(error.value) and "bomb.idx" in str(error.value)
    path = tmp_path / "bomb.idx"
    path.write_bytes(raw)
    with pytest.raises(DatasetError, match=f"{expected:,}"):
        read_idx(path)


def test_a_gzip_bomb_is_read_only_as_far_as_its_header_declares(tmp_path):
    path = tmp_path / "bomb-idx1-ubyte.gz"
    with gzip.open(path, "wb") as f:  # header: 10 labels; then 200 MB of zeros (compresses to ~200 KB)
        f.write(idx_header((10,)))
        zeros = b"\0" * (1 << 20)
        for _ in range(200):
            f.write(zeros)
    tracemalloc.start()
    try:
        with pytest.raises(DatasetError, match=r"header says shape \(10,\) \(10 bytes of data\), the file holds more"):
            read_idx(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20 * 2 ** 20


def test_a_truncated_header_names_both_sizes(tmp_path):
    with pytest.raises(DatasetError, match="3 sizes need 16 bytes, the file has 8"):
        parse_idx(bytes([0, 0, 8, 3, 0, 0, 0, 1]), "short")


def test_a_good_file_still_reads(tmp_path):
    path = tmp_path / "x.gz"
    values = np.arange(12, dtype=np.uint8).reshape(3, 4)
    with gzip.open(path, "wb") as f:
        f.write(idx_header((3, 4)) + values.tobytes())
    np.testing.assert_array_equal(read_idx(path), values)


def test_a_download_stops_at_the_declared_size(tmp_path, monkeypatch):
    served = tmp_path / "mirror"
    served.mkdir()
    (served / "f.gz").write_bytes(b"x" * 100_000)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    target = io.BytesIO()
    with pytest.raises(OSError, match="more than the 10 bytes"):
        _idx._copy_at_most(io.BytesIO(b"x" * 100_000), target, 10, "http://mirror/f.gz")
    assert len(target.getvalue()) == 11
    path, failures = _idx._download("toy", RemoteFile("f.gz", 10, "0" * 64), [served.as_uri()])
    assert path is None and "more than the 10 bytes" in failures[0]
    assert not any(p.suffix == ".part" for p in (tmp_path / "cache").rglob("*"))
