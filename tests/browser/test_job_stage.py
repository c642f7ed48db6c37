"""A long upload says which stage the server has reached (web.jobs, busy.js), not only the time waited."""

import pytest
from playwright.sync_api import expect

from oversight.web import jobs

pytestmark = pytest.mark.browser


def test_the_waiting_upload_shows_the_servers_stage(session):
    s = session()
    page = s.sign_in("admin")
    page.goto("/imports/")
    form = page.locator("form[data-busy-job]").first
    token = form.get_attribute("data-busy-job")
    # Hold the form on the page, as a slow upload would, while the server reports stages for its job.
    page.evaluate(
        "() => document.querySelector('form[data-busy-job]').addEventListener('submit', e => e.preventDefault())"
    )
    form.locator("button[type=submit]").click()
    status = form.locator("[role=status]")
    expect(status).to_contain_text("Uploading the files")
    jobs.record(token, "admin", "reading", 3, 12)
    expect(status).to_contain_text("Reading and checking the files 3 of 12", timeout=5000)
    jobs.record(token, "admin", "writing", 40, 90)
    expect(status).to_contain_text("Writing the case data 40 of 90", timeout=5000)
    expect(status).to_contain_text("seconds so far")
