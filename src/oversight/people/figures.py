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
import io
import logging
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

import polars as pl
from django.core.cache import cache, caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.db import connection

from oversight.config import get_config

log = logging.getLogger("oversight.figures")

# Enough for every figure `oversight warm` works out for two days (about 35 a day: each timeliness rule's
# report, the lists, the scope look-ups) and more: with fewer, a worker kept evicting figures its pages were
# about to ask for and read them back from the shared cache, a stall of a tenth of a second or more each time.
LOCAL_ENTRIES = 256
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
    name: str, args: tuple[Hashable, ...], compute: Callable[[], Any], token: str | None = None, fragment: bool = False
) -> Any:
    """COMPUTE()'s result for NAME and ARGS on the current case data, worked out at most once per version.

    FRAGMENT marks a rendered piece of page (a child's record, a rule's tables): many small values, kept
    only in the shared "fragments" cache, so they never push the large frames out of the process's
    dictionary nor, when culled, out of the shared cache. Like every figure, never anything narrowed to
    one user: a fragment's key holds whatever about the user changes it.
    """
    from oversight.people.models import CaseDataVersion

    token = CaseDataVersion.current() if token is None else token
    if not token:
        return compute()
    k = key(name, args, token)
    if fragment:
        store = caches["fragments"]
        value = _shared_get(k, store)
        if value is MISSING:
            value = compute()
            _shared_set(k, value, store)
        return value
    with _lock:
        value = _local.get(k, MISSING)
        if value is not MISSING:
            _local.move_to_end(k)
            return value
    value = _shared_get(k)
    if value is MISSING:
        value = compute()
        _shared_set(k, value)
    with _lock:
        _local[k] = value
        while len(_local) > LOCAL_ENTRIES:
            _local.popitem(last=False)
    return value


def _shared_get(k: str, store=None) -> Any:
    try:
        return (store or cache).get(k, MISSING)
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, pl.exceptions.PolarsError) as exc:
        # A damaged or half-removed cache file is a miss, never an error page.
        log.warning("figure cache unreadable (%s); working the figure out again", exc.__class__.__name__)
        return MISSING


def _shared_set(k: str, value: Any, store=None) -> None:
    try:
        (store or cache).set(k, value)
    except (OSError, pickle.PicklingError) as exc:
        log.warning("figure cache not written (%s)", exc.__class__.__name__)


def forget_local() -> None:
    """Empty this process's dictionary (tests, and benchmarks timing the shared layer)."""
    with _lock:
        _local.clear()


def _frame_from_ipc(data: bytes) -> pl.DataFrame:
    return pl.read_ipc(io.BytesIO(data), memory_map=False)


class _FramePickler(pickle.Pickler):
    """Polars frames, wherever they sit in a figure, as Arrow IPC compressed with LZ4.

    The large council's timeliness items pickled as polars does it are 147 MB,
    as LZ4 IPC 21 MB, made in about half the CPU time: less to write on a cold
    run and less to read on a warm one.
    """

    def reducer_override(self, obj):
        if type(obj) is pl.DataFrame:
            buffer = io.BytesIO()
            obj.write_ipc(buffer, compression="lz4")
            return _frame_from_ipc, (buffer.getvalue(),)
        return NotImplemented


class UncompressedFileCache(FileBasedCache):
    """Django's file cache without zlib: figures and frames are large, and compressing
    tens of megabytes on every write (and inflating them on every read) costs seconds.
    Frames are compressed their own way, column by column (_FramePickler)."""

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
        _FramePickler(file, pickle.HIGHEST_PROTOCOL).dump(value)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        value = self.get(key, MISSING, version)
        if value is MISSING:
            return False
        self.set(key, value, timeout, version)
        return True
