"""``Progbar``: Keras's progress bar for hand-written loops, drawn by tqdm.

    bar = keras.utils.Progbar(target=steps)
    for step in range(steps):
        ...
        bar.update(step + 1, values=[("loss", loss)])

A value that is not in ``stateful_metrics`` is shown as its mean over the steps so far
(weighted by how many steps each update covered), as Keras shows it; a stateful one as given.
"""
from __future__ import annotations

import sys


class Progbar:
    """A progress bar over ``target`` steps (None: unknown length).

    Parameters
    ----------
    target : int or None
    width : int
        Accepted for Keras code (tqdm sizes the bar to the terminal).
    verbose : int
        0 silent, 1 a live bar, 2 one line when the target is reached.
    interval : float
        The least number of seconds between redraws.
    stateful_metrics : iterable of str
        Names shown as given rather than averaged.
    unit_name : str
    """

    def __init__(self, target, width: int = 20, verbose: int = 1, interval: float = 0.05,
                 stateful_metrics=None, unit_name: str = "step"):
        self.target, self.width, self.verbose, self.interval = target, width, int(verbose), float(interval)
        self.stateful_metrics = set(stateful_metrics or ())
        self.unit_name = unit_name
        self._values: dict[str, list] = {}
        self._seen_so_far = 0
        self._bar = None
        self._file = sys.stdout

    def _averages(self) -> dict[str, float]:
        return {k: (v[0] / max(v[1], 1) if k not in self.stateful_metrics else v[0]) for k, v in self._values.items()}

    def _text(self) -> str:
        return " - ".join(f"{k}: {v:.4f}" if isinstance(v, float) else f"{k}: {v}"
                          for k, v in self._averages().items())

    def update(self, current: int, values=None, finalize: bool | None = None) -> None:
        """Move to step ``current``, adding ``values``: a list of (name, value) pairs."""
        if finalize is None:
            finalize = self.target is not None and current >= self.target
        step = max(current - self._seen_so_far, 1)
        for name, value in values or ():
            value = float(value) if not isinstance(value, str) else value
            if name in self.stateful_metrics or isinstance(value, str):
                self._values[name] = [value, 1]
            else:
                total, count = self._values.get(name, [0.0, 0])
                self._values[name] = [total + value * step, count + step]
        advance = current - self._seen_so_far
        self._seen_so_far = current
        if self.verbose == 1:
            if self._bar is None:
                from tqdm.auto import tqdm
                self._bar = tqdm(total=self.target, unit=self.unit_name, leave=True, dynamic_ncols=True,
                                 file=self._file, mininterval=self.interval)
            self._bar.update(advance)
            self._bar.set_postfix_str(self._text(), refresh=False)
            if finalize:
                self._bar.close()
                self._bar = None
        elif self.verbose == 2 and finalize:
            print(f"{current}/{self.target} - {self._text()}", file=self._file)

    def add(self, n: int, values=None) -> None:
        """Advance by ``n`` steps."""
        self.update(self._seen_so_far + n, values)


__all__ = ["Progbar"]
