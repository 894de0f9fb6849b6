"""Support vector machines: SVC and SVR (kernels, trained by SMO as libsvm) and LinearSVC."""
from glassnet.svm._classes import SVC, SVR
from glassnet.svm._linear import LinearSVC

__all__ = ["SVC", "SVR", "LinearSVC"]
