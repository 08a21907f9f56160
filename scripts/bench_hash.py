"""Time the tuned Argon2id password hasher: `python scripts/bench_hash.py`."""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nearer.settings")
os.environ.setdefault("NEARER_DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import Argon2PasswordHasher  # noqa: E402

from nearer.accounts.hashers import NearerArgon2PasswordHasher  # noqa: E402


def measure(hasher: Argon2PasswordHasher, rounds: int = 15) -> list[float]:
    hasher.encode("warm-up", hasher.salt())
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        hasher.encode("correct horse battery staple", hasher.salt())
        timings.append((time.perf_counter() - start) * 1000)
    return timings


for label, hasher in (
    ("Nearer (tuned)", NearerArgon2PasswordHasher()),
    ("Django default", Argon2PasswordHasher()),
):
    t = measure(hasher)
    print(
        f"{label:15} t={hasher.time_cost} m={hasher.memory_cost // 1024} MiB p={hasher.parallelism}: "
        f"median {statistics.median(t):.1f} ms, min {min(t):.1f}, max {max(t):.1f} ms"
    )
