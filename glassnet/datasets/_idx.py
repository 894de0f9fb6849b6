"""Reading the original MNIST-style IDX files: find them, check them, or fetch them.

An IDX file is a tiny header and then raw numbers (big-endian):

    bytes 0-1   0x00 0x00
    byte  2     the type of the numbers (0x08 = unsigned byte, 0x09 = signed byte,
                0x0B = int16, 0x0C = int32, 0x0D = float32, 0x0E = float64)
    byte  3     the number of dimensions d
    then d big-endian int32 sizes, then the values, last index fastest (row-major)

So an image file "idx3" of MNIST starts 00 00 08 03 | 60000 | 28 | 28 and a label file
"idx1" starts 00 00 08 01 | 60000. Files are distributed gzip-compressed.

Where the files are looked for, in order:

1. ``$GLASSNET_DATA``: a directory holding ``<dataset>/<file>`` (e.g. ``mnist/train-images-idx3-ubyte.gz``)
   or the files directly;
2. the cache, ``$XDG_CACHE_HOME/glassnet/datasets/<dataset>/`` if ``XDG_CACHE_HOME`` is
   set, else ``~/.glassnet/datasets/<dataset>/``;
3. a download from the public mirrors into the cache (unless ``GLASSNET_OFFLINE=1``).

Every file is checked against its published SHA-256 sum before it is used.
"""
from __future__ import annotations

import gzip
import hashlib
import math
import os
import tempfile
import zlib
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import numpy as np

_IDX_TYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


class DatasetError(OSError):
    """A data file is missing, damaged, or could not be fetched."""


@dataclass(frozen=True)
class RemoteFile:
    """One compressed IDX file: its name, size and SHA-256 sum."""

    name: str
    size: int
    sha256: str


MAX_IDX_BYTES = 1 << 31  # 2 GiB: the largest IDX file glassnet agrees to inflate


