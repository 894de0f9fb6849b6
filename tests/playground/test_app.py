"""The server: static files, the WebSocket protocol, limits, the model download (loopback only)."""
import contextlib
import io
import json
import warnings
import zipfile

import numpy as np
import pytest

with warnings.catch_warnings():  # Starlette 1.x suggests httpx2; httpx still works for these tests
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from glassnet.playground import app as app_module
from glassnet.playground.messages import DEFAULT_CONFIG


@pytest.fixture()
def client():
    with TestClient(app_module.create_app(allowed_hosts=("testserver",)), base_url="http://127.0.0.1") as c:
        yield c


def receive_until(ws, kind, limit=200):
    for _ in range(limit):
        message = ws.receive_json()
        if message["type"] == kind:
            return message
    raise AssertionError(f"no {kind!r} message in {limit}")


def open_session(ws, **config):
    hello = ws.receive_json()
    assert hello["type"] == "hello"
    ws.send_json({"type": "config", "config": {**DEFAULT_CONFIG, **config}})
    data = receive_until(ws, "data")
    progress = receive_until(ws, "progress")
    state = receive_until(ws, "state")
    return hello["token"], data, progress, state


def test_page_and_modules_are_served(client):
    page = client.get("/")
    assert page.status_code == 200 and "glassnet playground" in page.text
    for name in ("main.js", "network.js", "draw.js", "config.js", "playground.css"):
        assert client.get(f"/static/{name}").status_code == 200
    assert client.get("/static/../session.py").status_code == 404
    assert client.get("/static/%2e%2e/session.py").status_code == 404


def test_config_then_data_progress_state(client):
    with client.websocket_connect("/ws") as ws:
        _, data, progress, state = open_session(ws, dataset="xor", hidden=[3], dropout=[0])
        assert data["config"]["dataset"] == "xor"
        assert len(data["train"]) == 250 and len(data["test"]) == 250
        assert progress["epoch"] == 0 and len(progress["neurons"]) == 1
        assert state["running"] is False


def test_play_streams_progress_and_pause_stops(client):
    with client.websocket_connect("/ws") as ws:
        open_session(ws)
        ws.send_json({"type": "play"})
        assert receive_until(ws, "state")["running"] is True
        epochs = [receive_until(ws, "progress")["epoch"] for _ in range(3)]
        assert epochs == sorted(epochs) and epochs[-1] > epochs[0] >= 1
        ws.send_json({"type": "pause"})
        shown_epoch = None
        while True:  # the last progress before the 'paused' state is the model's own epoch
            message = ws.receive_json()
            if message["type"] == "progress":
                shown_epoch = message["epoch"]
            if message["type"] == "state" and message.get("reason") == "paused":
                break
        assert message["running"] is False and shown_epoch >= epochs[-1]
        ws.send_json({"type": "step"})
        assert receive_until(ws, "progress")["epoch"] == shown_epoch + 1


def test_training_stops_at_the_first_epoch_below_the_threshold(client, monkeypatch):
    monkeypatch.setattr(app_module, "TRAIN_BURST_S", 2.0)  # bursts of many epochs: the check must be per epoch
    from glassnet.playground.messages import validate_config
    from glassnet.playground.session import Session, shown
    config = {**DEFAULT_CONFIG, "dataset": "xor", "stop_loss": 0.1}
    reference = Session(validate_config(config))  # the same run, one epoch at a time
    while not shown(reference.loss_of(reference.x_test, reference.y_test)) < 0.1:
        reference.train_epoch()
        assert reference.epoch < 500
    with client.websocket_connect("/ws") as ws:
        open_session(ws, **config)
        ws.send_json({"type": "play"})
        last = None
        for _ in range(5000):
            message = ws.receive_json()
            if message["type"] == "progress":
                last = message
            if message["type"] == "state" and not message["running"]:
                break
    assert "test loss" in message["reason"] and f"epoch {reference.epoch}" in message["reason"]
    assert last["epoch"] == reference.epoch and shown(last["test_loss"]) < 0.1


def test_bad_messages_get_an_error_and_the_session_goes_on(client):
    with client.websocket_connect("/ws") as ws:
        open_session(ws)
        for bad in ('{"type": "config", "config": {"hidden": [100]}}', "nonsense", '{"type": "rm -rf"}',
                    '{"type": "set_weight", "layer": 5, "source": 0, "target": 0, "value": 1}'):
            ws.send_text(bad)
            assert receive_until(ws, "error")["message"]
        ws.send_bytes(b"\x00\x01")
        assert "binary" in receive_until(ws, "error")["message"]
        ws.send_json({"type": "step"})
        assert receive_until(ws, "progress")["epoch"] == 1


