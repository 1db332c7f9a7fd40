"""A real uvicorn server in a subprocess, for the browser tests."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from app.config import ROOT

HTMX_LOCAL_URL = "/static/vendor/htmx.min.js"
HTMX_LOCAL_FILE = ROOT / "static" / "vendor" / "htmx.min.js"
SWAGGER_UI_LOCAL_URL = "/static/vendor/swagger-ui"
START_TIMEOUT = 30.0
ATTEMPTS = 3  # a free port can be taken by someone else between probing and binding


class ServerError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LiveServer:
    database_url: str
    log_path: Path
    port: int = 0
    process: subprocess.Popen | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("CONTACTS_")}
        env["CONTACTS_DATABASE_URL"] = self.database_url
        # The npm copy is byte-identical to the CDN file, so the default SRI hash still holds.
        env["CONTACTS_HTMX_URL"] = HTMX_LOCAL_URL
        env["CONTACTS_SWAGGER_UI_URL"] = SWAGGER_UI_LOCAL_URL
        env["PYTHONUNBUFFERED"] = "1"
        return env

    def start(self) -> "LiveServer":
        if not HTMX_LOCAL_FILE.is_file():
            raise ServerError(f"{HTMX_LOCAL_FILE} is missing: run `make vendor` "
                              "(it fetches htmx and axe-core from the npm registry).")
        for _ in range(ATTEMPTS):
            self.port = free_port()
            if self._spawn_and_wait():
                return self
        raise ServerError(f"uvicorn did not start after {ATTEMPTS} attempts; log:\n{self.log_tail()}")

    def _spawn_and_wait(self) -> bool:
        cmd = [sys.executable, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1",
               "--port", str(self.port), "--loop", "uvloop", "--http", "httptools"]
        with self.log_path.open("ab") as log:
            log.write(f"$ {' '.join(cmd)}\n".encode())
            log.flush()
            self.process = subprocess.Popen(cmd, cwd=ROOT, env=self.env(), stdout=log,
                                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False  # exited: most likely the port was taken; try another
            if self._healthy():
                return True
            time.sleep(0.05)
        self.stop()
        raise ServerError(f"/healthz did not answer within {START_TIMEOUT:.0f}s; log:\n"
                          f"{self.log_tail()}")

    def _healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/healthz", timeout=1) as response:
                return response.status == 200
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return False

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def log_tail(self, lines: int = 40) -> str:
        if not self.log_path.exists():
            return "(no log)"
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
