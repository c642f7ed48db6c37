"""Imports, all or nothing: validate everything, then replace the case data in one transaction.

Case data is one snapshot. A successful import of either kind replaces it
wholesale (an SSD extract and an Annex A workbook describe the same children
under different record ids, so layering one over the other would count them
twice), and is recorded. A refused import writes nothing at all: the
database is exactly as it was; the attempt goes to the log, ids and counts only.
"""

from __future__ import annotations

import datetime as dt
import getpass
import logging
from collections.abc import Callable
from pathlib import Path

import polars as pl
from django.db import DatabaseError, transaction
from django.utils import timezone

from oversight.imports import annex_a, annex_a_map, guard, history, pending, ssd_extract, uploads
from oversight.imports.models import ImportRecord
from oversight.imports.report import Report
from oversight.people import locks, snapshot

log = logging.getLogger("oversight.imports")
Progress = Callable[[str, int, int], None]

# Columns whose values are personal data: kept out of stored warnings.
PERSONAL_COLUMNS = {
    "pers_forename",
    "pers_surname",
    "pers_dob",
    "pers_expected_dob",
    "pers_death_date",
    "pers_upn",
    "pers_single_unique_id",
    "pers_legacy_id",
    "prof_professional_name",
    "prof_staff_id",
    "prof_social_worker_registration_no",
    "clap_cla_placement_postcode",
    "clea_care_leaver_personal_advisor",
    "date of birth",
    "allocated worker",
    "allocated personal advisor",
    "placement postcode",
}
STORED_WARNINGS = 200


def who(user) -> str:
    if user is not None and getattr(user, "is_authenticated", False):
        return user.get_username()
    try:
        return f"command line ({getpass.getuser()})"
    except Exception:  # no login name in some containers
        return "command line"


def _withheld(problems: list[dict]) -> list[dict]:
    out = []
    for p in problems:
        p = dict(p)
        if (p.get("column") or "").strip().lower() in PERSONAL_COLUMNS:
            p["value"] = "(withheld)"
        out.append(p)
    return out


def _commit(
    report: Report,
    frames: dict[str, pl.DataFrame],
    user,
    started,
    progress: Progress | None,
    allow_shrink: bool | str = False,
) -> None:
    """Write FRAMES as the case data, unless another writer holds the lock or the change shrinks it unconfirmed.

    The shrink check runs under the snapshot lock, against the case data as it is
    at that moment, so what the user confirmed is what is replaced.
    """
    frames = {name: f.drop("__row") if "__row" in f.columns else f for name, f in frames.items()}
    new_counts = {name: f.height for name, f in frames.items()}
    try:
        with transaction.atomic():
            locks.hold()
            report.change = guard.check(snapshot.current_counts(), new_counts, allow_shrink)
            with history.writing(report.kind, who(user)) as written:
                counts = snapshot.replace_case_data(frames, progress)
            record = ImportRecord.objects.create(
                kind=report.kind,
                user=user if user is not None and getattr(user, "pk", None) else None,
                by=who(user)[:150],
                started_at=started,
                finished_at=timezone.now(),
                as_at=report.as_at,
                files=report.files,
                counts=counts,
                lists=report.lists,
                warning_count=len(report.warnings),
                warnings=_withheld(report.warnings.first(STORED_WARNINGS)),
                blanked=_withheld(report.blanked.first(len(report.blanked))),
            )
            if written["entry"] is not None:
                written["entry"].import_record = record
                written["entry"].save(update_fields=["import_record"])
    except locks.SnapshotBusy as exc:
        log.warning("%s import refused: another snapshot writer holds the lock", report.kind)
        report.errors.add(report.files[0]["name"] if report.files else "", "", None, "", "", str(exc))
        return
    except guard.Shrinking as exc:
        report.change = exc.details
        for table, message in guard.messages(exc.details):
            report.errors.add(
                "",
                table,
                None,
                "",
                "",
                message + " Nothing was loaded: confirm this change to load it "
                "(--allow-shrink on the command line, or the confirmation step on the Imports page).",
            )
        return
    except DatabaseError as exc:
        log.error("%s import refused by the database: %s", report.kind, type(exc).__name__)
        report.errors.add(
            report.files[0]["name"] if report.files else "",
            "",
            None,
            "",
            "",
            f"The database refused the data ({type(exc).__name__}); nothing was loaded.",
        )
        return
    report.counts = counts
    report.record_id = record.pk
    log.info(
        "%s import %s loaded %d rows with %d warnings",
        report.kind,
        record.pk,
        sum(counts.values()),
        len(report.warnings),
    )


def _refused(report: Report) -> None:
    log.warning(
        "%s import refused: %d errors, %d warnings, files %s",
        report.kind,
        len(report.errors),
        len(report.warnings),
        ",".join(f["sha256"][:12] for f in report.files),
    )


