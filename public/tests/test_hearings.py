"""The public pages for consultation responses and comment letters (no login): only sent and
published letters are shown — joint responses on every partner's page — newest first with date,
recipient and outcome; the letter as PDF read back; unsent, unpublished or another council's
letters are a 404; drafts, comments on drafts and unsent comments never leak; the sitemap lists
the pages; the list's query count does not grow with the number of letters."""

import datetime as dt
import io
import re

import pytest
from django.utils import timezone

from councils.models import Municipality
from councils.services import position_assign
from hearings.models import (
    CommentLetter,
    Committee,
    CommitteeAgendaItem,
    CommitteeMeeting,
    Consultation,
    ConsultationPartner,
    ConsultationStatus,
    DraftComment,
    ItemComment,
    LetterStatus,
)

pytestmark = pytest.mark.django_db
S = ConsultationStatus


def main(response) -> str:
    body = response.content.decode()
    return body[body.index("<main"):body.index("</main>")]


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


# --- Builders -------------------------------------------------------------------------------------

@pytest.fixture
def world(make_council, add_member):
    """Udsatterådet and Handicaprådet in Albertslund, a council elsewhere, SUS and BSU."""
    muni = Municipality.objects.create(slug="albertslund", name="Albertslund")
    term = {"term_start": dt.date(2018, 1, 1), "term_end": dt.date(2021, 12, 31)}
    udsat = make_council("albertslund", name="Udsatterådet i Albertslund", **term)
    handicap = make_council("albertslund-hr", name="Handicaprådet i Albertslund", **term)
    other = make_council("roskilde", name="Udsatterådet i Roskilde", **term)
    for council in (udsat, handicap):
        council.municipality = muni
        council.email = f"{council.slug}@albertslund.dk"
        council.save()
    chair = add_member(udsat, "Anna Jensen", start=dt.date(2018, 1, 1))
    position_assign(council=udsat, person=chair.person, kind="chair", start=dt.date(2018, 1, 1))
    hchair = add_member(handicap, "Bo Hansen", start=dt.date(2018, 1, 1))
    position_assign(council=handicap, person=hchair.person, kind="chair", start=dt.date(2018, 1, 1))
    sus = Committee.objects.create(municipality=muni, name="Social- og Sundhedsudvalget", abbreviation="SUS")
    bsu = Committee.objects.create(municipality=muni, name="Børne- og Skoleudvalget", abbreviation="BSU")
    return type("World", (), {"udsat": udsat, "handicap": handicap, "other": other, "sus": sus, "bsu": bsu,
                              "muni": muni})


def consultation(council, *, title="Ungestrategi 2019", status=S.SENT, sent=dt.date(2019, 3, 12), published=True,
                 outcome="", committee=None, recipient="Børne- og Skoleudvalget",
                 sent_text="Rådet takker for høringen.\n\nStrategien bør have et mål for unge uden bolig.",
                 draft="UDKAST: hemmelig formulering"):
    return Consultation.objects.create(
        council=council, title=title, committee=committee, sender="Børne- og Ungeforvaltningen",
        received_on=sent - dt.timedelta(days=30), deadline=sent + dt.timedelta(days=2), status=status,
        recipient_name=recipient, recipient_email="bsu@albertslund.dk", draft=draft,
        sent_at=at(sent) if status in (S.SENT, S.OUTCOME) else None,
        sent_text=sent_text if status in (S.SENT, S.OUTCOME) else "", outcome=outcome,
        outcome_recorded_at=at(sent + dt.timedelta(days=60)) if outcome else None, published=published)


def comment_letter(council, committee, *, day=dt.date(2018, 3, 6), status=LetterStatus.SENT, published=True,
                   comment="Politikken bør nævne socialt udsatte borgere."):
    meeting = CommitteeMeeting.objects.create(municipality=committee.municipality, committee=committee,
                                              starts_at=at(day, 16))
    item = CommitteeAgendaItem.objects.create(municipality=committee.municipality, meeting=meeting, number=3,
                                              case_code="SUS/ØU/KB",
                                              title="Udarbejdelse af ny Sundhedspolitik 2018")
    ItemComment.objects.create(council=council, item=item, relevant=True, text="UKLAR KLADDE der ikke blev sendt")
    sent = status == LetterStatus.SENT
    sections = [{"heading": "Punkt 3. SUS/ØU/KB – Udarbejdelse af ny Sundhedspolitik 2018", "text": comment,
                 "number": 3, "case_code": "SUS/ØU/KB", "title": "Udarbejdelse af ny Sundhedspolitik 2018",
                 "item_id": item.pk}] if sent else []
    return CommentLetter.objects.create(
        council=council, committee_meeting=meeting, status=status, recipient_name="Social- og Sundhedsudvalget",
        recipient_email="sus@albertslund.dk", sent_sections=sections,
        sent_at=at(day - dt.timedelta(days=2)) if sent else None, published=published)


