"""IRO oversight pages beyond escalations: change alerts, drift prompts, meeting quality, step-downs."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from oversight.accounts import roles
from oversight.accounts.audit_log import log_child_view
from oversight.accounts.permissions import role_required
from oversight.iro import access, alerts, drift, forms, quality, services
from oversight.iro.models import MeetingRecord
from oversight.web.params import paginate, query_without, text_param

MANAGERS = tuple(alerts.MANAGERS)


@role_required(roles.IRO, *MANAGERS)
def alert_list(request):
    user = request.user
    if request.method == "POST":
        ids = [int(i) for i in request.POST.getlist("alert") if i.isascii() and i.isdigit() and len(i) < 12]
        n = alerts.mark_read(user, ids)
        messages.success(request, f"{n} alert(s) marked as read")
        return redirect("iro:alerts")
    show = text_param(request, "show", max_length=10) or "unread"
    if show not in ("unread", "all"):
        raise BadRequest("show must be unread or all")
    qs = alerts.for_user(user)
    if show == "unread":
        qs = qs.filter(read_at__isnull=True)
    page = paginate(request, qs.order_by("-created_at", "-id"), 100)
    return render(
        request,
        "iro/alerts.html",
        {
            "page": page,
            "show": show,
            "unread": alerts.unread_count(user),
            "is_iro": user.role == roles.IRO,
            "query": query_without(request, "page"),
        },
    )


@role_required(*access.REPORT_READERS)
def alerts_summary(request):
    return render(request, "iro/alerts_summary.html", {"rows": alerts.unread_by_iro()})


@role_required(roles.IRO)
def drift_prompts(request):
    today = timezone.localdate()
    return render(
        request,
        "iro/drift.html",
        {"prompts": drift.prompts_for(request.user, today), "quiet": drift.rules.drift()["quiet_working_days"]},
    )


@role_required(roles.IRO)
@require_POST
def drift_dismiss(request):
    form = forms.DismissForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the reason no escalation is needed; nothing was dismissed.")
        return redirect("iro:drift")
    c = form.cleaned_data
    try:
        drift.dismiss(request.user, c["child_id"], c["signal"], c["reason"])
    except services.IroError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Prompt for child {c['child_id']} dismissed")
    return redirect("iro:drift")


@role_required(roles.IRO)
@require_POST
def drift_escalate(request):
    form = forms.PromptEscalateForm(request.POST)
    if not form.is_valid():
        raise BadRequest("child_id and signal are required")
    c = form.cleaned_data
    try:
        esc = drift.escalate(request.user, c["child_id"], c["signal"])
    except services.IroError as exc:
        messages.error(request, str(exc))
        return redirect("iro:drift")
    messages.success(request, f"Escalation {esc.pk} raised; response due {esc.response_due:%-d %B %Y}")
    return redirect("iro:escalation", esc.pk)


def meetings(request):
    user = request.user
    if user.role not in roles.COUNCIL_FIGURES | {roles.IRO}:
        raise PermissionDenied
    today = timezone.localdate()
    return render(
        request,
        "iro/meetings.html",
        {
            "to_record": quality.meetings_to_record(user, today),
            "figures": quality.meeting_figures(user),
            "is_iro": user.role == roles.IRO,
        },
    )


@role_required(roles.IRO)
def meeting_record(request, kind: str, meeting_ref: str):
    if kind not in dict(MeetingRecord.KINDS) or len(meeting_ref) > 48:
        raise Http404("No such meeting")
    row = quality.meeting(request.user, kind, meeting_ref, timezone.localdate())
    if row is None:
        raise Http404("No meeting of yours with this id in the last months")
    existing = MeetingRecord.objects.filter(kind=kind, meeting_ref=meeting_ref).first()
    initial = {}
    if existing:
        initial = {
            "reports_shared": existing.reports_shared,
            "shared_working_days_before": existing.shared_working_days_before,
            "agencies_reported": ", ".join(existing.agencies_reported),
            "agencies_attended": ", ".join(existing.agencies_attended),
            "participation": existing.participation,
            "child_views": existing.child_views,
            "midway_check_date": existing.midway_check_date,
        }
    form = forms.MeetingForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            quality.record_meeting(request.user, row, form.cleaned_data)
            messages.success(request, f"{row['label']} of {row['meeting_date']:%-d %B %Y} recorded")
            return redirect("iro:meetings")
        status = 400
    log_child_view(request, row["child_id"], page="IRO meeting record")
    return render(request, "iro/meeting_form.html", {"form": form, "row": row}, status=status)


def step_downs(request):
    user = request.user
    if user.role not in roles.COUNCIL_FIGURES | {roles.IRO}:
        raise PermissionDenied
    qs = quality.visible_step_downs(user)
    page = paginate(request, qs, 50)
    early = quality.closed_early(qs)
    form = forms.StepDownForm(request.POST or None) if user.role == roles.IRO else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            c = form.cleaned_data
            try:
                quality.record_step_down(user, c["child_id"].strip(), c["step_down_date"], c["recommendations"])
            except services.IroError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"Step-down of child {c['child_id']} recorded")
                return redirect("iro:step_downs")
        status = 400
    return render(
        request,
        "iro/step_downs.html",
        {"page": page, "early": early, "form": form, "query": query_without(request, "page")},
        status=status,
    )


def step_down_check(request, pk: int):
    user = request.user
    if pk > 2**63 - 1:
        raise Http404("No such step-down")
    sd = quality.visible_step_downs(user).filter(pk=pk).first()
    if sd is None:
        raise PermissionDenied
    form = forms.StepDownCheckForm(
        request.POST or None, initial={"followed": sd.followed, "checked_date": sd.checked_date}
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            c = form.cleaned_data
            try:
                quality.check_step_down(user, sd.pk, c["checked_date"], c["followed"], c["check_note"])
            except services.IroError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "Check recorded")
                return redirect("iro:step_downs")
        status = 400
    log_child_view(request, sd.child_id, page="IRO step-down check")
    return render(request, "iro/step_down_check.html", {"form": form, "sd": sd}, status=status)
