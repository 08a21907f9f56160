"""Settings: safe by default, and production settings pass Django's deploy checks."""

from __future__ import annotations

import base64
import json
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


def _production(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        "NEARER_SECRET_KEY": base64.b64encode(os.urandom(48)).decode(),
        "NEARER_MASTER_KEY": base64.b64encode(os.urandom(32)).decode(),
        "NEARER_SITE_URL": "https://nearer.example",
        "NEARER_ALLOWED_HOSTS": "nearer.example",
        "NEARER_TRUSTED_PROXIES": "10.0.0.2",
        "NEARER_VAR_DIR": str(tmp_path),
        **extra,
    }


def _settings(env: dict[str, str], *names: str) -> list[object]:
    values = ", ".join(f"getattr(settings, {name!r}, None)" for name in names)
    code = f"from django.conf import settings; import json; print(json.dumps([{values}]))"
    result = _run(env, "shell", "-c", code)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_settings_pass_check_deploy(tmp_path: Path) -> None:
    result = _run(_production(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_about_an_https_site_with_no_trusted_proxy(tmp_path: Path) -> None:
    env = _production(tmp_path, NEARER_TRUSTED_PROXIES="")
    result = _run(env, "check", "--deploy")
    assert "nearer.W001" in result.stderr + result.stdout
    # Without a proxy to believe, every request looks like plain http: redirecting would loop.
    assert _settings(env, "SECURE_SSL_REDIRECT") == [False]


def test_hsts_is_for_this_host_only_unless_the_operator_opts_in(tmp_path: Path) -> None:
    names = ("SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD")
    assert _settings(_production(tmp_path), *names) == [31536000, False, False]
    opted_in = _production(tmp_path, NEARER_HSTS_INCLUDE_SUBDOMAINS="1", NEARER_HSTS_PRELOAD="1")
    assert _settings(opted_in, *names) == [31536000, True, True]


def test_production_hashes_passwords_with_argon2id_never_the_suites_fast_hasher(
    tmp_path: Path,
) -> None:
    # The suite hashes with MD5 to save time (settings.TESTING); production must not.
    (hashers,) = _settings(_production(tmp_path), "PASSWORD_HASHERS")
    assert isinstance(hashers, list)
    assert hashers[0] == "nearer.accounts.hashers.NearerArgon2PasswordHasher"
    assert not [name for name in hashers if "MD5" in name]


# The server decides whom to believe (test_serve.py): for a trusted proxy's X-Forwarded-Proto:
# https it marks the request secure. Django itself must not believe the header from anyone.
PROXY_REQUESTS = """
from django.core.management import call_command
from django.test import Client
call_command("collectstatic", interactive=False, verbosity=0)
client = Client()
for secure, remote in ((True, "10.0.0.2"), (False, "203.0.113.9")):
    response = client.get(
        "/", secure=secure, REMOTE_ADDR=remote, HTTP_HOST="nearer.example",
        HTTP_X_FORWARDED_PROTO="https",
    )
    print(response.status_code, response.headers.get("Strict-Transport-Security"))
"""


def test_behind_the_proxy_a_secure_request_is_served_and_any_other_redirected(
    tmp_path: Path,
) -> None:
    result = _run(_production(tmp_path), "shell", "-c", PROXY_REQUESTS)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[-3:] == ["200 max-age=31536000", "301 None", ""]
    assert _settings(_production(tmp_path), "SECURE_PROXY_SSL_HEADER") == [None]


def test_the_test_master_key_is_never_used_outside_the_tests(tmp_path: Path) -> None:
    env = {
        "NEARER_DEBUG": "1",
        "NEARER_SECRET_KEY": "x" * 60,
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",  # `nearer` makes no key in var/
        "NEARER_VAR_DIR": str(tmp_path),
    }
    code = (
        "from django.conf import settings; from nearer.accounts.models import master_key\n"
        "print(repr(settings.NEARER_MASTER_KEY))\n"
        "try:\n    master_key()\nexcept ValueError as exc:\n    print(exc)"
    )
    result = _run(env, "shell", "-c", code)
    assert result.stdout.split("\n")[-3:] == [
        "''",
        "No master key is configured (NEARER_MASTER_KEY or NEARER_MASTER_KEY_FILE).",
        "",
    ], result.stderr


def test_a_local_install_in_debug_mode_gets_its_own_master_key(tmp_path: Path) -> None:
    env = {"NEARER_DEBUG": "1", "NEARER_VAR_DIR": str(tmp_path)}
    (key,) = _settings(env, "NEARER_MASTER_KEY")
    assert key == (tmp_path / "master.key").read_text()
    assert key != "dGVzdC1tYXN0ZXIta2V5LW5vdC1mb3ItcmVhbC11c2U="


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
