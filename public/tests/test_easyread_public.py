"""Public easy-read pages, read aloud, posters, handouts and short links
(docs/workflows/easy-read.md): the easy-read minutes exist only once both they and the full
minutes are published, link to and from the full minutes, show pictograms as decorative, and are
in the sitemap; every page kind with the read-aloud button has lang="da", one h1 and no skipped
heading level; the poster (A4) and the handout (two A5 on A4 landscape) carry the council's name,
the title, the short address, the QR code and the phone, and render to a non-blank image; a short
link resolves only while its page is public."""

import datetime as dt
import io
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.templatetags.static import static
from pypdf import PdfReader

from meetings.models import Meeting, MeetingStatus
from meetings.services import easyread as services
from meetings.tests.easyread_builders import at, held_meeting, make_board, publish_minutes
from public import posters, shortlinks
from public.tests.crawler import pdf_text

pytestmark = pytest.mark.django_db

A4 = (595.3, 841.9)  # points, portrait
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def board(make_council, add_member, make_user):
    return make_board(make_council, add_member, make_user)


@pytest.fixture
def published(board):
    council, people, secretary = board
    meeting = publish_minutes(held_meeting(council, people, secretary))
    easy = services.easy_read_minutes_start(meeting=meeting, actor=secretary)
    services.easy_read_minutes_publish(easy=easy, actor=secretary)
    return meeting


class Headings(HTMLParser):
    def __init__(self):
        super().__init__()
        self.levels, self.lang = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
            self.levels.append(int(tag[1]))


def outline(html: str) -> Headings:
    parser = Headings()
    parser.feed(html)
    return parser


def test_pages_with_read_aloud_have_danish_one_h1_and_no_skipped_heading(client, published, board):
    council, people, secretary = board
    coming = Meeting.objects.create(council=council, title="Næste møde", starts_at=at(dt.date(2030, 1, 8)),
                                    ends_at=at(dt.date(2030, 1, 8), 18), status=MeetingStatus.AGENDA_PUBLISHED)
    pages = {"agenda": f"/nordby/moeder/{coming.pk}/", "minutes": f"/nordby/moeder/{published.pk}/",
             "easy_read": f"/nordby/moeder/{published.pk}/letlaest/"}
    for kind, path in pages.items():
        response = client.get(path)
        assert response.status_code == 200, kind
        html = response.content.decode()
        found = outline(html)
        assert found.lang == "da", kind
        assert found.levels.count(1) == 1 and found.levels[0] == 1, (kind, found.levels)
        assert all(b - a <= 1 for a, b in zip(found.levels, found.levels[1:], strict=False)), (kind, found.levels)
        assert "data-read-aloud-play" in html and static("public/read_aloud.js") in html, kind


def test_easy_read_page_links_both_ways_and_escapes_the_text(client, published, board):
    _council, _people, secretary = board
    easy = published.easy_reads.get()
    services.easy_read_minutes_save(easy=easy, body=easy.body + "\n\n<b>fed</b> Erik Skjult siger hej.",
                                    expected_version=easy.version, actor=secretary)
    full = client.get(f"/nordby/moeder/{published.pk}/").content.decode()
    assert f'href="/nordby/moeder/{published.pk}/letlaest/"' in full and "Læs en letlæst udgave" in full
    page = client.get(f"/nordby/moeder/{published.pk}/letlaest/").content.decode()
    assert "Det besluttede rådet den 7. april 2026" in page
    assert f'href="/nordby/moeder/{published.pk}/"' in page  # back to the full minutes
    assert "&lt;b&gt;fed&lt;/b&gt;" in page and "<b>fed</b>" not in page
    assert "Erik Skjult" not in page and "et medlem siger hej." in page.lower()
    assert f'src="{static("public/pictograms/decision.svg")}" alt="" aria-hidden="true"' in page
    assert "Jens Jensen" not in page and "Hemmelig" not in page
    assert f"/nordby/moeder/{published.pk}/letlaest/plakat.pdf" in page
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"/nordby/moeder/{published.pk}/letlaest/" in sitemap


def test_easy_read_is_404_until_published_and_while_the_minutes_are_not(client, board):
    council, people, secretary = board
    meeting = held_meeting(council, people, secretary)
    easy = services.easy_read_minutes_start(meeting=meeting, actor=secretary)
    assert client.get(f"/nordby/moeder/{meeting.pk}/letlaest/").status_code == 404
    publish_minutes(meeting)
    assert client.get(f"/nordby/moeder/{meeting.pk}/letlaest/").status_code == 404  # a draft
    services.easy_read_minutes_publish(easy=easy, actor=secretary)
    assert client.get(f"/nordby/moeder/{meeting.pk}/letlaest/").status_code == 200
    code = shortlinks.short_path("easy_minutes", meeting.pk)
    assert client.get(code).headers["Location"] == f"/nordby/moeder/{meeting.pk}/letlaest/"
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.MINUTES_APPROVED)
    assert client.get(f"/nordby/moeder/{meeting.pk}/letlaest/").status_code == 404
    assert client.get(code).status_code == 404
    assert "/letlaest/" not in client.get("/sitemap.xml").content.decode()


