from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render

from oversight.accounts import roles
from oversight.accounts.permissions import role_required
from oversight.config import section
from oversight.imports import history, queries, services
from oversight.imports.forms import UploadForm
from oversight.web import jobs

PENDING = "oversight_pending_import"


def _page(request, form, report, status):
    context = {
        "form": form,
        "report": report.to_dict() if report else None,
        "loaded": sum(report.counts.values()) if report and report.ok else 0,
        "imports": queries.recent_imports(),
    }
    return render(request, "imports/upload.html", context, status=status)


@role_required(*roles.IMPORTERS)
def upload(request):
    """Upload an SSD extract or an Annex A workbook; show what the import found."""
    report, status = None, 200
    if request.method == "POST":
        form = UploadForm(request.POST)
        files = request.FILES.getlist("files")
        limit_mb = int(section("imports").get("max_upload_mb", 1024))
        if not files:
            form.add_error(None, "Choose the file or files to upload")
        elif sum(f.size for f in files) > limit_mb * 1024 * 1024:
            form.add_error(
                None,
                f"The upload is larger than the {limit_mb} MB allowed: use `oversight import` on the server instead",
            )
        if form.is_valid():
            report = services.import_upload(
                form.cleaned_data["kind"], files, form.cleaned_data["as_at"], request.user, jobs.reporter(request)
            )
            status = 200 if report.ok else 400
            if report.pending:
                request.session[PENDING] = report.pending
        else:
            status = 400
    else:
        form = UploadForm(initial={"kind": "ssd"})
    return _page(request, form, report, status)


@role_required(*roles.IMPORTERS)
def confirm(request):
    """The second step of an import that shrinks the case data, or has invalid cells: load the kept upload as
    confirmed (the change's digest), or with the invalid cells left blank (`blank_invalid`)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    pending_id = request.session.pop(PENDING, None)
    digest = request.POST.get("digest", "")[:64]
    blank_invalid = request.POST.get("blank_invalid") == "1"
    report = (
        services.import_pending(pending_id, digest, request.user, blank_invalid, jobs.reporter(request))
        if pending_id
        else None
    )
    form = UploadForm({"kind": "ssd", "as_at": ""})
    form.is_valid()
    if report is None:
        form.add_error(None, "That upload is no longer kept (it was used or is over a day old): upload the files again")
        return _page(request, form, None, 400)
    if report.pending:
        request.session[PENDING] = report.pending
    return _page(request, form, report, 200 if report.ok else 400)


@role_required(*roles.IMPORTERS)
def detail(request, pk: int):
    record = queries.import_record(pk)
    if record is None:
        raise Http404("No such import")
    return render(request, "imports/detail.html", {"record": record})


@role_required(roles.ADMINISTRATOR)
def snapshots(request):
    """The kept snapshots, what each changed, and rolling back to the one before the current one."""
    error, result, status = None, None, 200
    if request.method == "POST":
        current, previous = history.current_and_previous()
        wanted = request.POST.get("current", "")
        if current is None or previous is None:
            error, status = "There is no earlier snapshot to go back to.", 400
        elif wanted != str(current.pk):
            error, status = "The case data changed since the page was shown: check the snapshots again.", 400
        else:
            try:
                result = services.rollback(request.user)
            except services.RollbackRefused as exc:
                error, status = str(exc), 400
        if result:
            return redirect("imports:snapshots")
    context = queries.snapshots_page()
    context["error"] = error
    return render(request, "imports/snapshots.html", context, status=status)
