"""`nearer serve` for real: several processes, one background worker, https behind a proxy.

One server (three worker processes, an https site address behind a proxy trusted at 127.0.0.1)
is started for the module in a fresh var/ and the tests look at it from outside: the process
table in /proc, the locks in /proc/locks, the task results in its SQLite file, and its answers.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pytest

ROOT = Path(__file__).resolve().parents[2]
WORKERS = 3

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/stat").exists(), reason="reads the process table from /proc (Linux)"
)


@dataclass
class Served:
    process: subprocess.Popen[bytes]
    port: int
    var: Path
    errors: Path

    def stderr(self) -> str:
        return self.errors.read_text()[-3000:]

    @property
    def lock(self) -> Path:
        return self.var / "worker.lock"

    @property
    def database(self) -> Path:
        return self.var / "nearer.sqlite3"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


T = TypeVar("T")


def _wait_for(what: Callable[[], T], seconds: float = 15.0) -> T:
    deadline = time.monotonic() + seconds
    while not (result := what()):
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what.__name__}")
        time.sleep(0.1)
    return result


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (FileNotFoundError, ProcessLookupError):
                continue
            # After the name: state, ppid; a zombie ("Z") is dead, only not yet reaped.
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry.name))
    return sorted(found)


def _flocks(path: Path) -> tuple[list[int], list[int]]:
    """The pids holding and the pids waiting for an flock on path, from /proc/locks."""
    inode = str(path.stat().st_ino)
    holding: list[int] = []
    waiting: list[int] = []
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        if "FLOCK" not in fields or fields[-3].rsplit(":", 1)[1] != inode:
            continue
        (waiting if "->" in fields else holding).append(int(fields[-4]))
    return holding, waiting


def _sweeps(database: Path) -> list[int]:
    """The pid of the process that ran each sweep task, in order."""
    with sqlite3.connect(database, timeout=20) as db:
        rows = db.execute(
            "SELECT worker_ids FROM django_tasks_database_dbtaskresult "
            "WHERE task_path = 'nearer.notifications.tasks.sweep' AND status = 'SUCCESSFUL' "
            "ORDER BY finished_at"
        ).fetchall()
    # A worker id is host-pid-thread.
    return [int(json.loads(ids)[0].rsplit("-", 2)[1]) for (ids,) in rows]


def _workers(served: Served) -> list[int]:
    """The server's worker processes, once there are as many as asked for."""
    pid = served.process.pid
    return _wait_for(lambda: _children(pid) if len(_children(pid)) == WORKERS else [])


def _get(
    served: Served, path: str, headers: dict[str, str], source: str = "127.0.0.1"
) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection(
        "127.0.0.1", served.port, timeout=10, source_address=(source, 0)
    )
    connection.request("GET", path, headers={"Host": "localhost", **headers})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("served")
    var = folder / "var"  # nearer creates it
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEARER_", "DATABASE_URL"))}
    env |= {
        "NEARER_VAR_DIR": str(var),
        "NEARER_WORKERS": str(WORKERS),
        "NEARER_SITE_URL": "https://localhost",
        "NEARER_TRUSTED_PROXIES": "127.0.0.1",
    }
    # Files, not pipes: a full pipe nobody reads would block the server.
    output, errors = folder / "stdout", folder / "stderr"
    with output.open("w") as out, errors.open("w") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "nearer.cli", "serve", "--port", str(port)],
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=err,
            start_new_session=True,  # its own process group, as a terminal would give it
            umask=0o022,  # what most shells give: nearer must tighten it itself
        )
    served = Served(process, port, var, errors)
    try:
        ready = f"Nearer is ready at http://localhost:{port}/"
        _wait_for(lambda: ready in output.read_text() or process.poll() is not None, 60)
        assert ready in output.read_text(), served.stderr()
        yield served
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)


def test_serve_starts_one_listening_process_per_worker(served: Served) -> None:
    workers = _workers(served)
    listening = _listening_sockets(served.port)
    for pid in workers:
        # Each process holds the listening socket, so each takes requests from it.
        assert listening & _sockets_of(pid), pid
    assert _get(served, "/", {"X-Forwarded-Proto": "https"}).status == 200
    # The parent forks them (again, whenever one ends): it must run no thread of its own.
    assert len(list(Path(f"/proc/{served.process.pid}/task").iterdir())) == 1