# --- The list ---------------------------------------------------------------------------------------

def test_list_shows_only_sent_and_published_newest_first(client, world):
    sent = consultation(world.udsat, title="Ungestrategi 2019", sent=dt.date(2019, 3, 12))
    outcome = consultation(world.udsat, title="Budgetkatalog 2020", status=S.OUTCOME, sent=dt.date(2019, 9, 1),
                           outcome="Førte til et ekstra mål i strategien", committee=world.bsu)
    letter = comment_letter(world.udsat, world.sus, day=dt.date(2019, 5, 7))
    hidden = [
        consultation(world.udsat, title="Ikke offentliggjort høring", published=False),
        consultation(world.udsat, title="Godkendt men ikke sendt", status=S.APPROVED),
        consultation(world.udsat, title="Udkast skrives", status=S.DRAFTING),
        consultation(world.other, title="Roskildes høring"),
    ]
    comment_letter(world.udsat, world.bsu, day=dt.date(2019, 6, 1), status=LetterStatus.APPROVED)
    comment_letter(world.udsat, world.sus, day=dt.date(2019, 8, 1), published=False)

    response = client.get("/albertslund/hoeringssvar/")

    assert response.status_code == 200
    body = main(response)
    assert re.findall(r'href="/albertslund/(hoeringssvar|kommentarbreve)/(\d+)/"', body) == [
        ("hoeringssvar", str(outcome.pk)), ("kommentarbreve", str(letter.pk)), ("hoeringssvar", str(sent.pk))]
    assert "Sendt 1. september 2019" in body and "Sendt 12. marts 2019" in body and "Sendt 5. maj 2019" in body
    assert "Til: Børne- og Skoleudvalget" in body and "Til: Social- og Sundhedsudvalget" in body
    assert "<strong>Resultat:</strong> Førte til et ekstra mål i strategien" in body
    assert "Kommentarer til dagsordenen for mødet i Social- og Sundhedsudvalget den 7. maj 2019" in body
    assert f'href="/albertslund/hoeringssvar/{sent.pk}/pdf/"' in body
    assert f'href="/albertslund/kommentarbreve/{letter.pk}/pdf/"' in body
    for c in hidden:
        assert c.title not in body
    assert "Børne- og Skoleudvalgets" not in body and "1. juni 2019" not in body and "1. august 2019" not in body
    assert ('<a class="nav-link" href="/albertslund/hoeringssvar/" aria-current="page"><span>Høringssvar</span></a>'
            in response.content.decode())


def test_empty_list_says_so(client, world):
    body = main(client.get("/albertslund/hoeringssvar/"))
    assert "Rådet har endnu ikke offentliggjort høringssvar eller kommentarer." in body


def test_joint_response_on_both_councils_pages(client, world):
    joint = consultation(world.udsat, title="Handicap- og udsattepolitik")
    ConsultationPartner.objects.create(council=world.handicap, consultation=joint)

    lead = main(client.get("/albertslund/hoeringssvar/"))
    partner = main(client.get("/albertslund-hr/hoeringssvar/"))

    assert "Handicap- og udsattepolitik" in lead and "Fælles svar med Handicaprådet i Albertslund" in lead
    assert "Handicap- og udsattepolitik" in partner and "Fælles svar med Udsatterådet i Albertslund" in partner
    assert f'href="/albertslund-hr/hoeringssvar/{joint.pk}/"' in partner
    page = client.get(f"/albertslund-hr/hoeringssvar/{joint.pk}/")
    assert page.status_code == 200
    assert "Fælles svar med" in main(page) and "Udsatterådet i Albertslund" in main(page)
    pdf = client.get(f"/albertslund-hr/hoeringssvar/{joint.pk}/pdf/")
    assert pdf.status_code == 200
    text = pdf_text(pdf.getvalue())
    assert "Udsatterådet i Albertslund og Handicaprådet i Albertslund" in text
    assert "Anna Jensen" in text and "Bo Hansen" in text
    # A third council sees nothing of it.
    assert client.get(f"/roskilde/hoeringssvar/{joint.pk}/").status_code == 404
    assert "Handicap- og udsattepolitik" not in main(client.get("/roskilde/hoeringssvar/"))


# --- The response ------------------------------------------------------------------------------------

