"""How `nearer serve` serves: gunicorn, several processes, the background worker in one of them.

`nearer serve` prepares everything once (database, content, static files), closes its database
connections and hands over to gunicorn's arbiter, which forks the worker processes (gthread:
each with a pool of threads). Nothing here starts a thread before the fork.

Each worker process then starts one thread that waits for an OS lock on `var/worker.lock`;
whichever process holds it runs the background worker. The OS releases the lock when that
process ends, however it ends, and one of the waiting processes takes over at once
(docs/decisions/0015).
"""

from __future__ import annotations

import fcntl
import os
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gunicorn.app.base import BaseApplication

from nearer.lib.proxies import TrustedProxies

# How long a stopping worker process waits for the background worker to finish its task.
WORKER_STOP_SECONDS = 10.0


@dataclass(frozen=True)
class Options:
    host: str
    port: int
    workers: int
    threads: int
    ready_url: str
    trusted_proxies: tuple[str, ...] = ()
    worker_lock: Path | None = None  # None: no background worker in these processes


def cpu_count() -> int:
    """The CPUs this process may use (its affinity mask, e.g. a container's share)."""
    if hasattr(os, "process_cpu_count"):  # Python 3.13+
        return os.process_cpu_count() or 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def check_proxies(proxies: list[str]) -> tuple[str, ...]:
    """NEARER_TRUSTED_PROXIES, checked (ValueError): IP addresses or networks, or "*"."""
    TrustedProxies.parse(proxies)
    return tuple(proxies)


def bind_address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


# --- The background worker, in whichever worker process holds the lock ----------------------
@dataclass
class _Background:
    thread: threading.Thread
    stop: threading.Event
    holding: threading.Event


_background: _Background | None = None


def _work_while_holding(lock: Path, stop: threading.Event, holding: threading.Event) -> None:
    from django.db import connections

    from nearer.notifications.worker import run

    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # waits while another process holds it
        if stop.is_set():
            return
        holding.set()
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())  # who holds it, for an operator's eyes
        run(stop=stop)
    finally:
        connections.close_all()  # this thread's own
        os.close(fd)  # releases the lock: a waiting process takes over at once


def start_background_worker(lock: Path) -> None:
    """In a worker process: wait for the lock, then run the background worker (a thread)."""
    global _background
    stop, holding = threading.Event(), threading.Event()
    thread = threading.Thread(
        target=_work_while_holding, args=(lock, stop, holding), name="nearer-worker", daemon=True
    )
    thread.start()
    _background = _Background(thread, stop, holding)


def stop_background_worker() -> None:
    """A process that is stopping lets a running task finish, then hands the lock on."""
    global _background
    if _background is None:
        return
    background, _background = _background, None
    background.stop.set()
    if background.holding.is_set():
        background.thread.join(WORKER_STOP_SECONDS)


# --- gunicorn -------------------------------------------------------------------------------
class Server(BaseApplication):
    def __init__(self, application: Callable[..., Any], options: Options) -> None:
        self.application = application
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        options = self.options
        settings: dict[str, Any] = {
            "bind": [bind_address(options.host, options.port)],
            "worker_class": "gthread",
            "workers": options.workers,
            "threads": options.threads,
            # The app is imported once, before the fork; the processes share its memory.
            "preload_app": True,
            # Only these addresses may say, with X-Forwarded-Proto, that a request came in
            # over https; for everyone else the header means nothing (wsgi.url_scheme stays).
            "forwarded_allow_ips": ",".join(options.trusted_proxies),
            "secure_scheme_headers": {"X-FORWARDED-PROTO": "https"},
            # No access log: invitation and calendar paths carry secret tokens.
            "accesslog": None,
            "loglevel": "warning",
            "control_socket_disable": True,
            "proc_name": "nearer",
            "when_ready": self._when_ready,
            "pre_fork": self._pre_fork,
            "post_worker_init": self._post_worker_init,
            "worker_exit": self._worker_exit,
        }
        for key, value in settings.items():
            self.cfg.set(key, value)

    def load(self) -> Callable[..., Any]:
        return self.application

    def _when_ready(self, arbiter: object) -> None:
        # The port is open: a request now waits in the backlog until a process takes it.
        print(f"\nNearer is ready at {self.options.ready_url}  (Ctrl+C to stop)\n", flush=True)

    def _pre_fork(self, arbiter: object, worker: object) -> None:
        # A connection opened before the fork would be shared by two processes.
        from django.db import connections

        connections.close_all()

    def _post_worker_init(self, worker: object) -> None:
        # Ctrl+C reaches every process in the terminal's group; only the arbiter acts on it,
        # and stops the workers with SIGQUIT. gthread's quit handler is not re-entrant: SIGINT
        # closely followed by that SIGQUIT can deadlock a worker on its thread pool's lock
        # until gunicorn kills it at the graceful timeout, 30 s later.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        if self.options.worker_lock is not None:
            start_background_worker(self.options.worker_lock)

    def _worker_exit(self, arbiter: object, worker: object) -> None:
        stop_background_worker()


def run(application: Callable[..., Any], options: Options) -> None:
    Server(application, options).run()
