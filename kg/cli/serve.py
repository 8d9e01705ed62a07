"""`kg serve`: the HTTP service (SPARQL endpoint, REST API, pages) on uvicorn.

The CLI never imports the service (layers: the interfaces do not import each
other): uvicorn gets the import string of the app factory, and the options
travel as ``KG_`` settings in the environment. :func:`run_server` is shared
with ``kg demo``, which ends by serving the store it built.
"""

from __future__ import annotations

import contextlib
import errno
import os
import socket
from collections.abc import Callable

import typer

from kg.cli._app import app
from kg.cli._common import STORE_HELP, fail

__all__ = ["APP_FACTORY", "check_free", "run_server", "serve"]

APP_FACTORY = "api.main:create_app"


@app.command()
def serve(
    store: str | None = typer.Option(None, "--store", "-s", help=STORE_HELP),
    host: str | None = typer.Option(
        None, "--host", help="Address to listen on (default: setting KG_HOST, else 127.0.0.1)."
    ),
    port: int | None = typer.Option(
        None, "--port", "-p", help="Port (default: setting KG_PORT, else 8000)."
    ),
    workers: int | None = typer.Option(
        None, "--sparql-workers", min=1, help="SPARQL worker processes (setting KG_SPARQL_WORKERS)."
    ),
    log_level: str = typer.Option("info", "--log-level", help="uvicorn's log level."),
) -> None:
    """Serve the graph: SPARQL endpoint, REST API, pages and graph views (http://HOST:PORT/).

    提供服务：SPARQL 端点、REST 接口、网页与关系图。
    """
    from kg.settings import get_settings

    run_server(
        store or get_settings().store,
        host=host,
        port=port,
        workers=workers,
        log_level=log_level,
    )


def run_server(
    store: str,
    *,
    host: str | None = None,
    port: int | None = None,
    workers: int | None = None,
    log_level: str = "info",
    on_ready: Callable[[str, int], None] | None = None,
    on_stop: Callable[[], None] | None = None,
) -> None:
    """Serve ``store`` with uvicorn until Ctrl-C (SIGINT) or SIGTERM, then return.

    ``on_ready(host, port)`` is called once the app has started and the socket
    listens; ``on_stop()`` after a clean shutdown. A store that cannot be opened
    or an address already in use is one ``kg: error:`` line (exit 2), before
    anything starts.
    """
    import uvicorn

    from kg.store import open_store

    # one clear line for a missing or foreign directory, before uvicorn starts
    with open_store(store, read_only=True, create=False):
        pass
    os.environ["KG_STORE"] = store
    if host is not None:
        os.environ["KG_HOST"] = host
    if port is not None:
        os.environ["KG_PORT"] = str(port)
    if workers is not None:
        os.environ["KG_SPARQL_WORKERS"] = str(workers)
    listen_host = os.environ.get("KG_HOST", "127.0.0.1")
    listen_port = int(os.environ.get("KG_PORT", "8000"))
    check_free(listen_host, listen_port)

    config = uvicorn.Config(
        APP_FACTORY,
        factory=True,
        host=listen_host,
        port=listen_port,
        log_level=log_level,
        proxy_headers=False,
        server_header=False,
    )

    class _Server(uvicorn.Server):
        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            await super().startup(sockets)
            if self.started and not self.should_exit and on_ready is not None:
                on_ready(listen_host, listen_port)

    server = _Server(config)
    with contextlib.suppress(KeyboardInterrupt):  # a second Ctrl-C during shutdown
        server.run()
    if not server.started:
        raise fail(f"the service did not start on {listen_host}:{listen_port} (see the log above)")
    if on_stop is not None:
        on_stop()


def check_free(host: str, port: int) -> None:
    """Fail with one line when ``host:port`` cannot be bound (in use, or not an address here)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise fail(f"cannot listen on {host}:{port}: {exc.strerror}") from exc
    family, kind, proto, _, addr = infos[0]
    with socket.socket(family, kind, proto) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            s.bind(addr)
        except OSError as exc:
            why = (
                "the address is already in use (another kg serve or kg demo?); "
                "choose another with --port"
                if exc.errno == errno.EADDRINUSE
                else exc.strerror or str(exc)
            )
            raise fail(f"cannot listen on {host}:{port}: {why}") from exc
