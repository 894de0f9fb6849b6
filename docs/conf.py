"""Sphinx configuration of glassnet's documentation site.

Build it from the repository root (``-W``: every warning is an error)::

    python -m sphinx -W -b html docs docs/_build/html

The API reference is written by ``_ext/glassnet_api.py`` at each build from glassnet's own
public names, and the lessons in ``../lessons`` are executed by sphinx-gallery, so that neither
can fall behind the code. Nothing here reaches the network.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(ROOT))            # document this checkout's glassnet, installed or not
sys.path.insert(0, str(DOCS / "_ext"))
os.environ.setdefault("MPLBACKEND", "Agg")
# The lessons' matrices are small: one BLAS thread is as fast on an idle machine and many times
# faster on a busy one (CI shares its two cores); set before NumPy is imported.
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import glassnet  # noqa: E402

project = "glassnet"
author = "glassnet contributors"
copyright = "glassnet contributors"
version = release = glassnet.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
    "glassnet_api",
    "plain_math",
    "class_signatures",
]

exclude_patterns = ["_build", "lessons/*.ipynb", "lessons/*.py", "lessons/*.md5", "lessons/*.zip",
                    "lessons/*.json"]
root_doc = "index"

# -- the API reference ---------------------------------------------------------------------------
autosummary_generate = False          # one page per module: glassnet_api writes the entries
autosummary_imported_members = True
autodoc_default_options = {"members": False}
autodoc_typehints = "none"                  # the signatures show them; numpydoc shows the types
numpydoc_show_class_members = False         # the class template lists the methods itself
numpydoc_validation_checks: set[str] = set()
numpydoc_xref_param_type = False

# -- the lessons ---------------------------------------------------------------------------------
sphinx_gallery_conf = {
    "examples_dirs": str(ROOT / "lessons"),
    "gallery_dirs": "lessons",
    "filename_pattern": r"lesson_\d+_.*\.py$",   # execute every lesson, not only plot_*.py
    "ignore_pattern": r"__init__\.py|conftest\.py",
    "within_subsection_order": "FileNameSortKey",
    "image_scrapers": ("matplotlib",),
    "abort_on_example_error": True,
    "only_warn_on_example_error": False,
    "download_all_examples": False,
    "remove_config_comments": True,
    "show_memory": False,
    "min_reported_time": 1,
    "reset_modules": ("matplotlib", "lesson_reset.reset_glassnet"),
}

# -- no network ----------------------------------------------------------------------------------
intersphinx_mapping: dict = {}

# -- HTML ----------------------------------------------------------------------------------------
html_theme = "furo"
html_title = "glassnet"
html_show_sourcelink = False
