"""The `nearer` command.

nearer serve [--host H] [--port P] [--workers N] [--threads T] [--no-worker]
                                      set up (keys, database, content) and serve the app with
                                      N processes (default: one per CPU), the background worker
                                      (reminders, notes, emails) in one of them
nearer worker [--once]                run the background worker on its own
nearer demo                           create a demo couple with a few weeks of history
nearer loadcontent | content-stats [--json] | migrate | createsuperuser | ...
                                      any Django management command
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import sys
from pathlib import Path

ALIASES = {"content-stats": "content_stats"}


def _local_secret(env_name: str, path: Path, make: str) -> None:
    """For a local install: keep a secret in a file under ./var unless the environment has one."""
    if os.environ.get(env_name) or os.environ.get(f"{env_name}_FILE"):
        return
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(make)
    os.environ[f"{env_name}_FILE"] = str(path)


def _private_sqlite(var: Path) -> None:
    """The SQLite database is as private as the keys: owner-only. SQLite gives its -wal and
    -shm files the mode of the database file. (Settings are not imported yet: `serve` still
    sets NEARER_SITE_URL.)"""
    if os.environ.get("DATABASE_URL"):
        return
    path = var / "nearer.sqlite3"  # where settings.py puts it
    path.touch(mode=0o600)
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        with contextlib.suppress(FileNotFoundError):
            name.chmod(0o600)


def prepare_local() -> None:
    from nearer.lib.crypto import encode_key, generate_key

    var = Path(os.environ.get("NEARER_VAR_DIR", Path(__file__).resolve().parent.parent / "var"))
    var.mkdir(mode=0o700, parents=True, exist_ok=True)
    with contextlib.suppress(PermissionError):
        var.chmod(0o700)
    _local_secret("NEARER_SECRET_KEY", var / "secret_key", secrets.token_urlsafe(50))
    _local_secret("NEARER_MASTER_KEY", var / "master.key", encode_key(generate_key()))
    _private_sqlite(var)


def _at_least_one(value: str) -> int:
    """A count of processes or threads. ASCII digits only: `isdigit()` also takes "²", which
    `int()` then refuses."""
    digits = value.strip()
    if not (digits.isascii() and digits.isdigit() and 0 < int(digits) <= 10_000):
        raise argparse.ArgumentTypeError(f"needs a whole number of 1 or more, not {value!r}")
    return int(digits)


def serve(argv: list[str]) -> None:
    if os.name == "nt":
        sys.exit("`nearer serve` runs on Linux and macOS (on Windows, inside WSL).")
    from nearer import serving

    parser = argparse.ArgumentParser(prog="nearer serve")
    parser.add_argument("--host", default=os.environ.get("NEARER_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("NEARER_PORT", "8000")))
    parser.add_argument(
        "--workers",
        type=_at_least_one,
        default=os.environ.get("NEARER_WORKERS") or None,
        help="worker processes (NEARER_WORKERS; default: one per CPU)",
    )
    parser.add_argument(
        "--threads",
        type=_at_least_one,
        default=os.environ.get("NEARER_THREADS") or "4",
        help="threads in each worker process (NEARER_THREADS; default: 4)",
    )
    parser.add_argument(
        "--no-worker",
        action="store_true",
        help="don't run the background worker in these processes (run `nearer worker` instead)",
    )
    args = parser.parse_args(argv)
    shown = "localhost" if args.host in {"127.0.0.1", "0.0.0.0"} else args.host  # noqa: S104
    # Links in emails and calendar feeds point here unless the operator says otherwise.
    os.environ.setdefault("NEARER_SITE_URL", f"http://{shown}:{args.port}")

    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    try:
        proxies = serving.check_proxies(settings.NEARER_TRUSTED_PROXIES)
    except ValueError as exc:
        parser.error(str(exc))
    call_command("migrate", interactive=False, verbosity=0)
    call_command("loadcontent", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)

    from django.db import connections

    from nearer.accounts.checks import https_without_trusted_proxy
    from nearer.wsgi import application

    for warning in https_without_trusted_proxy():
        print(f"Warning: {warning.msg}\n  {warning.hint}", file=sys.stderr)
    connections.close_all()  # nothing opened here may be shared with the forked processes
    serving.run(
        application,
        serving.Options(
            host=args.host,
            port=args.port,
            workers=args.workers or serving.cpu_count(),
            threads=args.threads,
            ready_url=f"http://{shown}:{args.port}/",
            trusted_proxies=proxies,
            worker_lock=None if args.no_worker else Path(settings.VAR_DIR) / "worker.lock",
        ),
    )


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    # What `nearer` creates (database, WAL, keys, emails written to files) is the owner's alone.
    os.umask(0o077)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nearer.settings")
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(__doc__)
        return
    command, rest = ALIASES.get(argv[0], argv[0]), argv[1:]
    if not os.environ.get("DATABASE_URL") or command == "serve":
        prepare_local()
    if command == "serve":
        serve(rest)
        return
    from django.core.management import execute_from_command_line

    execute_from_command_line(["nearer", command, *rest])


if __name__ == "__main__":
    main()
