"""The playground's web server: the page's static files, one WebSocket per tab, a model download.

Protocol (JSON text frames). The page sends ``config``, ``play``, ``pause``, ``step``,
``reset``, ``regenerate``, ``add_point``, ``load_points``, ``clear_points``,
``set_weight``, ``set_bias`` and ``export`` (checked by :mod:`.messages`). The server
answers with ``hello`` (the session's download token), ``data`` (points), ``progress``
(epoch, losses, heat maps, weights), ``state`` (running or not, and why it stopped),
``export`` (the script) and ``error``. Training runs in a worker thread, a burst of epochs
at a time, so the event loop stays free for every other tab.
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import json
import re
import secrets
import tempfile
from pathlib import Path

from starlette.applications import Starlette
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.websockets import WebSocket, WebSocketDisconnect

from glassnet.playground import export
from glassnet.playground.guard import Guard
from glassnet.playground.messages import MessageError, parse
from glassnet.playground.session import Session, shown

STATIC = Path(__file__).parent / "static"
MAX_SESSIONS = 50
# Tabs one computer may have open at once: a classroom shares the server fairly, and one
# student's script (or a hostile page's 50 sockets) cannot take every place.
MAX_SESSIONS_PER_CLIENT = 4
TRAIN_BURST_S = 0.015  # training time between two progress updates (at least one epoch)
# One worker thread does all model work of every tab, in turn: first come, first served, so
# all tabs advance and none takes more than its share. More threads would not help: NumPy on
# these small arrays holds the GIL anyway.
_TRAINER = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="playground-train")
_TOKEN = re.compile(r"^[0-9a-f]{32}$")
_PAUSING = ("step", "reset", "regenerate", "load_points")


async def _in_trainer(function, *args):
    return await asyncio.get_running_loop().run_in_executor(_TRAINER, function, *args)


class Connection:
    """A tab's session plus the task that trains it while 'play' is on.

    The event loop only parses messages and sends replies; everything that touches the
    model runs on the trainer thread, one piece at a time, under this tab's lock.
    """

    def __init__(self, websocket: WebSocket, session: Session | None):
        self.websocket = websocket
        self.client = websocket.client.host if websocket.client else "?"
        self.session = session
        self.token = secrets.token_hex(16)
        self.lock = asyncio.Lock()  # the session is touched by one thing at a time
        self.task: asyncio.Task | None = None
        self.configured = False  # the first config gets the full picture back, changed or not

    @property
    def running(self) -> bool:
        return self.task is not None and not self.task.done()

    async def send(self, message: dict) -> None:
        await self.websocket.send_json(message)

    async def send_state(self, reason: str = "") -> None:
        await self.send({"type": "state", "running": self.running, "reason": reason})

    async def _train_loop(self) -> None:
        reason = ""
        try:
            while True:
                async with self.lock:
                    message = await _in_trainer(self._burst)
                await self.send(message)
                if message["diverged"]:
                    reason = ("the loss became NaN or infinite: the training diverged; "
                              "lower the learning rate and press reset")
                    break
                if self.session.reached_target():
                    reason = (f"test loss {shown(message['test_loss']):.3g} < {self.session.config['stop_loss']:g} "
                              f"at epoch {message['epoch']}")
                    break
                await asyncio.sleep(0)
        except WebSocketDisconnect:
            return
        except Exception as error:  # e.g. a numerical error inside a layer: tell the page, keep serving
            reason = f"training stopped: {error}"
        self.task = None
        try:
            await self.send_state(reason)
        except (WebSocketDisconnect, RuntimeError):  # the tab closed meanwhile
            pass

    def _burst(self) -> dict:
        self.session.train(TRAIN_BURST_S)
        return self.session.progress()

    async def pause(self) -> None:
        if self.running:
            self.task.cancel()
            try:
                await self.task
            except asyncio.CancelledError:
                pass
        self.task = None

    async def handle(self, text) -> None:
        config = self.session.config
        try:
            message = parse(text, config["problem"], config["classes"])
        except MessageError:
            if _is_config(text):  # the page goes back to the network that really trains
                await self.send(await _in_trainer(self.session.data_message))
            raise
        kind = message["type"]
        if kind == "play":
            if not self.running:
                self.task = asyncio.create_task(self._train_loop())
            await self.send_state()
            return
        if kind == "pause":
            await self.pause()
            async with self.lock:  # a burst cut short by the pause still ran: show the model's own epoch
                progress = await _in_trainer(self.session.progress)
            await self.send(progress)
            await self.send_state("paused")
            return
        async with self.lock:
            if kind in _PAUSING or (kind == "config" and self.session.change_kind(message["config"]) != "live"):
                await self.pause()
            replies = await _in_trainer(self._apply, message, self.running)
        for reply in replies:
            await self.send(reply)
        if kind in _PAUSING or (kind != "export" and any(r["type"] == "data" for r in replies) and not self.running):
            await self.send_state()

    def _apply(self, message: dict, running: bool) -> list[dict]:
        """Carry out one checked message on the session (trainer thread); the replies to send."""
        session, kind = self.session, message["type"]
        if kind == "step":
            session.train(0.0)
            return [session.progress()]
        if kind == "export":
            return [{"type": "export", "code": export.script(session)}]
        if kind in ("reset", "regenerate"):
            if kind == "regenerate":
                config = session.config
                session.apply_config({**config, "seed": (config["seed"] * 1103515245 + 12345) % (2 ** 31 - 1)})
            session.reset()
            return [session.data_message(), session.progress()]
        if kind == "config":
            try:
                what = session.apply_config(message["config"])
            except MessageError as error:  # the page goes back to what runs
                return [session.data_message(), {"type": "error", "message": str(error)}]
            if what == "live" and self.configured:
                return []
            self.configured = True
            return [session.data_message(), session.progress()]
        if kind == "add_point":
            session.add_point(message["point"])
        elif kind == "clear_points":
            session.clear_points()
        elif kind == "load_points":
            session.load_points(message["points"])
        elif kind == "set_weight":
            session.set_weight(message["layer"], message["source"], message["target"], message["value"])
            return [session.progress()]
        elif kind == "set_bias":
            session.set_bias(message["layer"], message["neuron"], message["value"])
            return [session.progress()]
        return [session.data_message()] + ([] if running else [session.progress()])


def _is_config(text) -> bool:
    try:
        return isinstance(text, str) and len(text) <= 200_000 and json.loads(text).get("type") == "config"
    except (ValueError, RecursionError, AttributeError):
        return False


CONNECTIONS: dict[str, Connection] = {}


def _refusal(client: str, limits: dict) -> str | None:
    """Why a new tab from ``client`` cannot have a session now, or None."""
    if len(CONNECTIONS) >= limits["max_sessions"]:
        return f"the server already runs {limits['max_sessions']} sessions (its limit); try again later"
    mine = sum(1 for connection in CONNECTIONS.values() if connection.client == client)
    if mine >= limits["max_per_client"]:
        return (f"this computer ({client}) already has {mine} playground tabs open, the limit per computer "
                f"(so that every student gets a share); close one and reload")
    return None


async def playground_socket(websocket: WebSocket) -> None:
    await websocket.accept()
    client = websocket.client.host if websocket.client else "?"
    refusal = _refusal(client, websocket.app.state.limits)
    if refusal:
        await websocket.send_json({"type": "error", "fatal": True, "message": refusal})
        await websocket.close(code=1013)
        return
    connection = Connection(websocket, None)
    CONNECTIONS[connection.token] = connection  # the place is taken before the first await
    try:
        connection.session = await _in_trainer(Session)
        # the page answers with its configuration (from the URL); the data follows then
        await connection.send({"type": "hello", "token": connection.token})
        while True:
            event = await websocket.receive()
            if event["type"] == "websocket.disconnect":
                break
            text = event.get("text")
            try:
                await connection.handle(text if text is not None else event.get("bytes"))
            except MessageError as error:
                await connection.send({"type": "error", "message": str(error)})
            except (WebSocketDisconnect, asyncio.CancelledError):
                raise
            except Exception as error:  # the page gets the reason; the server keeps serving
                await connection.send({"type": "error", "message": f"could not do that: {error}"})
    except WebSocketDisconnect:
        pass
    finally:
        await connection.pause()
        CONNECTIONS.pop(connection.token, None)


async def download_model(request) -> Response:
    """The tab's trained model as a glassnet model file (``model.save``: JSON + .npy in a zip)."""
    token = request.path_params["token"]
    connection = CONNECTIONS.get(token) if _TOKEN.match(token) else None
    if connection is None or connection.session is None:
        return JSONResponse({"error": "no such session (is the page still open?)"}, status_code=404)
    async with connection.lock:
        with tempfile.TemporaryDirectory(prefix="glassnet-playground-") as folder:
            path = Path(folder) / "playground_model.keras"
            await _in_trainer(connection.session.model.save, str(path))
            content = path.read_bytes()
    return Response(content, media_type="application/zip",
                    headers={"Content-Disposition": 'attachment; filename="playground_model.keras"'})


