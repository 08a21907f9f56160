"""The `nearer` command: `serve` sets up, starts the background worker, then serves."""

from __future__ import annotations

import os

import pytest

from nearer import cli


@pytest.fixture
def calls(monkeypatch) -> list[str]:
    seen: list[str] = []
    monkeypatch.setattr("django.core.management.call_command", lambda name, **kw: seen.append(name))
    monkeypatch.setattr("waitress.serve", lambda app, **kw: seen.append(f"serve:{kw['port']}"))
    monkeypatch.setattr(
        "nearer.notifications.worker.start_in_thread", lambda **kw: seen.append("worker")
    )
    return seen


def test_serve_runs_the_worker_beside_the_web_server(calls, capsys, monkeypatch) -> None:
    monkeypatch.delenv("NEARER_SITE_URL", raising=False)
    cli.serve(["--port", "8765"])
    assert calls == ["migrate", "loadcontent", "collectstatic", "worker", "serve:8765"]
    assert "Nearer is ready at http://localhost:8765/" in capsys.readouterr().out
    # Links in emails and calendars point at the address actually served.
    assert os.environ["NEARER_SITE_URL"] == "http://localhost:8765"


def test_an_operators_site_url_wins(calls, monkeypatch) -> None:
    monkeypatch.setenv("NEARER_SITE_URL", "https://nearer.example")
    cli.serve(["--port", "8765"])
    assert os.environ["NEARER_SITE_URL"] == "https://nearer.example"


def test_serve_can_leave_the_worker_to_its_own_process(calls) -> None:
    cli.serve(["--port", "8765", "--no-worker"])
    assert "worker" not in calls