def _listening_sockets(port: int) -> set[str]:
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == "0A":  # LISTEN
                inodes.add(fields[9])
    return inodes


def _sockets_of(pid: int) -> set[str]:
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except FileNotFoundError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    return inodes


def test_the_background_worker_runs_in_exactly_one_process(served: Served) -> None:
    workers = _workers(served)
    _wait_for(lambda: len(_flocks(served.lock)[1]) == WORKERS - 1)
    holding, waiting = _flocks(served.lock)
    assert len(holding) == 1
    assert sorted(holding + waiting) == workers
    assert served.lock.read_text().strip() == str(holding[0])
    # Each start of the background worker sweeps at once: one sweep, by the holder, means one
    # background worker (the next sweep is 30 s away). The next test looks again, later.
    _wait_for(lambda: _sweeps(served.database))
    assert _sweeps(served.database) == holding


def test_another_process_takes_over_when_the_workers_process_dies(served: Served) -> None:
    _wait_for(lambda: _sweeps(served.database))
    (holder,) = _flocks(served.lock)[0]
    os.kill(holder, signal.SIGKILL)
    # One of the waiting processes takes the lock at once and runs the background worker;
    # gunicorn replaces the lost process, which waits in turn.
    _wait_for(lambda: len(_sweeps(served.database)) >= 2)
    # No other process swept meanwhile: the holder's sweep, then its successor's.
    sweeps = _sweeps(served.database)
    assert len(sweeps) == 2 and sweeps[0] == holder, sweeps
    successor = sweeps[1]
    assert successor != holder
    assert _flocks(served.lock)[0] == [successor]
    assert successor in _workers(served)


def test_https_from_the_trusted_proxy_is_secure(served: Served) -> None:
    response = _get(served, "/", {"X-Forwarded-Proto": "https"})
    assert response.status == 200
    # HSTS for this host only: subdomains and preloading are the operator's to opt into.
    assert response.getheader("Strict-Transport-Security") == "max-age=31536000"


def test_plain_http_from_the_proxy_is_sent_to_https(served: Served) -> None:
    response = _get(served, "/today/?x=1", {})
    assert response.status == 301
    assert response.getheader("Location") == "https://localhost/today/?x=1"
    assert response.getheader("Strict-Transport-Security") is None


def test_the_header_from_anyone_else_is_ignored(served: Served) -> None:
    try:
        response = _get(served, "/", {"X-Forwarded-Proto": "https"}, source="127.0.0.2")
    except OSError:
        pytest.skip("this machine cannot send from 127.0.0.2")
    assert response.status == 301
    assert response.getheader("Strict-Transport-Security") is None


def test_the_database_and_var_are_the_owners_alone(served: Served) -> None:
    # SQLite gives its -wal and -shm files the mode of the database file; open a reader (with a
    # permissive umask) so that both exist while we look.
    old = os.umask(0o022)
    try:
        with sqlite3.connect(served.database, timeout=20) as db:
            db.execute("SELECT count(*) FROM django_migrations").fetchone()
            paths = [served.var, served.database]
            paths += [Path(f"{served.database}-wal"), Path(f"{served.database}-shm")]
            modes = {path.name: stat.S_IMODE(path.stat().st_mode) for path in paths}
    finally:
        os.umask(old)
    assert modes == {
        "var": 0o700,
        "nearer.sqlite3": 0o600,
        "nearer.sqlite3-wal": 0o600,
        "nearer.sqlite3-shm": 0o600,
    }


def test_ctrl_c_stops_every_process(served: Served) -> None:
    workers = _workers(served)
    # Every process has booted (it waits for the lock only then): a signal that reaches a
    # process still booting is gunicorn's to handle, with a 30 s graceful timeout.
    _wait_for(lambda: sorted(sum(_flocks(served.lock), [])) == workers)
    os.killpg(served.process.pid, signal.SIGINT)  # what Ctrl+C sends to the terminal's group
    try:
        assert served.process.wait(30) == 0
    except subprocess.TimeoutExpired:
        pytest.fail(f"still running 30 s after Ctrl+C: {served.stderr()}")
    # The arbiter has waited for its workers; a last one may still be on its way out.
    _wait_for(lambda: not [pid for pid in workers if _alive(pid)], 5)


def _alive(pid: int) -> bool:
    try:
        return (Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]) != "Z"
    except FileNotFoundError:
        return False
