"""The inspection's working pages: case selection, meetings, lines of enquiry, keep-in-touch, the daily briefing,
self-evaluation evidence, partner contacts, readiness and alerts."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from oversight.accounts.permissions import role_required
from oversight.inspection import access, cases, daily, meetings, records
from oversight.inspection.event import EventError
from oversight.inspection.forms import (
    BriefingForm,
    CaseForm,
    EvidenceForm,
    KeepInTouchForm,
    LineForm,
    MeetingForm,
    NoteForm,
    PartnerForm,
    lines,
)
from oversight.inspection.models import (
    Alert,
    EvidenceArea,
    KeepInTouch,
    Meeting,
    PartnerContact,
    SelectedCase,
)
from oversight.inspection.views_event import _inspection, _team_only
from oversight.web.params import date_param


def cases_page(request, pk: int):
    inspection = _inspection(pk)
    _team_only(request, inspection)
    form, status = CaseForm(), 200
    if request.method == "POST":
        form = CaseForm(request.POST)
        if form.is_valid():
            try:
                case = cases.add_case(inspection, request.user, **form.cleaned_data)
            except EventError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"Child {case.child_id} picked for {case.get_purpose_display().lower()}")
                return redirect("inspection:cases", pk=pk)
        status = 400
    picked = SelectedCase.objects.filter(inspection=inspection)
    return render(
        request,
        "inspection/cases.html",
        {
            "inspection": inspection,
            "form": form,
            "audit_cases": [c for c in picked if c.purpose == SelectedCase.AUDIT],
            "tracked_cases": [c for c in picked if c.purpose == SelectedCase.TRACKED],
            "limits": {"audit": cases.limit("audit"), "tracked": cases.limit("tracked")},
        },
        status=status,
    )


def _case(pk: int, case_id: int) -> SelectedCase:
    case = SelectedCase.objects.select_related("inspection").filter(pk=case_id, inspection_id=pk).first()
    if case is None:
        raise Http404("No such case")
    return case


def case_page(request, pk: int, case_id: int):
    case = _case(pk, case_id)
    _team_only(request, case.inspection)
    if request.method == "POST":
        if request.FILES.get("file"):
            upload = request.FILES["file"]
            try:
                cases.add_document(case, request.user, upload.name, upload.read())
            except EventError as exc:
                messages.error(request, str(exc))
        else:
            form = NoteForm(request.POST)
            if form.is_valid():
                cases.add_note(case, request.user, form.cleaned_data["note"])
            else:
                messages.error(request, "Write the note first")
        return redirect("inspection:case", pk=pk, case_id=case_id)
    return render(
        request,
        "inspection/case.html",
        {"case": case, "inspection": case.inspection, "documents": case.documents.defer("content")},
    )


def case_document(request, pk: int, case_id: int, doc_id: int):
    case = _case(pk, case_id)
    _team_only(request, case.inspection)
    doc = case.documents.filter(pk=doc_id).first()
    if doc is None:
        raise Http404("No such document")
    response = HttpResponse(bytes(doc.content), content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{doc.name.replace(chr(34), "")}"'
    return response


def _meeting_data(form) -> dict:
    data = dict(form.cleaned_data)
    data["attendees"] = lines(data["attendees"])
    return data


def meetings_page(request, pk: int):
    inspection = _inspection(pk)
    _team_only(request, inspection)
    form, status = MeetingForm(), 200
    if request.method == "POST":
        form = MeetingForm(request.POST)
        if form.is_valid():
            try:
                meetings.save_meeting(inspection, request.user, _meeting_data(form))
            except EventError as exc:
                form.add_error(None, str(exc))
            else:
                return redirect("inspection:meetings", pk=pk)
        status = 400
    return render(
        request,
        "inspection/meetings.html",
        {
            "inspection": inspection,
            "form": form,
            "meetings": inspection.meetings.all(),
            "changes": meetings.since_yesterday(inspection),
        },
        status=status,
    )


def meeting_edit(request, pk: int, meeting_id: int):
    inspection = _inspection(pk)
    _team_only(request, inspection)
    meeting = Meeting.objects.filter(pk=meeting_id, inspection=inspection).first()
    if meeting is None:
        raise Http404("No such meeting")
    status = 200
    if request.method == "POST":
        form = MeetingForm(request.POST)
        if form.is_valid():
            try:
                meetings.save_meeting(inspection, request.user, _meeting_data(form), meeting)
            except EventError as exc:
                form.add_error(None, str(exc))
            else:
                return redirect("inspection:meetings", pk=pk)
        status = 400
    else:
        form = MeetingForm(
            initial={
                "starts_at": timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M"),
                "ends_at": timezone.localtime(meeting.ends_at).strftime("%Y-%m-%d %H:%M"),
                "venue": meeting.venue,
                "inspectors": meeting.inspectors,
                "attendees": "\n".join(meeting.attendees),
                "topic": meeting.topic,
                "preparation": meeting.preparation,
                "cancelled": meeting.cancelled,
            }
        )
    return render(
        request,
        "inspection/meeting.html",
        {"inspection": inspection, "meeting": meeting, "form": form, "history": meeting.changes.all()},
        status=status,
    )


def day_schedule(request, pk: int):
    inspection = _inspection(pk)
    _team_only(request, inspection)
    day = date_param(request, "day", timezone.localdate())
    return render(
        request,
        "inspection/day.html",
        {"inspection": inspection, "day": day, "meetings": meetings.day_schedule(inspection, day)},
    )


def lines_page(request, pk: int):
    inspection = _inspection(pk)
    _team_only(request, inspection)
    form, status = LineForm(initial={"status": "open"}), 200
    if request.method == "POST":
        form = LineForm(request.POST)
        if form.is_valid():
            records.save_line(inspection, request.user, form.cleaned_data)
            return redirect("inspection:lines", pk=pk)
        status = 400
    return render(
        request,
        "inspection/lines.html",
        {
            "inspection": inspection,
            "form": form,
            "lines": inspection.lines.all(),
            "kit_form": KeepInTouchForm(initial={"held_on": timezone.localdate()}),
            "kit": inspection.keep_in_touch.order_by("-held_on", "-pk"),
        },
        status=status,
    )


@require_POST
def keep_in_touch(request, pk: int):
    inspection = _inspection(pk)
    _team_only(request, inspection)
    form = KeepInTouchForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the date (YYYY-MM-DD) and the notes of the keep-in-touch meeting")
    else:
        KeepInTouch.objects.create(inspection=inspection, recorded_by=request.user.get_username(), **form.cleaned_data)
    return redirect("inspection:lines", pk=pk)


def briefing(request, pk: int):
    inspection = _inspection(pk)
    _team_only(request, inspection)
    day = date_param(request, "day", timezone.localdate())
    status = 200
    if request.method == "POST":
        form = BriefingForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                daily.send_briefing(inspection, request.user, d["day"], d["text"], d["recipients"])
            except EventError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"Briefing sent to {len(d['recipients'])} addresses")
                return redirect("inspection:briefing", pk=pk)
        status = 400
    else:
        form = BriefingForm(
            initial={
                "day": day,
                "text": daily.draft_briefing(inspection, day),
                "recipients": "\n".join(daily.recipients()),
            }
        )
    return render(
        request,
        "inspection/briefing.html",
        {"inspection": inspection, "form": form, "sent": inspection.briefings.all()[:20]},
        status=status,
    )


@role_required(*access.READINESS)
def evidence(request):
    form, status = EvidenceForm(), 200
    if request.method == "POST":
        if request.user.role not in access.COORDINATORS:
            raise PermissionDenied
        form = EvidenceForm(request.POST)
        if form.is_valid():
            records.save_area(request.user, form.cleaned_data)
            return redirect("inspection:evidence")
        status = 400
    return render(
        request,
        "inspection/evidence.html",
        {
            "form": form,
            "areas": EvidenceArea.objects.all(),
            "partners": PartnerContact.objects.all(),
            "partner_form": PartnerForm(),
            "can_edit": request.user.role in access.COORDINATORS,
        },
        status=status,
    )


@require_POST
@role_required(*access.COORDINATORS)
def partner(request):
    form = PartnerForm(request.POST)
    if form.is_valid():
        PartnerContact.objects.create(**form.cleaned_data)
    else:
        messages.error(request, "Give the organisation and name (and a valid email address, if any)")
    return redirect("inspection:evidence")


@role_required(*access.READINESS)
def readiness(request):
    from oversight.inspection import practice
    from oversight.inspection.views_annex_a import summary_rows

    data = daily.readiness()
    run = data["run"]
    coverage = practice.repeat_referral_coverage(run.as_at) if run else None
    return render(
        request,
        "inspection/readiness.html",
        {**data, "coverage": coverage, "summary": summary_rows(run.summary) if run else []},
    )


def alerts(request):
    return render(
        request, "inspection/alerts.html", {"alerts": Alert.objects.filter(username=request.user.get_username())[:100]}
    )
