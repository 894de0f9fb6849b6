"""Only the playground's own page may use it: Host, Origin, token and per-computer caps."""
import warnings

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from glassnet.playground import app as app_module
from glassnet.playground.guard import COOKIE, Guard, split_host


def loopback_client(**kwargs):
    return TestClient(app_module.create_app(port=8000, **kwargs), base_url="http://127.0.0.1:8000")


def test_the_page_is_served_to_its_own_address():
    with loopback_client() as client:
        for host in ("127.0.0.1:8000", "localhost:8000", "[::1]:8000", "127.0.0.1"):
            assert client.get("/", headers={"Host": host}).status_code == 200, host


@pytest.mark.parametrize("host", ["evil.example:8000", "evil.example", "127.0.0.1.evil.example:8000",
                                  "192.168.1.20:8000", "127.0.0.1:9999", ""])
def test_a_foreign_host_name_is_refused_dns_rebinding(host):
    with loopback_client() as client:
        answer = client.get("/", headers={"Host": host})
        assert answer.status_code == 403
        assert "403 Forbidden" in answer.text and "Host" in answer.text
        assert client.get("/status", headers={"Host": host}).status_code == 403


def test_a_page_from_another_origin_is_refused():
    with loopback_client() as client:
        answer = client.get("/", headers={"Origin": "http://evil.example"})
        assert answer.status_code == 403 and "evil.example" in answer.text
        assert client.get("/", headers={"Origin": "null"}).status_code == 403
        assert client.get("/", headers={"Origin": "http://127.0.0.1:8000"}).status_code == 200


def test_a_cross_origin_websocket_is_refused_before_any_session():
    with loopback_client() as client:
        with pytest.raises(WebSocketDisconnect) as refused:
            with client.websocket_connect("ws://127.0.0.1:8000/ws", headers={"Origin": "http://evil.example"}) as ws:
                ws.receive_json()
        assert refused.value.code == 1008 and "cross-origin" in refused.value.reason
        assert not app_module.CONNECTIONS
        with pytest.raises(WebSocketDisconnect):
            with client.websocket_connect("ws://evil.example:8000/ws") as ws:
                ws.receive_json()
        with client.websocket_connect("ws://127.0.0.1:8000/ws", headers={"Origin": "http://127.0.0.1:8000"}) as ws:
            assert ws.receive_json()["type"] == "hello"


def test_fifty_hostile_sockets_cannot_fill_the_server():
    with loopback_client() as client:
        for _ in range(50):
            with pytest.raises(WebSocketDisconnect):
                with client.websocket_connect("ws://127.0.0.1:8000/ws", headers={"Origin": "http://evil.example"}):
                    pass
        with client.websocket_connect("ws://127.0.0.1:8000/ws") as ws:
            assert ws.receive_json()["type"] == "hello"


def test_on_the_network_every_request_needs_the_token():
    app = app_module.create_app(host="0.0.0.0", port=8000, token="s3cret-token")
    with TestClient(app, base_url="http://10.1.2.3:8000") as client:
        refused = client.get("/")
        assert refused.status_code == 403 and "token" in refused.text
        assert client.get("/?token=wrong").status_code == 403
        page = client.get("/?token=s3cret-token")
        assert page.status_code == 200 and COOKIE in page.headers["set-cookie"]
        assert "SameSite=Strict" in page.headers["set-cookie"] and "HttpOnly" in page.headers["set-cookie"]
        # the cookie now carries the token: the page's own requests and its WebSocket get in
        assert client.get("/status").status_code == 200
        with client.websocket_connect("ws://10.1.2.3:8000/ws") as ws:
            assert ws.receive_json()["type"] == "hello"
        client.cookies.clear()
        with pytest.raises(WebSocketDisconnect):
            with client.websocket_connect("ws://10.1.2.3:8000/ws") as ws:
                ws.receive_json()


def test_the_loopback_server_needs_no_token_and_an_exposed_one_always_does():
    assert not Guard(None, host="127.0.0.1").require_token
    assert Guard(None, host="0.0.0.0").require_token
    assert Guard(None, host="192.168.1.5").require_token


def test_tabs_per_computer_are_capped_with_a_clear_message():
    with loopback_client(max_per_client=2) as client:
        with client.websocket_connect("ws://127.0.0.1:8000/ws") as first, \
                client.websocket_connect("ws://127.0.0.1:8000/ws") as second:
            first.receive_json(), second.receive_json()
            status = client.get("/status").json()
            assert status["sessions"] == 2 and status["computers"] == 1 and status["max_per_client"] == 2
            with client.websocket_connect("ws://127.0.0.1:8000/ws") as third:
                message = third.receive_json()
                assert message["type"] == "error" and message["fatal"]
                assert "already has 2 playground tabs open" in message["message"]
        assert client.get("/status").json()["sessions"] == 0


def test_the_teacher_page_is_served():
    with loopback_client() as client:
        page = client.get("/teacher")
        assert page.status_code == 200 and 'fetch("status"' in page.text


@pytest.mark.parametrize("value, expected", [("127.0.0.1:8000", ("127.0.0.1", 8000)), ("localhost", ("localhost", None)),
                                             ("[::1]:80", ("::1", 80)), ("a:b", ("", None))])
def test_split_host(value, expected):
    assert split_host(value) == expected
