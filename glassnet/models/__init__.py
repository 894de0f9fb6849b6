"""Models: layers that train together (Keras's ``keras.Model``, ``keras.Sequential``).

``Model(inputs, outputs)`` for a functional graph, a ``Model`` subclass with ``call`` for
free-form code, ``Sequential`` for a plain stack; ``compile`` / ``fit`` / ``evaluate`` /
``predict`` / ``summary`` / ``save`` on all three; ``load_model`` reads a saved file back.
"""
from glassnet.models.model import Model
from glassnet.models.saving import clone_model, load_model, register_model_class, save_model
from glassnet.models.sequential import Sequential
from glassnet.models.json_io import model_from_json
from glassnet.utils.memory import keep_freed_memory

keep_freed_memory()   # the next training step reuses this one's freed arrays (see glassnet.utils.memory)

__all__ = ["Model", "Sequential", "load_model", "save_model", "clone_model", "register_model_class", "model_from_json"]


def __getattr__(name: str):
    from glassnet.utils.names import missing_attribute
    raise missing_attribute("glassnet.models", name, globals())
