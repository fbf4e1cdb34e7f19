"""Security headers and limits on every response: the Content-Security-Policy on HTML pages
with no inline script anywhere in the templates, Cache-Control on internal pages, uploads
refused by size before the body is read, and a clean ``check --deploy`` in production."""

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


@pytest.fixture
def council(make_council, make_user):
    secretary = make_user("sekretaer@example.org")
    return make_council("nordby", secretary=secretary), secretary


# --- Content-Security-Policy -------------------------------------------------------------------

def csp(response) -> dict[str, list[str]]:
    directives = [part.strip().split() for part in response["Content-Security-Policy"].split(";") if part.strip()]
    return {d[0]: d[1:] for d in directives}


@pytest.mark.parametrize("path", ["/", "/konto/log-ind/", "/nordby/", "/tilgaengelighed/", "/findes-ikke/"])
def test_html_pages_forbid_inline_script_and_style(client, council, path):
    policy = csp(client.get(path))

    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"] and policy["default-src"] == ["'self'"]
    assert not any("unsafe" in source for sources in policy.values() for source in sources)


def test_internal_pages_have_the_policy_too(client, council):
    _, secretary = council
    client.force_login(secretary)

    assert csp(client.get("/nordby/intern/"))["script-src"] == ["'self'"]


def test_files_and_feeds_get_no_page_policy(client, council):
    assert "Content-Security-Policy" not in client.get("/healthz")
    assert "Content-Security-Policy" not in client.get("/sitemap.xml")


def _templates():
    for config in apps.get_app_configs():
        folder = Path(config.path) / "templates"
        if folder.is_dir() and ROOT in folder.parents and (ROOT / ".venv") not in folder.parents:
            yield from (p for p in folder.rglob("*.html") if "pdf" not in p.parts)  # PDFs: WeasyPrint, not a browser


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "an inline <script>"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "an on… event handler attribute"),
    (re.compile(r"javascript:", re.I), "a javascript: URL"),
    (re.compile(r"\sstyle\s*=\s*[\"']", re.I), "a style attribute"),
    (re.compile(r"<style", re.I), "a <style> block"),
    (re.compile(r"\shx-on", re.I), "an hx-on handler (needs eval)"),
]


def _markup(text: str) -> str:
    """The template without Django tags and comments (``{% include … with style="x" %}`` is not
    HTML), each replaced by spaces so line numbers stay right."""
    blank = lambda match: re.sub(r"[^\n]", " ", match.group(0))  # noqa: E731
    return re.sub(r"{%.*?%}|{#.*?#}", blank, re.sub(r"{% comment %}.*?{% endcomment %}", blank, text, flags=re.S))


def test_no_template_has_inline_script_or_style():
    found = []
    for template in _templates():
        text = _markup(template.read_text())
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                line = text[:match.start()].count("\n") + 1
                found.append(f"{template.relative_to(ROOT)}:{line}: {what}")
    assert list(_templates()), "no templates found"
    assert found == []


def test_base_configures_htmx_for_the_policy_and_loads_scripts_as_files(client, council):
    page = client.get("/").content.decode()

    config = re.search(r'<meta name="htmx-config" content=\'([^\']+)\'>', page).group(1)
    import json

    config = json.loads(config)
    assert config["includeIndicatorStyles"] is False and config["allowEval"] is False
    swapped = [rule for rule in config["responseHandling"] if rule.get("swap")]
    assert any(re.fullmatch(rule["code"], "400") for rule in swapped)  # refused forms are swapped in place
    assert any(re.fullmatch(rule["code"], "429") for rule in swapped)
    assert re.search(r'<script src="/static/core/stemme\.[0-9a-f]{12}\.js" defer></script>', page)
    assert (ROOT / "core" / "static" / "core" / "stemme.js").exists()


# --- Cache-Control -------------------------------------------------------------------------------

def no_store(response) -> bool:
    value = response.get("Cache-Control", "")
    return "private" in value and "no-store" in value and "public" not in value


