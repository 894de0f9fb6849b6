"""The model file: one zip archive holding a JSON description and ``.npy`` arrays.

    config.json          what the model is (architecture, compile settings) and, for
                         every array, its entry name, shape and dtype
    weights/0000.npy     the weights, in ``model.weights`` order
    optimizer/0000.npy   the optimizer's state (Adam's moments, ...), if saved

Files are data, never code: there is no pickle anywhere; arrays are read with
``allow_pickle=False`` and must have exactly the shape and dtype the JSON declares
(which also bounds how many bytes are read, so a crafted archive cannot make us
inflate gigabytes). Writing goes to a temporary file in the same folder that
replaces the target only once complete (``os.replace``), so an interrupted save never
leaves a half-written model where a good one was.
"""
from __future__ import annotations

import io
import json
import os
import tempfile
import zipfile
import zlib

import numpy as np

FORMAT = "glassnet.model"
FORMAT_VERSION = 1
CONFIG_ENTRY = "config.json"
_ALLOWED_DTYPES = {"float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "bool"}
_MAX_CONFIG_BYTES = 64 * 2 ** 20
_MAX_NPY_HEADER = 64 * 1024


def write(path, meta: dict, groups: dict[str, list[np.ndarray]]) -> None:
    """Write ``meta`` (JSON-ready) and the arrays of each group atomically to ``path``.

    ``meta`` gains, per group, the list of entries {entry, shape, dtype}.
    """
    path = os.fspath(path)
    meta = dict(meta, format=FORMAT, format_version=FORMAT_VERSION)
    entries = {}
    for group, arrays in groups.items():
        entries[group] = [{"entry": f"{group}/{i:04d}.npy", "shape": list(np.shape(a)),
                           "dtype": np.asarray(a).dtype.name} for i, a in enumerate(arrays)]
    meta["arrays"] = entries
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        raise FileNotFoundError(f"Cannot save to {path!r}: the folder {directory!r} does not exist")
    fd, temporary = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            with zipfile.ZipFile(handle, "w") as archive:
                archive.writestr(CONFIG_ENTRY, json.dumps(meta, indent=1), compress_type=zipfile.ZIP_DEFLATED)
                for group, arrays in groups.items():
                    for spec, array in zip(entries[group], arrays):
                        buffer = io.BytesIO()
                        np.lib.format.write_array(buffer, np.ascontiguousarray(array), allow_pickle=False)
                        archive.writestr(spec["entry"], buffer.getvalue(), compress_type=zipfile.ZIP_STORED)
            handle.flush()
            os.fsync(handle.fileno())
        _set_default_permissions(temporary)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def _set_default_permissions(path: str) -> None:
    """mkstemp makes the file private (0600); give it the permissions a plain open() would."""
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(path, 0o666 & ~mask)


def read(path) -> tuple[dict, dict[str, list[np.ndarray]]]:
    """(meta, {group: arrays}) from a file written by :func:`write`.

    Anything wrong — not a zip, truncated, corrupted, another program's zip, an array
    that does not match its declaration — raises a ValueError naming the file and the fault.
    """
    path = os.fspath(path)
    if not os.path.exists(path):
        raise FileNotFoundError(f"No such model file: {path!r}")
    if os.path.isdir(path):
        raise ValueError(f"{path!r} is a folder; a glassnet model is a single file (e.g. 'model.keras')")
    if not zipfile.is_zipfile(path):
        raise ValueError(f"Cannot load {path!r}: {_describe_non_zip(path)}")
    try:
        with zipfile.ZipFile(path) as archive:
            meta = _read_meta(path, archive)
            groups = {group: [_read_array(path, archive, spec) for spec in _entries(path, specs)]
                      for group, specs in meta["arrays"].items()}
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
        raise ValueError(f"Cannot load {path!r}: the file is damaged or truncated ({error})") from None
    return meta, groups


def _describe_non_zip(path: str) -> str:
    with open(path, "rb") as handle:
        head = handle.read(8)
    if head.startswith(b"\x89HDF"):
        return "this is an HDF5 file (a Keras .h5 model?); glassnet reads only its own zip-based model files"
    if head.startswith(b"PK"):
        return "the zip archive is damaged or truncated"
    if head.startswith(b"\x80"):
        return "this looks like a Python pickle, which glassnet never loads (it could run code)"
    return "not a glassnet model file (a glassnet model is a zip archive; this file is not one)"


def _read_meta(path: str, archive: zipfile.ZipFile) -> dict:
    names = set(archive.namelist())
    if CONFIG_ENTRY not in names:
        hint = (" (it looks like a Keras 3 .keras file, whose HDF5 weights glassnet cannot read)"
                if "model.weights.h5" in names else "")
        raise ValueError(f"Cannot load {path!r}: a zip archive but not a glassnet model: no {CONFIG_ENTRY}{hint}")
    if archive.getinfo(CONFIG_ENTRY).file_size > _MAX_CONFIG_BYTES:
        raise ValueError(f"Cannot load {path!r}: {CONFIG_ENTRY} is implausibly large")
    try:
        meta = json.loads(archive.read(CONFIG_ENTRY).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"Cannot load {path!r}: {CONFIG_ENTRY} is not valid JSON ({error})") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        found = meta.get("format") if isinstance(meta, dict) else type(meta).__name__
        raise ValueError(f"Cannot load {path!r}: {CONFIG_ENTRY} does not describe a glassnet model "
                         f"(format {found!r}, expected {FORMAT!r})")
    version = meta.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise ValueError(f"Cannot load {path!r}: file format version {version!r}; this glassnet reads "
                         f"versions up to {FORMAT_VERSION} (upgrade glassnet)")
    if not isinstance(meta.get("arrays"), dict):
        raise ValueError(f"Cannot load {path!r}: {CONFIG_ENTRY} has no array list")
    return meta


def _entries(path: str, specs) -> list[dict]:
    if not isinstance(specs, list) or not all(isinstance(s, dict) for s in specs):
        raise ValueError(f"Cannot load {path!r}: the array list in {CONFIG_ENTRY} is malformed")
    return specs


def _read_array(path: str, archive: zipfile.ZipFile, spec: dict) -> np.ndarray:
    entry, shape, dtype = spec.get("entry"), spec.get("shape"), spec.get("dtype")
    if not (isinstance(entry, str) and isinstance(shape, list) and dtype in _ALLOWED_DTYPES
            and all(isinstance(d, int) and not isinstance(d, bool) and d >= 0 for d in shape)):
        raise ValueError(f"Cannot load {path!r}: malformed array declaration {spec!r}")
    try:
        info = archive.getinfo(entry)
    except KeyError:
        raise ValueError(f"Cannot load {path!r}: the array {entry!r} is missing from the archive") from None
    expected_bytes = int(np.prod(shape, dtype=np.int64)) * np.dtype(dtype).itemsize
    if info.file_size > expected_bytes + _MAX_NPY_HEADER:
        raise ValueError(f"Cannot load {path!r}: {entry!r} is larger than its declared shape {tuple(shape)}")
    try:
        array = np.lib.format.read_array(io.BytesIO(archive.read(entry)), allow_pickle=False)
    except ValueError as error:
        raise ValueError(f"Cannot load {path!r}: {entry!r} is not a plain numeric .npy array ({error})") from None
    if array.shape != tuple(shape) or array.dtype.name != dtype:
        raise ValueError(f"Cannot load {path!r}: {entry!r} holds {array.dtype.name}{array.shape}, "
                         f"the description says {dtype}{tuple(shape)}")
    return array
