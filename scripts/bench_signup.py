"""Does sign-up tell whether an address already has an account? `python scripts/bench_signup.py`

Times sign-up for new addresses and for taken ones, with the production password hasher, on a
throwaway SQLite database. The two should take about as long.
"""

from __future__ import annotations

import base64
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
VAR = tempfile.mkdtemp(prefix="nearer-bench-signup-")
os.environ.update(
    DJANGO_SETTINGS_MODULE="nearer.settings",
    NEARER_VAR_DIR=VAR,
    NEARER_SECRET_KEY=secrets.token_urlsafe(50),
    NEARER_MASTER_KEY=base64.b64encode(os.urandom(32)).decode(),
    NEARER_EMAIL_FILE_PATH=str(Path(VAR) / "mail"),
    NEARER_TESTING="0",
)
os.environ.pop("DATABASE_URL", None)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

call_command("migrate", verbosity=0)
ROUNDS = int(os.environ.get("ROUNDS", "12"))
PASSWORD = "quiet-harbour-lantern-7"  # noqa: S105 (a throwaway database)


def signup(client: Client, email: str, n: int) -> float:
    start = time.perf_counter()
    response = client.post(
        "/account/signup/",
        {
            "email": email,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "display_name": "Bench",
            "time_zone": "UTC",
        },
        REMOTE_ADDR=f"10.9.{n // 250}.{n % 250}",
    )
    elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 302, response.status_code
    return elapsed


client = Client(HTTP_HOST="localhost")
signup(client, "warm-up@example.com", 0)
new, taken = [], []
for n in range(1, ROUNDS + 1):
    new.append(signup(Client(HTTP_HOST="localhost"), f"new{n}@example.com", n))
    taken.append(signup(Client(HTTP_HOST="localhost"), f"new{n}@example.com", 1000 + n))
for label, t in (("new address", new), ("taken address", taken)):
    print(
        f"{label:14} median {statistics.median(t):6.1f} ms  "
        f"min {min(t):6.1f}  max {max(t):6.1f}  (n={len(t)})"
    )
print(f"difference of medians: {statistics.median(new) - statistics.median(taken):+.1f} ms")
