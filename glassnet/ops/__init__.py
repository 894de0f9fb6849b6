"""Differentiable operations: each forward rule with its backward rule beside it."""
from glassnet.ops.math import *  # noqa: F401,F403
from glassnet.ops.reshaping import *  # noqa: F401,F403
from glassnet.ops.nn import *  # noqa: F401,F403
from glassnet.ops.conv import *  # noqa: F401,F403
from glassnet.ops.pooling import *  # noqa: F401,F403
from glassnet.ops.normalization import *  # noqa: F401,F403
