"""The classic estimators beside scikit-learn, in one run: accuracy table and speed ratios.

Every module in ``benchmarks/classic/`` that defines ``rows()`` (and optionally ``speed_rows()``)
is imported and run; each row says whether it meets issue 4's target.

    python benchmarks/bench_classic.py            # everything
    python benchmarks/bench_classic.py others     # only benchmarks/classic/others.py
"""
from __future__ import annotations

import importlib.util
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # run from a checkout without installing glassnet


def _load(path: Path):
    spec = importlib.util.spec_from_file_location(f"benchmarks_classic_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _print_table(headers: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths)))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)))


def _fmt(x: float) -> str:
    return f"{x:.6g}"


def _target(target) -> str:
    """'<= 2' for a ratio target; '-' for a row that is only reported (no target, NaN or None)."""
    if target is None or target != target:
        return "-"
    return f"<= {target:g}"


def _print_versions() -> None:
    import os

    import numpy
    import sklearn
    try:
        from threadpoolctl import threadpool_info
        blas = ", ".join(f"{i['internal_api']} {i['num_threads']} threads" for i in threadpool_info())
    except ImportError:
        blas = "?"
    print(f"\nnumpy {numpy.__version__}, scikit-learn {sklearn.__version__}, {os.cpu_count()} cores, {blas}")


def main(selected: list[str]) -> int:
    paths = sorted(p for p in (HERE / "classic").glob("*.py") if not p.name.startswith("_"))
    if selected:
        paths = [p for p in paths if p.stem in selected]
    accuracy, speed, failures = [], [], []
    for path in paths:
        try:
            module = _load(path)
            start = time.perf_counter()
            accuracy += [dict(r, source=path.stem) for r in module.rows()] if hasattr(module, "rows") else []
            speed += [dict(r, source=path.stem) for r in module.speed_rows()] if hasattr(module, "speed_rows") else []
            print(f"[{path.stem}: {time.perf_counter() - start:.1f} s]", file=sys.stderr)
        except Exception:  # one broken module must not hide the others' figures
            failures.append(path.stem)
            print(f"benchmarks/classic/{path.name} failed:\n{traceback.format_exc()}", file=sys.stderr)

    print("\nResults against scikit-learn (targets: coefficients 1e-8 relative; the rest within 1 %)\n")
    _print_table(["estimator", "dataset", "metric", "glassnet", "sklearn", "diff", "ok"],
                 [[r["estimator"], r["dataset"], r["metric"], _fmt(r["glassnet"]), _fmt(r["sklearn"]),
                   _fmt(r["diff"]), "ok" if r["ok"] else "FAIL"] for r in accuracy])
    print("\nSpeed, ratio glassnet / scikit-learn (lower is better; rows with a spread: median of runs in "
          "separate processes, alternated; spread = (max - min) / median, glassnet / sklearn)\n")
    _print_table(["task", "glassnet s", "sklearn s", "ratio", "target", "ok", "spread"],
                 [[r["task"], f"{r['glassnet_s']:.3f}", f"{r['sklearn_s']:.3f}", f"{r['ratio']:.2f}",
                   _target(r["target"]), "ok" if r["ok"] else "FAIL", r.get("spread", "in-process")]
                  for r in speed])
    _print_versions()
    n_fail = sum(not r["ok"] for r in accuracy + speed)
    print(f"\n{len(accuracy)} result rows, {len(speed)} speed rows, {n_fail} FAIL"
          + (f"; modules that raised: {', '.join(failures)}" if failures else ""))
    return 1 if n_fail or failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
