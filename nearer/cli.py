"""The `nearer` command.

nearer serve [--host H] [--port P] [--no-worker]
                                      set up (keys, database, content) and serve the app, with
                                      the background worker (reminders, notes, emails) inside
nearer worker [--once]                run the background worker on its own
nearer demo                           create a demo couple with a few weeks of history
nearer loadcontent | content-stats [--json] | migrate | createsuperuser | ...
                                      any Django management command
"""

from __future__ import annotations

import argparse
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


def prepare_local() -> None:
    from nearer.lib.crypto import encode_key, generate_key

    var = Path(os.environ.get("NEARER_VAR_DIR", Path(__file__).resolve().parent.parent / "var"))
    _local_secret("NEARER_SECRET_KEY", var / "secret_key", secrets.token_urlsafe(50))
    _local_secret("NEARER_MASTER_KEY", var / "master.key", encode_key(generate_key()))


def serve(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="nearer serve")
    parser.add_argument("--host", default=os.environ.get("NEARER_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("NEARER_PORT", "8000")))
    parser.add_argument(
        "--no-worker",
        action="store_true",
        help="don't run the background worker in this process (run `nearer worker` instead)",
    )
    args = parser.parse_args(argv)
    shown = "localhost" if args.host in {"127.0.0.1", "0.0.0.0"} else args.host  # noqa: S104
    # Links in emails and calendar feeds point here unless the operator says otherwise.
    os.environ.setdefault("NEARER_SITE_URL", f"http://{shown}:{args.port}")

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("loadcontent", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)

    from waitress import serve as waitress_serve

    from nearer.wsgi import application

    if not args.no_worker:
        from nearer.notifications.worker import start_in_thread

        start_in_thread()
    print(f"\nNearer is ready at http://{shown}:{args.port}/  (Ctrl+C to stop)\n", flush=True)
    waitress_serve(application, host=args.host, port=args.port, threads=8, _quiet=True)


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
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
