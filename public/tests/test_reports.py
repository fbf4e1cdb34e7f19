"""The public annual report pages: the archive, one published report as HTML and as PDF. Only a
published report exists publicly (a draft, an approved but unpublished report and another
council's report are 404), its text is the frozen version through the disclosure policy, and the
pages keep a query budget that does not grow with the report."""

import re

import pytest
from django.urls import reverse

from public.tests.crawler import pdf_text
from reports import documents
from reports.models import ReportSection, SectionKind
from reports.tests.documents_builders import SECTIONS, approve, published_report, report_with_sections

pytestmark = pytest.mark.django_db

HIDDEN = "Yrsa Skjultvedsen"   # a member who did not consent to publication
SHOWN = "Bodil Synligsen"      # a member who did


def _words(text: str) -> str:
    return " ".join(text.split())


def _main(html: str) -> str:
    return _words(re.sub(r"<[^>]+>", " ", html[html.index("<main"):html.index("</main>")]))


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_archive_lists_published_reports_only(client, council):
    published_report(council, year=2018)
    published_report(council, year=2019)
    approve(report_with_sections(council, year=2020))   # approved, not yet published
    report_with_sections(council, year=2021)            # a draft

    html = client.get(reverse("public:reports", args=["nordby"])).content.decode()
    main = _main(html)
    assert "Årsberetning 2019" in main and "Årsberetning 2018" in main
    assert main.index("Årsberetning 2019") < main.index("Årsberetning 2018")  # newest first
    assert 'data-year="2019"' in html and 'data-year="2020"' not in html and 'data-year="2021"' not in html
    assert 'href="/nordby/aarsberetninger/2018/pdf/"' in html


