"""The confusion matrix as a picture: scikit-learn's ``ConfusionMatrixDisplay``.

Cell (i, j) counts the samples of true class i predicted as class j: the diagonal holds the
right answers, and each off-diagonal cell says which mistake was made how often.
"""
from __future__ import annotations

import numpy as np

from glassnet.viz._figure import axes_and_figure


class ConfusionMatrixDisplay:
    """A confusion matrix drawn with ``imshow``, counts written in the cells.

    Build it from a matrix (``ConfusionMatrixDisplay(cm).plot()``), or let
    ``from_estimator`` / ``from_predictions`` compute the matrix. After ``plot``: ``im_`` (the
    image), ``text_`` (the cell texts, or None), ``ax_`` and ``figure_``.
    """

    def __init__(self, confusion_matrix, *, display_labels=None):
        self.confusion_matrix = confusion_matrix
        self.display_labels = display_labels

    def plot(self, *, include_values: bool = True, cmap="viridis", xticks_rotation="horizontal", values_format=None,
             ax=None, colorbar: bool = True, im_kw=None, text_kw=None) -> "ConfusionMatrixDisplay":
        cm = np.asarray(self.confusion_matrix)
        n_classes = cm.shape[0]
        ax, figure = axes_and_figure(ax)
        self.im_ = ax.imshow(cm, **{"interpolation": "nearest", "cmap": cmap, **(im_kw or {})})
        self.text_ = None
        if include_values:
            # dark text on light cells, light text on dark ones
            light, dark = self.im_.cmap(1.0), self.im_.cmap(0.0)
            threshold = (cm.max() + cm.min()) / 2.0
            self.text_ = np.empty_like(cm, dtype=object)
            for i in range(n_classes):
                for j in range(n_classes):
                    self.text_[i, j] = ax.text(j, i, _cell_text(cm[i, j], values_format, cm.dtype),
                                               **{"ha": "center", "va": "center",
                                                  "color": light if cm[i, j] < threshold else dark,
                                                  **(text_kw or {})})
        labels = np.arange(n_classes) if self.display_labels is None else self.display_labels
        if colorbar:
            figure.colorbar(self.im_, ax=ax)
        ax.set(xticks=np.arange(n_classes), yticks=np.arange(n_classes), xticklabels=labels,
               yticklabels=labels, ylabel="True label", xlabel="Predicted label")
        ax.set_ylim((n_classes - 0.5, -0.5))
        for tick in ax.get_xticklabels():
            tick.set_rotation(xticks_rotation)
        self.ax_, self.figure_ = ax, figure
        return self

    @classmethod
    def from_predictions(cls, y_true, y_pred, *, labels=None, sample_weight=None, normalize=None,
                         display_labels=None, include_values: bool = True, xticks_rotation="horizontal",
                         values_format=None, cmap="viridis", ax=None, colorbar: bool = True, im_kw=None,
                         text_kw=None) -> "ConfusionMatrixDisplay":
        """Compute the matrix from labels (``normalize``: None, 'true', 'pred' or 'all'), then plot."""
        from glassnet.metrics import confusion_matrix
        cm = confusion_matrix(y_true, y_pred, labels=labels, sample_weight=sample_weight, normalize=normalize)
        if display_labels is None:
            display_labels = np.unique(np.concatenate([np.asarray(y_true), np.asarray(y_pred)])) \
                if labels is None else labels
        return cls(cm, display_labels=display_labels).plot(
            include_values=include_values, cmap=cmap, ax=ax, xticks_rotation=xticks_rotation,
            values_format=values_format, colorbar=colorbar, im_kw=im_kw, text_kw=text_kw)

    @classmethod
    def from_estimator(cls, estimator, X, y, **kwargs) -> "ConfusionMatrixDisplay":
        """Predict X with a fitted classifier, then as :meth:`from_predictions`."""
        if getattr(estimator, "classes_", None) is None and not hasattr(estimator, "predict"):
            raise ValueError(f"{type(estimator).__name__} should be a fitted classifier.")
        return cls.from_predictions(y, estimator.predict(X), **kwargs)


def _cell_text(value, values_format, dtype) -> str:
    """'.2g' for floats, 'd' for counts (whichever is shorter), or the format asked for."""
    if values_format is not None:
        return format(value, values_format)
    text = format(value, ".2g")
    if dtype.kind != "f":
        as_int = format(value, "d")
        if len(as_int) < len(text):
            text = as_int
    return text
