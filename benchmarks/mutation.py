"""Mutation testing: break the code on purpose, one small change at a time, and see whether a test notices.

    python benchmarks/mutation.py                                  # the engine and estimators' cores
    python benchmarks/mutation.py --files glassnet/autodiff.py glassnet/ops/math.py --sample 60
    python benchmarks/mutation.py --json /tmp/mutation.json --jobs 2   # every mutant's result, two at once

For each file, the mutants of ``benchmarks/mutants.py`` (an operator flipped, a constant
changed, a return value dropped, a statement removed) are listed and ``--sample`` of them
are drawn with ``--seed``. Each mutant is written into a *temporary copy* of the package and
the tests that cover its line run against that copy (``pytest -x -q -p no:cacheprovider``,
``PYTHONPATH`` pointing at the copy). The working tree is never written to; the copy is
deleted on exit, Ctrl-C included.

- *killed*: a test failed, errored or ran past ``--timeout`` seconds (a mutant that loops);
- *survived*: every covering test passed. A survivor is a behaviour no test pins down, or an
  equivalent mutant (the change cannot be seen from outside: a dead default, a log level).

Which tests run: the mirror of the file (``glassnet/ops/nn.py`` → ``tests/ops/``,
``glassnet/losses.py`` → ``tests/test_losses*.py``, ``glassnet/autodiff.py`` →
``tests/test_autodiff*.py`` and ``tests/ops/``), or ``--tests``. A first run of those tests
under ``coverage`` (one context per test) records which tests execute each line; a mutant
then runs only those tests (``--whole-files``: and when they pass, their whole test files, for
a module- or class-scoped fixture that runs the line for a later test; the mirrors have none). A mutant on a line no test runs survives
without a run ("not covered"). A mutant that acts when the module is imported (a default argument, a
class attribute) runs the whole mirror. Without the ``coverage`` package every mutant runs
the whole mirror (slower, same verdicts).

The score of a file is killed / sampled. This is a benchmark, not part of CI
(``pip install ".[bench]"`` for coverage): on a busy two-core machine 20 mutants of a file
take about two minutes. The per-file table and the survivors are printed at the end (and
written to ``--json``). Run from the repository root.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mutants import Mutant, find_mutants  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FILES = ["glassnet/autodiff.py", "glassnet/ops/*.py", "glassnet/layers/*.py", "glassnet/models/*.py",
                 "glassnet/optimizers/*.py", "glassnet/losses.py", "glassnet/tree/*.py",
                 "glassnet/linear_model/*.py", "glassnet/cluster/*.py"]
PYTEST = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-p", "no:randomly"]

COVERAGE_PLUGIN = '''
import os, coverage, pytest
_cov = coverage.Coverage(data_file=os.environ["MUTATION_COVERAGE_FILE"], include=[os.environ["MUTATION_COVERAGE_INCLUDE"]])
_cov.start()

@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    _cov.switch_context(item.nodeid)
    yield
    _cov.switch_context("")

def pytest_unconfigure(config):
    _cov.stop()
    _cov.save()
'''

# Imports take most of a short test run (torch alone ~3 s): a server imports the heavy libraries
# once, then forks a fresh child per mutant, which imports glassnet (never imported by the server)
# from the copy and runs pytest. The child is killed with its process group on timeout.
FORK_SERVER = '''
import json, os, signal, sys, time
for name in ("numpy", "scipy", "sklearn", "torch", "matplotlib.pyplot", "hypothesis", "pytest"):
    try:
        __import__(name)
    except Exception:
        pass
import pytest
child = None

def stop(signum, frame):
    if child is not None:
        os.killpg(child, signal.SIGKILL)
    os._exit(1)

signal.signal(signal.SIGTERM, stop)
print(json.dumps("ready"), flush=True)
for line in sys.stdin:
    request = json.loads(line)
    pid = child = os.fork()
    if pid == 0:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.setpgid(0, 0)
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.dup2(null, 2)
        try:
            code = int(pytest.main(request["args"]))
        except BaseException:
            code = 3
        os._exit(code)
    deadline = time.monotonic() + request["timeout"]
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            code = os.waitstatus_to_exitcode(status)
            # 4 (usage error) here means a test id given was not found: its module no longer collects
            verdict = "passed" if code == 0 else "failed" if code in (1, 2, 3, 4) else f"error {code}"
            break
        if time.monotonic() > deadline:
            os.killpg(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            verdict = "timeout"
            break
        time.sleep(0.02)
    child = None
    print(json.dumps(verdict), flush=True)
'''


def mirror_tests(path: str) -> list[str]:
    """The tests of a module, by the house rule that tests mirror the package."""
    parts = Path(path).with_suffix("").parts  # ('glassnet', 'ops', 'nn') or ('glassnet', 'losses')
    if len(parts) > 2:
        return [str(Path("tests", *parts[1:-1]))]
    found = sorted(glob.glob(f"tests/test_{parts[-1]}*.py", root_dir=ROOT))
    if parts[-1] == "autodiff":
        found.append("tests/ops")
    return found


class Sandbox:
    """A temporary copy of glassnet/, tests/ and pyproject.toml where one mutant at a time is written."""

    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="glassnet-mutation-"))
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache")
        for name in ("glassnet", "tests"):
            shutil.copytree(ROOT / name, self.dir / name, ignore=ignore)
        shutil.copy2(ROOT / "pyproject.toml", self.dir / "pyproject.toml")
        (self.dir / "_mutation_coverage.py").write_text(COVERAGE_PLUGIN)
        (self.dir / "_mutation_server.py").write_text(FORK_SERVER)
        self.server = None
        self.env = dict(os.environ, PYTHONPATH=str(self.dir), PYTHONDONTWRITEBYTECODE="1",
                        MPLBACKEND="Agg", OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
        shared_data = ROOT.parent / "shared" / "data"   # tests/conftest.py finds it beside the checkout
        if "GLASSNET_DATA" not in os.environ and shared_data.is_dir():
            self.env["GLASSNET_DATA"] = str(shared_data)

    def pytest(self, targets: list[str], timeout: float, extra: tuple = (), env: dict | None = None):
        """(outcome, seconds): 'passed', 'failed' or 'timeout'."""
        start = time.perf_counter()
        self.process = process = subprocess.Popen([*PYTEST, *extra, *targets], cwd=self.dir, env=env or self.env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            code = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            return "timeout", time.perf_counter() - start
        finally:
            if process.poll() is None:  # Ctrl-C while waiting: take the test run down with us
                os.killpg(process.pid, signal.SIGKILL)
        return ("passed" if code == 0 else "failed"), time.perf_counter() - start

    def coverage(self, targets: list[str]) -> tuple[dict, float]:
        """{source file relative to the root: {line: [tests that run it]}}, and the run's seconds."""
        data_file = self.dir / ".coverage.mutation"
        env = dict(self.env, MUTATION_COVERAGE_FILE=str(data_file),
                   MUTATION_COVERAGE_INCLUDE=str(self.dir / "glassnet" / "*"))
        outcome, seconds = self.pytest(targets, timeout=3600, extra=("-p", "_mutation_coverage"), env=env)
        if outcome != "passed":
            raise SystemExit(f"the tests {targets} do not pass on the unmutated code; fix them first")
        import coverage
        data = coverage.CoverageData(basename=str(data_file))
        data.read()
        lines = {}
        for measured in data.measured_files():
            relative = str(Path(measured).resolve().relative_to(self.dir.resolve()))
            lines[relative] = {line: sorted(c for c in contexts if c)
                               for line, contexts in data.contexts_by_lineno(measured).items()}
        return lines, seconds

    def run_mutant(self, path: str, source: str, mutant: Mutant, targets: list[str], timeout: float) -> str:
        """'failed' or 'timeout' (killed), 'passed' (survived), as the forked test run reports it."""
        target = self.dir / path
        target.write_text(mutant.apply(source))
        try:
            if self.server is None:
                self.server = subprocess.Popen([sys.executable, "_mutation_server.py"], cwd=self.dir, env=self.env,
                                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                               start_new_session=True)
                assert json.loads(self.server.stdout.readline()) == "ready"
            self.server.stdin.write(json.dumps({"args": PYTEST[3:] + targets, "timeout": timeout}) + "\n")
            self.server.stdin.flush()
            return json.loads(self.server.stdout.readline())
        finally:
            target.write_text(source)

    def kill(self) -> None:
        """Stop the test run in progress, if any (on Ctrl-C)."""
        for process, how in ((getattr(self, "process", None), signal.SIGKILL), (self.server, signal.SIGTERM)):
            if process is not None and process.poll() is None:
                os.killpg(process.pid, how)

    def close(self) -> None:
        if self.server is not None and self.server.poll() is None:
            self.server.stdin.close()   # the server ends when its input does
            self.server.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


