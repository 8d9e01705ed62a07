"""`kg serve` as a command: the one-line errors before anything starts, a clean stop on Ctrl-C."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import free_port, group_gone

pytestmark = pytest.mark.slow


def _kg(*args: str, **kw) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    env["KG_SEARCH_VILLAGES"] = "false"
    return subprocess.Popen(
        [sys.executable, "-m", "kg", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        **kw,
    )


def test_address_in_use_is_one_line(service_store: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = _kg("serve", "--store", str(service_store), "--port", str(port))
        _, err = proc.communicate(timeout=120)
    lines = err.decode().strip().splitlines()
    assert proc.returncode == 2
    assert len(lines) == 1 and lines[0].startswith("kg: error: cannot listen on 127.0.0.1:")
    assert "already in use" in lines[0] and "--port" in lines[0]


def test_missing_store_is_one_line(tmp_path: Path) -> None:
    proc = _kg("serve", "--store", str(tmp_path / "nowhere"), "--port", str(free_port()))
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 2
    assert err.decode().startswith("kg: error:") and len(err.decode().splitlines()) == 1


def test_ctrl_c_stops_the_server_and_its_workers(service_store: Path) -> None:
    port = free_port()
    proc = _kg("serve", "--store", str(service_store), "--port", str(port), start_new_session=True)
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as r:
                assert r.status == 200
                break
        except OSError:
            assert proc.poll() is None, proc.communicate()[1].decode()[-3000:]
            assert time.monotonic() < deadline
            time.sleep(0.3)
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0
    assert "Traceback" not in err.decode()
    assert "Finished server process" in err.decode()
    assert group_gone(proc.pid), "a process of the server's group is still running"
