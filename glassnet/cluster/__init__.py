"""Clustering: group samples without labels."""
from glassnet.cluster._agglomerative import AgglomerativeClustering
from glassnet.cluster._dbscan import DBSCAN
from glassnet.cluster._kmeans import KMeans

__all__ = ["KMeans", "DBSCAN", "AgglomerativeClustering"]
