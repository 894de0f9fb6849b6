"""Submitting from Python: ``glassnet.challenge.submit(url, token, predictions)`` (standard library only)."""
from __future__ import annotations

import csv
import io
import json
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import numpy as np


class SubmissionRefused(Exception):
    """The server refused the submission; ``status`` is the HTTP code, the message its reason."""

    def __init__(self, status: int, message: str):
        super().__init__(f"{message} (HTTP {status})")
        self.status = status
        self.message = message


def predictions_csv(predictions, ids=None, id_column: str = "id", target_column: str = "label") -> bytes:
    """Predictions as the CSV the server expects: a mapping id → value, or a sequence with ``ids``."""
    if isinstance(predictions, dict):
        pairs = list(predictions.items())
    else:
        values = np.asarray(predictions).ravel()
        if ids is None:
            raise ValueError("ids: give the test ids (in the order of the predictions), or a dict id → prediction")
        ids = list(ids)
        if len(ids) != len(values):
            raise ValueError(f"ids: expected {len(values)} ids (one per prediction), got {len(ids)}")
        pairs = list(zip(ids, values.tolist()))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([id_column, target_column])
    writer.writerows(pairs)
    return out.getvalue().encode("utf-8")


def submit(url: str, token: str, predictions, ids=None, *, note: str = "", timeout: float = 60.0) -> dict:
    """Send predictions to the challenge at ``url`` with your ``token``; the server's answer.

    ``predictions`` is a path to a CSV file, the CSV bytes, a dict id → prediction, or an array
    with ``ids`` (the first column of the downloaded ``test.csv``). The answer holds the public
    score and what is left of today's quota; a refusal raises :class:`SubmissionRefused` with
    the server's reason.
    """
    if isinstance(predictions, (str, Path)) and Path(predictions).is_file():
        body = Path(predictions).read_bytes()
    elif isinstance(predictions, bytes):
        body = predictions
    else:
        info = _get_json(url.rstrip("/") + "/api/challenge", timeout)
        body = predictions_csv(predictions, ids, info["id_column"], info["target_column"])
    query = "?" + urllib.parse.urlencode({"note": note}) if note else ""
    request = urllib.request.Request(url.rstrip("/") + "/api/submissions" + query, data=body, method="POST",
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "text/csv"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as error:
        raise SubmissionRefused(error.code, _reason(error)) from None


def _reason(error: urllib.error.HTTPError) -> str:
    try:
        return json.loads(error.read()).get("error", error.reason)
    except ValueError:
        return str(error.reason)


def _get_json(url: str, timeout: float) -> dict:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return json.loads(response.read())