def _header(head: bytes, source: str) -> tuple[tuple[int, ...], np.dtype, int]:
    """(shape, dtype, data bytes) from the first 4 bytes and the sizes; sizes in Python ints (no overflow)."""
    if len(head) < 4 or head[0] != 0 or head[1] != 0:
        raise DatasetError(f"{source}: not an IDX file (it must start with two zero bytes)")
    type_code, ndim = head[2], head[3]
    if type_code not in _IDX_TYPES:
        raise DatasetError(f"{source}: unknown IDX type code 0x{type_code:02X}")
    if len(head) < 4 + 4 * ndim:
        raise DatasetError(f"{source}: truncated header: {ndim} sizes need {4 + 4 * ndim} bytes, "
                           f"the file has {len(head)}")
    shape = tuple(int.from_bytes(head[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim))
    dtype = np.dtype(_IDX_TYPES[type_code])
    return shape, dtype, math.prod(shape) * dtype.itemsize


def _check_size(shape, expected: int, source: str) -> None:
    if expected > MAX_IDX_BYTES:
        raise DatasetError(f"{source}: header says shape {shape}, that is {expected:,} bytes of data, more "
                           f"than the {MAX_IDX_BYTES:,} bytes glassnet reads from one IDX file")


def parse_idx(raw: bytes, source: str = "IDX data") -> np.ndarray:
    """Decode the bytes of an (uncompressed) IDX file into an ndarray of its shape."""
    shape, dtype, expected = _header(raw[:4 + 4 * raw[3]] if len(raw) >= 4 else raw, source)
    header = 4 + 4 * len(shape)
    _check_size(shape, expected, source)
    if len(raw) - header != expected:
        raise DatasetError(f"{source}: header says shape {shape} ({expected:,} bytes of data), "
                           f"the file holds {len(raw) - header:,}")
    data = np.frombuffer(raw, dtype=dtype, offset=header).reshape(shape)
    return data.astype(dtype.newbyteorder("="))  # native byte order, and a writable copy


def read_idx(path: str | os.PathLike) -> np.ndarray:
    """Read an IDX file, gzip-compressed (``.gz``) or not.

    The header is read first and then exactly the bytes it announces (plus one, to notice
    extra data): a compressed file cannot inflate beyond what its header declares.
    """
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rb") as f:
            head = f.read(4)
            if len(head) == 4 and head[0] == 0 and head[1] == 0:
                head += f.read(4 * head[3])
            shape, _, expected = _header(head, str(path))
            _check_size(shape, expected, str(path))
            raw = head + f.read(expected + 1)
            if len(raw) - len(head) > expected:
                raise DatasetError(f"{path}: header says shape {shape} ({expected:,} bytes of data), the file "
                                   f"holds more after them")
    except (OSError, EOFError, zlib.error) as error:
        raise DatasetError(f"{path}: could not be read ({error})") from error
    return parse_idx(raw, str(path))


def sha256_of(path: str | os.PathLike) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/glassnet/datasets`` if XDG_CACHE_HOME is set, else ``~/.glassnet/datasets``."""
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg:
        return Path(xdg) / "glassnet" / "datasets"
    return Path.home() / ".glassnet" / "datasets"


def _candidates(dataset: str, file: RemoteFile, path=None) -> list[Path]:
    places = []
    if path is not None:
        places += [Path(path) / file.name, Path(path) / dataset / file.name]
    data_root = os.environ.get("GLASSNET_DATA")
    if data_root:
        places += [Path(data_root) / dataset / file.name, Path(data_root) / file.name]
    places.append(cache_dir() / dataset / file.name)
    return places


def _verify(path: Path, file: RemoteFile) -> None:
    actual = sha256_of(path)
    if actual != file.sha256:
        raise DatasetError(
            f"{path} is damaged or not the original {file.name}: its SHA-256 is {actual}, "
            f"expected {file.sha256} ({file.size} bytes). Delete it and try again.")


def _download(dataset: str, file: RemoteFile, mirrors: list[str]) -> tuple[Path | None, list[str]]:
    """Fetch ``file`` into the cache from the first mirror that serves the right bytes."""
    target = cache_dir() / dataset / file.name
    failures = []
    for mirror in mirrors:
        url = mirror.rstrip("/") + "/" + file.name
        tmp = None
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with urllib.request.urlopen(url, timeout=30) as response, tempfile.NamedTemporaryFile(
                    dir=target.parent, prefix=file.name + ".", suffix=".part",
                    delete=False) as out:
                tmp = Path(out.name)
                _copy_at_most(response, out, file.size, url)
            actual = sha256_of(tmp)
            if actual != file.sha256:
                failures.append(f"{url}: wrong SHA-256 {actual}")
                tmp.unlink()
                continue
            os.replace(tmp, target)  # atomic: a half-written file never has the final name
            return target, failures
        except OSError as error:  # URLError, HTTPError and socket timeouts are OSErrors
            failures.append(f"{url}: {error}")
            if tmp is not None and tmp.exists():
                tmp.unlink()
    return None, failures


def _copy_at_most(source, target, size: int, url: str) -> None:
    """Copy the declared ``size`` bytes; a server that sends more is cut off (no disk filled)."""
    left = size + 1
    while left > 0:
        block = source.read(min(1 << 20, left))
        if not block:
            break
        target.write(block)
        left -= len(block)
    if left <= 0:
        raise OSError(f"{url} sent more than the {size:,} bytes the file has; stopped reading")


def fetch(dataset: str, file: RemoteFile, mirrors: list[str], path=None) -> Path:
    """The local path of a verified copy of ``file``: found, or downloaded into the cache."""
    for candidate in _candidates(dataset, file, path):
        if candidate.is_file():
            _verify(candidate, file)
            return candidate
    failures: list[str] = []
    if os.environ.get("GLASSNET_OFFLINE", "") not in ("", "0"):
        failures.append("downloads are switched off (GLASSNET_OFFLINE is set)")
    else:
        downloaded, failures = _download(dataset, file, mirrors)
        if downloaded is not None:
            return downloaded
    looked = "\n  ".join(str(p) for p in _candidates(dataset, file, path))
    tried = "\n  ".join(failures) or "no mirror configured"
    raise DatasetError(
        f"Could not find or download {dataset}/{file.name}.\nLooked in:\n  {looked}\n"
        f"Download attempts:\n  {tried}\n"
        f"To use glassnet offline, copy the original files ({file.name} and the other "
        f"three {dataset} files) into {cache_dir() / dataset}/, or set GLASSNET_DATA to a "
        f"directory that holds a '{dataset}/' folder with them.")


def load_split(dataset: str, files: dict[str, RemoteFile], mirrors: list[str], path=None):
    """((x_train, y_train), (x_test, y_test)) from the four IDX files of ``dataset``."""
    arrays = {key: read_idx(fetch(dataset, f, mirrors, path)) for key, f in files.items()}
    for split in ("train", "test"):
        x, y = arrays[f"x_{split}"], arrays[f"y_{split}"]
        if len(x) != len(y):
            raise DatasetError(f"{dataset}: {len(x)} {split} images but {len(y)} labels")
    return (arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])
