"""Writes to the plan and the register. Every rule a write must obey is checked here, not in the forms."""

from __future__ import annotations

import datetime as dt
import logging
import re

from django.db import transaction

from oversight.improvement import indicators
from oversight.improvement.matrix import MatrixError, matrix, pillars
from oversight.improvement.models import Action, Evidence, Finding, Review, Risk, RiskRating

log = logging.getLogger(__name__)

REF = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,31}$")
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
DOCUMENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".txt": "text/plain",
    ".csv": "text/csv",
}


def _check_version(record, version: int | None, what: str) -> None:
    """Refuse a change made from a page older than the record; then count this change."""
    if record.pk is not None and version is not None and version != record.version:
        raise StaleEdit(
            f"This {what} was changed by someone else after you opened it; nothing was saved. "
            "Open it again to see the change, then make yours."
        )
    if record.pk is not None:
        record.version += 1


class ImprovementError(ValueError):
    """A write refused; FIELD names the form field it is about, when there is one."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class StaleEdit(ImprovementError):
    """The record changed since the form was opened."""


def check_ref(ref: str, what: str) -> str:
    ref = (ref or "").strip()
    if not REF.match(ref):
        raise ImprovementError(
            f"The {what} reference must be 1 to 32 letters, digits, dots, dashes or slashes, for example 1.2; got '{ref[:40]}'",
            "ref",
        )
    return ref


def check_login(username: str, field: str) -> str:
    from oversight.accounts.models import User

    username = (username or "").strip()
    if not User.objects.filter(username=username, is_active=True).exists():
        raise ImprovementError(f"'{username[:60]}' is not the username of an active login", field)
    return username


def check_pillar(pillar: str, priority: str) -> tuple[str, str]:
    known = {p["key"]: p for p in pillars()}
    if pillar not in known:
        raise ImprovementError(f"'{pillar[:60]}' is not a pillar of the plan; pillars: {', '.join(known)}", "pillar")
    priorities = known[pillar]["priorities"]
    priority = (priority or "").strip()
    if priority and priorities and priority not in priorities:
        raise ImprovementError(
            f"'{priority[:60]}' is not a priority of {known[pillar]['title']}; priorities: {'; '.join(priorities)}",
            "priority",
        )
    return pillar, priority


def check_rating(rating: str, field: str = "rating") -> str:
    try:
        return matrix().normalise(rating)
    except MatrixError as exc:
        raise ImprovementError(str(exc), field)


# ---- findings -----------------------------------------------------------------------------------


@transaction.atomic
def save_finding(data: dict, by: str, pk: int | None = None) -> Finding:
    finding = Finding.objects.select_for_update().get(pk=pk) if pk else Finding(created_by=by)
    _check_version(finding, data.get("version"), "finding")
    ref = check_ref(data["ref"], "finding")
    if Finding.objects.filter(ref=ref).exclude(pk=finding.pk).exists():
        raise ImprovementError(f"Another finding already has the reference {ref}", "ref")
    if data["source"] not in dict(Finding.SOURCES):
        raise ImprovementError("Choose the source of the finding", "source")
    finding.ref, finding.source, finding.date = ref, data["source"], data["date"]
    finding.text, finding.judgement_area = data["text"].strip(), data.get("judgement_area", "").strip()
    if not finding.text:
        raise ImprovementError("Enter what was found", "text")
    finding.save()
    log.info("improvement finding %s saved", finding.pk)
    return finding


# ---- actions ------------------------------------------------------------------------------------


@transaction.atomic
def save_action(data: dict, by: str, pk: int | None = None) -> Action:
    """Create or change an action. DATA holds every field; findings as a list of Finding ids."""
    action = Action.objects.select_for_update().get(pk=pk) if pk else Action()
    _check_version(action, data.get("version"), "action")
    ref = check_ref(data["ref"], "action")
    if Action.objects.filter(ref=ref).exclude(pk=action.pk).exists():
        raise ImprovementError(f"Another action already has the reference {ref}", "ref")
    pillar, priority = check_pillar(data["pillar"], data.get("priority", ""))
    what = (data.get("what") or "").strip()
    if not what:
        raise ImprovementError("Enter what the action is", "what")
    lead = check_login(data["lead"], "lead")
    indicator = (data.get("indicator") or "").strip()
    target, target_date = data.get("indicator_target"), data.get("indicator_date")
    if indicator:
        try:
            indicator = indicators.check(indicator)
        except indicators.IndicatorError as exc:
            raise ImprovementError(str(exc), "indicator")
    elif target is not None or target_date is not None:
        raise ImprovementError("A target needs an indicator to measure it", "indicator")
    status = data.get("status") or Action.NOT_STARTED
    if status not in dict(Action.STATUSES):
        raise ImprovementError("Choose a status", "status")
    action.ref, action.pillar, action.priority, action.what, action.lead = ref, pillar, priority, what, lead
    action.due = data["due"]
    action.indicator, action.indicator_target, action.indicator_date = indicator, target, target_date
    _set_status(action, status, data.get("today") or dt.date.today())
    action.save()
    finding_ids = list(data.get("findings") or [])
    found = list(Finding.objects.filter(pk__in=finding_ids))
    if len(found) != len(set(finding_ids)):
        raise ImprovementError("One of the findings chosen no longer exists", "findings")
    action.findings.set(found)
    log.info("improvement action %s saved", action.pk)
    return action


def _set_status(action: Action, status: str, today: dt.date) -> None:
    if status == Action.COMPLETE and action.status != Action.COMPLETE:
        action.completed_on = today
    elif status != Action.COMPLETE:
        action.completed_on = None
    action.status = status


@transaction.atomic
def update_progress(pk: int, status: str, note: str, by: str, today: dt.date | None = None) -> Action:
    """The lead's update: a new status and, optionally, a note of evidence."""
    action = Action.objects.select_for_update().get(pk=pk)
    if status not in dict(Action.STATUSES):
        raise ImprovementError("Choose a status", "status")
    _set_status(action, status, today or dt.date.today())
    action.version += 1
    action.save()
    if note.strip():
        Evidence.objects.create(action=action, note=note.strip(), added_by=by)
    return action


