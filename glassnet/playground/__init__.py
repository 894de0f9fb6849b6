"""The playground: a page in your browser where a real glassnet network learns a 2-D data set live.

Start it with ``glassnet playground`` (options ``--port`` and ``--no-browser``) or::

    import glassnet.playground
    glassnet.playground.serve()          # http://127.0.0.1:8000

It needs the ``playground`` extra (``pip install glassnet[playground]``: Starlette,
uvicorn, websockets). The server listens on 127.0.0.1 only, unless told otherwise.
"""
from __future__ import annotations

import threading
import webbrowser


def serve(host: str = "127.0.0.1", port: int = 8000, open_browser: bool = True,
          max_per_client: int | None = None, allowed_hosts=()) -> None:
    """Run the playground server until Ctrl-C; print its address and open it in the browser.

    On loopback (the default) only this computer's pages can use it. With ``host="0.0.0.0"``
    (a class on the teacher's laptop) every request must carry the server's random token:
    the printed addresses include it, and ``/teacher`` shows how many students are connected.
    """
    try:
        import uvicorn
        from glassnet.playground.app import MAX_SESSIONS_PER_CLIENT, create_app
        from glassnet.playground.guard import is_loopback, new_token
    except ImportError as error:
        raise ImportError(
            f"the playground needs its extra dependencies ({error.name} is missing): "
            "pip install 'glassnet[playground]'") from None
    token = None if is_loopback(host) else new_token()
    shown = "127.0.0.1" if token is None else _network_address(host)
    query = "" if token is None else f"?token={token}"
    address = f"http://{shown}:{port}/{query}"
    print(f"glassnet playground: {address}  (Ctrl-C stops it)", flush=True)
    if token is not None:
        print(f"  students open: {address}\n  the class at a glance: http://{shown}:{port}/teacher{query}",
              flush=True)
    if open_browser:
        threading.Timer(1.0, webbrowser.open, args=(address,)).start()
    app = create_app(host=host, port=port, token=token, allowed_hosts=allowed_hosts,
                     max_per_client=max_per_client or MAX_SESSIONS_PER_CLIENT)
    uvicorn.run(app, host=host, port=port, log_level="warning", ws_max_size=1 << 20)


def _network_address(host: str) -> str:
    """The address students type: the machine's outward IP when bound to every interface."""
    if host not in ("0.0.0.0", "::", ""):
        return host
    import socket
    try:
        return socket.gethostbyname(socket.gethostname())
    except OSError:
        return socket.gethostname()


__all__ = ["serve"]
