"""CSVLogger: one row of logs per epoch, readable by any spreadsheet or pandas."""
from __future__ import annotations

import csv
import os

from glassnet.callbacks.callback import Callback


def _plain(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return value


class CSVLogger(Callback):
    """Write the logs of every epoch as a CSV row: ``epoch,<log names in order>``.

    Parameters
    ----------
    filename : str
    separator : str, default ','
    append : bool, default False
        Add to an existing file (without repeating its header) instead of overwriting it.
    """

    def __init__(self, filename: str, separator: str = ",", append: bool = False):
        super().__init__()
        self.filename = os.fspath(filename)
        self.sep = separator
        self.append = bool(append)
        self.keys = None
        self._file = None
        self._writer = None
        self._header_exists = False

    def on_train_begin(self, logs=None):
        self._header_exists = self.append and os.path.isfile(self.filename) and (
            os.path.getsize(self.filename) > 0)
        directory = os.path.dirname(self.filename)
        if directory:
            os.makedirs(directory, exist_ok=True)
        self._file = open(self.filename, "a" if self.append else "w", newline="", encoding="utf-8")
        self._writer = None
        self.keys = None

    def on_epoch_end(self, epoch, logs=None):
        logs = dict(logs or {})
        if self._file is None:  # used outside fit: open on first use
            self.on_train_begin()
        if self.keys is None:
            self.keys = sorted(logs)
            self._writer = csv.DictWriter(self._file, fieldnames=["epoch"] + self.keys,
                                          delimiter=self.sep, extrasaction="ignore")
            if not self._header_exists:
                self._writer.writeheader()
        row = {"epoch": epoch, **{key: _plain(logs.get(key, "NA")) for key in self.keys}}
        self._writer.writerow(row)
        self._file.flush()

    def on_train_end(self, logs=None):
        if self._file is not None:
            self._file.close()
            self._file = None
            self._writer = None
