"""A class on one laptop: 30 tabs from 30 computers train at once and every one makes progress.

The server runs for real (uvicorn on loopback, in a thread); each simulated student connects
from its own loopback address (127.0.0.11, 127.0.0.12, ...: Linux routes all of 127/8 to this
machine), so the per-computer cap sees 30 computers. The test is bounded: a few seconds of
training, then every socket closes and the server stops.
"""
import asyncio
import json
import socket
import sys
import threading
import time

import pytest

from glassnet.playground.messages import DEFAULT_CONFIG

pytestmark = pytest.mark.slow
STUDENTS = 30
TRAIN_SECONDS = 6.0

uvicorn = pytest.importorskip("uvicorn")
websockets = pytest.importorskip("websockets")


def resident_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096 / 2 ** 20


@pytest.fixture()
def server():
    from glassnet.playground.app import create_app
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(port=port), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    yield port
    server.should_exit = True
    thread.join(10)


async def student(port: int, number: int, seconds: float) -> list[int]:
    """One tab from its own address: configure, play, collect the epochs it is shown."""
    sock = socket.socket()
    sock.bind((f"127.0.0.{10 + number}", 0))
    sock.setblocking(False)
    await asyncio.get_running_loop().sock_connect(sock, ("127.0.0.1", port))
    epochs = []
    async with websockets.connect(f"ws://127.0.0.1:{port}/ws", sock=sock, max_size=2 ** 22) as ws:
        assert json.loads(await ws.recv())["type"] == "hello"
        await ws.send(json.dumps({"type": "config", "config": {**DEFAULT_CONFIG, "seed": number + 1}}))
        await ws.send(json.dumps({"type": "play"}))
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            try:
                message = json.loads(await asyncio.wait_for(ws.recv(), timeout=max(0.01, end - time.monotonic())))
            except asyncio.TimeoutError:
                break
            assert message["type"] != "error", message
            if message["type"] == "progress" and message["epoch"] > 0:
                epochs.append(message["epoch"])
        await ws.send(json.dumps({"type": "pause"}))
    return epochs


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs the whole 127/8 loopback range (Linux)")
def test_thirty_students_all_progress_with_bounded_memory(server):
    before = resident_mb()

    async def classroom():
        return await asyncio.gather(*(student(server, n, TRAIN_SECONDS) for n in range(STUDENTS)))

    seen = asyncio.run(classroom())
    grown = resident_mb() - before
    counts = [len(epochs) for epochs in seen]
    assert all(len(epochs) >= 2 for epochs in seen), f"progress messages per tab: {counts}"
    assert all(epochs == sorted(epochs) and epochs[-1] > epochs[0] for epochs in seen)
    # no tab takes more than its share: the trainer serves the tabs in turn
    finals = sorted(epochs[-1] for epochs in seen)
    assert finals[-1] <= 4 * max(finals[len(finals) // 2], 1), f"last epochs: {finals}"
    assert grown < 400, f"the server's memory grew by {grown:.0f} MB for {STUDENTS} tabs"
