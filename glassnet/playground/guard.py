"""Who may talk to the playground: the Host and Origin checks, and the server's token.

A server on 127.0.0.1 is still reachable from every web page the user opens: a page on
``http://evil.example`` can open a WebSocket to ``ws://127.0.0.1:8000/ws`` (browsers send
such requests, with ``Origin: http://evil.example``), and a page whose name is re-pointed
at 127.0.0.1 (DNS rebinding) even looks same-origin to the browser, but arrives with
``Host: evil.example``. So every HTTP request and WebSocket handshake is checked:

- ``Host`` must name the address being served: the loopback names (``127.0.0.1``,
  ``localhost``, ``[::1]``) when bound to loopback; when bound to a network, any IP address
  of the machine, its host names, and the names given as ``allowed_hosts``;
- ``Origin``, when the client sends one (browsers always do for WebSockets), must be this
  very page: ``http://`` + the ``Host`` above;
- when the server is exposed to a network, the request must also carry the server's random
  token, as Jupyter does: ``?token=...`` once in the address (the answer stores it in a
  same-site cookie, so the page's later requests carry it by themselves).

Anything else gets ``403 Forbidden`` with the reason in plain words.
"""
from __future__ import annotations

import hmac
import ipaddress
import secrets
import socket
from http.cookies import SimpleCookie
from urllib.parse import parse_qs, urlsplit

LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})
COOKIE = "glassnet_playground_token"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def new_token() -> str:
    return secrets.token_urlsafe(24)


def split_host(value: str) -> tuple[str, int | None]:
    """``'127.0.0.1:8000'`` → ('127.0.0.1', 8000); ``'[::1]:80'`` → ('::1', 80); no port → None."""
    value = value.strip().lower()
    if value.startswith("["):
        name, _, rest = value[1:].partition("]")
        port = rest[1:] if rest.startswith(":") else ""
    else:
        name, _, port = value.rpartition(":") if value.count(":") == 1 else (value, "", "")
    try:
        return name, int(port) if port else None
    except ValueError:
        return "", None


def _machine_names() -> set[str]:
    names = {socket.gethostname().lower(), socket.getfqdn().lower()}
    return {name for name in names if name}


class Guard:
    """ASGI middleware in front of the playground: Host, Origin and token checks.

    Parameters
    ----------
    app : the ASGI application to protect.
    host : the address the server is bound to (``"127.0.0.1"``, ``"0.0.0.0"``, ...).
    port : the port it listens on; None accepts any port in ``Host`` (tests).
    token : the server's secret; required on every request when ``require_token``.
    require_token : default: True exactly when ``host`` is not a loopback address.
    allowed_hosts : further names under which the server may be reached (a DNS name).
    """

    def __init__(self, app, host: str = "127.0.0.1", port: int | None = None, token: str | None = None,
                 require_token: bool | None = None, allowed_hosts=()):
        self.app = app
        self.bind_host = host
        self.port = port
        self.loopback_only = is_loopback(host)
        self.require_token = (not self.loopback_only) if require_token is None else require_token
        self.token = token or new_token()
        self.allowed_names = set(LOOPBACK_NAMES) | {name.lower() for name in allowed_hosts}
        if not self.loopback_only:
            self.allowed_names |= _machine_names()
            if host not in ("0.0.0.0", "::", ""):
                self.allowed_names.add(host.lower())

    # ------------------------------------------------------------------ checks
    def host_problem(self, host_header: str) -> str | None:
        name, port = split_host(host_header)
        if not name:
            return f"the Host header {host_header!r} is not an address"
        if self.port is not None and port not in (None, self.port):
            return f"Host {host_header!r} names port {port}, but this playground listens on {self.port}"
        if name in self.allowed_names:
            return None
        if not self.loopback_only and self.bind_host in ("0.0.0.0", "::", ""):
            try:  # bound to every interface: any IP address of this machine may be used
                ipaddress.ip_address(name)
                return None
            except ValueError:
                pass
        where = "127.0.0.1" if self.loopback_only else self.bind_host
        return (f"Host {host_header!r} is not this playground (a page under another name pointed at it?); "
                f"open it as http://{where}{f':{self.port}' if self.port else ''}/")

    @staticmethod
    def origin_problem(origin: str | None, host_header: str) -> str | None:
        if origin is None:
            return None  # not a browser page (curl, Python): Host and token checks still apply
        parts = urlsplit(origin)
        if parts.scheme in ("http", "https") and parts.netloc.lower() == host_header.strip().lower():
            return None
        return f"cross-origin request refused: a page from {origin} may not use the playground at {host_header}"

    def token_given(self, scope, headers: dict) -> str | None:
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        if query.get("token"):
            return query["token"][0]
        cookie = SimpleCookie()
        try:
            cookie.load(headers.get("cookie", ""))
        except Exception:  # a malformed cookie header is just no token
            return None
        return cookie[COOKIE].value if COOKIE in cookie else None

    def problem(self, scope) -> tuple[str | None, bool]:
        """(why the request is refused or None, whether it brought the token in its address)."""
        headers = {key.decode("latin-1").lower(): value.decode("latin-1") for key, value in scope["headers"]}
        host_header = headers.get("host", "")
        problem = self.host_problem(host_header) or self.origin_problem(headers.get("origin"), host_header)
        if problem:
            return problem, False
        given = self.token_given(scope, headers)
        if self.require_token and not (given and hmac.compare_digest(given, self.token)):
            return ("this playground is open to the network and needs its token: use the address with "
                    "?token=... that the teacher's terminal printed"), False
        in_query = b"token=" in scope.get("query_string", b"")
        return None, in_query

    # -------------------------------------------------------------------- ASGI
    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        problem, token_in_query = self.problem(scope)
        if problem:
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1008, "reason": problem[:120]})
                return
            body = f"403 Forbidden: {problem}\n".encode()
            await send({"type": "http.response.start", "status": 403,
                        "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                                    (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})
            return
        if scope["type"] == "http" and token_in_query and self.require_token:
            send = self._setting_cookie(send)
        await self.app(scope, receive, send)

    def _setting_cookie(self, send):
        cookie = f"{COOKIE}={self.token}; Path=/; HttpOnly; SameSite=Strict".encode()

        async def send_with_cookie(message):
            if message["type"] == "http.response.start":
                message = {**message, "headers": list(message.get("headers", [])) + [(b"set-cookie", cookie)]}
            await send(message)
        return send_with_cookie
