"""Playground responsiveness: progress updates per second reaching a client, and many tabs at once.

Starts the playground server on 127.0.0.1 (a free port) in a child process and connects
WebSocket clients over loopback from this one, as the pages would:

1. one tab, a 6×8 network (six hidden layers of 8 tanh neurons) on the 500-point circle
   set, playing for ``--seconds``: progress updates received per second (goal ≥ 20);
2. ``--sessions`` tabs (default 20) playing at once for ``--seconds``: every one must
   keep receiving updates and its epoch counter must advance.

No peer exists for this (TensorFlow Playground trains in the browser), so it prints
absolute figures.  Run:  python benchmarks/bench_playground.py
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import websockets

import glassnet
from glassnet.playground.messages import DEFAULT_CONFIG

BIG = {**DEFAULT_CONFIG, "hidden": [8] * 6, "dropout": [0.0] * 6}


def start_server() -> tuple[subprocess.Popen, int]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    package_root = str(Path(glassnet.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))}
    code = f"from glassnet.playground import serve; serve('127.0.0.1', {port}, open_browser=False)"
    server = subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.DEVNULL)
    for _ in range(400):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.1):
                return server, port
        except OSError:
            time.sleep(0.05)
    server.kill()
    raise RuntimeError("the playground server did not start")


async def play(port: int, config: dict, seconds: float, start: asyncio.Event | None = None) -> dict:
    """One tab: send the config, play for ``seconds``; count progress updates and epochs."""
    async with websockets.connect(f"ws://127.0.0.1:{port}/ws", max_size=2 ** 22) as ws:
        await ws.recv()  # hello
        await ws.send(json.dumps({"type": "config", "config": config}))
        while json.loads(await ws.recv())["type"] != "state":
            pass
        if start is not None:
            await start.wait()
        await ws.send(json.dumps({"type": "play"}))
        updates, first_epoch, last_epoch = 0, None, 0
        begin = time.perf_counter()
        while (elapsed := time.perf_counter() - begin) < seconds:
            try:
                message = json.loads(await asyncio.wait_for(ws.recv(), timeout=seconds - elapsed))
            except asyncio.TimeoutError:
                break
            if message["type"] == "progress":
                updates += 1
                last_epoch = message["epoch"]
                first_epoch = last_epoch if first_epoch is None else first_epoch
            elif message["type"] == "error":
                raise RuntimeError(message["message"])
        elapsed = time.perf_counter() - begin
        await ws.send(json.dumps({"type": "pause"}))
        return {"updates": updates, "rate": updates / elapsed, "epochs": last_epoch, "elapsed": elapsed}


async def many(port: int, sessions: int, seconds: float) -> list[dict]:
    start = asyncio.Event()
    tasks = [asyncio.create_task(play(port, {**DEFAULT_CONFIG, "seed": i + 1}, seconds, start))
             for i in range(sessions)]
    await asyncio.sleep(1.0)  # let every tab connect and configure
    start.set()
    return await asyncio.gather(*tasks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--sessions", type=int, default=20)
    args = parser.parse_args()
    server, port = start_server()
    try:
        one = asyncio.run(play(port, BIG, args.seconds))
        print(f"one tab, 6x8 tanh network, 500 points (250 training), batch 10: "
              f"{one['rate']:.1f} progress updates/s reached the client "
              f"({one['updates']} in {one['elapsed']:.1f} s, {one['epochs']} epochs)  goal >= 20: "
              f"{'met' if one['rate'] >= 20 else 'NOT met'}")
        results = asyncio.run(many(port, args.sessions, args.seconds))
        rates = [r["rate"] for r in results]
        working = sum(r["updates"] > 0 and r["epochs"] > 0 for r in results)
        print(f"{args.sessions} tabs at once (default network) for {args.seconds:g} s: "
              f"{working}/{args.sessions} kept receiving updates and training; updates/s per tab "
              f"min {min(rates):.1f}, mean {sum(rates) / len(rates):.1f}, total {sum(rates):.1f}; "
              f"epochs per tab min {min(r['epochs'] for r in results)}")
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
