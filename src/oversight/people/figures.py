"""Figures computed once per case-data version and reused by every request, worker process and user.

    report = figures.cached("caseloads.report", (day,), lambda: analytics.report(...))

The key is the database, the case-data version token (`CaseDataVersion`), the
configuration in force, the figure's name and its arguments (as-at date,
filters). A new snapshot makes a new token, so every figure of the old data
is simply never asked for again; nothing has to be cleared. Two layers:

- a small dictionary in each process, so a worker answering the same figure
  again does not even unpickle it;
- Django's cache (settings.CACHES: files under var/cache, shared by every
  worker on the machine, or the database for several machines), so a figure
  worked out by one worker or one CLI run is there for the others.

Only figures that are the same for everyone go in: **never anything narrowed
to a user's record scope**. A page applies the user's scope to the cached
result (timeliness.to_do filters the cached items by the children the user may
see). With no case data (no token) nothing is cached.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from django.core.cache import cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.db import connection

from oversight.config import get_config

log = logging.getLogger("oversight.figures")

LOCAL_ENTRIES = 48
_local: OrderedDict[str, Any] = OrderedDict()
_lock = threading.Lock()
_config_digest: tuple[int, str] | None = None
MISSING = object()


def _config_key() -> str:
    global _config_digest
    config = get_config()  # the same object until OVERSIGHT_CONFIG changes (config._load is cached)
    if _config_digest is None or _config_digest[0] != id(config):
        _config_digest = (id(config), hashlib.sha256(repr(config).encode()).hexdigest()[:16])
    return _config_digest[1]


def key(name: str, args: tuple[Hashable, ...], token: str) -> str:
    where = f"{connection.vendor}:{connection.settings_dict.get('HOST', '')}:{connection.settings_dict['NAME']}"
    raw = repr((where, token, _config_key(), name, args))
    return f"figures:{token}:{hashlib.sha256(raw.encode()).hexdigest()}"


def cached(
    name: str, args: tuple[Hashable, ...], compute: Callable[[], Any], token: str | None = None, local: bool = True
) -> Any:
    """COMPUTE()'s result for NAME and ARGS on the current case data, worked out at most once per version.

    LOCAL False keeps the value in the shared layer only: for the many small values (rendered tables of
    each page of a list) that would otherwise push the large frames out of the process's dictionary.
    """
    from oversight.people.models import CaseDataVersion

    token = CaseDataVersion.current() if token is None else token
    if not token:
        return compute()
    k = key(name, args, token)
    with _lock:
        value = _local.get(k, MISSING)
        if value is not MISSING:
            _local.move_to_end(k)
            return value
    value = _shared_get(k)
    if value is MISSING:
        value = compute()
        _shared_set(k, value)
    if not local:
        return value
    with _lock:
        _local[k] = value
        while len(_local) > LOCAL_ENTRIES:
            _local.popitem(last=False)
    return value


def _shared_get(k: str) -> Any:
    try:
        return cache.get(k, MISSING)
    except (OSError, EOFError, pickle.UnpicklingError, ValueError) as exc:
        # A damaged or half-removed cache file is a miss, never an error page.
        log.warning("figure cache unreadable (%s); working the figure out again", exc.__class__.__name__)
        return MISSING


def _shared_set(k: str, value: Any) -> None:
    try:
        cache.set(k, value)
    except (OSError, pickle.PicklingError) as exc:
        log.warning("figure cache not written (%s)", exc.__class__.__name__)


def forget_local() -> None:
    """Empty this process's dictionary (tests, and benchmarks timing the shared layer)."""
    with _lock:
        _local.clear()


class UncompressedFileCache(FileBasedCache):
    """Django's file cache without zlib: figures and frames are large, and compressing
    tens of megabytes on every write (and inflating them on every read) costs seconds."""

    def get(self, key, default=None, version=None):
        fname = self._key_to_file(key, version)
        try:
            with open(fname, "rb") as f:
                if not self._is_expired(f):
                    return pickle.loads(f.read())
        except FileNotFoundError:
            pass
        return default

    def _write_content(self, file, timeout, value):
        file.write(pickle.dumps(self.get_backend_timeout(timeout), self.pickle_protocol))
        file.write(pickle.dumps(value, pickle.HIGHEST_PROTOCOL))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        value = self.get(key, MISSING, version)
        if value is MISSING:
            return False
        self.set(key, value, timeout, version)
        return True
