"""`kg serve`: the HTTP service (SPARQL endpoint, REST API, pages) on uvicorn.

The CLI never imports the service (layers: the interfaces do not import each
other): uvicorn gets the import string of the app factory, and the options
travel as ``KG_`` settings in the environment.
"""

from __future__ import annotations

import os

import typer

from kg.cli._app import app
from kg.cli._common import STORE_HELP

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
    import uvicorn

    from kg.settings import get_settings
    from kg.store import open_store

    location = store or get_settings().store
    # one clear line for a missing or foreign directory, before uvicorn starts
    with open_store(location, read_only=True, create=False):
        pass
    os.environ["KG_STORE"] = location
    if host is not None:
        os.environ["KG_HOST"] = host
    if port is not None:
        os.environ["KG_PORT"] = str(port)
    if workers is not None:
        os.environ["KG_SPARQL_WORKERS"] = str(workers)
    listen_host = os.environ.get("KG_HOST", "127.0.0.1")
    listen_port = int(os.environ.get("KG_PORT", "8000"))
    uvicorn.run(
        APP_FACTORY,
        factory=True,
        host=listen_host,
        port=listen_port,
        log_level=log_level,
        proxy_headers=False,
        server_header=False,
    )
