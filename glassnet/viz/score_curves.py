"""ROC and precision-recall curves as pictures: scikit-learn's ``RocCurveDisplay`` and
``PrecisionRecallDisplay``.

Both sweep a threshold down a binary classifier's scores. The ROC curve draws the true-positive
rate against the false-positive rate (chance: the diagonal); the precision-recall curve draws
precision against recall, as steps (chance: the fraction of positives).
"""
from __future__ import annotations

import numpy as np

from glassnet.metrics._precision_recall import average_precision_score, precision_recall_curve
from glassnet.metrics._ranking import auc, roc_curve
from glassnet.viz._figure import axes_and_figure


def binary_scores(estimator, X, response_method: str = "auto", pos_label=None):
    """(scores of ``pos_label``, pos_label) from a fitted binary classifier.

    ``'auto'`` takes ``predict_proba``'s column of ``pos_label`` and falls back to
    ``decision_function`` (negated when ``pos_label`` is the first class).
    """
    classes = getattr(estimator, "classes_", None)
    if classes is None:
        raise ValueError(f"{type(estimator).__name__} should be a fitted binary classifier (no classes_).")
    classes = np.asarray(classes)
    if classes.ndim != 1 or len(classes) != 2:
        raise ValueError(f"Expected a binary classifier, got {type(estimator).__name__} with "
                         f"{len(classes)} classes.")
    pos_label = classes[1] if pos_label is None else pos_label
    if pos_label not in classes:
        raise ValueError(f"pos_label={pos_label!r} is not a valid label: it should be one of {list(classes)}")
    methods = ["predict_proba", "decision_function"] if response_method == "auto" else [response_method]
    for method in methods:
        if hasattr(estimator, method):
            scores = np.asarray(getattr(estimator, method)(X))
            if method == "predict_proba":
                return scores[:, int(np.flatnonzero(classes == pos_label)[0])], pos_label
            return (-scores if pos_label == classes[0] else scores), pos_label
    raise AttributeError(f"{type(estimator).__name__} has none of the response methods {methods}.")


def _axis_labels(ax, x: str, y: str, pos_label) -> None:
    suffix = f" (Positive label: {pos_label})" if pos_label is not None else ""
    ax.set(xlabel=x + suffix, ylabel=y + suffix, xlim=(-0.01, 1.01), ylim=(-0.01, 1.01), aspect="equal")


class RocCurveDisplay:
    """ROC curve: TPR = TP / P against FPR = FP / N, one point per threshold.

    After ``plot``: ``line_``, ``chance_level_`` (or None), ``ax_`` and ``figure_``.
    """

    def __init__(self, *, fpr, tpr, roc_auc=None, name=None, pos_label=None):
        self.fpr, self.tpr, self.roc_auc, self.name, self.pos_label = fpr, tpr, roc_auc, name, pos_label

    def plot(self, ax=None, *, name=None, curve_kwargs=None, plot_chance_level: bool = False,
             chance_level_kw=None, despine: bool = False, **kwargs) -> "RocCurveDisplay":
        ax, figure = axes_and_figure(ax)
        name = self.name if name is None else name
        label = None
        if self.roc_auc is not None:
            label = f"{name} (AUC = {self.roc_auc:0.2f})" if name else f"AUC = {self.roc_auc:0.2f}"
        elif name:
            label = name
        style = {"drawstyle": "default", **({"label": label} if label else {}), **(curve_kwargs or {}), **kwargs}
        (self.line_,) = ax.plot(self.fpr, self.tpr, **style)
        _axis_labels(ax, "False Positive Rate", "True Positive Rate", self.pos_label)
        self.chance_level_ = None
        if plot_chance_level:
            chance = {"label": "Chance level (AUC = 0.5)", "color": "k", "linestyle": "--", **(chance_level_kw or {})}
            (self.chance_level_,) = ax.plot((0, 1), (0, 1), **chance)
        if despine:
            for side in ("top", "right"):
                ax.spines[side].set_visible(False)
        if label or plot_chance_level:
            ax.legend(loc="lower right")
        self.ax_, self.figure_ = ax, figure
        return self

    @classmethod
    def from_predictions(cls, y_true, y_score=None, *, sample_weight=None, drop_intermediate: bool = True,
                         pos_label=None, name=None, ax=None, curve_kwargs=None, plot_chance_level: bool = False,
                         chance_level_kw=None, despine: bool = False, y_pred=None, **kwargs) -> "RocCurveDisplay":
        y_score = y_pred if y_score is None else y_score
        if y_score is None:
            raise ValueError("from_predictions needs y_score, the scores of the positive class.")
        fpr, tpr, _ = roc_curve(y_true, y_score, pos_label=pos_label, sample_weight=sample_weight,
                                drop_intermediate=drop_intermediate)
        shown_label = pos_label if pos_label is not None else 1
        return cls(fpr=fpr, tpr=tpr, roc_auc=auc(fpr, tpr), name=name or "Classifier", pos_label=shown_label).plot(
            ax=ax, curve_kwargs=curve_kwargs, plot_chance_level=plot_chance_level, chance_level_kw=chance_level_kw,
            despine=despine, **kwargs)

    @classmethod
    def from_estimator(cls, estimator, X, y, *, sample_weight=None, drop_intermediate: bool = True,
                       response_method: str = "auto", pos_label=None, name=None, ax=None, curve_kwargs=None,
                       plot_chance_level: bool = False, chance_level_kw=None, despine: bool = False,
                       **kwargs) -> "RocCurveDisplay":
        scores, pos_label = binary_scores(estimator, X, response_method, pos_label)
        return cls.from_predictions(y, scores, sample_weight=sample_weight, drop_intermediate=drop_intermediate,
                                    pos_label=pos_label, name=name or type(estimator).__name__, ax=ax,
                                    curve_kwargs=curve_kwargs, plot_chance_level=plot_chance_level,
                                    chance_level_kw=chance_level_kw, despine=despine, **kwargs)


