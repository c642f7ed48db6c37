"""A long job's stage (web.jobs): what an upload reports while it runs, and who may read it."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from oversight.accounts import roles
from oversight.web import jobs
from tests.imports.helpers import small_extract

pytestmark = pytest.mark.django_db


def test_the_upload_page_names_a_job_its_form_posts(client_for):
    html = client_for(roles.PERFORMANCE_OFFICER).get("/imports/").content.decode()
    token = re.search(r'data-busy-job="([^"]+)"', html).group(1)
    assert jobs.TOKEN.fullmatch(token)
    assert f'<input type="hidden" name="job" value="{token}">' in html


def test_an_upload_reports_its_stages_to_the_one_who_started_it(client_for, tmp_path, client):
    folder = small_extract(tmp_path)
    files = [SimpleUploadedFile(p.name, p.read_bytes(), content_type="text/csv") for p in sorted(folder.iterdir())]
    officer = client_for(roles.PERFORMANCE_OFFICER)
    token = jobs.new_token()
    assert officer.get(f"/jobs/{token}/").json() == {}  # nothing reported yet
    page = officer.post("/imports/", {"kind": "ssd", "as_at": "2024-03-31", "files": files, "job": token})
    assert page.status_code == 200
    # The last stage reported stays: the case data was written, every table of it.
    state = officer.get(f"/jobs/{token}/").json()
    assert state["stage"] == "Writing the case data" and state["done"] == state["total"] > 0
    # Nobody else may read it; a malformed token is simply unknown.
    other = client_for(roles.ADMINISTRATOR)
    assert other.get(f"/jobs/{token}/").json() == {}
    assert officer.get("/jobs/x/").json() == {}


def test_stages_are_said_in_words_and_kept_per_user():
    token = jobs.new_token()
    jobs.record(token, "alice", "reading", 3, 12)
    assert jobs.state(token, "alice") == {"stage": "Reading and checking the files", "done": 3, "total": 12}
    assert jobs.state(token, "bob") == {}
    jobs.record(token, "alice", "indexing", 0, 0)
    assert jobs.state(token, "alice")["stage"] == "Indexing"