def import_ssd(
    paths: list[Path],
    as_at: dt.date,
    user=None,
    progress: Progress | None = None,
    allow_shrink: bool | str = False,
    blank_invalid: bool = False,
) -> Report:
    """Load an SSD extract (CSV files named after SSD tables) as the case-data snapshot, or refuse it whole.

    ALLOW_SHRINK: True, or the digest of the exact change confirmed (see imports.guard).
    BLANK_INVALID: load with invalid cells left blank, unless a problem is structural.
    """
    started = timezone.now()
    frames, report = ssd_extract.read(paths, as_at, progress, blank_invalid)
    if report.ok:
        _commit(report, frames, user, started, progress, allow_shrink)
    if not report.ok:
        _refused(report)
    return report


def import_annex_a(
    path: Path,
    as_at: dt.date,
    user=None,
    progress: Progress | None = None,
    name: str | None = None,
    allow_shrink: bool | str = False,
    blank_invalid: bool = False,
) -> Report:
    """Load an Annex A workbook as the case-data snapshot, or refuse it whole."""
    started = timezone.now()
    report = Report("annex_a", as_at, blank_invalid=blank_invalid)
    data = path.read_bytes()
    report.files.append(ssd_extract.file_entry(name or path.name, data))
    if progress:
        progress("reading", 0, 2)
    lists = annex_a.read(data, name or path.name, as_at, report)
    del data
    if progress:
        progress("reading", 1, 2)
    if report.ok:
        frames = annex_a_map.build(lists, as_at, report)
        report.counts = {k: v.height for k, v in frames.items()}
        _commit(report, frames, user, started, progress, allow_shrink)
    if not report.ok:
        _refused(report)
    return report


def _import_staged(
    kind: str,
    paths: list[Path],
    as_at: dt.date,
    user,
    allow_shrink: bool | str,
    blank_invalid: bool = False,
    progress: Progress | None = None,
) -> Report:
    if kind == ImportRecord.ANNEX_A:
        if len(paths) != 1:
            raise uploads.UploadError("Upload one Annex A workbook (.xlsx) at a time.")
        return import_annex_a(
            paths[0], as_at, user, progress=progress, allow_shrink=allow_shrink, blank_invalid=blank_invalid
        )
    return import_ssd(paths, as_at, user, progress=progress, allow_shrink=allow_shrink, blank_invalid=blank_invalid)


def _keep(report: Report) -> bool:
    """A refused upload worth keeping for a second step: it only shrinks the data, or only has invalid cells."""
    return not report.ok and ((report.change and report.change["shrinking"]) or report.only_cell_errors)


def import_upload(kind: str, files: list, as_at: dt.date, user, progress: Progress | None = None) -> Report:
    """An import from the web page: CSV files or one zip of them (SSD), or one .xlsx (Annex A).

    An import refused only because it would shrink the case data, or only for
    invalid cells, keeps its files (`report.pending`) for the second step,
    `import_pending` (confirming the change, or loading with those cells blank).
    """
    folder = pending.new_folder()
    kept = False
    try:
        try:
            paths = uploads.stage(files, folder)
            zips = [p for p in paths if p.suffix.lower() == ".zip"]
            if kind != ImportRecord.ANNEX_A and zips:
                if len(paths) > 1:
                    raise uploads.UploadError("Upload either the CSV files or one zip file holding them, not both.")
                unpacked = folder / "unzipped"
                unpacked.mkdir()
                paths = uploads.unzip_csvs(zips[0], unpacked)
            report = _import_staged(kind, paths, as_at, user, False, progress=progress)
        except uploads.UploadError as exc:
            report = Report(kind, as_at)
            report.errors.add(", ".join(uploads.safe_name(f.name) for f in files)[:200], "", None, "", "", str(exc))
            _refused(report)
            return report
        if _keep(report):
            report.pending = pending.keep(folder, kind, paths, as_at, user)
            kept = True
        return report
    finally:
        if not kept:
            pending.discard(folder)


def import_pending(
    pending_id: str, digest: str, user, blank_invalid: bool = False, progress: Progress | None = None
) -> Report | None:
    """Run a kept upload again with the change the user confirmed (DIGEST); None if it is gone.

    If the case data changed meanwhile the change no longer matches DIGEST: the
    upload is kept again and the report asks for the new change to be confirmed.
    """
    found = pending.load(pending_id, user)
    if found is None:
        return None
    folder, kind, paths, as_at = found
    kept = False
    try:
        report = _import_staged(kind, paths, as_at, user, digest or False, blank_invalid, progress)
        if _keep(report):
            report.pending = pending.keep(folder, kind, paths, as_at, user)
            kept = True
        return report
    except uploads.UploadError as exc:
        report = Report(kind, as_at)
        report.errors.add("", "", None, "", "", str(exc))
        return report
    finally:
        if not kept:
            pending.discard(folder)


class RollbackRefused(Exception):
    pass


def rollback(user=None) -> dict:
    """Go back to the snapshot before the current one (imports.history), as USER; audited on the snapshot and in the log."""
    try:
        return history.rollback(who(user))
    except history.NoEarlierSnapshot as exc:
        raise RollbackRefused(str(exc))
    except locks.SnapshotBusy as exc:
        raise RollbackRefused(str(exc))
