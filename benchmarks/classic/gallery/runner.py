"""Run one example script and write what it printed and the numbers it left behind, as JSON.

    python runner.py example.py out.json

The namespace is summarised: numbers, numeric arrays, and every fitted estimator's public
attributes ending in ``_`` (pipelines and searches are opened one level down). Timings are left out.
"""
import contextlib
import io
import json
import os
import sys
import traceback
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

plt.show = lambda *args, **kwargs: None
SKIP_WORDS = ("time", "Time")
MAX_VALUES = 4000


def as_numbers(value):
    """A float array for numeric content, else None."""
    if isinstance(value, (bool, np.bool_)):
        return np.array([float(value)])
    if isinstance(value, (int, float, np.number)):
        return np.array([float(value)])
    if hasattr(value, "to_numpy") and hasattr(value, "dtypes"):  # pandas
        value = value.to_numpy()
    if hasattr(value, "toarray") and hasattr(value, "nnz"):  # scipy sparse
        value = value.toarray()
    if isinstance(value, (list, tuple, np.ndarray)):
        try:
            arr = np.asarray(value)
        except Exception:
            return None
        if arr.dtype.kind in "biuf" and arr.size:
            return arr.astype(float)
    return None


def summarise(prefix, value, out, depth=0):
    if any(w in prefix for w in SKIP_WORDS) or depth > 3:
        return
    arr = as_numbers(value)
    if arr is not None:
        flat = arr.ravel()
        out[prefix] = {"shape": list(arr.shape), "values": flat[:MAX_VALUES].tolist(),
                       "sum": float(np.nansum(flat))}
        return
    if isinstance(value, dict):
        for k, v in list(value.items())[:200]:
            summarise(f"{prefix}[{k}]", v, out, depth + 1)
        return
    if hasattr(value, "get_params") and hasattr(value, "fit"):
        for k in dir(value):  # attributes and properties (glassnet computes some on demand)
            if not k.endswith("_") or k.startswith("_") or k in ("estimators_", "estimator_", "base_estimator_"):
                continue
            try:
                v = getattr(value, k)
            except Exception:
                continue
            summarise(f"{prefix}.{k}", v, out, depth + 1)
        for k in ("steps",):
            if hasattr(value, k) and isinstance(getattr(value, k), list):
                for name, step in getattr(value, k):
                    summarise(f"{prefix}[{name}]", step, out, depth + 1)


def main(script, out_path):
    src = open(script).read()
    namespace = {"__name__": "__main__", "__file__": os.path.abspath(script)}
    buf = io.StringIO()
    status, error = "ok", None
    warnings.filterwarnings("ignore")
    with contextlib.redirect_stdout(buf):
        try:
            exec(compile(src, script, "exec"), namespace)
        except BaseException as exc:  # noqa: BLE001 - the script's failure is the result
            status = "fail"
            tb = traceback.extract_tb(exc.__traceback__)
            where = next((f"{os.path.basename(f.filename)}:{f.lineno}" for f in reversed(tb)
                          if "glassnet" in f.filename or "sklearn" in f.filename), "")
            line = next((f"line {f.lineno}" for f in tb if f.filename == script), "")
            error = f"{type(exc).__name__}: {str(exc)[:300]} [{line}; {where}]"
    plt.close("all")
    numbers = {}
    for name, value in namespace.items():
        if name.startswith("_") or isinstance(value, type) or (callable(value) and not hasattr(value, "get_params")):
            continue
        try:
            summarise(name, value, numbers)
        except Exception:
            pass
    json.dump({"status": status, "error": error, "stdout": buf.getvalue(), "numbers": numbers},
              open(out_path, "w"))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
