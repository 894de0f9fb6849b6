"""The playground's tests need its extra (Starlette, uvicorn). Without it they skip, except in CI
(``CI=true``), where .ci/run installs it: there its absence fails the run."""
import os

import pytest

if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
    import starlette  # noqa: F401  (an ImportError here fails the run, as it should in CI)
else:
    pytest.importorskip("starlette")
