"""Uploads kept between the two steps of a confirmed import.

An upload refused only because it would shrink the case data is kept in a
private folder under the var directory, named by a random id held in the
user's session, so the confirmation step imports exactly the files the user
saw counted, without uploading them again. Kept uploads are removed when
used, and any left behind after a day are removed at the next upload.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import secrets
import shutil
import time
from pathlib import Path

from django.conf import settings

MAX_AGE_SECONDS = 24 * 3600
_ID = re.compile(r"^[0-9a-f]{32}$")


def _root() -> Path:
    root = Path(settings.VAR_DIR) / "pending-imports"
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    return root


def _sweep(root: Path) -> None:
    cutoff = time.time() - MAX_AGE_SECONDS
    for old in root.iterdir():
        try:
            if old.stat().st_mtime < cutoff:
                shutil.rmtree(old, ignore_errors=True)
        except OSError:
            pass


def new_folder() -> Path:
    root = _root()
    _sweep(root)
    folder = root / secrets.token_hex(16)
    folder.mkdir(mode=0o700)
    return folder


def discard(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def keep(folder: Path, kind: str, paths: list[Path], as_at: dt.date, user) -> str:
    manifest = {
        "kind": kind,
        "as_at": as_at.isoformat(),
        "paths": [str(p.relative_to(folder)) for p in paths],
        "user": getattr(user, "pk", None),
    }
    (folder / "manifest.json").write_text(json.dumps(manifest))
    return folder.name


def load(pending_id: str, user) -> tuple[Path, str, list[Path], dt.date] | None:
    """(folder, kind, paths, as_at) of a kept upload of USER's, or None."""
    if not isinstance(pending_id, str) or not _ID.match(pending_id):
        return None
    folder = _root() / pending_id
    try:
        manifest = json.loads((folder / "manifest.json").read_text())
    except (OSError, ValueError):
        return None
    if manifest.get("user") != getattr(user, "pk", None):
        return None
    paths = [folder / p for p in manifest["paths"]]
    if not all(os.path.isfile(p) for p in paths):
        return None
    return folder, manifest["kind"], paths, dt.date.fromisoformat(manifest["as_at"])
