"""`oversight serve`: gunicorn with several workers in production, Django's development server behind --dev.

Why gunicorn is in docs/architecture.md. The static files are collected first
(hashed names, compressed copies) so WhiteNoise can serve them with long cache
headers; the workers share a PostgreSQL connection pool each.
"""

from __future__ import annotations

import os
import subprocess
import sys

from oversight.cli import CommandError


def _split(addr: str) -> tuple[str, int]:
    host, sep, port = addr.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise CommandError(f"--addr '{addr}' is not HOST:PORT (for example 127.0.0.1:8000)")
    return host, int(port)


def default_workers() -> int:
    return (os.cpu_count() or 1) + 1


def collect_static(env: dict) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "oversight.cli", "manage", "collectstatic", "--noinput", "--verbosity", "0"],
        env={**env, "OVERSIGHT_STATIC_MANIFEST": "1"},
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise CommandError(f"collecting the static files failed: {done.stderr.strip()[-500:]}")


def gunicorn_command(addr: str, workers: int, threads: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "oversight.wsgi:application",
        "--bind",
        addr,
        "--workers",
        str(workers),
        # Threads let a worker answer quick pages while another thread waits on the database.
        "--worker-class",
        "gthread",
        "--threads",
        str(threads),
        # No --preload: a worker forked from a master that had loaded the app hung for the
        # whole graceful timeout at every shutdown.
        "--timeout",
        "120",
        "--graceful-timeout",
        "30",
        "--keep-alive",
        "5",
        # No control socket: it would sit in the home folder, shared by every server this user runs.
        "--no-control-socket",
        # No access log by default: paths carry child ids (a proxy in front logs what the council needs).
        "--error-logfile",
        "-",
        # Hooks: each new worker copies the warmed figures into its memory (oversight.web.warm).
        "--config",
        "python:oversight.cli.gunicorn_conf",
    ]


def production(addr: str, workers: int | None, threads: int, warm: bool = True) -> int:
    _split(addr)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "oversight.settings")}
    collect_static(env)
    if warm:
        # Today's figures worked out in the background while the workers start, and again after each
        # import (oversight.web.warm), so the first users of the day do not pay for them.
        subprocess.Popen(
            [sys.executable, "-m", "oversight.cli", "warm"],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )
        env["OVERSIGHT_WARM_AFTER_SNAPSHOT"] = "1"
    env["OVERSIGHT_DB_POOL"] = os.environ.get("OVERSIGHT_DB_POOL", "1")
    env.setdefault("OVERSIGHT_DB_POOL_SIZE", str(threads + 1))
    command = gunicorn_command(addr, workers or default_workers(), threads)
    print(
        f"Serving Oversight on http://{addr} with gunicorn ({workers or default_workers()} workers, {threads} threads each)"
    )
    sys.stdout.flush()
    # Replaced, not wrapped: Ctrl-C and a service manager's signals reach gunicorn itself.
    os.execve(sys.executable, command, env)
    return 0  # not reached


def development(addr: str) -> int:
    _split(addr)
    from oversight.cli import setup_django

    setup_django()
    from django.core.management import call_command

    print("Django's development server: one request at a time, for development only (never for users).")
    call_command("runserver", addr, use_reloader=False)
    return 0
