"""Differentiable operations: each forward rule with its backward rule beside it."""
from glassnet.ops.math import *  # noqa: F401,F403
from glassnet.ops.reshaping import *  # noqa: F401,F403
from glassnet.ops.nn import *  # noqa: F401,F403
from glassnet.ops.conv import *  # noqa: F401,F403
from glassnet.ops.pooling import *  # noqa: F401,F403
from glassnet.ops.normalization import *  # noqa: F401,F403
from glassnet.ops.signal import *  # noqa: F401,F403
from glassnet.ops.creation import *  # noqa: F401,F403
from glassnet.ops.elementwise import *  # noqa: F401,F403
from glassnet.ops.reductions import *  # noqa: F401,F403
from glassnet.ops.indexing import *  # noqa: F401,F403
from glassnet.ops.einstein import *  # noqa: F401,F403
from glassnet.ops.composite import *  # noqa: F401,F403
from glassnet.ops.trigonometry import *  # noqa: F401,F403
from glassnet.ops.numeric import *  # noqa: F401,F403
from glassnet.ops.more_activations import *  # noqa: F401,F403
from glassnet.ops.arrays import *  # noqa: F401,F403
from glassnet.ops.statistics import *  # noqa: F401,F403
from glassnet.ops.slicing import *  # noqa: F401,F403
from glassnet.ops.linalg import *  # noqa: F401,F403
from glassnet.ops import linalg  # noqa: F401 - Keras's ops.linalg namespace too
from glassnet.ops.math import abs as absolute, divide as true_divide  # noqa: F401 - NumPy's other names
from glassnet.utils.names import missing_attribute as _missing_attribute
from glassnet.ops.symbolic import symbolic_aware as _symbolic_aware

# every public op also works on keras.Input tensors, where it becomes a node of the functional graph
for _name, _value in list(globals().items()):
    if (callable(_value) and not isinstance(_value, type) and not _name.startswith("_")
            and getattr(_value, "__module__", "").startswith("glassnet.ops.")):
        globals()[_name] = _symbolic_aware(_value)
del _name, _value


def __getattr__(name: str):
    raise _missing_attribute("glassnet.ops", name, globals())
