"""The upload page: importers only, the same report as the command line, CSRF, and no 500 for bad input."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from oversight.accounts import roles
from oversight.imports.models import ImportRecord
from oversight.people import models as m
from oversight.people.queries import headline_counts
from tests.imports import annex_a_book as book
from tests.imports.helpers import SMALL_COUNTS, same, small_extract, snapshot, workbook, write_csv

pytestmark = pytest.mark.django_db
URL = "/imports/"


def csv_uploads(folder):
    return [SimpleUploadedFile(p.name, p.read_bytes(), content_type="text/csv") for p in sorted(folder.iterdir())]


@pytest.fixture
def officer(client_for):
    return client_for(roles.PERFORMANCE_OFFICER)


@pytest.mark.parametrize(
    "role",
    [
        roles.SOCIAL_WORKER,
        roles.TEAM_MANAGER,
        roles.SENIOR_MANAGER,
        roles.AUDITOR,
        roles.MODERATOR,
        roles.IRO,
        roles.INSPECTOR,
    ],
)
def test_only_importers_reach_the_page(client_for, role):
    client = client_for(role)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"kind": "ssd"}).status_code == 403
    assert "Imports" not in client.get("/").content.decode()


@pytest.mark.parametrize("role", [roles.PERFORMANCE_OFFICER, roles.ADMINISTRATOR])
def test_importers_see_the_form_and_the_navigation_entry(client_for, role):
    client = client_for(role)
    page = client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'enctype="multipart/form-data"' in html and "csrfmiddlewaretoken" in html and 'href="/imports/"' in html


def test_uploading_csv_files_loads_them_and_records_who(officer, tmp_path):
    folder = small_extract(tmp_path / "x")
    page = officer.post(URL, {"kind": "ssd", "as_at": "2024-03-31", "files": csv_uploads(folder)})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="import-ok"' in html and "Loaded 17 rows" in html
    assert headline_counts(dt.date(2024, 3, 31)) == SMALL_COUNTS
    record = ImportRecord.objects.get()
    assert record.user == officer.user and record.by == officer.user.username and len(record.files) == 8
    assert officer.get(URL).content.decode().count('data-testid="past-imports"') == 1


def test_uploading_a_zip_of_csv_files(officer, tmp_path):
    folder = small_extract(tmp_path / "x")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for p in folder.iterdir():
            z.write(p, f"extract/{p.name}")
        z.writestr("__MACOSX/._ssd_person.csv", b"junk")
    upload = SimpleUploadedFile("extract.zip", buffer.getvalue(), content_type="application/zip")
    page = officer.post(URL, {"kind": "ssd", "as_at": "2024-03-31", "files": [upload]})
    assert page.status_code == 200, page.content.decode()[:2000]
    assert m.Person.objects.count() == 5


def test_a_broken_upload_shows_the_errors_and_changes_nothing(officer, tmp_path):
    folder = small_extract(tmp_path / "x")
    assert officer.post(URL, {"kind": "ssd", "as_at": "2024-03-31", "files": csv_uploads(folder)}).status_code == 200
    before = snapshot()
    write_csv(
        folder,
        "ssd_cla_episodes",
        ["clae_cla_episode_id", "clae_person_id", "clae_cla_episode_start_date"],
        [["E1", "NOBODY", "2022-05-01"]],
    )
    page = officer.post(URL, {"kind": "ssd", "as_at": "2024-03-31", "files": csv_uploads(folder)})
    assert page.status_code == 400
    html = page.content.decode()
    assert 'data-testid="import-refused"' in html and 'data-testid="errors"' in html
    for text in ("ssd_cla_episodes.csv", "clae_person_id", "NOBODY", "No child with this id in ssd_person.csv."):
        assert text in html
    assert same(before, snapshot())


def test_uploading_an_annex_a_workbook(officer, tmp_path):
    data = workbook(tmp_path / "annex.xlsx", book.sheets()).read_bytes()
    upload = SimpleUploadedFile("annex.xlsx", data)
    page = officer.post(URL, {"kind": "annex_a", "as_at": "2024-03-31", "files": [upload]})
    assert page.status_code == 200
    assert headline_counts(dt.date(2024, 3, 31)) == book.COUNTS
    assert 'data-testid="warnings"' in page.content.decode()  # List 2 is missing


@pytest.mark.parametrize(
    "data,words",
    [
        ({"kind": "ssd", "as_at": "2024-03-31"}, "Choose the file"),
        ({"kind": "annex_a", "as_at": ""}, "Enter the date"),
        ({"kind": "ssd", "as_at": "2024-02-30"}, "must be a real date"),
        ({"kind": "csv; drop table", "as_at": "2024-03-31"}, "Select an SSD extract or an Annex A workbook"),
        ({"as_at": "\x00" * 50}, "Select what you are uploading"),
    ],
)
def test_bad_form_values_are_400_with_an_error_summary(officer, data, words):
    if "Choose" not in words:
        data = {**data, "files": [SimpleUploadedFile("ssd_person.csv", b"pers_person_id\nA\n")]}
    page = officer.post(URL, data)
    assert page.status_code == 400
    html = page.content.decode()
    assert "govuk-error-summary" in html and words in html
    assert m.Person.objects.count() == 0


def test_a_zip_bomb_upload_is_refused(officer, tmp_path, monkeypatch):
    cfg = tmp_path / "limits.toml"
    cfg.write_text("[imports]\nmax_compression_ratio = 50\n")
    monkeypatch.setenv("OVERSIGHT_CONFIG", str(cfg))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("ssd_person.csv", b"pers_person_id\n" + b"A" * (3 * 1024 * 1024))
    page = officer.post(URL, {"kind": "ssd", "files": [SimpleUploadedFile("bomb.zip", buffer.getvalue())]})
    assert page.status_code == 400 and "zip bomb" in page.content.decode()


def test_two_workbooks_at_once_are_refused(officer, tmp_path):
    data = workbook(tmp_path / "annex.xlsx", book.sheets()).read_bytes()
    page = officer.post(
        URL,
        {
            "kind": "annex_a",
            "as_at": "2024-03-31",
            "files": [SimpleUploadedFile("a.xlsx", data), SimpleUploadedFile("b.xlsx", data)],
        },
    )
    assert page.status_code == 400 and "one Annex A workbook" in page.content.decode()


def test_file_names_from_the_browser_lose_their_paths(officer, tmp_path):
    upload = SimpleUploadedFile("../../etc/ssd_person.csv", b"pers_person_id\nA\n")
    page = officer.post(URL, {"kind": "ssd", "as_at": "2024-03-31", "files": [upload]})
    assert page.status_code == 200
    assert ImportRecord.objects.get().files[0]["name"] == "ssd_person.csv"


def test_posting_without_the_csrf_token_is_refused(make_user, tmp_path):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user(roles.ADMINISTRATOR))
    page = client.post(URL, {"kind": "ssd", "files": [SimpleUploadedFile("ssd_person.csv", b"pers_person_id\nA\n")]})
    assert page.status_code == 403 and m.Person.objects.count() == 0


def test_the_import_detail_page(officer, tmp_path, client_for):
    folder = small_extract(tmp_path / "x")
    write_csv(
        folder,
        "ssd_person",
        ["pers_person_id", "pers_dob", "pers_ethnicity"],
        [
            ["A", "2015-06-01", "ZZZZ"],
            ["B", "2016-02-01", ""],
            ["C", "2012-01-01", ""],
            ["D", "2010-05-05", ""],
            ["E", "2005-03-03", ""],
        ],
    )
    officer.post(URL, {"kind": "ssd", "as_at": "2024-03-31", "files": csv_uploads(folder)})
    record = ImportRecord.objects.get()
    page = officer.get(reverse("imports:detail", args=[record.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and record.files[0]["sha256"] in html and "ZZZZ" in html
    assert officer.get(reverse("imports:detail", args=[record.pk + 1])).status_code == 404
    assert officer.get("/imports/99999999999999999999/").status_code == 404
    assert client_for(roles.SOCIAL_WORKER).get(reverse("imports:detail", args=[record.pk])).status_code == 403


def test_an_upload_over_the_limit_is_refused_before_it_is_read(officer, tmp_path, monkeypatch):
    config = tmp_path / "oversight.toml"
    config.write_text("[imports]\nmax_upload_mb = 1\n")
    monkeypatch.setenv("OVERSIGHT_CONFIG", str(config))
    folder = small_extract(tmp_path / "x")
    before = snapshot()
    page = officer.post(
        URL, {"kind": "ssd", "as_at": "2024-03-31", "files": csv_uploads(folder)}, CONTENT_LENGTH=str(3 * 1024 * 1024)
    )
    assert page.status_code == 413 and "Uploads are limited to 1 MB" in page.content.decode()
    assert page["Connection"] == "close" and same(before, snapshot()) and not ImportRecord.objects.exists()
    # Within the limit the same upload loads.
    page = officer.post(URL, {"kind": "ssd", "as_at": "2024-03-31", "files": csv_uploads(folder)})
    assert page.status_code == 200 and ImportRecord.objects.count() == 1
