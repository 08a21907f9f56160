"""Requests per second for a signed-in /today/ from `nearer serve`, with 1 and with N processes.

    python scripts/bench_serve.py [--workers 1,2] [--threads 4] [--clients 16] [--seconds 10]

Seeds a throwaway SQLite database in a temporary var/ (or, with DATABASE_URL, a throwaway
database "<name>_bench" on that server, dropped afterwards) with a couple and --days of answered
questions, then for each worker count starts `nearer serve` on 127.0.0.1 and lets --clients
threads, each with its own keep-alive connection and the couple's session cookie, fetch /today/
for --seconds. The clients run on the same machine and take some of its CPU too.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime as dt
import http.client
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent


def seed(days: int) -> None:
    """In a child process: migrate, load content, make a couple with history; print a session."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nearer.settings")
    from nearer.cli import prepare_local

    prepare_local()
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from nearer.couples.operations import space_of
    from nearer.questions import operations
    from nearer.tests.factories import make_couple, make_user

    call_command("migrate", verbosity=0)
    call_command("loadcontent", verbosity=0)
    a, b = make_user("Alex"), make_user("Sam")
    make_couple(a, b)
    couple = space_of(a)
    for offset in range(days, 0, -1):
        daily = operations.daily_question(
            couple=couple, date=dt.date.today() - dt.timedelta(offset)
        )
        operations.save_answer(user=a, daily=daily, text="An answer of ordinary length. " * 4)
        operations.save_answer(user=b, daily=daily, text="And the other, a little longer. " * 5)
    client = Client()
    client.force_login(a)
    print(client.cookies["sessionid"].value)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _client(port: int, cookie: str, until: float) -> tuple[list[float], int]:
    timings: list[float] = []
    errors = 0
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Host": "localhost", "Cookie": f"sessionid={cookie}"}
    while time.monotonic() < until:
        start = time.perf_counter()
        try:
            connection.request("GET", "/today/", headers=headers)
            response = connection.getresponse()
            response.read()
            ok = response.status == 200
        except (OSError, http.client.HTTPException):
            ok = False
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        if ok:
            timings.append(time.perf_counter() - start)
        else:
            errors += 1
    connection.close()
    return timings, errors


def measure(env: dict[str, str], workers: int, threads: int, clients: int, seconds: float) -> None:
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603 (our own command line)
        [sys.executable, "-m", "nearer.cli", "serve", "--port", str(port)]
        + ["--workers", str(workers), "--threads", str(threads)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert server.stdout is not None
        while "Nearer is ready" not in (line := server.stdout.readline()):
            if not line:
                raise SystemExit("nearer serve stopped before it was ready")
        cookie = env["BENCH_SESSION"]
        with concurrent.futures.ThreadPoolExecutor(clients) as pool:
            warm = time.monotonic() + 2
            list(pool.map(lambda _: _client(port, cookie, warm), range(clients)))
            until = time.monotonic() + seconds
            results = list(pool.map(lambda _: _client(port, cookie, until), range(clients)))
        timings = sorted(t for result in results for t in result[0])
        errors = sum(result[1] for result in results)
        p95 = timings[int(len(timings) * 0.95) - 1] if timings else 0
        print(
            f"  {workers} process{'es' if workers > 1 else ''} x {threads} threads, "
            f"{clients} clients: {len(timings) / seconds:6.1f} requests/s   "
            f"median {statistics.median(timings) * 1000:5.0f} ms   p95 {p95 * 1000:5.0f} ms   "
            f"errors {errors}",
            flush=True,
        )
    finally:
        os.killpg(server.pid, signal.SIGINT)
        server.wait(60)


def _bench_database(url: str, create: bool) -> str:
    import psycopg

    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/')}_bench"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if create:
            admin.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", default=f"1,{os.cpu_count() or 1}")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--days", type=int, default=60)
    parser.add_argument("--seed", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seed:
        seed(args.days)
        return
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEARER_")}
    env["NEARER_VAR_DIR"] = tempfile.mkdtemp(prefix="nearer-bench-serve-")
    server_url = env.get("DATABASE_URL")
    if server_url:
        env["DATABASE_URL"] = _bench_database(server_url, create=True)
    try:
        session = subprocess.run(  # noqa: S603 (our own command line)
            [sys.executable, __file__, "--seed", "--days", str(args.days)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()[-1]
        env["BENCH_SESSION"] = session
        print(
            f"{'PostgreSQL' if server_url else 'SQLite'}, signed-in /today/ with {args.days} "
            f"days of history, {os.cpu_count()} CPUs, {args.seconds:g} s each"
        )
        for workers in (int(w) for w in args.workers.split(",")):
            measure(env, workers, args.threads, args.clients, args.seconds)
    finally:
        shutil.rmtree(env["NEARER_VAR_DIR"], ignore_errors=True)
        if server_url:
            _bench_database(server_url, create=False)


if __name__ == "__main__":
    main()
