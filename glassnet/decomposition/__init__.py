"""Matrix decompositions: principal component analysis."""
from glassnet.decomposition._pca import PCA

__all__ = ["PCA"]