def tests_for(mutant: Mutant, line_map: dict | None, mirror: list[str], whole_files: bool) -> list[list[str]] | None:
    """The test runs for a mutant, in order, each stopped at the first failure; None when no test runs its line.

    The tests that run the line; with ``whole_files``, then (if they all pass) their whole test
    files, for tests that see the line only through a fixture shared by a module or a class.
    """
    if line_map is None or mutant.at_definition:
        return [mirror]
    tests = line_map.get(mutant.line)
    if tests is None:
        return None
    if not tests:
        return [mirror]   # executed only while collecting: import-time code
    files = list(dict.fromkeys(test.split("::")[0] for test in tests))
    return [tests, files] if whole_files else [tests]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", nargs="+", default=DEFAULT_FILES, help="source files or globs")
    parser.add_argument("--tests", nargs="+", help="test files or folders (default: each file's mirror)")
    parser.add_argument("--sample", type=int, default=30, help="mutants per file (0: all)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--timeout", type=float, default=0,
                        help="seconds per mutant (default: 3 × the covering run + 10)")
    parser.add_argument("--jobs", type=int, default=1, help="mutants run at once, each in its own copy")
    parser.add_argument("--no-coverage", action="store_true", help="run the whole mirror for every mutant")
    parser.add_argument("--whole-files", action="store_true",
                        help="when the tests running a line pass, also run their whole files (module fixtures)")
    parser.add_argument("--json", help="write every mutant's result here")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupt)   # `kill` cleans up like Ctrl-C

    paths = list(dict.fromkeys(str(Path(p)) for pattern in args.files   # in the order given
                               for p in sorted(glob.glob(pattern, root_dir=ROOT)) if p.endswith(".py")))
    if not paths:
        parser.error(f"no Python file matches {args.files}")
    use_coverage = not args.no_coverage and _has_coverage()
    sandboxes = [Sandbox() for _ in range(max(1, args.jobs))]
    results, coverage_cache = [], {}
    try:
        for path in paths:
            source = (ROOT / path).read_text()
            mirror = args.tests or mirror_tests(path)
            mutants = find_mutants(source)
            if not mirror or not mutants:
                print(f"{path}: {'no mutant' if not mutants else 'no test to run'}; skipped", flush=True)
                continue
            key = tuple(mirror)
            if use_coverage and key not in coverage_cache:
                coverage_cache[key] = sandboxes[0].coverage(mirror)
            line_map, seconds = coverage_cache.get(key, ({}, 60.0))
            line_map = line_map.get(path, {}) if use_coverage else None
            timeout = args.timeout or 3 * seconds + 10
            rng = random.Random(f"{args.seed}:{path}")
            chosen = sorted(rng.sample(mutants, min(args.sample, len(mutants))) if args.sample else mutants,
                            key=lambda m: (m.start, m.description))
            verdicts = _run_all(sandboxes, path, source, chosen, line_map, mirror, timeout, args.whole_files)
            killed = sum(v in ("failed", "timeout") for v in verdicts)
            print(f"{path}: {killed}/{len(chosen)} killed ({100 * killed / len(chosen):.0f} %) "
                  f"of {len(mutants)} mutants", flush=True)
            for mutant, verdict in zip(chosen, verdicts):
                results.append({"file": path, "line": mutant.line, "kind": mutant.kind,
                                "mutant": mutant.description, "verdict": verdict})
                if verdict not in ("failed", "timeout"):
                    print(f"    survived  {path}:{mutant.line}  {mutant.description}"
                          + ("" if verdict == "passed" else f"  ({verdict})"), flush=True)
    except KeyboardInterrupt:
        print("interrupted: the temporary copies are removed, the working tree was never touched")
        return 130
    finally:
        for sandbox in sandboxes:
            sandbox.close()
    _print_table(results)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1, ensure_ascii=False))
    return 0


