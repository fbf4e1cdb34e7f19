"""The annual report's internal pages through the Django test client: who may see and write what,
the edit form (sanitised, a collision answered 409 with both texts, a CPR number refused with the
text kept), the refresh diff, the workflow buttons, the documents, the year in figures on the
start page, several years side by side, and query counts that do not grow with the sections."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.templatetags.static import static
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.services.groups import working_group_create
from meetings.tests.plan_builders import make_meeting
from reports import services
from reports.models import AnnualReport, ReportSection, ReportStatus, SectionKind
from reports.tests import workflow_builders

secretary, council, fake_drafting, fake_pdf, report = (
    workflow_builders.secretary, workflow_builders.council, workflow_builders.fake_drafting,
    workflow_builders.fake_pdf, workflow_builders.report)

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    browser = Client()
    if user is not None:
        browser.force_login(user)
    return browser


def url(council, name, *args) -> str:
    return reverse(f"reports:{name}", args=[council.slug, *args])


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def people(council, secretary, make_user, add_member):
    """A working-group writer and a plain member of the council (both with logins)."""
    writer_user, plain_user = make_user("skribent@example.org"), make_user("medlem@example.org")
    writer = add_member(council, "Wilma Skribent", user=writer_user, start=dt.date(2026, 1, 1)).person
    add_member(council, "Palle Medlem", user=plain_user, start=dt.date(2026, 1, 1))
    group = working_group_create(council=council, name="Årsberetning 2026", members=[writer], actor=secretary)
    return {"writer": writer_user, "plain": plain_user, "group": group}


def _section(report, kind) -> ReportSection:
    return ReportSection.objects.get(report=report, kind=kind)


# --- Permissions -----------------------------------------------------------------------------------

def test_pages_need_a_login_and_the_council(council, report, client, make_user):
    response = client.get(url(council, "reports"))
    assert response.status_code == 302 and "/konto/log-ind/" in response["Location"]
    stranger = client_for(make_user("fremmed@example.org"))
    assert stranger.get(url(council, "report", report.pk)).status_code == 403


def test_plain_member_reads_but_may_not_write(council, report, people):
    member = client_for(people["plain"])
    page = html(member.get(url(council, "report", report.pk)))
    assert "Årsberetning 2026" in page and "Ret afsnittet" not in page and "Sæt på dagsordenen" not in page
    section = _section(report, SectionKind.THEMES)
    page = html(member.get(url(council, "section_edit", report.pk, section.pk)))
    assert 'data-testid="section-readonly"' in page and "<trix" not in page and 'name="body"' not in page
    page = html(member.get(url(council, "section_refresh", report.pk, section.pk)))
    assert 'data-testid="refresh-readonly"' in page and "Brug det nye udkast" not in page
    assert member.post(url(council, "section_refresh", report.pk, section.pk),
                       {"version": 0, "choice": "take"}).status_code == 403
    assert member.post(url(council, "section_edit", report.pk, section.pk),
                       {"title": "X", "body": "<p>Y</p>", "version": 0}).status_code == 403
    assert member.post(url(council, "section_include", report.pk, section.pk), {"included": "0"}).status_code == 403
    assert member.get(url(council, "report_create")).status_code == 403
    assert member.post(url(council, "report_publish", report.pk)).status_code == 403


def test_working_group_member_may_edit(council, report, people, secretary):
    services.report_update(report=report, title=report.title, members_on=None, working_group=people["group"],
                           actor=secretary)
    writer = client_for(people["writer"])
    section = _section(report, SectionKind.THEMES)
    page = html(writer.get(url(council, "report", report.pk)))
    assert "Ret afsnittet" in page and "Sæt på dagsordenen" not in page  # writes, does not manage
    response = writer.post(url(council, "section_edit", report.pk, section.pk),
                           {"title": "Temaer", "body": "<p>Skrevet af gruppen.</p>", "version": 0})
    assert response.status_code == 302
    assert _section(report, SectionKind.THEMES).body == "<p>Skrevet af gruppen.</p>"


def test_another_councils_report_is_a_404(council, report, make_council, make_user):
    other_secretary = make_user("anden@example.org")
    make_council("andetraad", secretary=other_secretary)
    other = client_for(other_secretary)
    assert other.get(reverse("reports:report", args=["andetraad", report.pk])).status_code == 404
    section = _section(report, SectionKind.THEMES)
    assert other.get(reverse("reports:section_edit", args=["andetraad", report.pk, section.pk])).status_code == 404


# --- Creating and editing --------------------------------------------------------------------------

def test_create_a_report_from_the_form(council, secretary, fake_drafting):
    sec = client_for(secretary)
    page = html(sec.get(url(council, "report_create")))
    assert "Dan beretningen" in page
    response = sec.post(url(council, "report_create"), {"period": "year", "year": "2026"})
    assert response.status_code == 302
    report = AnnualReport.objects.get(council=council)
    assert response["Location"] == url(council, "report", report.pk)
    assert report.sections.count() == len(services.DATA_KINDS)
    response = sec.post(url(council, "report_create"), {"period": "year", "year": "2026"})
    assert response.status_code == 400 and "allerede en beretning" in html(response)
    response = sec.post(url(council, "report_create"), {"period": "period"})
    assert response.status_code == 400 and "Skriv, hvornår perioden begynder." in html(response)


def test_edit_page_offers_the_editor_and_saves_sanitised(council, report, secretary):
    sec = client_for(secretary)
    section = _section(report, SectionKind.OUTLOOK)
    page = html(sec.get(url(council, "section_edit", report.pk, section.pk)))
    assert 'data-richtext="true"' in page
    assert static("trix/trix.umd.min.js") in page and static("reports/editor.js") in page
    response = sec.post(url(council, "section_edit", report.pk, section.pk),
                        {"title": "Fremad", "body": '<p onmouseover="x()">Godt år.</p><script>x()</script>',
                         "version": 0})
    assert response.status_code == 302
    assert _section(report, SectionKind.OUTLOOK).body == "<p>Godt år.</p>"


def test_cpr_in_the_text_is_refused_and_the_text_kept(council, report, secretary):
    sec = client_for(secretary)
    section = _section(report, SectionKind.OUTLOOK)
    response = sec.post(url(council, "section_edit", report.pk, section.pk),
                        {"title": "Fremad", "body": "<p>Lise (140385-1234) kom med.</p>", "version": 0})
    assert response.status_code == 400
    page = html(response)
    assert "CPR-nummer" in page and "Lise (140385-1234) kom med." in page


def test_a_collision_answers_409_with_both_texts(council, report, secretary):
    sec = client_for(secretary)
    section = _section(report, SectionKind.OUTLOOK)
    services.section_update(section=section, body="<p>Den andens tekst.</p>", expected_version=0, actor=secretary)
    response = sec.post(url(council, "section_edit", report.pk, section.pk),
                        {"title": "Fremad", "body": "<p>Min egen tekst.</p>", "version": 0})
    assert response.status_code == 409
    page = html(response)
    assert 'data-testid="section-conflict"' in page and "Den andens tekst." in page
    assert "Min egen tekst." in page  # kept in the field
    assert 'name="version" value="1"' in page


def test_refresh_shows_the_diff_and_takes_the_fresh_draft_only_on_request(council, report, secretary,
                                                                          fake_drafting):
    sec = client_for(secretary)
    section = _section(report, SectionKind.EVENTS)
    services.section_update(section=section, body="<p>Vores egen tekst om arrangementer.</p>", expected_version=0,
                            actor=secretary)
    fake_drafting[SectionKind.EVENTS] = "<p>Medlemmerne deltog i 4 arrangementer.</p>"
    page = html(sec.get(url(council, "section_refresh", report.pk, section.pk)))
    assert 'data-testid="refresh-diff"' in page and "<del>" in page and "<ins>" in page
    assert "Brug det nye udkast" in page and "Behold teksten" in page
    assert _section(report, SectionKind.EVENTS).body == "<p>Vores egen tekst om arrangementer.</p>"
    sec.post(url(council, "section_refresh", report.pk, section.pk), {"version": 1, "choice": "keep"})
    assert _section(report, SectionKind.EVENTS).body == "<p>Vores egen tekst om arrangementer.</p>"
    sec.post(url(council, "section_refresh", report.pk, section.pk), {"version": 1, "choice": "take"})
    assert _section(report, SectionKind.EVENTS).body == "<p>Medlemmerne deltog i 4 arrangementer.</p>"


def test_structure_buttons(council, report, secretary):
    sec = client_for(secretary)
    themes = _section(report, SectionKind.THEMES)
    sec.post(url(council, "section_move", report.pk, themes.pk), {"direction": "up"})
    assert _section(report, SectionKind.THEMES).position == themes.position - 1
    sec.post(url(council, "section_include", report.pk, themes.pk), {"included": "0"})
    assert not _section(report, SectionKind.THEMES).included
    response = sec.post(url(council, "section_add", report.pk), {"title": "Formandens hilsen"})
    custom = ReportSection.objects.get(report=report, kind=SectionKind.CUSTOM)
    assert response["Location"] == url(council, "section_edit", report.pk, custom.pk)
    response = sec.post(url(council, "section_add", report.pk), {"title": ""})
    assert response.status_code == 400 and "Skriv afsnittets overskrift." in html(response)


def test_hand_edited_figure_is_marked_on_the_report_page(council, report, secretary):
    section = _section(report, SectionKind.MEETINGS)
    services.section_update(section=section, body="<p>Rådet holdt syv møder.</p>", expected_version=0,
                            actor=secretary)
    page = html(client_for(secretary).get(url(council, "report", report.pk)))
    assert 'data-testid="hand-edited"' in page and "Rettet i hånden" in page
    assert f'href="{workflow_builders.FIGURE["source"]}"' in page
    assert "<svg" in page and "<script>alert" not in page and "onclick" not in page


# --- The workflow ----------------------------------------------------------------------------------

def test_agenda_approve_send_publish_from_the_page(council, report, secretary, fake_pdf):
    from meetings.models import Meeting, MeetingStatus
    from notifications.models import OutboxMessage

    sec = client_for(secretary)
    meeting = make_meeting(council, dt.date.today() + dt.timedelta(days=10))
    page = html(sec.get(url(council, "report", report.pk)))
    assert "Sæt på dagsordenen" in page
    sec.post(url(council, "report_agenda", report.pk), {"meeting": meeting.pk})
    report.refresh_from_db()
    assert report.status == ReportStatus.ON_AGENDA
    sec.post(url(council, "report_approve", report.pk))
    report.refresh_from_db()
    assert report.status == ReportStatus.ON_AGENDA  # not held yet: refused with a message
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD)
    sec.post(url(council, "report_approve", report.pk))
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    page = html(sec.get(url(council, "report", report.pk)))
    assert "SHA-256" in page and report.versions.get().sha256 in page and "Ret afsnittet" not in page
    frozen = _section(report, SectionKind.THEMES)
    page = html(sec.get(url(council, "section_edit", report.pk, frozen.pk)))
    assert "Beretningen er godkendt, så afsnittet kan ikke længere ændres." in page and 'name="body"' not in page
    response = sec.post(url(council, "section_edit", report.pk, frozen.pk), {"title": "X", "body": "Y", "version": 0})
    assert response.status_code == 302 and _section(report, SectionKind.THEMES).body == frozen.body
    response = sec.post(url(council, "report_send", report.pk), {"recipient_name": "Socialudvalget",
                                                                "recipient_email": "forkert"})
    assert response.status_code == 400 and "Skriv en gyldig e-mailadresse." in html(response)
    sec.post(url(council, "report_send", report.pk), {"recipient_name": "Socialudvalget",
                                                     "recipient_email": "su@kommune.dk"})
    assert OutboxMessage.objects.filter(kind="reports.report", to_address="su@kommune.dk").exists()
    sec.post(url(council, "report_publish", report.pk))
    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED


def test_documents_download(council, report, secretary, fake_pdf):
    sec = client_for(secretary)
    response = sec.get(url(council, "report_pdf", report.pk))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and "udkast.pdf" in response["Content-Disposition"]
    response = sec.get(url(council, "report_docx", report.pk))
    assert response.status_code == 200 and response.content[:2] == b"PK"


def test_boilerplate_page(council, secretary):
    sec = client_for(secretary)
    response = sec.post(url(council, "boilerplate"), {"text": "Råd som vores findes i mange kommuner."})
    assert response.status_code == 302
    assert "Råd som vores findes i mange kommuner." in html(sec.get(url(council, "boilerplate")))
    response = sec.post(url(council, "boilerplate"), {"text": "CPR 010203-1234"})
    assert response.status_code == 400 and "CPR-nummer" in html(response)


# --- Dashboard and several years -------------------------------------------------------------------

def test_year_in_figures_on_the_start_page(council, secretary, people):
    for user in (secretary, people["plain"]):
        page = html(client_for(user).get(reverse("councils:dashboard", args=[council.slug])))
        assert 'data-testid="year-in-figures"' in page and f"Året i tal {dt.date.today().year}" in page
        assert url(council, "years") in page


def test_several_years_page(council, secretary):
    response = client_for(secretary).get(url(council, "years"), {"til": "2026"})
    assert response.status_code == 200
    page = html(response)
    assert 'data-testid="years-table"' in page and "Rådets år 2022–2026" in page
    assert page.count('<svg role="img"') == 5


# --- Query budgets ---------------------------------------------------------------------------------

def _count(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_report_page_queries_do_not_grow_with_sections(council, report, secretary):
    sec = client_for(secretary)
    path = url(council, "report", report.pk)
    _count(sec, path)  # warm up (session, content types)
    before = _count(sec, path)
    for n in range(5):
        services.section_add_custom(report=report, title=f"Eget afsnit {n}", body="<p>Tekst.</p>", actor=secretary)
    assert _count(sec, path) == before
    assert before <= 20


def test_list_and_years_pages_keep_a_budget(council, report, secretary, fake_drafting):
    sec = client_for(secretary)
    _count(sec, url(council, "reports"))
    before = _count(sec, url(council, "reports"))
    services.report_create(council=council, year=2025, actor=secretary)
    assert _count(sec, url(council, "reports")) == before
    years = _count(sec, url(council, "years"))
    assert years <= 25


def test_a_section_with_a_table_is_edited_as_html(council, secretary, fake_drafting):
    fake_drafting[SectionKind.ECONOMY] = ("<p>Budget og forbrug:</p><table><tr><th scope=\"col\">Kategori</th>"
                                          "<th scope=\"col\">Forbrug</th></tr><tr><td>Diæter</td><td>1.000 kr.</td>"
                                          "</tr></table>")
    report = services.report_create(council=council, year=2026, actor=secretary)
    economy = _section(report, SectionKind.ECONOMY)
    assert "<table>" in economy.body and '<th scope="col">' in economy.body  # the table survives sanitising
    page = html(client_for(secretary).get(url(council, "section_edit", report.pk, economy.pk)))
    assert 'data-testid="html-editing"' in page
    assert 'data-testid="html-editing"' not in html(client_for(secretary).get(
        url(council, "section_edit", report.pk, _section(report, SectionKind.OUTLOOK).pk)))
