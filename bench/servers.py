"""Start and watch the servers the load benchmark drives: the app under uvicorn, and Datasette.

Each server runs in its own process group, which `stop` ends by its id. Peak memory is the
kernel's high-water mark of resident memory (VmHWM) of every process of the server.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

LOG_DIR = Path(__file__).resolve().parent / ".data" / "logs"


def free_port(preferred: int) -> int:
    """`preferred` if nothing listens there, else a free port the kernel picks."""
    for port in (preferred, 0):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return s.getsockname()[1]
    raise RuntimeError("no free port")


def listening_socket(port: int) -> socket.socket:
    """A bound, listening TCP socket with TCP_NODELAY set: Linux hands the option on to every
    accepted connection. uvicorn's --workers path loses it otherwise (uvicorn issue #3149):
    responses then wait for the client's delayed ACK, about 40 ms per keep-alive request."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


class Server:
    def __init__(self, name: str, command: list[str], *, port: int, health: str,
                 env: dict[str, str] | None = None, pass_fds: tuple[int, ...] = ()):
        self.name, self.command, self.port, self.health = name, command, port, health
        self.env = {**os.environ, **(env or {})}
        self.pass_fds = pass_fds
        self.process: subprocess.Popen | None = None
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        self.log_path = LOG_DIR / f"{name}.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 120) -> "Server":
        log = self.log_path.open("w")
        self.process = subprocess.Popen(
            self.command, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True, pass_fds=self.pass_fds,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited at start-up:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.url + self.health, timeout=5) as response:
                    if response.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"{self.name} did not answer {self.health} in {timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def pids(self) -> list[int]:
        """The server process and its children (uvicorn's workers)."""
        if not self.process:
            return []
        pids, queue = [], [self.process.pid]
        while queue:
            pid = queue.pop()
            pids.append(pid)
            for task in Path(f"/proc/{pid}/task").glob("*/children"):
                try:
                    queue += [int(c) for c in task.read_text().split()]
                except OSError:
                    pass
        return pids

    def serving_pids(self) -> list[int]:
        """The processes that answer requests: the workers if there are any, else the server."""
        pids = self.pids()
        workers = [p for p in pids[1:] if "spawn_main" in _cmdline(p)]
        return workers or pids[:1]

    def peak_memory_mb(self) -> tuple[float, float]:
        """(largest, summed) VmHWM of the serving processes, in MB."""
        peaks = [_status_kb(pid, "VmHWM") / 1024 for pid in self.serving_pids()]
        return (max(peaks, default=0.0), sum(peaks))

    def cpu_seconds(self) -> float:
        """User + system CPU time used so far by the serving processes (all their threads)."""
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0.0
        for pid in self.serving_pids():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
        return total

    def libraries(self) -> set[str]:
        """Shared objects mapped into the serving processes (to prove uvloop, httptools)."""
        found: set[str] = set()
        for pid in self.serving_pids():
            try:
                for line in Path(f"/proc/{pid}/maps").read_text().splitlines():
                    if line.endswith(".so") or ".so." in line:
                        found.add(line.split()[-1])
            except OSError:
                pass
        return found

    def stop(self) -> None:
        listener = getattr(self, "listener", None)
        if listener is not None:  # the socket made for --fd (several workers)
            listener.close()
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.process = None

    def __enter__(self) -> "Server":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _status_kb(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def app_server(database_url: str, *, port: int, workers: int = 1, name: str = "app",
               cache: bool = True) -> Server:
    """The app under uvicorn with uvloop and httptools, as `contacts serve` runs it. With
    several workers the socket is made here (with TCP_NODELAY) and handed over by --fd.
    `cache`: CONTACTS_RESPONSE_CACHE (off measures rendering every request)."""
    command = [sys.executable, "-m", "uvicorn", "app.main:app", "--loop", "uvloop",
               "--http", "httptools", "--no-access-log", "--log-level", "warning"]
    pass_fds: tuple[int, ...] = ()
    if workers > 1:
        sock = listening_socket(port)
        command += ["--fd", str(sock.fileno()), "--workers", str(workers)]
        pass_fds = (sock.fileno(),)
    else:
        command += ["--host", "127.0.0.1", "--port", str(port)]
    server = Server(name, command, port=port, health="/healthz",
                    env={"CONTACTS_DATABASE_URL": database_url,
                         "CONTACTS_RESPONSE_CACHE": str(cache).lower()}, pass_fds=pass_fds)
    if workers > 1:
        server.listener = sock  # kept open (and alive) as long as the server object
    return server


def datasette_server(path: Path, *, port: int, metadata: Path, defaults: bool) -> Server:
    """Datasette on the same SQLite file: facet suggestions off, or with all its defaults."""
    command = [sys.executable, "-m", "datasette", "serve", str(path), "--host", "127.0.0.1",
               "--port", str(port), "--metadata", str(metadata)]
    if not defaults:
        command += ["--setting", "suggest_facets", "off"]
    return Server("datasette-defaults" if defaults else "datasette", command, port=port,
                  health="/-/versions.json")
