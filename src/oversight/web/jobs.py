"""The stage a long job started from a page has reached, for that page to show while it waits.

A form marked `data-busy-job="{{ job }}"` (a token from `{% new_job as job %}`, posted in a hidden
`job` field) is polled by busy.js at `/jobs/TOKEN/` once a second while the server works. The view
passes `jobs.reporter(request)` to the work as its progress callback (`stage, done, total`, the same
callback the command line draws its progress bar from), which keeps the latest stage in the shared
cache (files on this machine by default), for the user who started it only, for an hour.

With the database cache (OVERSIGHT_CACHE=database) a stage reported inside the import's write
transaction is not seen until it commits: the page then shows the stage before it.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable

from django.core.cache import cache

TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
KEEP_SECONDS = 60 * 60
STAGES = {
    "reading": "Reading and checking the files",
    "writing": "Writing the case data",
}


def new_token() -> str:
    return secrets.token_urlsafe(18)


def _key(token: str) -> str:
    return f"oversight-job:{token}"


def reporter(request) -> Callable[[str, int, int], None] | None:
    """The progress callback for the job named by the request's `job` field (None without a valid one)."""
    token = request.POST.get("job", "")
    if not TOKEN.fullmatch(token):
        return None
    username = request.user.get_username()

    def report(stage: str, done: int, total: int) -> None:
        record(token, username, stage, done, total)

    return report


def record(token: str, username: str, stage: str, done: int, total: int) -> None:
    """Keep STAGE (a progress stage: reading, writing …) as the latest of USERNAME's job TOKEN."""
    entry = {"user": username, "stage": STAGES.get(stage, stage.capitalize()), "done": done, "total": total}
    cache.set(_key(token), entry, KEEP_SECONDS)


def state(token: str, username: str) -> dict:
    """What the job TOKEN of USERNAME last reported ({} before its first stage, or for anyone else)."""
    if not TOKEN.fullmatch(token):
        return {}
    found = cache.get(_key(token)) or {}
    if found.get("user") != username:
        return {}
    return {k: found[k] for k in ("stage", "done", "total")}
