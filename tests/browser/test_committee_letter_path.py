"""A comment letter on a committee's agenda as the people do it, in Chromium with axe-core on
every page.

The secretariat follows the Social- og Sundhedsudvalget (SUS) with a working group and a
recipient through the follow form, and imports the committee's next agenda from the SBSYS XML
manifest the records system exports, through the import page, reading the report. A member of
the working group marks item 3 ("SUS/ØU/KB – Udarbejdelse af ny Sundhedspolitik 2018") as
relevant and writes the council's comment; a member outside the group has no form and is
refused in Danish when posting anyway. The chair approves the letter, the secretariat sends it
through the outbox to a real SMTP server (the PDF attachment read back), and a citizen reads the
letter on the council's public "Høringssvar" page and downloads it."""

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hearings.models import Committee
from meetings.tests.seed import user_for

pytestmark = pytest.mark.browser

MANIFEST = Path(__file__).resolve().parents[2] / "hearings" / "tests" / "fixtures" / "sbsys_sus_2018-03-14.xml"
RECIPIENT = "sus-udvalget@kommune.example"
ITEM_3 = "Punkt 3. SUS/ØU/KB – Udarbejdelse af ny Sundhedspolitik 2018"
COMMENT = ("Rådet ønsker, at den nye sundhedspolitik får et særskilt afsnit om hjemløse borgeres adgang til "
           "læge og tandlæge.")


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return _flat(" ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(content)).pages))


def _new_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="da-DK", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    return context.new_page()


def _nav(page, name: str):
    return page.get_by_role("navigation", name="Rådets sider").get_by_role("link", name=name, exact=True)


@pytest.fixture
def people(seed, make_user):
    """The seed council's people with logins, and the municipality's SUS (municipal data: the
    council follows it in the test)."""
    Committee.objects.create(municipality=seed.council.municipality, name="Social- og Sundhedsudvalget",
                             abbreviation="SUS")
    return {"secretariat": seed.secretary,
            "group": user_for(seed, "Sune Dahl", make_user),
            "outsider": user_for(seed, "Rasmus Krog", make_user),
            "chair": user_for(seed, "Jytte Holm", make_user)}


def test_comment_letter_from_import_to_public_letter(
        page, browser, live_server, login, axe, seed, people, smtp_server, tmp_path):  # noqa: F811 (pytest fixture)
    from hearings.models import CommitteeAgendaItem, CommitteeMeeting
    from notifications.services import outbox_send_pending

    slug = seed.council.slug
    day = timezone.localdate() + dt.timedelta(days=14)

    # --- The secretariat follows SUS with a working group ----------------------------------------
    login(page, people["secretariat"])
    page.goto(f"/{slug}/intern/")
    _nav(page, "Udvalg").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Politiske udvalg")
    axe(page, name="letter-01-committees")
    page.get_by_test_id("other-committees").get_by_role("link", name="Følg Social- og Sundhedsudvalget").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Følg udvalget")
    axe(page, name="letter-02-follow")
    page.get_by_label("Sune Dahl", exact=True).check()
    page.get_by_label("Mads Lund", exact=True).check()
    page.get_by_label(re.compile(r"^Kommentarer sendes til")).fill("Formanden for Social- og Sundhedsudvalget")
    page.get_by_label(re.compile(r"^Modtagerens e-mail")).fill(RECIPIENT)
    page.get_by_role("button", name="Følg udvalget").click()
    expect(page.get_by_text("Rådet følger Social- og Sundhedsudvalget.")).to_be_visible()
    follow = page.get_by_test_id("follow")
    expect(follow).to_contain_text("Mads Lund, Sune Dahl")
    expect(follow).to_contain_text(RECIPIENT)
    axe(page, name="letter-03-followed")

    # --- … and imports the committee's next agenda from the records system's XML manifest --------
    manifest = tmp_path / "sus-dagsorden.xml"
    manifest.write_bytes(MANIFEST.read_bytes().replace(b"2018-03-14T16:00:00", f"{day}T16:00:00".encode()))
    _nav(page, "Udvalg").click()
    page.get_by_role("link", name="Importér dagsordener og mødedatoer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Importér udvalgsmøder")
    axe(page, name="letter-04-import")
    page.get_by_label(re.compile(r"^Fil med udvalgsmøder")).set_input_files(str(manifest))
    page.get_by_role("button", name="Importér filen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapport over importen")
    expect(page.get_by_text("Importen er gemt.")).to_be_visible()
    counts = page.get_by_test_id("import-counts")
    expect(counts.locator("[data-count=refused]")).to_have_text("0")
    added = int(counts.locator("[data-count=added]").inner_text())
    assert added >= 6, added  # the meeting and its six items
    expect(page.get_by_test_id("import-added")).to_contain_text("Udarbejdelse af ny Sundhedspolitik 2018")
    axe(page, name="letter-05-import-report")
    meeting = CommitteeMeeting.objects.get(committee__municipality=seed.council.municipality)
    assert timezone.localtime(meeting.starts_at).date() == day
    item = CommitteeAgendaItem.objects.get(meeting=meeting, number=3)
    page.get_by_test_id("import-meetings").get_by_role("link").first.click()
    expect(page.get_by_test_id("committee-item")).to_have_count(6)
    axe(page, name="letter-06-meeting-secretariat")
    meeting_url = page.url.split("#")[0]

    # --- A member of the working group marks item 3 as relevant and writes the comment ----------
    sune = _new_page(browser, live_server)
    login(sune, people["group"])
    sune.goto(f"/{slug}/intern/")
    _nav(sune, "Udvalg").click()
    sune.get_by_test_id("followed-committees").get_by_role("link", name=re.compile(r"kl\. 16\.00")).click()
    expect(sune.get_by_role("heading", level=1)).to_contain_text("Social- og Sundhedsudvalget")
    axe(sune, name="letter-07-meeting-group")
    section = sune.locator(f"#item-{item.pk}")
    expect(section.get_by_role("heading", level=3)).to_have_text(ITEM_3)
    section.locator("summary").click()
    expect(section.get_by_text("Kommunens sundhedspolitik udløber i år.")).to_be_visible()
    section.get_by_label("Punktet er relevant for rådet").check()
    section.get_by_label(re.compile(r"^Kommentar til punktet")).fill(COMMENT)
    section.get_by_role("button", name="Gem kommentaren til punkt 3").click()
    expect(sune.get_by_text("Rådets kommentar til punkt 3 er gemt.")).to_be_visible()
    section = sune.locator(f"#item-{item.pk}")
    expect(section.locator("[data-relevant=yes]")).to_be_visible()
    expect(section.get_by_label(re.compile(r"^Kommentar til punktet"))).to_have_value(COMMENT)
    axe(sune, name="letter-08-commented")
    sune.get_by_role("link", name="Se og send kommentarbrevet").click()
    preview = sune.get_by_test_id("letter-preview")
    expect(preview).to_contain_text(ITEM_3)
    expect(preview).to_contain_text(COMMENT)
    expect(preview).to_contain_text(f"{seed.council.name} har følgende kommentarer til dagsordenen for mødet i "
                                     "Social- og Sundhedsudvalget")
    axe(sune, name="letter-09-letter-group")
    sune.context.close()

    # --- A member outside the working group reads, but cannot comment -----------------------------
    rasmus = _new_page(browser, live_server)
    login(rasmus, people["outsider"])
    rasmus.goto(meeting_url)
    section = rasmus.locator(f"#item-{item.pk}")
    expect(section.get_by_test_id("comment-text")).to_have_text(COMMENT)
    expect(rasmus.get_by_label(re.compile(r"^Kommentar til punktet"))).to_have_count(0)
    expect(rasmus.get_by_role("button", name=re.compile("Gem kommentaren"))).to_have_count(0)
    expect(rasmus.get_by_text("Kommentarerne skrives af udvalgets arbejdsgruppe, formandskabet og sekretariatet."))\
        .to_be_visible()
    axe(rasmus, name="letter-10-meeting-outsider")
    token = next(c["value"] for c in rasmus.context.cookies() if c["name"] == "csrftoken")
    refused = rasmus.request.post(f"/{slug}/intern/udvalg/udvalgspunkter/{item.pk}/kommentar/",
                                  form={f"c{item.pk}-relevant": "on", f"c{item.pk}-text": "Min egen udgave.",
                                        f"c{item.pk}-version": "1"},
                                  headers={"X-CSRFToken": token, "Referer": live_server.url + meeting_url})
    assert refused.status == 403
    assert "Ingen adgang" in refused.text() and "Du har ikke adgang til denne side" in refused.text()
    rasmus.get_by_role("link", name="Se og send kommentarbrevet").click()
    expect(rasmus.get_by_role("button", name="Gem brevet")).to_have_count(0)
    expect(rasmus.get_by_role("button", name="Godkend brevet")).to_have_count(0)
    axe(rasmus, name="letter-11-letter-outsider")
    rasmus.context.close()
    item.refresh_from_db()

    # --- The chair approves the letter ------------------------------------------------------------
    chair = _new_page(browser, live_server)
    login(chair, people["chair"])
    chair.goto(meeting_url)
    chair.get_by_role("link", name="Se og send kommentarbrevet").click()
    expect(chair.get_by_test_id("letter-preview")).to_contain_text(COMMENT)
    axe(chair, name="letter-12-letter-chair")
    chair.get_by_role("button", name="Godkend brevet").click()
    expect(chair.get_by_text("Brevet er godkendt. Sekretariatet kan nu sende det.")).to_be_visible()
    axe(chair, name="letter-13-approved")
    chair.context.close()

    # --- The secretariat sends it -------------------------------------------------------------------
    page.goto(meeting_url)
    page.get_by_role("link", name="Se og send kommentarbrevet").click()
    expect(page.get_by_text(f"Brevet sendes som PDF med e-mail til {RECIPIENT}.")).to_be_visible()
    axe(page, name="letter-14-ready-to-send")
    page.get_by_role("button", name="Send brevet").click()
    expect(page.get_by_text(f"Brevet er lagt i udbakken og sendes til {RECIPIENT} om lidt.")).to_be_visible()
    expect(page.get_by_role("heading", name="Det sendte brev")).to_be_visible()
    axe(page, name="letter-15-sent")

    counts = outbox_send_pending()
    assert counts.get("sent", 0) == 1, counts
    mail = smtp_server.wait_for(1)
    assert len(mail) == 1, [m.get("To") for m in mail]
    message = mail[0]
    assert RECIPIENT in message["To"]
    assert "Social- og Sundhedsudvalget" in message["Subject"]
    attachments = [part for part in message.iter_attachments() if part.get_content_type() == "application/pdf"]
    assert len(attachments) == 1
    assert attachments[0].get_filename() == f"kommentarer-sus-{day:%Y-%m-%d}.pdf"
    text = _pdf_text(attachments[0].get_content())
    for expected in ("Punkt 3.", "SUS/ØU/KB", "Udarbejdelse af ny Sundhedspolitik 2018", COMMENT, seed.council.name):
        assert expected in text, (expected, text[:2000])
    for other in ("Budgetopfølgning", "Køb af ejendom"):  # items without a comment stay out of the letter
        assert other not in text

    # The comments are locked now.
    page.goto(meeting_url)
    expect(page.get_by_label(re.compile(r"^Kommentar til punktet"))).to_have_count(0)
    axe(page, name="letter-16-meeting-locked")

    # --- A citizen reads the letter on the public pages ----------------------------------------------
    anon = _new_page(browser, live_server)
    anon.goto(f"/{slug}/")
    _nav(anon, "Høringssvar").click()
    entry = anon.get_by_test_id("public-responses").locator("li[data-kind=comment_letter]")
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text("Kommentarer til et udvalgs dagsorden")
    axe(anon, name="letter-17-public-list")
    entry.get_by_role("heading").get_by_role("link").click()
    letter_text = anon.get_by_test_id("letter-text")
    expect(letter_text).to_contain_text(ITEM_3)
    expect(letter_text).to_contain_text(COMMENT)
    axe(anon, name="letter-18-public-letter")
    pdf = anon.request.get(anon.get_by_role("link", name="Hent brevet som PDF").get_attribute("href"))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    public_text = _pdf_text(pdf.body())
    for expected in ("Punkt 3.", "SUS/ØU/KB", COMMENT):
        assert expected in public_text, (expected, public_text[:2000])
    anon.context.close()