def add_evidence(pk: int, note: str, by: str, filename: str = "", data: bytes | None = None) -> Evidence:
    action = Action.objects.get(pk=pk)
    note = (note or "").strip()
    if not note and not data:
        raise ImprovementError("Enter a note or choose a document", "note")
    entry = Evidence(action=action, note=note, added_by=by)
    if data is not None:
        name = re.sub(r"[^A-Za-z0-9._ -]", "_", filename or "document")[-120:].strip() or "document"
        suffix = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
        if suffix not in DOCUMENT_TYPES:
            raise ImprovementError(
                f"'{name}' is not a kind of document kept as evidence; allowed: {', '.join(sorted(DOCUMENT_TYPES))}",
                "document",
            )
        if len(data) > MAX_DOCUMENT_BYTES:
            raise ImprovementError(f"'{name}' is larger than {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB", "document")
        if not data:
            raise ImprovementError(f"'{name}' is empty", "document")
        entry.filename, entry.content_type, entry.data, entry.size = name, DOCUMENT_TYPES[suffix], data, len(data)
    entry.save()
    log.info("improvement evidence %s added to action %s", entry.pk, action.pk)
    return entry


@transaction.atomic
def record_review(pk: int, month: dt.date, outcome: str, note: str, by: str) -> Review:
    """The month's review of action PK; recording the same month again replaces it."""
    action = Action.objects.select_for_update().get(pk=pk)
    if outcome not in dict(Review.OUTCOMES):
        raise ImprovementError("Choose the outcome of the review", "outcome")
    review, _ = Review.objects.update_or_create(
        action=action,
        month=month.replace(day=1),
        defaults={"outcome": outcome, "note": (note or "").strip(), "reviewed_by": by},
    )
    log.info("improvement action %s reviewed for %s", action.pk, review.month)
    return review


# ---- risks --------------------------------------------------------------------------------------


@transaction.atomic
def save_risk(data: dict, by: str, pk: int | None = None) -> Risk:
    """Create or change a risk. A new risk's rating starts its history; later changes go through rate_risk."""
    risk = Risk.objects.select_for_update().get(pk=pk) if pk else Risk()
    _check_version(risk, data.get("version"), "risk")
    ref = check_ref(data["ref"], "risk")
    if Risk.objects.filter(ref=ref).exclude(pk=risk.pk).exists():
        raise ImprovementError(f"Another risk already has the reference {ref}", "ref")
    for name, label in (("title", "a title"), ("description", "the risk as 'if … then …'")):
        if not (data.get(name) or "").strip():
            raise ImprovementError(f"Enter {label}", name)
    risk.ref, risk.title, risk.description = ref, data["title"].strip(), data["description"].strip()
    risk.cause, risk.consequence = (data.get("cause") or "").strip(), (data.get("consequence") or "").strip()
    risk.owner = check_login(data["owner"], "owner")
    risk.target_rating = check_rating(data["target_rating"], "target_rating")
    risk.review_date = data["review_date"]
    new = risk.pk is None
    if new:
        risk.rating = check_rating(data["rating"], "rating")
    risk.save()
    ids = list(data.get("mitigations") or [])
    found = list(Action.objects.filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise ImprovementError("One of the actions chosen no longer exists", "mitigations")
    risk.mitigations.set(found)
    if new:
        RiskRating.objects.create(
            risk=risk,
            rating=risk.rating,
            rated_on=data.get("rated_on") or dt.date.today(),
            rated_by=by,
            note="First rating",
        )
    log.info("improvement risk %s saved", risk.pk)
    return risk


@transaction.atomic
def rate_risk(
    pk: int, rating: str, rated_on: dt.date, note: str, by: str, review_date: dt.date | None = None
) -> RiskRating:
    """A new rating for risk PK, kept in its history; the latest by date becomes the current rating."""
    risk = Risk.objects.select_for_update().get(pk=pk)
    entry = RiskRating.objects.create(
        risk=risk, rating=check_rating(rating), rated_on=rated_on, rated_by=by, note=(note or "").strip()
    )
    latest = risk.ratings.order_by("-rated_on", "-id").first()
    risk.rating = latest.rating
    if review_date is not None:
        risk.review_date = review_date
    risk.version += 1
    risk.save(update_fields=["rating", "review_date", "version"])
    log.info("improvement risk %s rated", risk.pk)
    return entry