def test_the_report_page_shows_the_approved_version_in_danish_with_its_pdf(client, council):
    report, version = published_report(council)
    # An edit after approval is not what was approved: the page shows the frozen text.
    section = report.sections.get(kind=SectionKind.THEMES)
    section.body = "<p>Ændret efter godkendelsen.</p>"
    section.save()

    response = client.get("/nordby/aarsberetninger/2018/")
    html = response.content.decode()
    assert response.status_code == 200
    main = _main(html)
    assert "Ændret efter godkendelsen" not in main
    assert "Tandpleje blev udskudt til 2019." in main
    assert "Godkendt 3. april 2019 Offentliggjort 20. april 2019" in main
    # One h1, a section per h2 (contents + ten sections), the body's own headings below them.
    assert len(re.findall(r"<h1\b", html)) == 1
    titles = [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<h2\b[^>]*>(.*?)</h2>", html, re.S)]
    assert titles[-10:] == [title for _kind, title, _body in SECTIONS]
    assert "<h3>Rådets formål</h3>" in html and "<h2>Høringssvar om ungestrategien" not in html
    assert '<div lang="da" data-testid="report-text">' in html and '<h1 lang="da">' in html
    # The economy table in the design system's look; the chart with its accessible name.
    assert '<table class="table table--compact"><caption>Budget og forbrug 2018</caption>' in html
    assert 'role="img"' in html and "Fremmøde pr. møde i 2018" in html
    assert 'href="/nordby/aarsberetninger/2018/pdf/"' in html

    pdf = client.get("/nordby/aarsberetninger/2018/pdf/")
    assert pdf["Content-Type"] == "application/pdf"
    assert 'filename="aarsberetning-2018-udsatteraadet-nordby.pdf"' in pdf["Content-Disposition"]
    data = pdf.getvalue()  # a kept file, streamed
    text = _words(pdf_text(data))
    assert "Årsberetning 2018" in text and "Bilag: høringssvar og kommentarer" in text
    assert "Ændret efter godkendelsen" not in text
    # Kept as a file under the version's hash: the second download is the same bytes.
    from core.models import GeneratedDocument

    kept = GeneratedDocument.objects.get(council=council, kind="reports.report.public")
    assert kept.key == version.sha256
    assert client.get("/nordby/aarsberetninger/2018/pdf/").getvalue() == data


@pytest.mark.parametrize("state", ["draft", "approved"])
def test_a_report_that_is_not_published_does_not_exist_publicly(client, council, state):
    report = report_with_sections(council)
    if state == "approved":
        approve(report)
    for url in ("/nordby/aarsberetninger/2018/", "/nordby/aarsberetninger/2018/pdf/"):
        assert client.get(url).status_code == 404
    assert "2018" not in _main(client.get("/nordby/aarsberetninger/").content.decode())
    assert "aarsberetninger/2018" not in client.get("/nordby/").content.decode()


def test_another_councils_report_is_not_on_this_councils_pages(client, council, other_council):
    published_report(other_council)
    assert client.get("/sydby/aarsberetninger/2018/").status_code == 200
    for url in ("/nordby/aarsberetninger/2018/", "/nordby/aarsberetninger/2018/pdf/",
                "/nordby/aarsberetninger/2017/"):
        assert client.get(url).status_code == 404
    assert "Årsberetning 2018" not in _main(client.get("/nordby/aarsberetninger/").content.decode())


def test_the_council_home_links_to_the_newest_report_and_the_archive(client, council):
    published_report(council, year=2018)
    html = client.get("/nordby/").content.decode()
    assert 'href="/nordby/aarsberetninger/2018/">Læs rådets årsberetning for 2018</a>' in html
    assert "tidligere årsberetninger" not in html
    published_report(council, year=2019)
    html = client.get("/nordby/").content.decode()
    assert 'href="/nordby/aarsberetninger/2019/">Læs rådets årsberetning for 2019</a>' in html
    assert 'href="/nordby/aarsberetninger/">tidligere årsberetninger</a>' in html


def test_the_sitemap_lists_the_report_and_its_pdf(client, council, other_council):
    published_report(council)
    approve(report_with_sections(other_council))  # not published: not listed
    xml = client.get("/sitemap.xml").content.decode()
    assert "/nordby/aarsberetninger/2018/</loc>" in xml and "/nordby/aarsberetninger/2018/pdf/</loc>" in xml
    assert "/nordby/aarsberetninger/</loc>" in xml
    assert "/sydby/aarsberetninger/2018/" not in xml


def test_no_name_without_consent_on_the_public_report(client, make_council, add_member):
    import datetime as dt

    council = make_council("nordby", term_start=dt.date(2018, 1, 1), term_end=dt.date(2021, 12, 31))
    add_member(council, HIDDEN, publish=False, start=dt.date(2018, 2, 1))
    add_member(council, SHOWN, publish=True, start=dt.date(2018, 2, 1))
    sections = [*SECTIONS[:1],
                (SectionKind.COMPOSITION, "Sammensætning",
                 f"<p>{HIDDEN} og {SHOWN} trådte ind i rådet. {HIDDEN}s forslag om natcaféen blev vedtaget.</p>"),
                *SECTIONS[2:]]
    published_report(council, sections=sections)

    html = client.get("/nordby/aarsberetninger/2018/").content.decode()
    pdf = _words(pdf_text(client.get("/nordby/aarsberetninger/2018/pdf/").getvalue()))
    for text in (html, pdf):
        squeezed = re.sub(r"\s+", "", text)
        assert "Skjultvedsen" not in squeezed and "Yrsa" not in text
        assert SHOWN in _words(text)  # the consenting member is named (the test can fail)
    # Named people first, the others by their role (the disclosure policy's way with a list).
    assert "Bodil Synligsen og et medlem trådte ind i rådet. Et medlems forslag om natcaféen" in _main(html)
    # The internal draft of the same text shows what members see.
    report = report_with_sections(council, year=2019, sections=sections)
    assert HIDDEN in _words(pdf_text(documents.report_pdf(report=report)))


def test_the_report_page_keeps_its_query_budget(client, council, django_assert_max_num_queries):
    report, _version = published_report(council)
    client.get("/nordby/aarsberetninger/2018/")  # warm the session and caches
    with django_assert_max_num_queries(6) as small:  # council, report, version, the disclosure policy
        assert client.get("/nordby/aarsberetninger/2018/").status_code == 200
    many = SECTIONS[:-1] + [(SectionKind.CUSTOM, f"Eget afsnit {n}", f"<p>Tekst {n}.</p>") for n in range(20)] \
        + SECTIONS[-1:]
    published_report(council, year=2019, sections=many)
    assert ReportSection.objects.filter(report__year=2019).count() == 30
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get("/nordby/aarsberetninger/2019/").status_code == 200
    with django_assert_max_num_queries(4):  # council, reports, their versions
        assert client.get("/nordby/aarsberetninger/").status_code == 200
