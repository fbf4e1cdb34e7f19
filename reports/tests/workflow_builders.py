"""Builders of the workflow tests (test_services.py, test_views.py, test_browser.py): the
secretary and the council, drafting and PDF stand-ins that say what a test tells them, and a 2026
report created through the service. Imported by name into the test modules that use them."""

from __future__ import annotations

import pytest

from reports import documents, drafting, services
from reports.models import SectionKind

FIGURE = {"key": "meetings_held", "label": "Møder holdt", "value": 6, "text": "6 møder",
          "source": "/testraad/intern/moeder/"}


@pytest.fixture
def secretary(make_user):
    return make_user("sekretaer@example.org", name="Sara Sekretær")


@pytest.fixture
def council(make_council, secretary):
    return make_council(secretary=secretary)


@pytest.fixture
def fake_drafting(monkeypatch):
    """Drafting that says what the test tells it (``texts[kind]``), so a refresh has something to
    compare; the meetings section states one figure and carries a chart."""
    texts: dict[str, str] = {}

    def draft_section(*, kind, facts, council, boilerplate=""):
        body = texts.get(kind, f"<p>Udkast til {kind}. Rådet holdt 6 møder.</p>")
        figures = [dict(FIGURE)] if kind == SectionKind.MEETINGS else []
        if kind == SectionKind.MEETINGS:
            body += ('<svg role="img" viewBox="0 0 10 10"><title>Fremmøde</title>'
                     '<rect x="1" y="1" width="2" height="5" onclick="x()"></rect><script>alert(1)</script></svg>')
        if kind == SectionKind.INTRODUCTION and boilerplate:
            body += f"<p>{boilerplate}</p>"
        return drafting.Draft(title=str(SectionKind(kind).label), body=body, figures=figures)

    monkeypatch.setattr(drafting, "draft_section", draft_section)
    return texts


@pytest.fixture
def fake_pdf(monkeypatch):
    monkeypatch.setattr(documents, "report_pdf", lambda **kwargs: b"%PDF-1.7\n% udkast\n%%EOF\n")


@pytest.fixture
def report(council, secretary, fake_drafting):
    return services.report_create(council=council, year=2026, actor=secretary)


