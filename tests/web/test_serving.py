"""`oversight serve`: gunicorn with several workers, compressed static files with cache headers, 413 over a socket."""

import http.client
import os
import socket
import subprocess
import sys
import time

import pytest

from oversight.cli import build_parser
from oversight.cli.serving import gunicorn_command


def test_serve_runs_gunicorn_unless_dev():
    args = build_parser().parse_args(["serve", "--addr", "127.0.0.1:9", "--workers", "3", "--threads", "2"])
    assert not args.dev and args.workers == 3 and args.threads == 2
    command = gunicorn_command(args.addr, args.workers, args.threads)
    assert command[1:4] == ["-m", "gunicorn", "oversight.wsgi:application"]
    assert command[command.index("--workers") + 1] == "3" and command[command.index("--threads") + 1] == "2"
    assert command[command.index("--bind") + 1] == "127.0.0.1:9"
    assert build_parser().parse_args(["serve", "--dev"]).dev


@pytest.mark.parametrize("value", ["0", "-1", "two"])
def test_serve_refuses_a_worker_count_that_is_not_positive(value, capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args(["serve", "--workers", value])
    assert "is not a whole number of 1 or more" in capsys.readouterr().err


def test_serve_refuses_a_bad_address(capsys):
    from oversight.cli import main

    assert main(["serve", "--addr", "no-port"]) == 2
    assert "is not HOST:PORT" in capsys.readouterr().err


def test_manage_passes_the_command_options_through(capsys):
    """`oversight manage check --deploy` as the README writes it (argparse once took --deploy for its own)."""
    from oversight.cli import main

    try:
        main(["manage", "check", "--deploy", "--fail-level", "CRITICAL"])
    except SystemExit as exit:  # Django's command exits non-zero only at or above the fail level
        assert exit.code in (0, None)
    out = capsys.readouterr()
    assert "unrecognized arguments" not in out.err
    assert "System check identified" in out.out + out.err


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The production path end to end: `oversight init` then `oversight serve` on a free local port."""
    var = tmp_path_factory.mktemp("serve")
    env = {**os.environ, "OVERSIGHT_VAR_DIR": str(var), "DATABASE_URL": f"sqlite:///{var / 'db.sqlite3'}"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run([sys.executable, "-m", "oversight.cli", "init"], env=env, check=True, capture_output=True)
    port = _free_port()
    log = var / "serve.log"
    proc = subprocess.Popen(
        [sys.executable, "-m", "oversight.cli", "serve", "--addr", f"127.0.0.1:{port}", "--workers", "2"],
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            if proc.poll() is not None:
                pytest.fail(f"oversight serve exited: {log.read_text()[-2000:]}")
            time.sleep(0.2)
    yield port, var
    proc.terminate()
    try:
        proc.wait(timeout=40)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        pytest.fail("oversight serve did not stop within 40 seconds of SIGTERM")
    output = log.read_text()
    assert "Booting worker" in output and "Shutting down: Master" in output


def _get(port, path, headers=None, method="GET", body=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response, data


def test_the_production_server_answers_with_gunicorn_and_the_security_headers(server):
    port, _ = server
    response, html = _get(port, "/accounts/login/")
    assert response.status == 200 and response.getheader("Server") == "gunicorn"
    assert response.getheader("Cache-Control") == "no-store" and response.getheader("X-Frame-Options") == "DENY"
    assert b"/static/oversight/init." in html


def test_static_files_have_hashed_names_compressed_copies_and_long_cache_headers(server):
    port, var = server
    _, html = _get(port, "/accounts/login/")
    css = next(
        p for p in html.decode().split('"') if p.startswith("/static/govuk/govuk-frontend.min.") and p.endswith(".css")
    )
    assert css != "/static/govuk/govuk-frontend.min.css"  # a hashed name, from the collected manifest
    response, body = _get(port, css, {"Accept-Encoding": "gzip"})
    assert response.status == 200 and response.getheader("Content-Encoding") == "gzip"
    assert "immutable" in response.getheader("Cache-Control") and "max-age=315360000" in response.getheader(
        "Cache-Control"
    )
    assert (var / "static" / "staticfiles.json").exists()


def test_an_oversize_body_is_a_413_page_with_the_usual_headers_over_a_real_socket(server):
    port, _ = server
    # The body is declared, never sent: the answer must come from the Content-Length alone.
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.putrequest("POST", "/imports/")
    conn.putheader("Content-Type", "multipart/form-data; boundary=x")
    conn.putheader("Content-Length", str(5 * 1024**3))
    conn.endheaders()
    response = conn.getresponse()
    html = response.read().decode()
    conn.close()
    assert response.status == 413 and "Uploads are limited to" in html
    for header in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy"):
        assert response.getheader(header), header
    assert response.getheader("Cache-Control") == "no-store"


def test_each_worker_switches_threads_every_millisecond(monkeypatch):
    """A page back from PostgreSQL waits at most about a millisecond for Python's lock, not five."""
    from oversight.cli import gunicorn_conf
    from oversight.web import warm

    monkeypatch.delenv(warm.ENV, raising=False)  # no figures to load in this process
    before = sys.getswitchinterval()
    try:
        sys.setswitchinterval(0.005)
        gunicorn_conf.post_worker_init(worker=None)
        assert sys.getswitchinterval() == pytest.approx(0.001)
    finally:
        sys.setswitchinterval(before)