def _run_all(sandboxes, path, source, chosen, line_map, mirror, timeout, whole_files) -> list[str]:
    """Each mutant's verdict, running up to len(sandboxes) of them at once."""
    from concurrent.futures import ThreadPoolExecutor
    from queue import Queue
    free: Queue = Queue()
    for sandbox in sandboxes:
        free.put(sandbox)

    def one(mutant: Mutant) -> str:
        runs = tests_for(mutant, line_map, mirror, whole_files)
        if runs is None:
            return "not covered"
        sandbox = free.get()
        try:
            for targets in runs:
                verdict = sandbox.run_mutant(path, source, mutant, targets, timeout)
                if verdict != "passed":
                    break
            return verdict
        finally:
            free.put(sandbox)

    pool = ThreadPoolExecutor(len(sandboxes))
    try:
        return list(pool.map(one, chosen))
    except BaseException:
        for sandbox in sandboxes:
            sandbox.kill()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _print_table(results: list[dict]) -> None:
    print(f"\n{'file':<40} {'killed':>7} {'sampled':>8} {'score':>6}")
    for path in dict.fromkeys(r["file"] for r in results):
        rows = [r for r in results if r["file"] == path]
        killed = sum(r["verdict"] in ("failed", "timeout") for r in rows)
        print(f"{path:<40} {killed:>7} {len(rows):>8} {100 * killed / len(rows):>5.0f}%")


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def _has_coverage() -> bool:
    try:
        import coverage  # noqa: F401
    except ImportError:
        print("coverage is not installed: every mutant runs the whole mirror (pip install coverage)")
        return False
    return True


if __name__ == "__main__":
    sys.exit(main())
