"""Reading a predictions file and scoring it against the hidden labels.

A predictions file is CSV with a header ``<id column>,<target column>`` and one row per test
id, in any order. It is checked whole before any score is computed; any fault refuses it with
the row and the reason (and a refused file is never stored or counted against the quota):
empty file, wrong header, too many or too few rows, unknown / repeated / missing ids, a value
that is not a number, NaN or infinity, a non-integer where the metric needs class labels.

The test set is split once, by a seeded permutation, into a public part (its score is shown at
once) and a private part (its score is revealed after the deadline):

    public = first round(public_fraction · n) ids of permutation(seed), private = the rest
"""
from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from glassnet.challenge.errors import ChallengeError

# metric name in glassnet.metrics → (greater is better, needs class labels, keyword arguments)
METRICS = {
    "accuracy_score": (True, True, {}),
    "balanced_accuracy_score": (True, True, {}),
    "f1_score": (True, True, {"average": "macro"}),
    "precision_score": (True, True, {"average": "macro"}),
    "recall_score": (True, True, {"average": "macro"}),
    "mean_squared_error": (False, False, {}),
    "root_mean_squared_error": (False, False, {}),
    "mean_absolute_error": (False, False, {}),
    "r2_score": (True, False, {}),
    "roc_auc_score": (True, False, {}),
}
_SHOWN_ERRORS = 5


def metric_function(name: str):
    """The glassnet.metrics function called ``name``."""
    from glassnet import metrics
    if name not in METRICS or not hasattr(metrics, name):
        known = ", ".join(n for n in METRICS if hasattr(metrics, n))
        raise ValueError(f"metric: expected one of {known}; got {name!r}")
    return getattr(metrics, name)


@dataclass
class Solution:
    """The hidden labels, in file order, with the public/private split."""

    ids: list[str]
    labels: np.ndarray
    public: np.ndarray       # boolean mask
    index: dict[str, int]    # id → row
    sorted_ids: np.ndarray = None   # the ids sorted (for whole-array look-ups) ...
    sorted_rows: np.ndarray = None  # ... and their rows

    def __post_init__(self):
        order = np.argsort(np.array(self.ids))
        self.sorted_ids, self.sorted_rows = np.array(self.ids)[order], order

    @classmethod
    def read(cls, path: Path, id_column: str, target_column: str, public_fraction: float, seed: int) -> Solution:
        with open(path, newline="", encoding="utf-8") as file:
            reader = csv.reader(file)
            header = next(reader, None)
            if header != [id_column, target_column]:
                raise ValueError(f"solution file {path}: expected the header {id_column},{target_column}, got {header}")
            rows = list(reader)
        ids = [row[0] for row in rows]
        labels = np.array([float(row[1]) for row in rows])
        if len(set(ids)) != len(ids):
            raise ValueError(f"solution file {path}: ids repeat")
        order = np.random.default_rng(seed).permutation(len(ids))
        public = np.zeros(len(ids), dtype=bool)
        public[order[:round(public_fraction * len(ids))]] = True
        return cls(ids, labels, public, {i: k for k, i in enumerate(ids)})


def _problem(errors: list[str], message: str) -> None:
    errors.append(message)


def _fast_read(text: str, solution: Solution, labels_needed: bool) -> np.ndarray | None:
    """Whole-array reading of a well-formed file (plain ``id,value`` lines, every id once); None
    as soon as anything is off, and the row-by-row reader then finds and names the fault.

    No Python loop over the rows: the bytes show that every line holds exactly one comma, so
    splitting the whole text at commas and newlines gives id, value, id, value, ... in order.
    """
    text = text.replace("\r\n", "\n").rstrip("\n")
    n = len(solution.ids)
    if '"' in text:
        return None
    raw = np.frombuffer(text.encode("utf-8"), dtype=np.uint8)
    newlines, commas = np.flatnonzero(raw == ord("\n")), np.flatnonzero(raw == ord(","))
    if len(newlines) != n or len(commas) != n + 1:
        return None
    if (np.bincount(np.searchsorted(newlines, commas), minlength=n + 1) != 1).any():
        return None
    fields = text.replace(",", "\n").split("\n")
    keys = np.array(fields[2::2])
    where = np.minimum(np.searchsorted(solution.sorted_ids, keys), n - 1)
    if not (solution.sorted_ids[where] == keys).all():
        return None
    positions = solution.sorted_rows[where]
    if (np.bincount(positions, minlength=n) != 1).any():
        return None
    try:
        values = np.array(fields[3::2], dtype=np.float64)  # parses each string
    except ValueError:
        return None
    if not np.isfinite(values).all() or (labels_needed and (values != np.round(values)).any()):
        return None
    aligned = np.empty(n)
    aligned[positions] = values
    return aligned


