"""Writes for IRO escalations: raise, respond, escalate, resolve, withdraw. Every change is kept."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone

from oversight.iro import rules
from oversight.iro.models import CATEGORIES, OUTCOMES, Escalation, EscalationEvent

log = logging.getLogger(__name__)
MAX_TEXT = 5000


class IroError(ValueError):
    """Something the user can fix; the message says what."""


class StaleEscalation(IroError):
    """Someone changed the escalation since the page was opened."""


def child_team(child_id: str, day: dt.date) -> str:
    """The team of the child's allocated worker on DAY ('' if nobody is allocated)."""
    import polars as pl

    from oversight.analytics.audits import allocations_on
    from oversight.config import section
    from oversight.people import frames

    wanted = pl.DataFrame({"child_id": [child_id], "day": [day]}, schema={"child_id": pl.String, "day": pl.Date})
    data = {
        "ssd_involvements": frames.load("ssd_involvements").filter(pl.col("invo_person_id") == child_id),
        "ssd_professionals": frames.load("ssd_professionals"),
    }
    inv = section("involvements")
    found = allocations_on(wanted, data, inv["case_worker_roles"], inv["personal_adviser_roles"])
    return (found["team_id"][0] or "") if found.height else ""


def _event(esc: Escalation, by: str, what: str, note: str = "", **changes) -> None:
    EscalationEvent.objects.create(
        escalation=esc,
        by=by,
        what=what,
        note=note,
        changes={k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in changes.items()},
    )


def _text(value: str, name: str, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise IroError(f"{name} must be filled in")
    if len(value) > MAX_TEXT:
        raise IroError(f"{name} is longer than {MAX_TEXT} characters")
    return value


def _check_category(category: str, subcategory: str) -> None:
    if category not in dict(CATEGORIES):
        raise IroError(f"category must be practice or process; got {category!r}")
    if subcategory and subcategory not in rules.subcategories(category):
        raise IroError(f"{subcategory!r} is not a subcategory of {category}")


def raise_escalation(
    *,
    child_id: str,
    by: str,
    iro_id: str,
    stage: str,
    category: str,
    subcategory: str,
    ask: str,
    addressee: str = "",
    raised_date: dt.date | None = None,
    source: str = Escalation.WEB,
    team_id: str | None = None,
) -> Escalation:
    raised_date = raised_date or timezone.localdate()
    st = rules.stage(stage)
    _check_category(category, subcategory)
    ask = _text(ask, "What you are asking for")
    with transaction.atomic():
        esc = Escalation.objects.create(
            child_id=child_id,
            team_id=child_team(child_id, raised_date) if team_id is None else team_id,
            raised_by=by,
            iro_id=iro_id,
            raised_date=raised_date,
            stage=st.code,
            addressee_role=st.addressee_role,
            addressee=addressee,
            category=category,
            subcategory=subcategory,
            ask=ask,
            response_due=rules.response_due(st.code, raised_date),
            source=source,
        )
        _event(esc, by, "raised", ask, stage=st.code, category=category, subcategory=subcategory, addressee=addressee)
    log.info("iro escalation %s raised at %s", esc.pk, st.code)
    return esc


def _locked(pk: int, version: int | None) -> Escalation:
    esc = Escalation.objects.select_for_update().get(pk=pk)
    if version is not None and esc.version != version:
        raise StaleEscalation(
            "Someone else changed this escalation while you had it open; nothing was saved. Reload it."
        )
    return esc


def respond(pk: int, by: str, text: str, day: dt.date | None = None, version: int | None = None) -> Escalation:
    day = day or timezone.localdate()
    text = _text(text, "The response")
    with transaction.atomic():
        esc = _locked(pk, version)
        if not esc.is_open or esc.response_date:
            raise IroError("This stage has already been answered or closed")
        if day < esc.raised_date:
            raise IroError("The response cannot be before the escalation was raised")
        esc.response, esc.response_date, esc.responded_by = text, day, by
        esc.version += 1
        esc.save()
        _event(esc, by, "responded", text, response_date=day, on_time=day <= esc.response_due)
    return esc


def decide(
    pk: int,
    by: str,
    outcome: str,
    day: dt.date | None = None,
    next_stage: str = "",
    ask: str = "",
    note: str = "",
    version: int | None = None,
    addressee: str = "",
) -> Escalation:
    """Close a stage with OUTCOME; `escalated` opens NEXT_STAGE (any later stage), linked. Returns the latest stage."""
    day = day or timezone.localdate()
    if outcome not in dict(OUTCOMES):
        raise IroError(f"outcome must be one of {', '.join(dict(OUTCOMES))}; got {outcome!r}")
    note = _text(note, "The note", required=False)
    with transaction.atomic():
        esc = _locked(pk, version)
        if not esc.is_open:
            raise IroError("This stage is already closed")
        if day < esc.raised_date:
            raise IroError("The stage cannot close before it was raised")
        if outcome == "escalated":
            allowed = [s.code for s in rules.later_stages(esc.stage)]
            if not allowed:
                raise IroError("This is the last stage; record the outcome as resolved, withdrawn or cafcass")
            if next_stage not in allowed:
                raise IroError(f"the next stage must be one of {', '.join(allowed)}")
        esc.outcome, esc.resolved_date = outcome, day
        esc.version += 1
        esc.save()
        _event(esc, by, outcome, note, outcome=outcome, resolved_date=day, next_stage=next_stage or None)
        if outcome != "escalated":
            return esc
        nxt = raise_escalation(
            child_id=esc.child_id,
            by=esc.raised_by,
            iro_id=esc.iro_id,
            stage=next_stage,
            category=esc.category,
            subcategory=esc.subcategory,
            ask=ask or esc.ask,
            addressee=addressee,
            raised_date=day,
            source=esc.source if esc.source != Escalation.IMPORTED else Escalation.WEB,
            team_id=esc.team_id,
        )
        nxt.previous = esc
        nxt.save(update_fields=["previous"])
        return nxt