def test_easy_read_page_query_budget_is_flat(client, published, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        assert client.get(f"/nordby/moeder/{published.pk}/letlaest/").status_code == 200


def test_short_codes_round_trip_and_refuse_typos(client, published):
    for kind in shortlinks.KINDS:
        for pk in (1, 35, 36, 1295, 10**7):
            code = shortlinks.short_code(kind, pk)
            assert shortlinks.decode(code) == (kind, pk) and len(code) <= 7
    good = shortlinks.short_code("meeting", published.pk)
    assert client.get(f"/s/{good}/").headers["Location"] == f"/nordby/moeder/{published.pk}/"
    typo = good[:-1] + ("0" if good[-1] != "0" else "1")
    assert client.get(f"/s/{typo}/").status_code == 404
    assert client.get("/s/zz/").status_code == 404 and client.get("/s/m!x/").status_code == 404
    assert client.get(f"/s/{shortlinks.short_code('event', 10**6)}/").status_code == 404
    Meeting.objects.filter(pk=published.pk).update(public=False)
    assert client.get(f"/s/{good}/").status_code == 404


def _png_is_not_blank(pdf: bytes, tmp_path) -> bytes:
    (tmp_path / "doc.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(tmp_path / "doc.pdf"),
                    str(tmp_path / "page")], check=True)
    png = next(tmp_path.glob("page*.png")).read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 2_000  # a blank page compresses to a few hundred bytes
    return png


def test_meeting_poster_is_a4_with_name_title_short_url_qr_and_phone(client, board, tmp_path, settings):
    council, people, secretary = board
    meeting = Meeting.objects.create(council=council, title="Borgermøde om bænke", location="Rådhuset",
                                     starts_at=at(dt.date(2030, 5, 6)), ends_at=at(dt.date(2030, 5, 6), 18))
    page = client.get(f"/nordby/moeder/{meeting.pk}/").content.decode()
    assert f'href="/nordby/moeder/{meeting.pk}/plakat.pdf"' in page and "Print plakat" in page
    response = client.get(f"/nordby/moeder/{meeting.pk}/plakat.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = response.getvalue()  # a kept file, streamed
    reader = PdfReader(io.BytesIO(pdf))
    box = reader.pages[0].mediabox
    assert len(reader.pages) == 1 and (round(float(box.width), 1), round(float(box.height), 1)) == A4
    text = " ".join(pdf_text(pdf).split())
    short = "testserver" + shortlinks.short_path("meeting", meeting.pk).rstrip("/")
    for expected in ("Udsatterådet", "Borgermøde om bænke", "Rådhuset", "Kl. 16.00–18.00", short, "43 21 12 34"):
        assert expected in text, expected
    assert council.name in text
    _png_is_not_blank(pdf, tmp_path)


def test_the_qr_code_encodes_the_absolute_short_url():
    url = "https://stemme.example/s/m1x7/"
    svg = posters.qr_svg(url)
    assert svg.startswith("<svg") and "viewBox" in svg
    again = posters.qr_code(url)
    # segno is deterministic: the same URL gives the same matrix, and another URL another one.
    assert list(again.matrix) == list(posters.qr_code(url).matrix)
    assert list(again.matrix) != list(posters.qr_code(url.replace("m1x7", "m1x8")).matrix)
    assert posters.printed_url(url) == "stemme.example/s/m1x7"


def test_handout_is_two_a5_copies_on_a4_landscape(client, published, tmp_path):
    response = client.get(f"/nordby/moeder/{published.pk}/letlaest/folder.pdf")
    assert response.status_code == 200
    handout = response.getvalue()  # a kept file, streamed
    reader = PdfReader(io.BytesIO(handout))
    box = reader.pages[0].mediabox
    assert len(reader.pages) == 1 and (round(float(box.width), 1), round(float(box.height), 1)) == A4[::-1]
    text = " ".join(pdf_text(handout).split())
    assert text.count("Det besluttede rådet den 7. april 2026") == 2  # the same A5 page twice
    assert text.count("43 21 12 34") >= 2
    assert text.count("testserver" + shortlinks.short_path("easy_minutes", published.pk).rstrip("/")) == 2
    poster = client.get(f"/nordby/moeder/{published.pk}/letlaest/plakat.pdf")
    poster_pdf = poster.getvalue()
    assert poster.status_code == 200 and "Letlæst referat".upper() in pdf_text(poster_pdf).upper()
    _png_is_not_blank(handout, tmp_path)
    if ARTIFACTS.is_dir():  # for a person to look at (make test keeps test-artifacts/)
        (ARTIFACTS / "easy-read-handout.pdf").write_bytes(handout)
        (ARTIFACTS / "easy-read-poster.pdf").write_bytes(poster_pdf)
