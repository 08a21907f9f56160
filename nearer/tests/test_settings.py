"""Settings: safe by default, and production settings pass Django's deploy checks."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("NEARER_", "DATABASE_URL"))}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from nearer.cli import main; main(sys.argv[1:])",
            *args,
        ],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_settings_pass_check_deploy(tmp_path: Path) -> None:
    env = {
        "NEARER_SECRET_KEY": base64.b64encode(os.urandom(48)).decode(),
        "NEARER_MASTER_KEY": base64.b64encode(os.urandom(32)).decode(),
        "NEARER_SITE_URL": "https://nearer.example",
        "NEARER_ALLOWED_HOSTS": "nearer.example",
        "NEARER_VAR_DIR": str(tmp_path),
    }
    result = _run(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='nearer.settings'; django.setup()",
        ],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if not k.startswith("NEARER_")}
        | {"NEARER_VAR_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "NEARER_SECRET_KEY" in result.stderr


def test_debug_is_off_by_default(tmp_path: Path) -> None:
    result = _run(
        {"NEARER_SECRET_KEY": "x" * 60, "NEARER_VAR_DIR": str(tmp_path)},
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DEBUG)",
    )
    assert result.stdout.strip().endswith("False"), result.stderr
