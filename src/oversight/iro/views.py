"""IRO oversight pages: escalations (raise, lists, one escalation and its history), the report, import."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from oversight.accounts import roles
from oversight.accounts.audit_log import log_child_view
from oversight.accounts.permissions import role_required
from oversight.iro import access, forms, queries, rules, services
from oversight.iro.models import Escalation
from oversight.people.models import Person
from oversight.web.params import date_param, paginate, query_without, text_param

ID_LIMIT = 2**63 - 1
VIEWS = {
    "mine": "My escalations",
    "awaiting": "Awaiting my response",
    "overdue": "Overdue",
    "all": "All escalations I can see",
}


def _escalation(pk: int) -> Escalation:
    if pk > ID_LIMIT:
        raise Http404("No such escalation")
    return get_object_or_404(Escalation, pk=pk)


def home(request):
    user = request.user
    today = timezone.localdate()
    from oversight.iro import alerts

    context = {
        "today": today,
        "is_iro": access.is_iro(user),
        "mine": access.mine(user).filter(outcome="").count(),
        "awaiting": access.awaiting(user).count(),
        "overdue": queries.overdue(access.visible(user), today).count(),
        "visible": access.visible(user).count(),
        "sees_report": user.role in access.REPORT_READERS,
        "may_import": user.role in access.IMPORTERS,
        "unread": alerts.unread_count(user),
    }
    return render(request, "iro/home.html", context)


def escalation_list(request):
    user = request.user
    today = timezone.localdate()
    view = text_param(request, "view", max_length=10) or ("mine" if access.is_iro(user) else "awaiting")
    if view not in VIEWS:
        raise BadRequest("view must be mine, awaiting, overdue or all")
    if view == "mine":
        qs = access.mine(user)
    elif view == "awaiting":
        qs = access.awaiting(user)
    elif view == "overdue":
        qs = queries.overdue(access.visible(user), today)
    else:
        qs = access.visible(user)
    page = paginate(request, qs.order_by("response_due", "id"), 50)
    return render(
        request,
        "iro/list.html",
        {
            "page": page,
            "rows": queries.with_status(page.object_list, today),
            "view": view,
            "views": VIEWS,
            "title": VIEWS[view],
            "stages": rules.stage_labels(),
            "query": query_without(request, "page"),
        },
    )


def raise_escalation(request, child_id: str):
    user = request.user
    if not access.is_iro(user):
        raise PermissionDenied
    if len(child_id) > 48 or not access.can_raise(user, child_id):
        raise PermissionDenied
    person = Person.objects.filter(person_id=child_id).first()
    if person is None:
        raise Http404("No such child")
    initial = {"stage": rules.stages()[0].code}
    for key in ("category", "subcategory"):
        if value := text_param(request, key, max_length=48):
            initial[key] = value
    if ask := text_param(request, "ask", max_length=500):
        initial["ask"] = ask
    form = forms.RaiseForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            c = form.cleaned_data
            try:
                esc = services.raise_escalation(
                    child_id=child_id,
                    by=user.username,
                    iro_id=user.professional_id,
                    stage=c["stage"],
                    category=c["category"],
                    subcategory=c["subcategory"],
                    ask=c["ask"],
                    addressee=c["addressee"].strip(),
                )
            except services.IroError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"Escalation {esc.pk} raised; response due {esc.response_due:%-d %B %Y}")
                return redirect("iro:escalation", esc.pk)
        status = 400
    log_child_view(request, child_id, page="raise IRO escalation")
    return render(request, "iro/raise.html", {"form": form, "person": person}, status=status)


def _detail_context(request, esc: Escalation) -> dict:
    user = request.user
    today = timezone.localdate()
    chain = esc.chain()
    for stage in chain:
        stage.status = stage.status_on(today)
    return {
        "escalation": esc,
        "chain": chain,
        "events": list(esc.events.all()),
        "status": esc.status_on(today),
        "stages": rules.stage_labels(),
        "subcategory": rules.subcategory_label(esc.category, esc.subcategory) if esc.subcategory else "",
        "can_respond": access.can_respond(user, esc),
        "can_decide": access.can_decide(user, esc),
        "whole_due": _whole_due(chain),
    }


def _whole_due(chain: list[Escalation]):
    from oversight.analytics.workdays import default_calendar
    from oversight.config import section

    days = section("iro").get("whole_process_working_days", 20)
    return default_calendar().add(chain[0].raised_date, int(days)) if chain else None


def escalation_detail(request, pk: int):
    esc = _escalation(pk)
    if not access.can_view(request.user, esc):
        raise PermissionDenied
    context = _detail_context(request, esc)
    context["respond_form"] = forms.RespondForm(initial={"version": esc.version})
    context["decide_form"] = forms.DecideForm(initial={"version": esc.version}, escalation=esc)
    log_child_view(request, esc.child_id, page="IRO escalation")
    return render(request, "iro/detail.html", context)


@require_POST
def respond(request, pk: int):
    esc = _escalation(pk)
    if not access.can_respond(request.user, esc):
        raise PermissionDenied
    form = forms.RespondForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.respond(
                esc.pk, request.user.username, form.cleaned_data["response"], version=form.cleaned_data["version"]
            )
        except services.StaleEscalation as exc:
            form.add_error(None, str(exc))
            status = 409
        except services.IroError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Response recorded")
            return redirect("iro:escalation", esc.pk)
    esc.refresh_from_db()
    context = _detail_context(request, esc)
    context["respond_form"] = form
    context["decide_form"] = forms.DecideForm(initial={"version": esc.version}, escalation=esc)
    log_child_view(request, esc.child_id, page="IRO escalation")
    return render(request, "iro/detail.html", context, status=status)


@require_POST
def decide(request, pk: int):
    esc = _escalation(pk)
    if not access.can_decide(request.user, esc):
        raise PermissionDenied
    form = forms.DecideForm(request.POST, escalation=esc)
    status = 400
    if form.is_valid():
        c = form.cleaned_data
        try:
            latest = services.decide(
                esc.pk,
                request.user.username,
                c["outcome"],
                next_stage=c["next_stage"],
                note=c["note"],
                version=c["version"],
            )
        except services.StaleEscalation as exc:
            form.add_error(None, str(exc))
            status = 409
        except services.IroError as exc:
            form.add_error(None, str(exc))
        else:
            if latest.pk != esc.pk:
                messages.success(
                    request,
                    f"Escalated to {rules.stage_labels()[latest.stage]}; response due {latest.response_due:%-d %B %Y}",
                )
            else:
                messages.success(request, f"Outcome recorded: {latest.get_outcome_display()}")
            return redirect("iro:escalation", latest.pk)
    esc.refresh_from_db()
    context = _detail_context(request, esc)
    context["respond_form"] = forms.RespondForm(initial={"version": esc.version})
    context["decide_form"] = form
    log_child_view(request, esc.child_id, page="IRO escalation")
    return render(request, "iro/detail.html", context, status=status)


@role_required(*access.REPORT_READERS)
def report(request):
    today = timezone.localdate()
    start, end = date_param(request, "from"), date_param(request, "to")
    as_at = date_param(request, "as_at", today)
    if start and end and end < start:
        raise BadRequest("to must not be before from")
    user = request.user
    # An IRO sees the figures of their own escalations; managers the council's.
    qs = access.mine(user) if user.role == roles.IRO else None
    figures = queries.report(start, end, as_at, queryset=qs)
    return render(
        request,
        "iro/report.html",
        {
            "figures": figures,
            "start": start,
            "end": end,
            "as_at": as_at,
            "stages": rules.stage_labels(),
            "own_only": qs is not None,
        },
    )


@role_required(*access.IMPORTERS)
def import_log(request):
    from oversight.iro.importer import import_escalations

    form = forms.ImportForm(request.POST or None, request.FILES or None)
    result, status = None, 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            result = import_escalations(upload.read(), upload.name)
            if result["ok"]:
                messages.success(
                    request,
                    f"{result['counts']['created']} escalations imported, {result['counts']['updated']} replaced",
                )
            else:
                status = 400
        else:
            status = 400
    return render(request, "iro/import.html", {"form": form, "result": result}, status=status)


def child_panel(request, person):
    """The child's escalations, meeting records and step-downs on the child's record (access already checked)."""
    from django.template.loader import render_to_string

    from oversight.iro.models import MeetingRecord, StepDown

    today = timezone.localdate()
    user = request.user
    # Only the escalations this user may open: an IRO's dispute is not for every worker on the case.
    mine = access.visible(user).filter(child_id=person.person_id).order_by("-raised_date", "-id")[:30]
    escalations = queries.with_status(mine, today)
    meetings = list(MeetingRecord.objects.filter(child_id=person.person_id)[:20])
    step_downs = list(StepDown.objects.filter(child_id=person.person_id)[:10])
    can_raise = access.can_raise(user, person.person_id)
    if not (escalations or meetings or step_downs or can_raise):
        return None
    html = render_to_string(
        "iro/_child_panel.html",
        {
            "escalations": escalations,
            "meetings": meetings,
            "step_downs": step_downs,
            "person": person,
            "can_raise": can_raise,
            "stages": rules.stage_labels(),
        },
        request=request,
    )
    return ("IRO oversight", html)
