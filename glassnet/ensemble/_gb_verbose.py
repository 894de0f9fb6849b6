"""The table gradient boosting prints with ``verbose``: stage, training loss, time left."""
from __future__ import annotations

import time


class VerboseReporter:
    """Prints the stage, the training loss and the time left, as scikit-learn's (every stage up to 10,
    then every 10th up to 100, and so on)."""

    def __init__(self, verbose: int, n_estimators: int):
        self.verbose, self.n_estimators = verbose, n_estimators
        self.every, self.start = 1, time.perf_counter()
        print(f"{'Iter':>10} {'Train Loss':>16} {'Remaining Time':>16} ")

    def update(self, m: int, train_loss: float) -> None:
        stage = m + 1
        if self.verbose == 1 and stage % self.every:
            return
        left = (self.n_estimators - stage) * (time.perf_counter() - self.start) / stage
        shown = f"{left / 60:.2f}m" if left > 60 else f"{left:.2f}s"
        print(f"{stage:>10d} {train_loss:>16.4f} {shown:>16s}")
        if self.verbose == 1 and stage // (self.every * 10) > 0:
            self.every *= 10