async def index(request) -> Response:
    return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})


def class_status(request) -> JSONResponse:
    """How many tabs train now and from how many computers: for the teacher's page."""
    limits = request.app.state.limits
    clients = {connection.client for connection in CONNECTIONS.values()}
    return JSONResponse({"sessions": len(CONNECTIONS), "computers": len(clients),
                         "training": sum(connection.running for connection in CONNECTIONS.values()),
                         "max_sessions": limits["max_sessions"], "max_per_client": limits["max_per_client"]},
                        headers={"Cache-Control": "no-store"})


async def teacher(request) -> Response:
    return FileResponse(STATIC / "teacher.html", headers={"Cache-Control": "no-cache"})


def create_app(host: str = "127.0.0.1", port: int | None = None, token: str | None = None,
               require_token: bool | None = None, allowed_hosts=(), max_sessions: int = MAX_SESSIONS,
               max_per_client: int = MAX_SESSIONS_PER_CLIENT) -> Guard:
    """The playground as an ASGI application, behind its :class:`~.guard.Guard`.

    ``host``/``port`` are where it is served (the Host and Origin checks accept only that);
    ``token`` is required on every request when the server is exposed beyond loopback
    (``require_token`` overrides); ``max_per_client`` caps the tabs of one computer.
    """
    starlette = Starlette(routes=[
        Route("/", index),
        Route("/teacher", teacher),
        Route("/status", class_status),
        Route("/model/{token}", download_model),
        WebSocketRoute("/ws", playground_socket),
        Mount("/static", app=StaticFiles(directory=STATIC), name="static"),
    ])
    starlette.state.limits = {"max_sessions": max_sessions, "max_per_client": max_per_client}
    return Guard(starlette, host=host, port=port, token=token, require_token=require_token,
                 allowed_hosts=allowed_hosts)


app = create_app()
