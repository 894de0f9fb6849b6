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


def serve(host: str = "127.0.0.1", port: int = 8000, open_browser: bool = True) -> None:
    """Run the playground server until Ctrl-C; print its address and open it in the browser."""
    try:
        import uvicorn
        from glassnet.playground.app import create_app
    except ImportError as error:
        raise ImportError(
            f"the playground needs its extra dependencies ({error.name} is missing): "
            "pip install 'glassnet[playground]'") from None
    address = f"http://{host}:{port}/"
    print(f"glassnet playground: {address}  (Ctrl-C stops it)", flush=True)
    if open_browser:
        threading.Timer(1.0, webbrowser.open, args=(address,)).start()
    uvicorn.run(create_app(), host=host, port=port, log_level="warning", ws_max_size=1 << 20)


__all__ = ["serve"]