def read_predictions(content: bytes, solution: Solution, id_column: str, target_column: str,
                     labels_needed: bool) -> np.ndarray:
    """The predictions aligned with the solution's rows; ChallengeError naming every fault."""
    if not content.strip():
        raise ChallengeError("the file is empty: expected a CSV file with the header "
                             f"{id_column},{target_column} and one row per test id")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ChallengeError(f"the file is not UTF-8 text (byte {error.start}); expected a CSV file") from None
    reader = csv.reader(io.StringIO(text))
    header = [name.strip() for name in next(reader)]
    if header != [id_column, target_column]:
        raise ChallengeError(f"wrong columns: expected the header {id_column},{target_column}, "
                             f"got {','.join(header)}")
    fast = _fast_read(text, solution, labels_needed)
    if fast is not None:
        return fast
    n = len(solution.ids)
    values = np.full(n, np.nan)
    seen = np.zeros(n, dtype=bool)
    errors: list[str] = []
    count = 0
    for line, row in enumerate(reader, start=2):
        if not row:
            continue
        count += 1
        if count > n:
            raise ChallengeError(f"too many rows: the test set has {n} ids, the file has more "
                                 f"(row {line} is number {count})")
        if len(row) != 2:
            _problem(errors, f"row {line}: expected 2 values ({id_column},{target_column}), got {len(row)}")
            continue
        key, text_value = row[0].strip(), row[1].strip()
        position = solution.index.get(key)
        if position is None:
            _problem(errors, f"row {line}: {id_column} {key!r} is not a test id")
            continue
        if seen[position]:
            _problem(errors, f"row {line}: {id_column} {key!r} appears twice")
            continue
        seen[position] = True
        try:
            value = float(text_value)
        except ValueError:
            _problem(errors, f"row {line}: {target_column} {text_value!r} is not a number")
            continue
        if not math.isfinite(value):
            _problem(errors, f"row {line}: {target_column} is {text_value} (expected a finite number)")
            continue
        if labels_needed and value != int(value):
            _problem(errors, f"row {line}: {target_column} {text_value} is not a class label "
                             "(expected an integer)")
            continue
        values[position] = value
        if len(errors) >= _SHOWN_ERRORS:
            break
    if not errors and not seen.all():
        missing = [solution.ids[i] for i in np.flatnonzero(~seen)[:_SHOWN_ERRORS]]
        errors.append(f"missing ids: {int((~seen).sum())} of the {n} test ids have no prediction "
                      f"(first: {', '.join(missing)})")
    if errors:
        raise ChallengeError("the file was not scored (it does not count): " + "; ".join(errors[:_SHOWN_ERRORS]))
    return values


def score(predictions: np.ndarray, solution: Solution, metric: str) -> tuple[float, float]:
    """(public score, private score) of aligned predictions."""
    function = metric_function(metric)
    kwargs = METRICS[metric][2]
    parts = []
    for mask in (solution.public, ~solution.public):
        truth, guess = solution.labels[mask], predictions[mask]
        if METRICS[metric][1]:
            truth, guess = truth.astype(np.int64), guess.astype(np.int64)
        parts.append(float(function(truth, guess, **kwargs)) if mask.any() else float("nan"))
    return parts[0], parts[1]
