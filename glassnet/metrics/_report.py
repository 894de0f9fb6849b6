"""``classification_report``: precision, recall, F1 and support per class, as a table or a dict."""
from __future__ import annotations

import numpy as np

from glassnet.metrics._classification import _check_targets, precision_recall_fscore_support


def classification_report(y_true, y_pred, *, labels=None, target_names=None, sample_weight=None,
                          digits: int = 2, output_dict: bool = False, zero_division="warn"):
    """A text table (scikit-learn's layout) or a dict of the per-class and averaged scores.

    Rows: one per class, then 'accuracy' (when every present class is reported, micro-averaged
    precision = recall = F1 = accuracy, so one number), 'macro avg' (plain mean over classes)
    and 'weighted avg' (mean weighted by support).
    """
    y_true, y_pred = _check_targets(y_true, y_pred)
    present = np.unique(np.concatenate([y_true, y_pred]))
    labels_given = labels is not None
    labels = present if labels is None else np.asarray(labels)
    micro_is_accuracy = not labels_given or set(present.tolist()) <= set(labels.tolist())
    if target_names is None:
        target_names = [str(label) for label in labels]
    elif len(target_names) != len(labels):
        raise ValueError(f"Number of classes, {len(labels)}, does not match size of target_names, "
                         f"{len(target_names)}. Try specifying the labels parameter")
    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, labels=labels, average=None,
                                                 sample_weight=sample_weight, zero_division=zero_division)
    headers = ["precision", "recall", "f1-score", "support"]
    rows = list(zip(target_names, p, r, f, s))
    averages = {}
    for average in ("micro", "macro", "weighted"):
        if average == "micro" and micro_is_accuracy:
            continue
        scores = precision_recall_fscore_support(y_true, y_pred, labels=labels, average=average,
                                                 sample_weight=sample_weight, zero_division=zero_division)
        averages[f"{average} avg"] = list(scores[:3]) + [s.sum()]
    total = s.sum()
    accuracy = None
    if micro_is_accuracy:
        accuracy = precision_recall_fscore_support(y_true, y_pred, labels=labels, average="micro",
                                                   sample_weight=sample_weight, zero_division=zero_division)[0]
    if output_dict:
        # every value a float, supports included, as in scikit-learn's dict
        out = {name: dict(zip(headers, [float(a), float(b), float(c), float(d)])) for name, a, b, c, d in rows}
        if accuracy is not None:
            out["accuracy"] = float(accuracy)
        for name, values in averages.items():
            out[name] = dict(zip(headers, [float(v) for v in values]))
        return out
    width = max(max((len(name) for name in target_names), default=0), len("weighted avg"), digits)
    report = ("{:>{width}s} " + " {:>9}" * len(headers)).format("", *headers, width=width) + "\n\n"
    row_fmt = "{:>{width}s} " + " {:>9.{digits}f}" * 3 + " {:>9}\n"
    for name, a, b, c, d in rows:
        report += row_fmt.format(name, a, b, c, _number(d), width=width, digits=digits)
    report += "\n"
    if accuracy is not None:
        report += ("{:>{width}s} " + " {:>9}" * 2 + " {:>9.{digits}f}" + " {:>9}\n").format(
            "accuracy", "", "", accuracy, _number(total), width=width, digits=digits)
    for name, values in averages.items():
        report += row_fmt.format(name, *values[:3], _number(values[3]), width=width, digits=digits)
    return report


def _number(x):
    """Supports print as integers unless sample weights made them fractional."""
    return int(x) if float(x).is_integer() else float(x)


__all__ = ["classification_report"]
