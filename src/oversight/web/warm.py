"""Working out the figures the first pages of the day need, before the first users ask for them.

On the large council the first request for a day's figures reads every table and runs the timeliness
engine (seconds); every request after it reads the shared result (people.figures). `oversight warm`
does that first request's work ahead of the users: `oversight serve` runs it in the background when it
starts, and again after each new snapshot of case data (people.signals.replaced, once the snapshot's
transaction has committed). Nothing user-specific is worked out: only council-wide figures, the same
ones the pages would have cached.

Each gunicorn worker then copies the warmed figures from the shared cache into its own memory
(`load_in_worker`, from oversight.cli.gunicorn_conf), so no user waits for a worker's first unpickling.
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
import os
import subprocess
import sys
import threading
import time

from django.core.cache import cache
from django.db import transaction

log = logging.getLogger("oversight.warm")
ENV = "OVERSIGHT_WARM_AFTER_SNAPSHOT"
DAYS_ENV = "OVERSIGHT_WARM_DAYS"  # the days to warm, comma-separated YYYY-MM-DD (default: today)


def default_days() -> list[dt.date]:
    from django.utils import timezone

    text = os.environ.get(DAYS_ENV, "").strip()
    if not text:
        return [timezone.localdate()]
    try:
        return [dt.date.fromisoformat(part.strip()) for part in text.split(",") if part.strip()]
    except ValueError:
        log.warning("%s is not a list of YYYY-MM-DD dates; warming today", DAYS_ENV)
        return [timezone.localdate()]


def warm(days: list[dt.date] | None = None) -> list[str]:
    """Work out (or read from the shared cache) the council's figures for each of DAYS (default: today, or
    the days in OVERSIGHT_WARM_DAYS)."""
    from oversight.accounts import scope
    from oversight.analytics.caseloads import month_start
    from oversight.analytics.workdays import add_months
    from oversight.caseloads import queries as caseloads
    from oversight.people import frames, lists
    from oversight.people.models import CaseDataVersion
    from oversight.timeliness import queries as timeliness
    from oversight.web import labels

    token = CaseDataVersion.current()
    if not token:
        return []
    done = []
    labels.team_names(), labels.worker_names(), timeliness.team_names(), timeliness.worker_names()
    timeliness.workers_in_teams(set())
    scope.team_ids("")
    frames.load("ssd_professionals", ("prof_professional_id", "prof_team_id"))  # team managers' scope
    for day in days or default_days():
        year_ago = add_months(day, -12) + dt.timedelta(days=1)
        scope._allocations(day)
        scope._by_worker(day), scope._by_team(day)
        timeliness.waiting(day)
        timeliness.child_items(day, "")
        timeliness.overview(day, year_ago, None)
        lists.children(None, day, lists.Filters())
        lists.children(None, day, lists.Filters(status="unallocated_children"))
        lists.identify([], day)
        caseloads.worker_caseload("", day)
        # The caseloads page's distribution and trend over the 12 month-ends to the day (caseloads.views).
        since = month_start(day, 11)
        data = caseloads.load_frames(since, day)
        caseloads.distribution(day, data)
        caseloads.trend(since, day, data)
        for rule in timeliness.rulebook().enabled():
            timeliness.rule_report(rule.id, day, year_ago, None)
        done.append(day.isoformat())
    cache.set(_marker(token), done, None)
    log.info("figures warmed for %s", ", ".join(done))
    return done


def _marker(token: str) -> str:
    return f"figures-warmed:{token}"


def _loaded_marker(token: str, pid: int) -> str:
    return f"figures-loaded:{token}:{pid}"


def loaded(token: str, pid: int) -> bool:
    """Whether the server worker PID has copied the warmed figures of TOKEN into its memory."""
    return bool(cache.get(_loaded_marker(token, pid)))


def warmed(token: str) -> list[str] | None:
    """The days warmed for the case data of TOKEN, or None while not (yet) warmed."""
    return cache.get(_marker(token))


def start_background(days: list[dt.date] | None = None) -> subprocess.Popen:
    """`oversight warm` in a process of its own, so neither the server's start nor an import waits for it."""
    command = [sys.executable, "-m", "oversight.cli", "warm", *(f"--as-at={d.isoformat()}" for d in days or [])]
    env = {k: v for k, v in os.environ.items() if k != ENV}
    return subprocess.Popen(
        command, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, start_new_session=True
    )


def after_snapshot(sender, **kwargs) -> None:
    """people.signals.replaced: warm the new snapshot's figures once it has committed (under `oversight serve`)."""
    if os.environ.get(ENV) == "1":
        transaction.on_commit(start_background)


def _freeze() -> None:
    """Move the figures just loaded (millions of long-lived dicts and tuples) out of the garbage collector's
    sight: otherwise each full collection walks them all again, on a request's time."""
    gc.collect()
    gc.freeze()


def load_in_worker(wait_seconds: float = 600) -> None:
    """In a new server worker: wait for the warmed figures, then copy them into this process's memory."""

    def run():
        from django.db import connection

        from oversight.people.models import CaseDataVersion

        try:
            deadline = time.monotonic() + wait_seconds
            while time.monotonic() < deadline:
                token = CaseDataVersion.current()
                days = warmed(token) if token else None
                if days:
                    warm([dt.date.fromisoformat(d) for d in days])
                    _freeze()
                    cache.set(_loaded_marker(token, os.getpid()), True, None)
                    return
                time.sleep(2)
        except Exception as exc:  # never take a worker down: a cold figure is only slower
            log.warning("figures not loaded into the worker (%s)", exc.__class__.__name__)
        finally:
            connection.close()

    threading.Thread(target=run, name="oversight-warm", daemon=True).start()
