"""The easy-read annual report (docs/workflows/easy-read.md): the starting point retells the
approved, published version section by section; the editor (for those who write the report)
saves with a version check and warns above LIX 34; publishing needs the published report; the
public page exists only then, links to and from the full report and has one h1 in Danish."""

import pytest

from core.errors import ApplicationError
from core.models import AuditEvent
from reports import services
from reports.models import EasyReadReport, ReportStatus
from reports.selectors.easyread import public_easy_report_exists, starting_text
from reports.tests.documents_builders import approve, published_report, report_with_sections

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretary(make_user):
    return make_user("sek@nordby.dk")


@pytest.fixture
def council(make_council, secretary):
    return make_council("nordby", name="Udsatterådet Nordby", secretary=secretary)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_starting_point_from_the_published_version(council):
    report, _version = published_report(council, year=2018)
    text = starting_text(report=report)
    assert text.startswith("[mennesker] Udsatterådet Nordby har skrevet om, hvad rådet lavede i 2018.")
    assert "# Indledning" in text and "- Kommunalbestyrelsen besluttede i juni 2017" in text
    assert "[spørgsmål] Vil du vide mere?" in text


def test_start_save_publish_and_the_public_page(client, council, secretary):
    report, _version = published_report(council, year=2018)
    draft = report_with_sections(council, year=2019)
    with pytest.raises(ApplicationError) as refused:
        services.easy_report_start(report=draft, actor=secretary)
    assert refused.value.code == "not_published"

    easy = services.easy_report_start(report=report, actor=secretary)
    result = services.easy_report_save(easy=easy, body="# Året\n\n[møde] Rådet holdt fire møder.",
                                       expected_version=0, actor=secretary)
    assert result.warning == "" and not public_easy_report_exists(report=report)
    assert client.get("/nordby/aarsberetninger/2018/letlaest/").status_code == 404

    services.easy_report_publish(easy=easy, actor=secretary)
    easy.refresh_from_db()
    assert easy.is_published and easy.lix is not None
    page = client.get("/nordby/aarsberetninger/2018/letlaest/").content.decode()
    assert page.count("<h1") == 1 and '<html lang="da">' in page
    assert "Det lavede rådet i 2018" in page and "Rådet holdt fire møder." in page
    assert 'href="/nordby/aarsberetninger/2018/"' in page and "data-read-aloud-play" in page
    full = client.get("/nordby/aarsberetninger/2018/").content.decode()
    assert 'href="/nordby/aarsberetninger/2018/letlaest/"' in full
    handout = client.get("/nordby/aarsberetninger/2018/letlaest/folder.pdf")
    assert handout.status_code == 200 and handout["Content-Type"] == "application/pdf"
    assert "/nordby/aarsberetninger/2018/letlaest/" in client.get("/sitemap.xml").content.decode()
    assert set(AuditEvent.objects.filter(object_type="reports.easyreadreport").values_list("action", flat=True)) == {
        "reports.easy_read.started", "reports.easy_read.saved", "reports.easy_read.published"}

    # Unpublishing the report hides its easy-read version too.
    type(report).objects.filter(pk=report.pk).update(status=ReportStatus.APPROVED)
    assert client.get("/nordby/aarsberetninger/2018/letlaest/").status_code == 404


def test_editor_for_writers_warns_above_the_target_and_keeps_both_texts_on_conflict(client, council, secretary,
                                                                                   add_member, make_user):
    report, _version = published_report(council, year=2018)
    client.force_login(secretary)
    url = f"/nordby/intern/aarsberetning/{report.pk}/letlaest/"
    page = client.get(url)
    assert page.status_code == 200 and "data-readability" in page.content.decode()
    assert not EasyReadReport.objects.exists()  # opening the editor writes nothing
    hard = ("Kommunalbestyrelsens socialudvalgsformandskab behandlede rådsmedlemmernes "
            "ansøgningsbehandlingsprocedurer vedrørende handicapkompensationsydelser grundigt igennem.")
    response = client.post(url, {"body": hard, "version": 0}, follow=True)
    assert "En letlæst tekst bør have LIX 34 eller derunder" in response.content.decode()
    conflict = client.post(url, {"body": "Min tekst.", "version": 0})
    assert conflict.status_code == 409
    assert "Min tekst." in conflict.content.decode() and "socialudvalgsformandskab" in conflict.content.decode()

    member_user = make_user("medlem@nordby.dk")
    add_member(council, "Mona Medlem", user=member_user)
    client.force_login(member_user)
    assert client.post(url, {"body": "Forsøg.", "version": 1}).status_code == 403
    assert client.get(url).status_code == 302
    assert EasyReadReport.objects.get().body == hard


def test_approved_but_unpublished_report_cannot_publish_its_easy_read(council, secretary):
    report = report_with_sections(council, year=2020)
    approve(report)
    report.status = ReportStatus.APPROVED
    report.save(update_fields=["status"])
    easy = EasyReadReport.objects.create(council=council, report=report, body="Tekst.")
    with pytest.raises(ApplicationError) as refused:
        services.easy_report_publish(easy=easy, actor=secretary)
    assert refused.value.code == "report_not_published"