def test_response_page_shows_the_sent_text_not_the_draft(client, world):
    c = consultation(world.udsat, status=S.OUTCOME, committee=world.bsu,
                     outcome="Førte til et ekstra mål i strategien")
    DraftComment.objects.create(council=world.udsat, consultation=c, author_name="Carl Carlsen",
                                text="HEMMELIG KOMMENTAR til udkastet")

    response = client.get(f"/albertslund/hoeringssvar/{c.pk}/")

    assert response.status_code == 200
    body = main(response)
    assert "<h1>Ungestrategi 2019</h1>" in body
    assert "Rådet takker for høringen." in body and "Strategien bør have et mål for unge uden bolig." in body
    assert "12. marts 2019" in body and "Børne- og Skoleudvalget (BSU)" in body
    assert "Førte til et ekstra mål i strategien" in body
    assert f'href="/albertslund/hoeringssvar/{c.pk}/pdf/"' in body
    for secret in ("UDKAST", "hemmelig formulering", "HEMMELIG KOMMENTAR", "Carl Carlsen", "bsu@albertslund.dk"):
        assert secret not in response.content.decode()
    assert 'aria-label="Brødkrumme"' in body


def test_response_pdf_read_back(client, world):
    c = consultation(world.udsat)
    response = client.get(f"/albertslund/hoeringssvar/{c.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="hoeringssvar-vedroerende-ungestrategi-2019-2019-03-12.pdf"' in response["Content-Disposition"]
    text = pdf_text(response.getvalue())
    assert "Høringssvar vedrørende Ungestrategi 2019" in text
    assert "Strategien bør have et mål for unge uden bolig." in text
    assert "Albertslund, 12. marts 2019" in text and "Anna Jensen" in text
    assert "hemmelig formulering" not in text


@pytest.mark.parametrize("make", [
    lambda w: consultation(w.udsat, published=False),
    lambda w: consultation(w.udsat, status=S.APPROVED),
    lambda w: consultation(w.udsat, status=S.RECEIVED),
    lambda w: consultation(w.other),
], ids=["unpublished", "unsent", "drafting", "other-council"])
def test_response_not_public_is_404(client, world, make):
    c = make(world)
    assert client.get(f"/albertslund/hoeringssvar/{c.pk}/").status_code == 404
    assert client.get(f"/albertslund/hoeringssvar/{c.pk}/pdf/").status_code == 404


def test_unknown_council_is_404(client, world):
    c = consultation(world.udsat)
    assert client.get("/findesikke/hoeringssvar/").status_code == 404
    assert client.get(f"/findesikke/hoeringssvar/{c.pk}/").status_code == 404


def test_pages_are_get_only(client, world):
    c = consultation(world.udsat)
    assert client.post(f"/albertslund/hoeringssvar/{c.pk}/").status_code == 405


# --- The comment letter ------------------------------------------------------------------------------

def test_comment_letter_page_shows_the_frozen_sections(client, world):
    letter = comment_letter(world.udsat, world.sus)
    response = client.get(f"/albertslund/kommentarbreve/{letter.pk}/")
    assert response.status_code == 200
    body = main(response)
    assert "<h1>Kommentarer til dagsordenen for mødet i Social- og Sundhedsudvalget den 6. marts 2018</h1>" in body
    assert "Udsatterådet i Albertslund har følgende kommentarer til dagsordenen" in body
    assert "Punkt 3. SUS/ØU/KB – Udarbejdelse af ny Sundhedspolitik 2018" in body
    assert "Politikken bør nævne socialt udsatte borgere." in body
    assert "4. marts 2018" in body and "Social- og Sundhedsudvalget (SUS)" in body
    assert "Anna Jensen, formand, Udsatterådet i Albertslund" in body
    assert "UKLAR KLADDE" not in response.content.decode()
    assert "sus@albertslund.dk" not in response.content.decode()


def test_comment_letter_pdf_read_back(client, world):
    letter = comment_letter(world.udsat, world.sus)
    response = client.get(f"/albertslund/kommentarbreve/{letter.pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.getvalue())
    assert "Punkt 3. SUS/ØU/KB – Udarbejdelse af ny Sundhedspolitik 2018" in text
    assert "Politikken bør nævne socialt udsatte borgere." in text
    assert "Anna Jensen" in text and "UKLAR KLADDE" not in text


@pytest.mark.parametrize("make", [
    lambda w: comment_letter(w.udsat, w.sus, published=False),
    lambda w: comment_letter(w.udsat, w.sus, status=LetterStatus.APPROVED),
    lambda w: comment_letter(w.udsat, w.sus, status=LetterStatus.DRAFT),
    lambda w: comment_letter(w.other, w.sus),
    lambda w: comment_letter(w.handicap, w.sus),
], ids=["unpublished", "approved", "draft", "other-council", "same-municipality-other-council"])
def test_comment_letter_not_public_is_404(client, world, make):
    letter = make(world)
    assert client.get(f"/albertslund/kommentarbreve/{letter.pk}/").status_code == 404
    assert client.get(f"/albertslund/kommentarbreve/{letter.pk}/pdf/").status_code == 404


def test_a_logged_in_member_sees_the_same_public_page(client, world, make_user):
    user = make_user("sekretaer@albertslund.dk")
    client.force_login(user)
    c = consultation(world.udsat, published=False)
    assert client.get(f"/albertslund/hoeringssvar/{c.pk}/").status_code == 404


# --- Navigation, sitemap, queries ------------------------------------------------------------------

def test_council_home_links_the_responses(client, world):
    body = main(client.get("/albertslund/"))
    assert 'href="/albertslund/hoeringssvar/"' in body


def test_sitemap_lists_the_pages(client, world):
    joint = consultation(world.udsat, title="Fælles")
    ConsultationPartner.objects.create(council=world.handicap, consultation=joint)
    letter = comment_letter(world.udsat, world.sus)
    unpublished = consultation(world.udsat, published=False)
    unsent = consultation(world.udsat, status=S.DRAFTING)
    draft_letter = comment_letter(world.udsat, world.bsu, status=LetterStatus.DRAFT)

    body = client.get("/sitemap.xml").content.decode()
    locations = set(re.findall(r"<loc>([^<]+)</loc>", body))
    base = "http://testserver"
    assert f"{base}/albertslund/hoeringssvar/" in locations
    assert f"{base}/albertslund/hoeringssvar/{joint.pk}/" in locations
    assert f"{base}/albertslund-hr/hoeringssvar/{joint.pk}/" in locations
    assert f"{base}/albertslund/kommentarbreve/{letter.pk}/" in locations
    for pk in (unpublished.pk, unsent.pk):
        assert not any(loc.endswith(f"/hoeringssvar/{pk}/") for loc in locations)
    assert not any(loc.endswith(f"/kommentarbreve/{draft_letter.pk}/") for loc in locations)


def _fill(world, n: int, offset: int = 0):
    for i in range(n):
        day = dt.date(2019, 1, 10) + dt.timedelta(days=7 * (i + offset))  # all within one year
        c = consultation(world.udsat, title=f"Høring {i + offset}", sent=day, committee=world.bsu,
                         status=S.OUTCOME if i % 2 else S.SENT, outcome="Et resultat" if i % 2 else "")
        ConsultationPartner.objects.create(council=world.handicap, consultation=c)
        joint = consultation(world.handicap, title=f"Handicaprådets høring {i + offset}", sent=day)
        ConsultationPartner.objects.create(council=world.udsat, consultation=joint)
        comment_letter(world.udsat, world.sus, day=day + dt.timedelta(days=1))


def test_list_query_count_is_constant(client, world, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _fill(world, 1)
    with CaptureQueriesContext(connection) as small:
        assert client.get("/albertslund/hoeringssvar/").status_code == 200
    # The council, the years (two), the responses, their partners, the comment letters; and the
    # disclosure policy's three (people with memberships, positions, rules) for the titles.
    assert len(small.captured_queries) <= 9, "\n".join(q["sql"] for q in small.captured_queries)
    _fill(world, 9, offset=1)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/albertslund/hoeringssvar/")
    assert main(response).count("data-kind=") == 30


def test_list_shows_one_year_at_a_time_newest_first(client, world):
    old = consultation(world.udsat, title="Svar fra 2018", sent=dt.date(2018, 10, 5), committee=world.bsu)
    new = consultation(world.udsat, title="Svar fra 2019", sent=dt.date(2019, 3, 1), committee=world.bsu)
    page = main(client.get("/albertslund/hoeringssvar/"))
    assert "Svar fra 2019" in page and "Svar fra 2018" not in page
    assert 'href="?aar=2018"' in page and 'aria-current="page">2019<' in page
    page = main(client.get("/albertslund/hoeringssvar/?aar=2018"))
    assert "Svar fra 2018" in page and "Svar fra 2019" not in page
    # A year with nothing public (or nonsense) falls back to the newest year, never an error.
    for asked in ("2017", "abc", "-1"):
        page = main(client.get(f"/albertslund/hoeringssvar/?aar={asked}"))
        assert "Svar fra 2019" in page
    assert old.pk != new.pk
