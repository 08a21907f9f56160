"""The `nearer` command: `serve` sets up once, then hands over to gunicorn's processes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings

from nearer import cli, serving


@pytest.fixture
def calls(monkeypatch) -> list[str]:
    seen: list[str] = []
    monkeypatch.setattr("django.core.management.call_command", lambda name, **kw: seen.append(name))
    monkeypatch.setattr("django.db.connections.close_all", lambda: seen.append("close"))
    monkeypatch.setattr(serving, "cpu_count", lambda: 3)
    monkeypatch.setattr(
        serving,
        "run",
        lambda app, options: seen.extend(["serve", options]),
    )
    return seen


def _options(calls: list) -> serving.Options:
    return calls[calls.index("serve") + 1]


def test_serve_sets_up_once_then_serves(calls, capsys, monkeypatch) -> None:
    monkeypatch.delenv("NEARER_SITE_URL", raising=False)
    cli.serve(["--port", "8765"])
    # Set up once, then no connection left open for the forked processes to share.
    assert calls[:5] == ["migrate", "loadcontent", "collectstatic", "close", "serve"]
    options = _options(calls)
    assert (options.host, options.port) == ("127.0.0.1", 8765)
    assert options.ready_url == "http://localhost:8765/"
    # The background worker runs in whichever process holds var/worker.lock.
    assert options.worker_lock == Path(settings.VAR_DIR) / "worker.lock"
    # Links in emails and calendars point at the address actually served.
    assert os.environ["NEARER_SITE_URL"] == "http://localhost:8765"


def test_one_process_per_cpu_by_default(calls, monkeypatch) -> None:
    monkeypatch.delenv("NEARER_WORKERS", raising=False)
    monkeypatch.delenv("NEARER_THREADS", raising=False)
    cli.serve([])
    assert (_options(calls).workers, _options(calls).threads) == (3, 4)


def test_processes_and_threads_from_the_environment(calls, monkeypatch) -> None:
    monkeypatch.setenv("NEARER_WORKERS", "5")
    monkeypatch.setenv("NEARER_THREADS", "2")
    cli.serve([])
    assert (_options(calls).workers, _options(calls).threads) == (5, 2)


def test_processes_and_threads_from_the_command_line_win(calls, monkeypatch) -> None:
    monkeypatch.setenv("NEARER_WORKERS", "5")
    cli.serve(["--workers", "2", "--threads", "6"])
    assert (_options(calls).workers, _options(calls).threads) == (2, 6)


@pytest.mark.parametrize("args", [["--workers", "0"], ["--threads", "many"]])
def test_a_bad_count_is_refused_before_anything_runs(calls, capsys, args) -> None:
    with pytest.raises(SystemExit):
        cli.serve(args)
    assert calls == []
    assert "needs a whole number of 1 or more" in capsys.readouterr().err


def test_an_operators_site_url_wins(calls, monkeypatch) -> None:
    monkeypatch.setenv("NEARER_SITE_URL", "https://nearer.example")
    cli.serve(["--port", "8765"])
    assert os.environ["NEARER_SITE_URL"] == "https://nearer.example"


def test_serve_can_leave_the_worker_to_its_own_process(calls) -> None:
    cli.serve(["--port", "8765", "--no-worker"])
    assert _options(calls).worker_lock is None


def test_trusted_proxies_reach_the_server(calls, settings) -> None:
    settings.NEARER_TRUSTED_PROXIES = ["10.0.0.2", "fd00::/8"]
    cli.serve([])
    assert _options(calls).trusted_proxies == ("10.0.0.2", "fd00::/8")


def test_a_proxy_that_is_not_an_address_is_refused(calls, capsys, settings) -> None:
    settings.NEARER_TRUSTED_PROXIES = ["proxy.internal"]
    with pytest.raises(SystemExit):
        cli.serve([])
    assert calls == []
    assert "'proxy.internal' is not an IP address" in capsys.readouterr().err


def test_serve_warns_about_an_https_site_nobody_can_reach_securely(calls, capsys, settings) -> None:
    settings.SITE_URL = "https://nearer.example"
    settings.NEARER_TRUSTED_PROXIES = []
    cli.serve([])
    assert "no proxy is trusted" in capsys.readouterr().err
    settings.NEARER_TRUSTED_PROXIES = ["127.0.0.1"]
    cli.serve([])
    assert "no proxy is trusted" not in capsys.readouterr().err


def test_gunicorn_is_told_whom_to_believe() -> None:
    options = serving.Options(
        host="::1",
        port=8000,
        workers=2,
        threads=4,
        ready_url="http://[::1]:8000/",
        trusted_proxies=("10.0.0.2",),
    )
    cfg = serving.Server(lambda environ, start_response: [], options).cfg
    assert cfg.bind == ["[::1]:8000"]
    assert (cfg.worker_class_str, cfg.workers, cfg.threads) == ("gthread", 2, 4)
    assert cfg.preload_app
    assert cfg.forwarded_allow_ips == ["10.0.0.2"]
    assert cfg.secure_scheme_headers == {"X-FORWARDED-PROTO": "https"}
    assert cfg.accesslog is None  # paths carry secret tokens
    assert cfg.control_socket_disable


def test_by_default_gunicorn_believes_nobody() -> None:
    options = serving.Options(host="127.0.0.1", port=8000, workers=1, threads=1, ready_url="")
    assert serving.Server(lambda environ, start_response: [], options).cfg.forwarded_allow_ips == []