def test_points_edits_and_export_over_the_socket(client):
    with client.websocket_connect("/ws") as ws:
        open_session(ws)
        ws.send_json({"type": "add_point", "point": [1.5, -2.0, 1]})
        assert receive_until(ws, "data")["user_points"] == 1
        receive_until(ws, "state")
        ws.send_json({"type": "set_bias", "layer": 0, "neuron": 1, "value": 0.5})
        assert receive_until(ws, "progress")["biases"][0][1] == pytest.approx(0.5)
        ws.send_json({"type": "load_points", "points": [[1, 1, 1], [-1, -1, -1], [2, 2, 1], [-2, -2, -1]]})
        data = receive_until(ws, "data")
        assert data["config"]["dataset"] == "custom" and len(data["train"]) + len(data["test"]) == 4
        ws.send_json({"type": "export"})
        code = receive_until(ws, "export")["code"]
        compile(code, "export.py", "exec")
        assert "np.array([[1.0, 1.0, 1.0]" in code


def test_model_download_is_a_glassnet_model_file(client):
    with client.websocket_connect("/ws") as ws:
        token, *_ = open_session(ws, hidden=[3], dropout=[0])
        response = client.get(f"/model/{token}")
        assert response.status_code == 200
        assert zipfile.is_zipfile(io.BytesIO(response.content))
    assert client.get(f"/model/{token}").status_code == 404  # the tab is gone
    assert client.get("/model/..%2F..%2Fetc%2Fpasswd").status_code == 404
    assert client.get("/model/" + "f" * 32).status_code == 404


def test_downloaded_model_loads_and_predicts(client, tmp_path):
    from glassnet.models import load_model
    with client.websocket_connect("/ws") as ws:
        token, *_ = open_session(ws, hidden=[3], dropout=[0])
        ws.send_json({"type": "step"})
        receive_until(ws, "progress")
        file = tmp_path / "m.keras"
        file.write_bytes(client.get(f"/model/{token}").content)
    model = load_model(str(file))
    assert model.predict(np.zeros((2, 2), "float32"), verbose=0).shape == (2, 1)


def test_session_limit():
    app = app_module.create_app(allowed_hosts=("testserver",), max_sessions=1, max_per_client=5)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        with client.websocket_connect("/ws") as first:
            first.receive_json()
            with client.websocket_connect("/ws") as second:
                message = second.receive_json()
                assert message["type"] == "error" and message["fatal"] and "1 sessions" in message["message"]


def test_a_config_the_server_cannot_use_is_undone_on_the_page(client):
    with client.websocket_connect("/ws") as ws:
        open_session(ws, dataset="xor")
        ws.send_json({"type": "config", "config": {**DEFAULT_CONFIG, "dataset": "custom"}})
        data = receive_until(ws, "data")
        assert data["config"]["dataset"] == "xor"
        assert "CSV" in receive_until(ws, "error")["message"]


def random_value(rng, depth=0):
    kind = rng.integers(0, 8 if depth < 3 else 5)
    if kind == 0:
        return None
    if kind == 1:
        return bool(rng.integers(0, 2))
    if kind == 2:
        return float(rng.choice([0, -1, 1e308, -1e-9, 3.5, 2 ** 63]))
    if kind == 3:
        return int(rng.integers(-10, 10))
    if kind == 4:
        return str(rng.choice(["", "x1", "tanh", "../x", "custom", "a" * 300, "\u0000"]))
    if kind in (5, 6):
        return [random_value(rng, depth + 1) for _ in range(rng.integers(0, 5))]
    keys = list(DEFAULT_CONFIG) + ["type", "point", "points", "layer", "source", "target", "neuron", "value"]
    return {str(rng.choice(keys)): random_value(rng, depth + 1) for _ in range(rng.integers(0, 5))}


def test_random_messages_never_break_the_session(client):
    rng = np.random.default_rng(5)
    types = ["config", "play", "pause", "step", "reset", "regenerate", "add_point", "load_points",
             "clear_points", "set_weight", "set_bias", "export", "bogus"]
    with client.websocket_connect("/ws") as ws:
        open_session(ws)
        for i in range(150):
            message = random_value(rng, 3) or {}
            message = message if isinstance(message, dict) else {"value": message}
            message["type"] = str(rng.choice(types))
            if message["type"] in ("play", "step", "regenerate", "reset"):
                message["type"] = "pause"  # keep this test about bad input, not training time
            ws.send_text(json.dumps(message))
        ws.send_json({"type": "export"})
        for _ in range(2000):
            reply = ws.receive_json()
            assert reply["type"] in ("error", "data", "progress", "state", "export")
            if reply["type"] == "export":
                break
        assert reply["type"] == "export"


def test_twenty_tabs_train_side_by_side():
    app = app_module.create_app(allowed_hosts=("testserver",), max_per_client=20)
    with TestClient(app, base_url="http://127.0.0.1") as client, contextlib.ExitStack() as stack:
        sockets = [stack.enter_context(client.websocket_connect("/ws")) for _ in range(20)]
        for i, ws in enumerate(sockets):
            open_session(ws, seed=i + 1, hidden=[3], dropout=[0])
            ws.send_json({"type": "play"})
        for ws in sockets:  # every tab gets its own progress, twice, with its epoch advancing
            first = receive_until(ws, "progress")["epoch"]
            assert receive_until(ws, "progress")["epoch"] > first >= 1
        for ws in sockets:
            ws.send_json({"type": "pause"})
