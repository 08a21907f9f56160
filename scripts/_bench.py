"""What the benchmarks share: Django set up for a throwaway test database.

A benchmark imports this first (`import _bench`; a script's own folder is on the path), then
runs inside `_bench.throwaway_database()`.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nearer.settings")
os.environ["NEARER_TESTING"] = "1"
os.environ.setdefault("NEARER_VAR_DIR", tempfile.mkdtemp(prefix="nearer-bench-"))

import django  # noqa: E402

django.setup()


@contextmanager
def throwaway_database() -> Iterator[None]:
    """A test database (SQLite in a temporary folder, or a test database on DATABASE_URL's
    server, replacing one left by an earlier run) and Django's in-memory outbox; removed
    afterwards."""
    from django.test.runner import DiscoverRunner
    from django.test.utils import setup_test_environment

    setup_test_environment()
    runner = DiscoverRunner(verbosity=0, interactive=False)
    old = runner.setup_databases()
    try:
        yield
    finally:
        runner.teardown_databases(old)
