"""Audit pages: the queue, the audit form, moderation, escalations, actions, the report, import."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from oversight.accounts.audit_log import log_child_view
from oversight.accounts.permissions import role_required
from oversight.audits import access, forms, queries, services
from oversight.audits.models import Action, Audit, Escalation
from oversight.web.params import date_param, paginate, query_without, text_param

COORDINATORS = tuple(access.COORDINATORS)


ID_LIMIT = 2**63 - 1  # beyond a bigint the database would fail rather than find nothing


def _get(queryset, pk: int):
    if pk > ID_LIMIT:
        raise Http404("No such record")
    return get_object_or_404(queryset, pk=pk)


def _audit(pk: int) -> Audit:
    return _get(Audit.objects.select_related("tool"), pk)


def _month_param(request) -> dt.date | None:
    text = text_param(request, "month", max_length=7)
    if not text:
        return None
    try:
        return dt.datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        raise BadRequest("month must be written as YYYY-MM, for example 2024-03")


def home(request):
    user = request.user
    today = timezone.localdate()
    context = {
        "queue": list(queries.my_audits(user)),
        "moderation": list(queries.moderation_queue(user)) if access.is_moderator(user) else [],
        "escalations": list(queries.escalations_for(user)),
        "actions": list(queries.actions_for(user)),
        "is_coordinator": access.is_coordinator(user),
        "is_moderator": access.is_moderator(user),
        "sees_report": user.role in access.REPORT_READERS,
        "today": today,
    }
    return render(request, "audits/home.html", context)


@role_required(*COORDINATORS)
def audit_list(request):
    month = _month_param(request)
    status = text_param(request, "status", max_length=12)
    if status and status not in dict(Audit.STATUSES):
        raise BadRequest("status is not one of the audit statuses")
    page = paginate(request, queries.all_audits(month, status), 50)
    return render(
        request,
        "audits/list.html",
        {
            "page": page,
            "month": month,
            "status": status,
            "statuses": Audit.STATUSES,
            "query": query_without(request, "page"),
        },
    )


@role_required(*COORDINATORS)
def sample(request):
    try:
        themes = sorted(t.theme for t in services.sync_tools() if t.kind == "thematic")
    except services.AuditError as exc:
        messages.error(request, str(exc))
        themes = []
    form = forms.SampleForm(request.POST or None, themes=themes)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            c = form.cleaned_data
            try:
                result = services.draw_sample(
                    c["month"], c["per_team"], c["seed"], theme=c["theme"], by=request.user.username
                )
            except services.AuditError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    f"{len(result.rows)} children sampled for {c['month']:%B %Y}"
                    if result.created
                    else "This month was already sampled with this seed; nothing changed",
                )
                for warning in result.warnings:
                    messages.warning(request, warning)
                return redirect(f"{reverse('audits:list')}?month={c['month']:%Y-%m}")
        status = 400
    return render(request, "audits/sample.html", {"form": form}, status=status)


@role_required(*COORDINATORS)
def assign(request, pk: int):
    audit = _audit(pk)
    if not audit.editable:
        raise Http404("This audit has been submitted")
    form = forms.AssignForm(
        request.POST or None,
        auditors=queries.auditor_choices(audit, timezone.localdate()),
        initial={"version": audit.version, "auditor": audit.auditor},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.assign(audit.pk, form.cleaned_data["auditor"], form.cleaned_data["version"])
            except services.StaleAudit as exc:
                form.add_error(None, str(exc))
                status = 409
            except services.AuditError as exc:
                form.add_error("auditor", str(exc))
                status = 400
            else:
                messages.success(request, f"Audit {audit.pk} assigned to {form.cleaned_data['auditor']}")
                return redirect(
                    f"{reverse('audits:list')}?month={audit.month:%Y-%m}" if audit.month else reverse("audits:list")
                )
        else:
            status = 400
    return render(request, "audits/assign.html", {"audit": audit, "form": form}, status=status)


def _record_context(request, audit: Audit, page: str) -> dict:
    log_child_view(request, audit.child_id, page=page)
    return {
        "audit": audit,
        "child": queries.child_view(audit, timezone.localdate()),
        "actions": list(audit.actions.all()),
        "escalations": list(audit.escalations.all()),
        "grades": forms.grade_labels(audit),
    }


def audit_detail(request, pk: int):
    """The audit form for its auditor while it is open; otherwise the audit as recorded."""
    audit = _audit(pk)
    user = request.user
    if not access.can_view(user, audit):
        raise PermissionDenied
    checks = list(queries.actions_to_check(audit))
    if access.can_edit(user, audit):
        submit = request.POST.get("action") == "submit"
        form = forms.AuditForm(audit, checks, request.POST or None, submit=submit, initial=_initial(audit, checks))
        status = 200
        if request.method == "POST":
            if form.is_valid():
                try:
                    services.save_audit(
                        audit.pk, form.cleaned_data["version"], form.to_input(), user.username, submit=submit
                    )
                except services.StaleAudit as exc:
                    form.add_error(None, str(exc))
                    status = 409
                except services.AuditError as exc:
                    form.add_error(None, str(exc))
                    status = 400
                else:
                    messages.success(request, "Audit submitted for moderation" if submit else "Audit saved")
                    return redirect("audits:home" if submit else "audits:detail", *([] if submit else [audit.pk]))
            else:
                status = 400
        context = _record_context(request, audit, "audit form")
        context.update(form=form, checks=checks, action_form=forms.ActionForm())
        return render(request, "audits/audit_form.html", context, status=status)
    if request.method == "POST":
        # A second tab or a colleague got there first: say so rather than ignore the post.
        messages.error(request, "This audit can no longer be changed by you; nothing was saved.")
        return _record(request, audit, checks, status=409)
    return _record(request, audit, checks)


def _record(request, audit: Audit, checks, status: int = 200):
    """The audit as recorded."""
    user = request.user
    context = _record_context(request, audit, "audit record")
    context.update(
        answers=queries.answer_rows(audit),
        checks=checks,
        is_coordinator=access.is_coordinator(user),
        can_claim=access.can_moderate(user, audit),
        can_escalate=access.can_escalate(user, audit),
        can_add_actions=_may_add_actions(user, audit),
        action_form=forms.ActionForm(),
    )
    return render(request, "audits/audit_view.html", context, status=status)


def _initial(audit: Audit, checks) -> dict:
    initial = {
        "version": audit.version,
        "grade": audit.grade,
        "evidence": audit.evidence,
        "conversation": audit.conversation,
        "conversation_date": audit.conversation_date.isoformat() if audit.conversation_date else "",
    }
    for a in audit.answers.all():
        initial[f"q_{a.question}_grade"] = a.grade
        initial[f"q_{a.question}_evidence"] = a.evidence
    for action in checks:
        if action.checked_by_id == audit.pk:
            initial[f"check_{action.pk}"] = action.check_outcome
    return initial


@require_POST
def claim(request, pk: int):
    audit = _audit(pk)
    user = request.user
    if not access.can_moderate(user, audit):
        if access.is_moderator(user) and audit.auditor != user.username and audit.moderator not in ("", user.username):
            # Another moderator got there first: say so rather than refuse the page.
            messages.error(request, "Another moderator has taken this audit; nothing was changed.")
            return redirect("audits:home")
        raise PermissionDenied
    try:
        services.claim(audit.pk, request.user.username)
    except services.AuditError as exc:
        messages.error(request, str(exc))
        return redirect("audits:home")
    return redirect("audits:moderate", audit.pk)


def moderate(request, pk: int):
    audit = _audit(pk)
    user = request.user
    if not (access.can_moderate(user, audit) and audit.moderator == user.username):
        if request.method == "POST" and audit.moderator == user.username and audit.status == Audit.FINAL:
            # Moderated from another tab in the meantime: say so rather than refuse the page.
            messages.error(request, "This audit has already been moderated; nothing was saved.")
            return _record(request, audit, list(queries.actions_to_check(audit)), status=409)
        raise PermissionDenied
    answers = {a.question: a for a in audit.answers.all()}
    initial = {"version": audit.version, "grade": audit.grade, **{f"q_{k}_grade": a.grade for k, a in answers.items()}}
    form = forms.ModerationForm(audit, request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.moderate(audit.pk, form.cleaned_data["version"], form.to_input(), user.username)
            except services.StaleAudit as exc:
                form.add_error(None, str(exc))
                status = 409
            except services.AuditError as exc:
                form.add_error(None, str(exc))
                status = 400
            else:
                messages.success(request, f"Audit {audit.pk} moderated; it is now final")
                return redirect("audits:detail", audit.pk)
        else:
            status = 400
    context = _record_context(request, audit, "audit moderation")
    context.update(form=form, rows=form.question_fields(answers))
    return render(request, "audits/moderate.html", context, status=status)


def escalate(request, pk: int):
    audit = _audit(pk)
    if not (access.can_escalate(request.user, audit) and access.can_view(request.user, audit)):
        raise PermissionDenied
    form = forms.EscalationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            esc = services.escalate(audit.pk, request.user.username, form.cleaned_data["reason"])
            names = (
                ", ".join(r.username for r in esc.recipients.all())
                or "coordinators (no team manager or head of service found)"
            )
            messages.success(request, f"Escalation raised to {names}, due {esc.due_date:%-d %B %Y}")
            return redirect("audits:detail", audit.pk)
        status = 400
    log_child_view(request, audit.child_id, page="audit escalation")
    return render(request, "audits/escalate.html", {"audit": audit, "form": form}, status=status)


def _may_add_actions(user, audit: Audit) -> bool:
    return access.can_view(user, audit) and (
        user.username in (audit.auditor, audit.moderator) or access.is_coordinator(user)
    )


@require_POST
def add_action(request, pk: int):
    audit = _audit(pk)
    user = request.user
    if not _may_add_actions(user, audit):
        raise PermissionDenied
    form = forms.ActionForm(request.POST)
    if form.is_valid():
        c = form.cleaned_data
        try:
            services.add_action(audit.pk, user.username, c["what"], c["owner"], c["due_date"])
        except services.AuditError as exc:
            form.add_error("owner", str(exc))
    if form.errors:
        log_child_view(request, audit.child_id, page="audit action")
        return render(request, "audits/action_add.html", {"audit": audit, "form": form}, status=400)
    messages.success(request, "Action added")
    return redirect("audits:detail", audit.pk)


@role_required(*COORDINATORS)
@require_POST
def schedule_review(request, pk: int):
    audit = _audit(pk)
    try:
        review = services.schedule_review(audit.pk, audit.auditor if audit.source != Audit.IMPORTED else "")
    except services.AuditError as exc:
        messages.error(request, str(exc))
        return redirect("audits:detail", audit.pk)
    messages.success(request, f"Review audit {review.pk} created" + ("" if review.auditor else "; assign an auditor"))
    return redirect("audits:detail", review.pk)


def actions(request):
    return render(
        request,
        "audits/actions.html",
        {"actions": list(queries.actions_for(request.user)), "today": timezone.localdate()},
    )


def _may_complete(user, action: Action) -> bool:
    return queries.actions_for(user).filter(pk=action.pk).exists()


def complete_action(request, pk: int):
    action = _get(Action.objects.select_related("audit"), pk)
    if action.status != Action.OPEN:
        raise Http404("This action is already complete")
    if not _may_complete(request.user, action):
        raise PermissionDenied
    form = forms.NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.complete_action(action.pk, request.user.username, form.cleaned_data["note"])
        except services.AuditError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Action marked as done")
        return redirect("audits:actions")
    status = 400 if request.method == "POST" else 200
    return render(request, "audits/action_done.html", {"action": action, "form": form}, status=status)


def escalations(request):
    show_all = text_param(request, "show", max_length=10) == "all"
    return render(
        request,
        "audits/escalations.html",
        {
            "escalations": list(
                queries.escalations_for(request.user, include_resolved=show_all).prefetch_related("recipients")
            ),
            "show_all": show_all,
            "today": timezone.localdate(),
        },
    )


def resolve_escalation(request, pk: int):
    esc = _get(Escalation.objects.all(), pk)
    if not services.can_resolve(request.user, esc):
        raise PermissionDenied
    if not esc.is_open:
        raise Http404("This escalation is already resolved")
    form = forms.NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.resolve_escalation(esc.pk, request.user.username, form.cleaned_data["note"])
        except services.AuditError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Escalation resolved")
        return redirect("audits:escalations")
    log_child_view(request, esc.child_id, page="welfare escalation")
    status = 400 if request.method == "POST" else 200
    return render(request, "audits/escalation_resolve.html", {"escalation": esc, "form": form}, status=status)


GROUPINGS = [("team", "Team"), ("locality", "Locality"), ("service", "Service area"), ("question", "Question")]


@role_required(*access.REPORT_READERS)
def report(request):
    start, end = date_param(request, "from"), date_param(request, "to")
    if start and end and end < start:
        raise BadRequest("to must not be before from")
    by = text_param(request, "by", max_length=10, default="team") or "team"
    if by not in dict(GROUPINGS):
        raise BadRequest("by must be team, locality, service or question")
    today = timezone.localdate()
    labels = queries.scale().labels
    rows = queries.grades(by, start, end)
    for row in rows:
        row["cells"] = [row["grades"].get(g, 0) for g in labels]
    overdue = list(queries.overdue_actions(today))
    open_esc = list(queries.open_escalations())
    context = {
        "figures": queries.report(start, end),
        "rows": rows,
        "labels": labels,
        "by": by,
        "groupings": GROUPINGS,
        "start": start,
        "end": end,
        "overdue": overdue,
        "open_escalations": open_esc,
        "overdue_escalations": sum(1 for e in open_esc if e.due_date < today),
        "today": today,
    }
    return render(request, "audits/report.html", context)


@role_required(*COORDINATORS)
def import_audits(request):
    from oversight.audits.importer import import_audits as run_import

    form = forms.ImportForm(request.POST or None, request.FILES or None)
    result, status = None, 200
    if request.method == "POST":
        if form.is_valid():
            from oversight.audits.importer import MAX_BYTES, too_large

            upload = form.cleaned_data["file"]
            result = run_import(upload.read(), upload.name) if upload.size <= MAX_BYTES else too_large(upload.name)
            if result["ok"]:
                c = result["counts"]
                messages.success(request, f"{c['created']} audits imported, {c['updated']} replaced")
            else:
                status = 400
        else:
            status = 400
    return render(request, "audits/import.html", {"form": form, "result": result}, status=status)


def tools(request):
    try:
        current = services.sync_tools()
    except services.AuditError as exc:
        # A broken local tool file: show the stored versions and say which file is at fault.
        messages.error(request, str(exc))
        current = queries.current_tools()
    return render(request, "audits/tools.html", {"tools": current})
