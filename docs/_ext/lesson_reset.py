"""Each lesson starts as a fresh Python session would: layer names from 1, the same seed."""
from __future__ import annotations


def reset_glassnet(gallery_conf, fname, when=None):
    """sphinx-gallery calls this before each lesson (see ``reset_modules`` in conf.py)."""
    from glassnet.layers import clear_session
    from glassnet.random import set_random_seed
    clear_session()
    set_random_seed(0)
