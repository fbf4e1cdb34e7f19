"""Fixtures for the library tests: an udsatteråd with its secretary (Carina) and a member (Mads
Lund), and another council with a secretary of its own that must never see any of it. Files go
to a temporary MEDIA_ROOT."""

import io
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from library import services

REPORT_TITLE = "Rapport om Bisidderordninger for socialt udsatte"
REPORT_SOURCE = "Rådet for Socialt Udsatte"
# A Windows program: refused whatever its name says.
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" + b"\x00" * 200


def pdf_bytes() -> bytes:
    from meetings.tests.agenda_builders import pdf_bytes as make

    return make()


def docx_bytes() -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def upload(name: str = "rapport.pdf", content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes() if content is None else content,
                              content_type="application/octet-stream")


@dataclass
class Library:
    council: object
    secretary: object
    member: object
    other: object            # a council in another municipality
    other_secretary: object

    def url(self, document=None, suffix: str = "", council=None) -> str:
        base = f"/{(council or self.council).slug}/intern/bibliotek/"
        return f"{base}{document.pk}/{suffix}" if document is not None else f"{base}{suffix}"

    def add(self, title: str = REPORT_TITLE, *, council=None, tags=("bisidder",), file=None, url="", **fields):
        """A document through the real service (a link unless a file is given)."""
        if file is None and not url:
            url = "https://udsatte.dk/rapport"
        return services.document_create(council=council or self.council, title=title, tags=list(tags), file=file,
                                        url=url, actor=self.secretary, **fields)


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def lib(make_council, make_user, add_member, media_root) -> Library:
    secretary = make_user("carina@kommune.dk", name="Carina Sekretær")
    council = make_council("udsatteraadet", secretary=secretary, name="Udsatterådet i Albertslund")
    member = make_user("mads@example.org", name="Mads Lund")
    add_member(council, "Mads Lund", user=member, email="mads@example.org")
    other_secretary = make_user("tove@kommune.dk", name="Tove Tredje")
    other = make_council("tredjeraad", secretary=other_secretary, name="Udsatterådet i Tredjeby")
    return Library(council=council, secretary=secretary, member=member, other=other,
                   other_secretary=other_secretary)


@pytest.fixture
def client_for(client):
    from django.test import Client

    def make(user):
        browser = Client()
        if user is not None:
            browser.force_login(user)
        return browser

    return make


def make_theme(council, title="Bisidderordning", year=2026):
    from activities.models import Theme

    return Theme.objects.create(council=council, title=title, year=year)
