"""Recompute the verdicts of a saved harness run (``--json``) without running anything again.

    python benchmarks/classic/gallery/recompare.py results.json
"""
import json
import sys

import numpy as np

from harness import compare, verdict

results = json.load(open(sys.argv[1]))
for r in results:
    runs = r["runs"]
    _, n_random, diffs = compare(runs["scikit-learn"], runs["scikit-learn again"], runs["glassnet"])
    worst = sorted(((d if d is not None else np.inf), k) for k, d in diffs.items())[::-1][:4]
    print(r["name"], verdict(runs["scikit-learn"], runs["glassnet"], diffs),
          "; ".join(f"{k[:50]} {d:.1e}" for d, k in worst if d > 1e-6))
