"""glassnet: machine learning you can look inside.

Networks with the Keras API (``import glassnet as keras``) and classic estimators with
the scikit-learn API (``from glassnet.linear_model import LinearRegression``), every
model written from scratch in NumPy with the formula beside the code.

Sub-packages load on first use, so ``import glassnet`` stays fast.
"""
from __future__ import annotations

import importlib

__version__ = "0.1.0"

# name -> (module, attribute or None for the module itself)
_LAZY = {
    # the network side (Keras names)
    "Tensor": ("glassnet.autodiff", "Tensor"),
    "no_grad": ("glassnet.autodiff", "no_grad"),
    "Variable": ("glassnet.variables", "Variable"),
    "ops": ("glassnet.ops", None),
    "layers": ("glassnet.layers", None),
    "models": ("glassnet.models", None),
    "Model": ("glassnet.models", "Model"),
    "Sequential": ("glassnet.models", "Sequential"),
    "Input": ("glassnet.layers", "Input"),
    "KerasTensor": ("glassnet.layers", "KerasTensor"),
    "activations": ("glassnet.activations", None),
    "losses": ("glassnet.losses", None),
    "optimizers": ("glassnet.optimizers", None),
    "initializers": ("glassnet.initializers", None),
    "regularizers": ("glassnet.regularizers", None),
    "constraints": ("glassnet.constraints", None),
    "callbacks": ("glassnet.callbacks", None),
    "metrics": ("glassnet.metrics", None),
    "datasets": ("glassnet.datasets", None),
    "utils": ("glassnet.utils", None),
    "config": ("glassnet.config", None),
    "viz": ("glassnet.viz", None),
    "optimize": ("glassnet.optimize", None),
    "inspection": ("glassnet.inspection", None),
    "random": ("glassnet.random", None),
    "saving": ("glassnet.saving", None),
    "wrappers": ("glassnet.wrappers", None),
    "backend": ("glassnet.backend", None),
    "Layer": ("glassnet.layers", "Layer"),
    "Loss": ("glassnet.losses", "Loss"),
    "Metric": ("glassnet.metrics", "Metric"),
    "Optimizer": ("glassnet.optimizers", "Optimizer"),
    "Initializer": ("glassnet.initializers", "Initializer"),
    "Regularizer": ("glassnet.regularizers", "Regularizer"),
    # the classic side (scikit-learn names)
    "base": ("glassnet.base", None),
    "linear_model": ("glassnet.linear_model", None),
    "preprocessing": ("glassnet.preprocessing", None),
    "pipeline": ("glassnet.pipeline", None),
    "tree": ("glassnet.tree", None),
    "ensemble": ("glassnet.ensemble", None),
    "neighbors": ("glassnet.neighbors", None),
    "naive_bayes": ("glassnet.naive_bayes", None),
    "cluster": ("glassnet.cluster", None),
    "mixture": ("glassnet.mixture", None),
    "decomposition": ("glassnet.decomposition", None),
    "neural_network": ("glassnet.neural_network", None),
    "model_selection": ("glassnet.model_selection", None),
    # the class data challenge (server: the challenge extra; client: standard library)
    "challenge": ("glassnet.challenge", None),
    "svm": ("glassnet.svm", None),
}


def __getattr__(name: str):
    try:
        module_name, attribute = _LAZY[name]
    except KeyError:
        from glassnet.utils.names import missing_attribute
        raise missing_attribute("glassnet", name, list(globals()) + list(_LAZY)) from None
    module = importlib.import_module(module_name)
    value = module if attribute is None else getattr(module, attribute)
    globals()[name] = value
    return value


def __dir__():
    return sorted(list(globals()) + list(_LAZY))
