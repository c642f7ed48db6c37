"""Response headers that keep children's data out of caches and injected scripts off the page."""

import base64
import hashlib
import re

import pytest

from oversight.accounts import roles

pytestmark = pytest.mark.django_db


def test_the_csp_allows_exactly_the_inline_script_on_the_page(client_for):
    response = client_for(roles.SENIOR_MANAGER).get("/")
    policy = response["Content-Security-Policy"]
    inline = re.findall(r"<script>(.*?)</script>", response.content.decode(), re.S)
    assert len(inline) == 1
    digest = base64.b64encode(hashlib.sha256(inline[0].encode()).digest()).decode()
    script_src = next(part for part in policy.split("; ") if part.startswith("script-src"))
    assert script_src == f"script-src 'self' 'sha256-{digest}'"
    assert "'unsafe-inline'" not in script_src and "frame-ancestors 'none'" in policy


def test_other_scripts_come_from_static_files(client_for):
    html = client_for(roles.SENIOR_MANAGER).get("/").content.decode()
    assert re.findall(r"<script[^>]*src=\"([^\"]+)\"", html) == ["/static/oversight/init.js"]


@pytest.mark.parametrize("path", ["/", "/children/", "/accounts/login/", "/no/such/page/"])
def test_pages_are_not_cached(client_for, path):
    response = client_for(roles.ADMINISTRATOR).get(path)
    assert response["Cache-Control"] == "no-store"
    assert "Content-Security-Policy" in response


def test_the_sign_in_redirect_carries_the_headers_too(client):
    response = client.get("/children/")
    assert response.status_code == 302
    assert response["Cache-Control"] == "no-store" and "Content-Security-Policy" in response
    assert response["X-Frame-Options"] == "DENY" and response["X-Content-Type-Options"] == "nosniff"


def test_no_template_has_a_script_the_policy_would_block():
    """Inline scripts and on* handlers are blocked by the CSP, so a page using one would silently break."""
    from pathlib import Path

    import oversight

    root = Path(oversight.__file__).parent
    offenders = []
    for path in root.rglob("templates/**/*.html"):
        text = path.read_text()
        if path.parts[-2:] == ("templates", "base.html"):
            text = text.replace("<script>document.body.className", "", 1)
        for pattern in (r"<script(?![^>]*\bsrc=)[^>]*>", r"\son[a-z]+\s*=", r"javascript:"):
            offenders += [f"{path.relative_to(root)}: {m}" for m in re.findall(pattern, text, re.I)]
    assert offenders == []
