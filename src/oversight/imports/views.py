from django.http import Http404
from django.shortcuts import render

from oversight.accounts import roles
from oversight.accounts.permissions import role_required
from oversight.config import section
from oversight.imports import queries, services
from oversight.imports.forms import UploadForm


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
            report = services.import_upload(form.cleaned_data["kind"], files, form.cleaned_data["as_at"], request.user)
            status = 200 if report.ok else 400
        else:
            status = 400
    else:
        form = UploadForm(initial={"kind": "ssd"})
    context = {
        "form": form,
        "report": report.to_dict() if report else None,
        "loaded": sum(report.counts.values()) if report else 0,
        "imports": queries.recent_imports(),
    }
    return render(request, "imports/upload.html", context, status=status)


@role_required(*roles.IMPORTERS)
def detail(request, pk: int):
    record = queries.import_record(pk)
    if record is None:
        raise Http404("No such import")
    return render(request, "imports/detail.html", {"record": record})
