"""keep_freed_memory: a freed large array comes back without page faults."""
import os
import subprocess
import sys

import pytest

SNIPPET = """
import resource, numpy as np
import glassnet.models
def step():                                          # like a training step: 24 MB, freed together
    arrays = [np.ones(2 ** 20, np.float32) for _ in range(6)]
for _ in range(3):
    step()
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(10):
    step()
print((resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before) / 10)
"""


def faults_per_step(keep: str) -> float:
    env = {**os.environ, "GLASSNET_KEEP_FREED_MEMORY": keep}
    out = subprocess.run([sys.executable, "-c", SNIPPET], capture_output=True, text=True, env=env, check=True)
    return float(out.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="mallopt is glibc's")
def test_importing_the_models_keeps_freed_memory_and_the_variable_turns_it_off():
    from glassnet.utils.memory import keep_freed_memory
    if not keep_freed_memory():
        pytest.skip("the C library is not glibc")
    assert faults_per_step("1") < 50                # the pages stayed with the process
    assert faults_per_step("0") > 1000             # glibc's defaults: the heap was trimmed, 6,144 pages fault again
