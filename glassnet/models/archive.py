"""The model file: one zip archive holding a JSON description and ``.npy`` arrays.

    config.json          what the model is (architecture, compile settings) and, for
                         every array, its entry name, shape and dtype
    weights/0000.npy     the weights, in ``model.weights`` order
    optimizer/0000.npy   the optimizer's state (Adam's moments, ...), if saved

Files are data, never code: there is no pickle anywhere; arrays are read with
``allow_pickle=False`` and must have exactly the shape and dtype the JSON declares
(which also bounds how many bytes are read, so a crafted archive cannot make us
inflate gigabytes). Before any array is read, the declared arrays are checked: no entry
twice, sizes computed in Python integers (no overflow), and their total under the limit
the caller gives (what the architecture needs; see :mod:`glassnet.layers.weight_budget`).

Writing goes to a temporary file in the same folder that replaces the target only once
complete (``os.replace``), so an interrupted save never leaves a half-written model where a
good one was. The writer holds an exclusive lock on its temporary file; a temporary file
nobody holds a lock on belongs to a save that was killed, and the next save to that path,
or a load of it, removes it.
"""
from __future__ import annotations

import glob
import io
import json
import math
import os
import tempfile
import time
import zipfile
import zlib

try:
    import fcntl
except ImportError:  # Windows: stale files are recognised by their age instead
    fcntl = None

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
    remove_stale_temporaries(path)
    fd, temporary = tempfile.mkstemp(prefix=_temporary_prefix(path), suffix=".tmp", dir=directory)
    lock = None
    try:
        if fcntl is not None:  # "a save is writing this file", held until the file has its real name
            fcntl.flock(fd, fcntl.LOCK_EX)
            lock = os.dup(fd)
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
    finally:
        if lock is not None:
            os.close(lock)


def _temporary_prefix(path: str) -> str:
    return "." + os.path.basename(path) + "."


STALE_AFTER_S = 3600  # without file locks (Windows): a temporary file untouched this long is an orphan


def remove_stale_temporaries(path) -> list[str]:
    """Delete the temporary files that killed saves to ``path`` left behind; returns their names.

    A temporary file still being written is locked by its writer and is left alone.
    """
    path = os.fspath(path)
    directory = os.path.dirname(os.path.abspath(path))
    pattern = os.path.join(glob.escape(directory), glob.escape(_temporary_prefix(path)) + "*.tmp")
    removed = []
    for candidate in glob.glob(pattern):
        try:
            if fcntl is not None:
                with open(candidate, "rb") as handle:
                    try:
                        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    except OSError:
                        continue  # a live save holds it
                    os.unlink(candidate)
            elif time.time() - os.path.getmtime(candidate) > STALE_AFTER_S:
                os.unlink(candidate)
            else:
                continue
            removed.append(candidate)
        except OSError:
            continue
    return removed


def _set_default_permissions(path: str) -> None:
    """mkstemp makes the file private (0600); give it the permissions a plain open() would."""
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(path, 0o666 & ~mask)


def read(path, max_bytes: int | None = None) -> tuple[dict, dict[str, list[np.ndarray]]]:
    """(meta, {group: arrays}) from a file written by :func:`write`.

    Anything wrong — not a zip, truncated, corrupted, another program's zip, an array
    that does not match its declaration — raises a ValueError naming the file and the fault.
    """
    meta = read_meta(path, max_bytes)
    return meta, {group: read_group(path, meta, group) for group in meta["arrays"]}


def read_meta(path, max_bytes: int | None = None) -> dict:
    """The file's JSON description, checked; its declared arrays total at most ``max_bytes``."""
    path = os.fspath(path)
    if not os.path.exists(path):
        raise FileNotFoundError(f"No such model file: {path!r}")
    if os.path.isdir(path):
        raise ValueError(f"{path!r} is a folder; a glassnet model is a single file (e.g. 'model.keras')")
    remove_stale_temporaries(path)
    if not zipfile.is_zipfile(path):
        raise ValueError(f"Cannot load {path!r}: {_describe_non_zip(path)}")
    try:
        with zipfile.ZipFile(path) as archive:
            meta = _read_meta(path, archive)
            _check_declarations(path, archive, meta, max_bytes)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
        raise ValueError(f"Cannot load {path!r}: the file is damaged or truncated ({error})") from None
    return meta