class PrecisionRecallDisplay:
    """Precision-recall curve, drawn as steps, with the average precision in the legend.

    After ``plot``: ``line_``, ``chance_level_`` (or None), ``ax_`` and ``figure_``.
    """

    def __init__(self, precision, recall, *, average_precision=None, name=None, pos_label=None,
                 prevalence_pos_label=None):
        self.precision, self.recall = precision, recall
        self.average_precision, self.name, self.pos_label = average_precision, name, pos_label
        self.prevalence_pos_label = prevalence_pos_label

    def plot(self, ax=None, *, name=None, plot_chance_level: bool = False, chance_level_kw=None,
             despine: bool = False, **kwargs) -> "PrecisionRecallDisplay":
        ax, figure = axes_and_figure(ax)
        name = self.name if name is None else name
        label = None
        if self.average_precision is not None:
            label = (f"{name} (AP = {self.average_precision:0.2f})" if name
                     else f"AP = {self.average_precision:0.2f}")
        elif name:
            label = name
        style = {"drawstyle": "steps-post", **({"label": label} if label else {}), **kwargs}
        (self.line_,) = ax.plot(self.recall, self.precision, **style)
        _axis_labels(ax, "Recall", "Precision", self.pos_label)
        self.chance_level_ = None
        if plot_chance_level:
            if self.prevalence_pos_label is None:
                raise ValueError("plot_chance_level=True needs prevalence_pos_label (the fraction of "
                                 "positives): build the display with from_estimator or from_predictions.")
            chance = {"label": f"Chance level (AP = {self.prevalence_pos_label:0.2f})", "color": "k",
                      "linestyle": "--", **(chance_level_kw or {})}
            (self.chance_level_,) = ax.plot((0, 1), (self.prevalence_pos_label,) * 2, **chance)
        if despine:
            for side in ("top", "right"):
                ax.spines[side].set_visible(False)
        if label or plot_chance_level:
            ax.legend(loc="lower left")
        self.ax_, self.figure_ = ax, figure
        return self

    @classmethod
    def from_predictions(cls, y_true, y_score=None, *, sample_weight=None, drop_intermediate: bool = False,
                         pos_label=None, name=None, ax=None, plot_chance_level: bool = False,
                         chance_level_kw=None, despine: bool = False, y_pred=None,
                         **kwargs) -> "PrecisionRecallDisplay":
        y_score = y_pred if y_score is None else y_score
        if y_score is None:
            raise ValueError("from_predictions needs y_score, the scores of the positive class.")
        shown_label = pos_label if pos_label is not None else 1
        precision, recall, _ = precision_recall_curve(y_true, y_score, pos_label=pos_label,
                                                      sample_weight=sample_weight, drop_intermediate=drop_intermediate)
        is_positive = np.asarray(y_true).ravel() == shown_label
        ap = average_precision_score(is_positive.astype(int), y_score, sample_weight=sample_weight)
        prevalence = float(np.average(is_positive, weights=sample_weight))
        return cls(precision, recall, average_precision=ap, name=name or "Classifier", pos_label=shown_label,
                   prevalence_pos_label=prevalence).plot(ax=ax, plot_chance_level=plot_chance_level,
                                                         chance_level_kw=chance_level_kw, despine=despine, **kwargs)

    @classmethod
    def from_estimator(cls, estimator, X, y, *, sample_weight=None, drop_intermediate: bool = False,
                       response_method: str = "auto", pos_label=None, name=None, ax=None,
                       plot_chance_level: bool = False, chance_level_kw=None, despine: bool = False,
                       **kwargs) -> "PrecisionRecallDisplay":
        scores, pos_label = binary_scores(estimator, X, response_method, pos_label)
        return cls.from_predictions(y, scores, sample_weight=sample_weight, drop_intermediate=drop_intermediate,
                                    pos_label=pos_label, name=name or type(estimator).__name__, ax=ax,
                                    plot_chance_level=plot_chance_level, chance_level_kw=chance_level_kw,
                                    despine=despine, **kwargs)
