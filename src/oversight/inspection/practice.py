"""Monthly Annex A practice runs: the file kept with its SHA-256, counts and members per list,
compared with the previous run, with the summary of what the Annex A says and repeat-referral review coverage."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction

from oversight import config
from oversight.analytics.annex_a import summary as aa_summary
from oversight.analytics.annex_a.common import context
from oversight.analytics.workdays import default_calendar
from oversight.inspection import annex_a_file
from oversight.inspection.models import PracticeRun, RepeatReferralReview

log = logging.getLogger("oversight.inspection")


def assessment_due_days() -> int:
    """Working days an assessment has, from the one rulebook (rule assessment_45wd)."""
    from oversight.timeliness.queries import rulebook

    rule = rulebook().rule("assessment_45wd")
    return rule.due.n


def repeat_referral_coverage(as_at: dt.date, frames=None) -> dict:
    """Re-referrals in List 3's period and which of them a manager has reviewed."""
    ctx = context(
        annex_a_file.complete(frames if frames is not None else annex_a_file.case_data()),
        as_at,
        annex_a_file.settings(),
    )
    repeats = aa_summary.repeat_referrals(ctx)
    reviewed = set(
        RepeatReferralReview.objects.filter(child_id__in=repeats.get_column("child_id").to_list()).values_list(
            "child_id", "referral_date"
        )
    )
    rows = [{**r, "reviewed": (r["child_id"], r["referral_date"]) in reviewed} for r in repeats.iter_rows(named=True)]
    done = sum(1 for r in rows if r["reviewed"])
    return {
        "total": len(rows),
        "reviewed": done,
        "unreviewed": len(rows) - done,
        "unreviewed_children": sorted({r["child_id"] for r in rows if not r["reviewed"]}),
        "rows": rows,
    }


def run(as_at: dt.date, user=None, frames=None) -> tuple[PracticeRun, bytes]:
    """Export the Annex A for AS_AT, keep the run and compare it with the previous one."""
    from oversight.imports.services import who

    data = frames if frames is not None else annex_a_file.case_data()
    result = annex_a_file.export(as_at, data)
    members = aa_summary.members(result.lists)
    counts = result.counts()
    coverage = repeat_referral_coverage(as_at, data)
    facts = aa_summary.summary(result.lists, as_at, default_calendar(), assessment_due_days())
    threshold = float(config.section("inspection").get("practice_run_change_percent", 10))
    with transaction.atomic():
        previous = PracticeRun.objects.order_by("-created_at", "-pk").first()
        changes, moved = aa_summary.compare(
            previous.members if previous else None, members, previous.counts if previous else None, counts, threshold
        )
        record = PracticeRun.objects.create(
            as_at=as_at,
            created_by=who(user),
            sha256=result.sha256,
            file_name=annex_a_file.file_name(as_at),
            content=result.content,
            counts=counts,
            members=members,
            problems=result.problems,
            summary=facts,
            repeat_referrals={k: v for k, v in coverage.items() if k != "rows"},
            previous=previous,
            changes=changes,
            moved=moved,
        )
    log.info("annex a practice run %s as at %s: %s rows", record.pk, as_at, sum(counts.values()))
    return record, result.content


def contract(record: PracticeRun) -> dict:
    """The practice run as `oversight annex-a practice-run --format json` gives it."""
    rr = record.repeat_referrals
    return {
        "run_id": record.pk,
        "as_at": record.as_at.isoformat(),
        "sha256": record.sha256,
        "previous_run_id": record.previous_id,
        "lists": record.counts,
        "changes": {name: {"in": c["in"], "out": c["out"]} for name, c in record.changes.items()},
        "moved": record.moved,
        "problems": record.problems,
        "repeat_referrals": {"total": rr["total"], "reviewed": rr["reviewed"], "unreviewed": rr["unreviewed"]},
        "summary": record.summary,
    }


def moved(record: PracticeRun) -> list[dict]:
    return list(record.moved)
