"""Run scikit-learn gallery examples with scikit-learn and with glassnet swapped in; compare.

    python benchmarks/classic/gallery/harness.py [--dir DIR] [--jobs 2] [names...]
    GLASSNET_ROOT=/path/to/other/checkout python ...   # probe another glassnet (e.g. the one before)

Each example runs three times in its own process: twice as written (numbers that differ between
those two runs depend on an unseeded random state and are left out of the comparison) and once
with the imports of the names glassnet provides switched by swap.py. The numbers compared are
those runner.py records: printed numbers (lines about time left out), the script's numeric
variables and the fitted attributes of its estimators.

Verdicts: ``same`` (every number within 1e-6 relative), ``close`` (within 1 %), ``differs``,
``fails`` (the glassnet run raised), ``sk-fails`` (scikit-learn's own run raised).
Iterations counts (``n_iter_``) are not compared: each solver takes its own number of steps.
"""
import argparse
import concurrent.futures as futures
import json
import os
import re
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.environ.get("GLASSNET_ROOT", os.path.abspath(os.path.join(HERE, "..", "..", "..")))
sys.path.insert(0, HERE)
sys.path.insert(0, ROOT)  # swap.py asks this glassnet which names it provides
from swap import swap  # noqa: E402

NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")


def run_script(path, out_json, timeout):
    env = dict(os.environ, PYTHONPATH=ROOT, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1",
               MPLBACKEND="Agg")
    try:
        subprocess.run([sys.executable, os.path.join(HERE, "runner.py"), path, out_json],
                       env=env, timeout=timeout, capture_output=True, cwd=os.path.dirname(path))
        return json.load(open(out_json))
    except subprocess.TimeoutExpired:
        return {"status": "fail", "error": f"timeout after {timeout}s", "stdout": "", "numbers": {}}
    except Exception as exc:  # runner crashed before writing
        return {"status": "fail", "error": f"runner: {exc}", "stdout": "", "numbers": {}}


def printed_numbers(stdout):
    out = {}
    for i, line in enumerate(stdout.splitlines()):
        if re.search(r"time|Elapsed|\d\s*s\b|done in", line):
            continue
        nums = NUMBER.findall(line)
        if nums:  # the key is the line's words, so that its numbers are compared, not its identity
            out[f"stdout:{i}:{NUMBER.sub('#', line.strip())[:40]}"] = {"values": [float(n) for n in nums],
                                                                       "shape": [len(nums)]}
    return out


SOLVER_SPECIFIC = ("n_iter_",)   # how many steps a solver took is its own business


def all_numbers(result):
    numbers = {**printed_numbers(result["stdout"]), **result["numbers"]}
    return {k: v for k, v in numbers.items() if not k.endswith(SOLVER_SPECIFIC)}


def rel_diff(a, b):
    a, b = np.asarray(a["values"], float), np.asarray(b["values"], float)
    if a.shape != b.shape:
        return np.inf
    both_nan = np.isnan(a) & np.isnan(b)
    a, b = a[~both_nan], b[~both_nan]
    if not a.size:
        return 0.0
    if np.isnan(a).any() or np.isnan(b).any():
        return np.inf
    scale = max(np.abs(a).max(), 1e-12)
    return float(np.abs(a - b).max() / scale)


def compare(ref1, ref2, ours):
    n1, n2, n3 = all_numbers(ref1), all_numbers(ref2), all_numbers(ours)
    stable = {k: v for k, v in n1.items() if k in n2 and rel_diff(v, n2[k]) <= 1e-12}
    diffs = {}
    for k, v in stable.items():
        diffs[k] = rel_diff(v, n3[k]) if k in n3 else None
    return stable, len(n1) - len(stable), diffs


def verdict(ref1, ours, diffs):
    if ref1["status"] != "ok":
        return "sk-fails"
    if ours["status"] != "ok":
        return "fails"
    finite = [d for d in diffs.values() if d is not None]
    if any(d is None or d > 1e-2 for d in diffs.values()):
        return "differs"
    if finite and max(finite) > 1e-6:
        return "close"
    return "same"


def probe(path, timeout):
    name = os.path.splitext(os.path.basename(path))[0]
    src = open(path).read()
    swapped_src, swapped, kept = swap(src)
    with tempfile.TemporaryDirectory() as tmp:
        ours_path = os.path.join(tmp, name + "_glassnet.py")
        open(ours_path, "w").write(swapped_src)
        ref_path = os.path.join(tmp, name + ".py")
        open(ref_path, "w").write(src)
        ref1 = run_script(ref_path, os.path.join(tmp, "a.json"), timeout)
        ref2 = run_script(ref_path, os.path.join(tmp, "b.json"), timeout)
        ours = run_script(ours_path, os.path.join(tmp, "c.json"), timeout)
    stable, n_random, diffs = compare(ref1, ref2, ours)
    worst = sorted(((d if d is not None else np.inf), k) for k, d in diffs.items())[::-1]
    return {"name": name, "verdict": verdict(ref1, ours, diffs), "swapped": swapped, "kept": kept,
            "runs": {"scikit-learn": ref1, "scikit-learn again": ref2, "glassnet": ours},
            "n_compared": len(stable), "n_random": n_random,
            "worst": [(k, d) for d, k in worst[:6] if d > 1e-6],
            "error": ours["error"] if ours["status"] != "ok" else ref1["error"]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*")
    parser.add_argument("--dir", default=os.environ.get("GALLERY_DIR", "/work/gallery/s6"),
                        help="folder of scikit-learn gallery scripts (not in this repository: glassnet "
                             "copies no scikit-learn code; gallery_probe.md lists where each comes from)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=int, default=300)
    parser.add_argument("--json", help="write the full results here")
    args = parser.parse_args()
    files = sorted(f for f in os.listdir(args.dir) if f.endswith(".py"))
    if args.names:
        files = [f for f in files if os.path.splitext(f)[0] in args.names]
    paths = [os.path.join(os.path.abspath(args.dir), f) for f in files]
    with futures.ThreadPoolExecutor(args.jobs) as pool:
        results = list(pool.map(lambda p: probe(p, args.timeout), paths))
    print("| example | verdict | compared (random) | glassnet names | left to scikit-learn | worst differences / error |")
    print("|---|---|---|---|---|---|")
    for r in results:
        worst = "; ".join(f"{k[:50]} {d:.1e}" for k, d in r["worst"][:4])
        detail = (r["error"] or "") if r["verdict"] in ("fails", "sk-fails") else worst
        kept = ", ".join(k.split(".")[-1] for k in r["kept"])
        print(f"| {r['name']} | {r['verdict']} | {r['n_compared']} ({r['n_random']}) | {len(r['swapped'])} | {kept} | {detail} |")
    counts = {v: sum(r["verdict"] == v for r in results) for v in ("same", "close", "differs", "fails", "sk-fails")}
    print("\n" + ", ".join(f"{k}: {v}" for k, v in counts.items()))
    if args.json:
        json.dump(results, open(args.json, "w"), indent=1, default=str)


if __name__ == "__main__":
    main()