def read_group(path, meta: dict, group: str, expected_shapes=None) -> list[np.ndarray]:
    """The arrays of one group (``"weights"``, ``"optimizer"``), each checked against its declaration.

    ``expected_shapes`` (one shape per array, e.g. the model's weights) is compared with the
    declarations *before* anything is inflated.
    """
    path = os.fspath(path)
    specs = meta["arrays"].get(group, [])
    if expected_shapes is not None:
        expected_shapes = [tuple(shape) for shape in expected_shapes]
        if len(specs) != len(expected_shapes):
            raise ValueError(f"Cannot load {path!r}: it holds {len(specs)} {group} arrays, the model has "
                             f"{len(expected_shapes)}; is it the same architecture?")
        for spec, shape in zip(specs, expected_shapes):
            if tuple(spec["shape"]) != shape:
                raise ValueError(f"Cannot load {path!r}: {spec['entry']!r} is declared {tuple(spec['shape'])}, "
                                 f"the model's weight is {shape}; is it the same architecture?")
    try:
        with zipfile.ZipFile(path) as archive:
            return [_read_array(path, archive, spec) for spec in specs]
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
        raise ValueError(f"Cannot load {path!r}: the file is damaged or truncated ({error})") from None


def _check_declarations(path: str, archive: zipfile.ZipFile, meta: dict, max_bytes: int | None) -> None:
    """Every declared array well-formed, no entry twice, the total under ``max_bytes``."""
    names = archive.namelist()
    if len(names) != len(set(names)):
        raise ValueError(f"Cannot load {path!r}: the archive lists an entry more than once")
    seen, total = set(), 0
    for group, specs in meta["arrays"].items():
        for spec in _entries(path, specs):
            entry, shape, dtype = spec.get("entry"), spec.get("shape"), spec.get("dtype")
            if not (isinstance(entry, str) and isinstance(shape, list) and dtype in _ALLOWED_DTYPES
                    and len(shape) <= 32
                    and all(isinstance(d, int) and not isinstance(d, bool) and d >= 0 for d in shape)):
                raise ValueError(f"Cannot load {path!r}: malformed array declaration {_short(spec)}")
            if entry in seen:
                raise ValueError(f"Cannot load {path!r}: the array {entry!r} is listed more than once")
            seen.add(entry)
            total += math.prod(shape) * np.dtype(dtype).itemsize
    if max_bytes is not None and total > max_bytes:
        raise ValueError(f"Cannot load {path!r}: its arrays declare {total:,} bytes, more than the limit of "
                         f"{max_bytes:,} bytes (load_model(path, max_bytes=...) raises it for a file you trust)")


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 200 else text[:200] + "..."


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
    except RecursionError:
        raise ValueError(f"Cannot load {path!r}: {CONFIG_ENTRY} is nested too deeply to be a model") from None
    except (UnicodeDecodeError, ValueError) as error:  # JSONDecodeError, and numbers of thousands of digits
        raise ValueError(f"Cannot load {path!r}: {CONFIG_ENTRY} is not valid JSON ({_short(str(error))})") from None
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
    entry, shape, dtype = spec["entry"], spec["shape"], spec["dtype"]  # checked by _check_declarations
    try:
        info = archive.getinfo(entry)
    except KeyError:
        raise ValueError(f"Cannot load {path!r}: the array {entry!r} is missing from the archive") from None
    expected_bytes = math.prod(shape) * np.dtype(dtype).itemsize
    if info.file_size > expected_bytes + _MAX_NPY_HEADER:
        raise ValueError(f"Cannot load {path!r}: {entry!r} is larger than its declared shape {tuple(shape)}")
    try:
        array = np.lib.format.read_array(io.BytesIO(archive.read(entry)), allow_pickle=False)
    except (ValueError, OverflowError, MemoryError) as error:
        raise ValueError(f"Cannot load {path!r}: {entry!r} is not a plain numeric .npy array ({error})") from None
    if array.shape != tuple(shape) or array.dtype.name != dtype:
        raise ValueError(f"Cannot load {path!r}: {entry!r} holds {array.dtype.name}{array.shape}, "
                         f"the description says {dtype}{tuple(shape)}")
    return array
