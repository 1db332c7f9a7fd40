"""`contacts serve --workers 2` on each backend: two worker processes answer, and the sockets
they accept have TCP_NODELAY set (uvicorn issue #3149: with the asyncio loop they do not, and
every keep-alive response waits ~44 ms for a delayed ACK)."""

import ctypes
import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.config import ROOT
from tests.e2e.server import free_port

SYS_PIDFD_GETFD = 438  # the same number on x86-64 and arm64
START_TIMEOUT = 60.0


def _workers(pid: int) -> list[int]:
    """uvicorn's worker processes under the supervisor `pid` (not multiprocessing's tracker)."""
    tasks = Path(f"/proc/{pid}/task")
    children = [int(c) for task in tasks.iterdir() for c in (task / "children").read_text().split()]
    return [c for c in children if b"spawn_main" in Path(f"/proc/{c}/cmdline").read_bytes()]


def _server_sockets(pids: list[int], server_port: int, client_port: int) -> list[socket.socket]:
    """Duplicates of the server-side sockets of one connection, taken from the processes."""
    inodes = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local, remote = (int(a.split(":")[1], 16) for a in fields[1:3])
        if (local, remote) == (server_port, client_port):
            inodes.add(fields[9])
    libc = ctypes.CDLL(None, use_errno=True)
    found = []
    for pid in pids:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            if target.startswith("socket:[") and target[8:-1] in inodes:
                pidfd = os.pidfd_open(pid)
                try:
                    dup = libc.syscall(SYS_PIDFD_GETFD, pidfd, int(fd), 0)
                finally:
                    os.close(pidfd)
                if dup < 0:
                    pytest.skip(f"pidfd_getfd refused: {os.strerror(ctypes.get_errno())}")
                found.append(socket.socket(fileno=dup))
    return found


@pytest.fixture
def two_workers(db_url, tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONTACTS_")}
    env["CONTACTS_DATABASE_URL"] = db_url
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "app", "serve", "--port", str(port), "--workers", "2"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while len(_workers(process.pid)) < 2 or not _answers(port):
            assert process.poll() is None, (tmp_path / "serve.log").read_text()
            assert time.monotonic() < deadline, "the workers did not start"
            time.sleep(0.1)
        yield process, port
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def _answers(port: int) -> bool:
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        connection.request("GET", "/healthz")
        return connection.getresponse().status == 200
    except OSError:
        return False


@pytest.mark.skipif(not hasattr(os, "pidfd_open"), reason="needs Linux pidfds")
def test_two_workers_accept_with_tcp_nodelay(two_workers):
    process, port = two_workers
    workers = _workers(process.pid)
    assert len(workers) == 2
    for _ in range(4):  # keep-alive connections, each accepted by one of the workers
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        for path in ("/healthz", "/api/events", "/"):
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            assert response.status == 200, path
        (accepted,) = _server_sockets(workers, port, connection.sock.getsockname()[1])
        assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
        accepted.close()
        connection.close()
