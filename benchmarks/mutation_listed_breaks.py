"""The breaks listed in issue 16, each applied alone to a temporary copy: the named tests must fail.

    python benchmarks/mutation_listed_breaks.py          # prints CAUGHT or MISSED for each break

Each entry is (file, original text, broken text, tests). A text that occurs several times is
broken at each occurrence in turn. The working tree is never written to. Expected result: every
break CAUGHT (``self.stop_training = False`` in ``Trainer.__init__``, which ``fit`` sets again, is
caught by a hand-written training loop that reads ``model.stop_training`` before any ``fit``).
"""
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
M = "tests/models/test_training_modes.py"
F = "tests/models/test_fit_controls.py"
A = "tests/test_autodiff_operators.py"
N = "tests/ops/test_nn_extremes.py"
O = "tests/optimizers/test_optimizer_arguments.py"
B = "tests/tree/test_builder.py"
T = "glassnet/models/training.py"
S = "glassnet/models/steps.py"
BREAKS = [
 (S, "y_pred = self(x, training=False)\n        # no training=False", "y_pred = self(x, training=True)\n        # no training=False", [M]),
 (S, "y_pred = self(x, training=True)\n        loss = self.compute_loss(x=x", "y_pred = self(x, training=False)\n        loss = self.compute_loss(x=x", [M]),
 (S, "        return self(x, training=False)\n", "        return self(x, training=True)\n", [M]),
 (T, "                                       training=False))", "                                       training=True))", [M]),
 (T, "        return _arrays_of(out)\n", "        return out\n", [M]),
 (S, "            for penalty in penalties:", "            for penalty in penalties[:1]:", [F]),
 (T, "sw = extra if sw is None else sw * extra", "sw = extra if sw is None else sw", [F]),
 ("glassnet/models/data_adapters.py", "weight if sample_weight is None else weight * sample_weight", "weight if sample_weight is None else sample_weight", [F]),
 (T, "        self.reset_metrics()\n        self._train_weights = None  # read again", "        self._train_weights = None  # read again", [F]),
 (T, "        self.stop_training = False\n", "", [F]),
 (T, "                    if self.stop_training:\n                        break\n", "", [F]),
 (T, "(epoch + 1) % validation_freq == 0", "True", [F]),
 (T, "train = A.EpochIterator(source, steps_per_epoch)", "train = A.EpochIterator(source, None)", [F]),
 (T, "_Restarting(val_source, validation_steps)", "_Restarting(val_source, None)", [F]),
 ("glassnet/autodiff.py", "return math.add(other, self)", "return other", [A]),
 ("glassnet/autodiff.py", "return math.divide(other, self)", "return math.divide(self, other)", [A]),
 ("glassnet/autodiff.py", "return math.matmul(other, self)", "return other", [A]),
 ("glassnet/autodiff.py", "return math.subtract(other, self)", "return math.subtract(self, other)", [A]),
 ("glassnet/autodiff.py", "return math.multiply(other, self)", "return other", [A]),
 ("glassnet/autodiff.py", "return Tensor(self.data)", "return self.data", [A]),
 ("glassnet/autodiff.py", "def sum(self, axis=None, keepdims=False)", "def sum(self, axis=None, keepdims=True)", [A]),
 ("glassnet/autodiff.py", "def mean(self, axis=None, keepdims=False)", "def mean(self, axis=None, keepdims=True)", [A]),
 ("glassnet/autodiff.py", "            shape = tuple(shape[0])\n", "            pass\n", [A]),
 ("glassnet/ops/nn.py", "lambda g: (g * (out > 0),)", "lambda g: (g / (out > 0),)", [N]),
 ("glassnet/ops/nn.py", "lambda g: (g * (out > 0),)", "lambda g: (g * (out >= 0),)", [N]),
 ("glassnet/ops/nn.py", "shifted = x.data - np.max(x.data, axis=axis, keepdims=True)", "shifted = x.data", [N]),
 ("glassnet/optimizers/sgd.py", 'return {**super().get_config(), "momentum": self.momentum, "nesterov": self.nesterov}', "return None", [O]),
 ("glassnet/optimizers/sgd.py", "if not 0.0 <= momentum <= 1.0:", "if not 0.0 <= momentum < 1.0:", [O]),
 ("glassnet/optimizers/adam.py", "if not 0.0 <= float(value) < 1.0:", "if not 0.0 <= float(value) <= 1.0:", [O]),
 ("glassnet/optimizers/adam.py", "def __init__(self, learning_rate=0.001, weight_decay: float = 0.004", "def __init__(self, learning_rate=0.001, weight_decay: float = 0.005", [O]),
 ("glassnet/optimizers/rmsprop.py", '"epsilon": self.epsilon, "centered": self.centered}', '"epsilon": self.epsilon}', [O]),
 ("glassnet/tree/_builder.py", "Xg = flat_X.take(Sg + row_index * n_samples)", "Xg = flat_X.take(Sg + row_index)", [B]),
 ("glassnet/tree/_builder.py", "feature = rows[np.arange(k), row] if rows is not None else row", "feature = row", [B]),
 ("glassnet/tree/_builder.py", "Sg = S.ravel().take(row_index * m + cols)", "Sg = S.ravel().take(cols)", [B]),
]
tmp = tempfile.mkdtemp(prefix="glassnet-breaks-")
try:
    for name in ("glassnet", "tests"):
        shutil.copytree(os.path.join(ROOT, name), os.path.join(tmp, name), ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(os.path.join(ROOT, "pyproject.toml"), tmp)
    env = dict(os.environ, PYTHONPATH=tmp, PYTHONDONTWRITEBYTECODE="1")
    jobs = []
    for path, old, new, tests in BREAKS:
        source = open(os.path.join(tmp, path)).read()
        if old not in source:   # the code changed since the issue: say so instead of guessing
            print("NOT FOUND", path, old[:70].replace("\n", " "), flush=True)
        for k in range(source.count(old)):
            jobs.append((path, old, new, tests, k))
    for path, old, new, tests, k in jobs:
        target = os.path.join(tmp, path)
        source = open(target).read()
        at = -1
        for _ in range(k + 1):
            at = source.index(old, at + 1)
        open(target, "w").write(source[:at] + new + source[at + len(old):])
        r = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests],
                           cwd=tmp, env=env, capture_output=True, text=True)
        open(target, "w").write(source)
        print("CAUGHT " if r.returncode == 1 else f"MISSED(rc={r.returncode})", path, f"#{k}", old[:70].replace("\n", " "), "->", new[:40].replace("\n", " "), flush=True)
finally:
    shutil.rmtree(tmp)