def test_internal_pages_are_private_and_not_stored(client, council):
    _, secretary = council
    client.force_login(secretary)

    for path in ("/nordby/intern/", "/nordby/intern/medlemmer/", "/konto/", "/nordby/intern/moeder/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert no_store(response), (path, response.get("Cache-Control"))


def test_login_and_password_pages_are_not_stored(client, db):
    assert no_store(client.get("/konto/log-ind/"))
    assert no_store(client.get("/konto/glemt-adgangskode/"))


def test_a_public_page_seen_by_a_logged_in_user_is_not_stored(client, council):
    """It carries the user's name in the header."""
    _, secretary = council
    client.force_login(secretary)

    assert no_store(client.get("/nordby/"))


def test_an_anonymous_public_page_is_not_made_private(client, council):
    assert "no-store" not in client.get("/nordby/").get("Cache-Control", "")


def test_a_redirect_to_login_from_an_internal_page_is_not_stored(client, council):
    response = client.get("/nordby/intern/")

    assert response.status_code == 302 and no_store(response)


# --- Uploads refused by size before the body is read -------------------------------------------

class CountingStream(io.BytesIO):
    """wsgi.input that counts what the server read of the body."""

    def __init__(self, data):
        super().__init__(data)
        self.consumed = 0

    def read(self, size=-1):
        chunk = super().read(size)
        self.consumed += len(chunk)
        return chunk


@pytest.fixture
def expense(council):
    import datetime as dt

    from finance import services as finance_services

    council, secretary = council
    finance_services.budget_set(council=council, year=2026, amount=40000, actor=secretary)
    expense = finance_services.expense_create(council=council, date=dt.date(2026, 3, 1), category="catering",
                                              amount=500, description="Kaffe", actor=secretary)
    return council, secretary, expense


def _post_receipt(client, council, expense, payload: bytes, *, content_length=None):
    from django.urls import reverse

    body = encode_multipart(BOUNDARY, {"file": SimpleUploadedFile("kvittering.pdf", payload, "application/pdf")})
    stream = CountingStream(body)
    url = reverse("finance:receipt_add", args=[council.slug, expense.pk])
    response = client.generic("POST", url, body, content_type=MULTIPART_CONTENT,
                              **{"wsgi.input": stream, "CONTENT_LENGTH": str(content_length or len(body))})
    return response, stream, len(body)


def test_a_declared_too_large_upload_is_refused_before_reading_the_body(client, expense, settings):
    council, secretary, expense = expense
    settings.STEMME_MAX_UPLOAD_BYTES = 512 * 1024
    client.force_login(secretary)

    response, stream, size = _post_receipt(client, council, expense, b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024))

    assert response.status_code == 413
    assert stream.consumed == 0 and size > 2 * 1024 * 1024
    page = response.content.decode()
    assert "Filen er for stor" in page and "En fil må højst fylde 0,5 MB. Intet er gemt." in page
    assert '<html lang="da">' in page and "<footer" in page
    assert not expense.receipts.exists()


def test_a_file_past_the_limit_within_the_body_allowance_is_refused_on_the_form(client, expense, settings):
    """Content-Length within the allowance for the form, but the file is larger than a file may be:
    the handler stores no more than the limit, and the form refuses the file by its real size,
    naming it as a receipt."""
    council, secretary, expense = expense
    settings.STEMME_MAX_UPLOAD_BYTES = 512 * 1024
    client.force_login(secretary)

    response, stream, size = _post_receipt(client, council, expense, b"%PDF-1.4\n" + b"0" * (1200 * 1024))

    assert response.status_code == 400
    assert "Filen “kvittering.pdf” er for stor (1,2 MB). En kvittering må højst fylde 0,5 MB." in \
        response.content.decode()
    assert not expense.receipts.exists()


def test_the_size_handler_stores_one_byte_past_the_limit_and_counts_the_rest(settings):
    from django.test import RequestFactory

    from core.upload_limits import SizeLimitUploadHandler

    settings.STEMME_MAX_UPLOAD_BYTES = 10
    request = RequestFactory().post("/")
    handler = SizeLimitUploadHandler(request)
    handler.new_file("file", "stor.pdf", "application/pdf", 100)

    passed = [handler.receive_data_chunk(chunk, 0) for chunk in (b"12345678", b"abcdef", b"XYZ")]

    assert passed == [b"12345678", b"abc", None]
    assert request.upload_sizes == {"file": 17}


def test_a_file_within_the_limit_still_arrives(client, expense, settings):
    council, secretary, expense = expense
    settings.STEMME_MAX_UPLOAD_BYTES = 512 * 1024
    client.force_login(secretary)
    payload = b"%PDF-1.4\n" + b"0" * (50 * 1024) + b"\n%%EOF\n"

    response, stream, size = _post_receipt(client, council, expense, payload)

    assert response.status_code == 302
    assert stream.consumed == size
    assert expense.receipts.count() == 1


# --- Production settings -----------------------------------------------------------------------

def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {**os.environ, "DJANGO_ENV": "production",
           "SECRET_KEY": "x" * 20 + "-a-long-random-production-key-9f3b7c1e5d",
           "ALLOWED_HOSTS": "stemme.kommune.example", "STEMME_BASE_URL": "https://stemme.kommune.example",
           "SQLITE_PATH": str(tmp_path / "deploy.sqlite3")}
    for name in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"):  # the test run sets the latter for Playwright
        env.pop(name, None)
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=120)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
