"""The consultation path as the people do it, in Chromium with axe-core on every page.

The secretariat registers a consultation from the Social- og Sundhedsudvalget with the form,
adds the material (a real PDF; a text file dressed up as a PDF is refused in Danish), chooses a
tovholder and makes it a joint response with the municipality's handicapråd, whose member sees
it marked as joint. The tovholder writes the draft, another member comments, the tovholder
writes version 2, and the version history shows both. The chair and the vice-chair approve
between meetings, the secretariat sends the response through the outbox to a real SMTP server
(the PDF attachment read back), records the outcome, and a citizen finds the response and its
outcome on the council's public "Høringssvar" page and downloads the PDF.

A second, shorter walk: approval at a council meeting – the response put on the agenda from
the consultation page, the "Se høringen" link on the meeting's agenda, the decision written in
the minutes editor, and "godkendt på mødet" recorded on the consultation page."""

import datetime as dt
import io
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hearings.tests.consultations_builders import drafted, make_consultation, pdf_bytes, upcoming_meeting

pytestmark = pytest.mark.browser

TITLE = "Høring om Ungestrategi 2019"
RECIPIENT = "sus@kommune.dk"
VERSION_1 = ("Udsatterådet takker for muligheden for at afgive høringssvar om Ungestrategi 2019.\n\n"
             "Rådet foreslår et mål om, at ingen unge under 25 år skal sove på gaden.")
SENTENCE = "Rådet foreslår et mål om, at ingen unge under 25 år skal sove på gaden."
ADDED = "Rådet anbefaler desuden flere akutpladser til unge i krise."
OUTCOME = "Førte til et ekstra mål i strategien"


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return _flat(" ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(content)).pages))


def _new_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="da-DK", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    return context.new_page()


def _message(page, text):
    expect(page.get_by_text(text, exact=False).first).to_be_visible()


def test_consultation_from_intake_to_public_response(
        page, browser, live_server, login, axe, world, smtp_server, tmp_path):  # noqa: F811 (pytest fixture)
    from notifications.services import outbox_send_pending

    slug = world.council.slug
    today = timezone.localdate()
    deadline = today + dt.timedelta(days=21)

    # --- The secretariat registers the consultation -------------------------------------------
    login(page, world.secretary)
    page.goto(f"/{slug}/intern/")
    page.get_by_role("navigation", name="Rådets sider").get_by_role("link", name="Høringer", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Høringer")
    axe(page, name="consultation-01-list")
    page.get_by_role("link", name="Registrér en høring").click()
    axe(page, name="consultation-02-create")
    page.get_by_label("Titel", exact=True).fill(TITLE)
    page.get_by_label("Fra udvalg").select_option(label="Social- og Sundhedsudvalget (SUS)")
    page.get_by_label("Kort om høringen").fill("Kommunen har sendt et udkast til en ny ungestrategi i høring.")
    page.get_by_label("Modtaget den").fill((today - dt.timedelta(days=2)).isoformat())
    page.get_by_label("Høringsfrist").fill(deadline.isoformat())
    page.get_by_label("Svaret sendes til").fill("Social- og Sundhedsforvaltningen")
    page.get_by_label("Modtagerens e-mail").fill(RECIPIENT)
    page.get_by_role("button", name="Registrér høringen").click()
    _message(page, f"Høringen “{TITLE}” er registreret.")
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    expect(page.get_by_test_id("facts")).to_contain_text("Social- og Sundhedsudvalget (SUS)")
    expect(page.get_by_test_id("facts")).to_contain_text(RECIPIENT)
    axe(page, name="consultation-03-registered")
    consultation_url = page.url.split("#")[0]

    # Material: a text file dressed up as a PDF is refused in Danish, then the real PDF.
    fake = tmp_path / "budgetkatalog.pdf"
    fake.write_text("Dette er ikke en PDF, bare tekst med en forkert endelse.\n")
    real = tmp_path / "ungestrategi-udkast.pdf"
    real.write_bytes(pdf_bytes())
    material = page.locator("#material")
    material.locator("summary", has_text="Tilføj materiale").click()
    material.get_by_label(re.compile(r"^Fil\b")).set_input_files(str(fake))
    material.get_by_role("button", name="Tilføj materialet").click()
    expect(page.locator("[data-error-summary]").first).to_be_focused()
    error = page.locator("#material #id_file_error")
    expect(error).to_contain_text("kan ikke bruges som høringsmateriale")
    expect(error).to_contain_text("budgetkatalog.pdf")
    expect(error).to_contain_text("uanset hvad filnavnet siger")
    axe(page, name="consultation-04-material-refused")
    material = page.locator("#material")
    material.get_by_label(re.compile(r"^Navn\b")).fill("Udkast til Ungestrategi 2019")
    material.get_by_label(re.compile(r"^Fil\b")).set_input_files(str(real))
    material.get_by_role("button", name="Tilføj materialet").click()
    _message(page, "“Udkast til Ungestrategi 2019.pdf” er tilføjet materialet.")
    link = page.get_by_test_id("materials").get_by_role("link", name="Udkast til Ungestrategi 2019.pdf", exact=True)
    download = page.request.get(link.get_attribute("href"))
    assert download.ok and download.headers["content-type"] == "application/pdf"
    assert download.body() == pdf_bytes()
    axe(page, name="consultation-05-material")

    # A tovholder.
    page.get_by_role("link", name="Fordel høringen").click()
    axe(page, name="consultation-06-owners")
    page.get_by_label("Sune Dahl", exact=True).check()
    page.get_by_role("button", name="Gem tovholderne").click()
    _message(page, "Tovholderne er gemt.")
    expect(page.get_by_test_id("owners")).to_have_text("Sune Dahl")
    expect(page.get_by_test_id("steps").locator("[aria-current=step]")).to_contain_text("Fordelt")
    axe(page, name="consultation-07-assigned")

    # A joint response with the municipality's handicapråd.
    page.get_by_role("link", name="Fælles svar med et andet råd").click()
    axe(page, name="consultation-08-partners")
    partner_label = f"{world.partner.name} ({world.partner.municipality.name} Kommune)"
    page.get_by_label("Råd", exact=True).select_option(label=partner_label)
    page.get_by_role("button", name="Tilføj rådet").click()
    _message(page, f"{world.partner.name} er med i høringssvaret.")
    expect(page.get_by_test_id("partners")).to_contain_text(world.partner.name)
    axe(page, name="consultation-09-partner-added")

    # A member of the partner council sees it in their consultations list, marked as joint.
    pia = _new_page(browser, live_server)
    login(pia, world.partner_member)
    pia.goto(f"/{world.partner.slug}/intern/")
    pia.get_by_role("navigation", name="Rådets sider").get_by_role("link", name="Høringer", exact=True).click()
    row = pia.get_by_test_id("open-consultations").get_by_test_id("consultation-row").filter(has_text=TITLE)
    expect(row).to_have_count(1)
    expect(row.get_by_test_id("joint")).to_have_text(f"Fælles høringssvar med {world.council.name}")
    axe(pia, name="consultation-10-partner-list")
    row.get_by_role("link", name=TITLE, exact=True).click()
    expect(pia.get_by_role("heading", level=1)).to_contain_text(TITLE)
    axe(pia, name="consultation-11-partner-detail")
    pia.context.close()

    # --- The tovholder writes the draft --------------------------------------------------------
    sune = _new_page(browser, live_server)
    login(sune, world.user("Sune Dahl"))
    sune.goto(f"/{slug}/intern/hoeringer/")
    sune.get_by_role("link", name=TITLE, exact=True).click()
    expect(sune.get_by_role("heading", level=1)).to_contain_text(TITLE)
    axe(sune, name="consultation-12-tovholder")
    sune.get_by_role("link", name="Skriv udkastet").click()
    axe(sune, name="consultation-13-draft-empty")
    sune.get_by_label("Udkast til høringssvar").fill(VERSION_1)
    sune.get_by_label("Hvad har du ændret?").fill("Første udkast")
    sune.get_by_role("button", name="Gem udkastet").click()
    _message(sune, "Udkastet er gemt som version 1.")
    axe(sune, name="consultation-14-draft-v1")

    # A second member comments on the draft.
    mads = _new_page(browser, live_server)
    login(mads, world.user("Mads Lund"))
    mads.goto(consultation_url)
    expect(mads.get_by_test_id("draft-text")).to_contain_text(SENTENCE)
    axe(mads, name="consultation-15-member-detail")
    mads.get_by_role("link", name="Udkastet og dets versioner").click()
    expect(mads.get_by_label("Udkast til høringssvar")).to_have_count(0)
    comment = "Skriv gerne noget om akutpladser til unge i krise."
    mads.get_by_label("Din kommentar til udkastet").fill(comment)
    mads.get_by_role("button", name="Gem kommentaren").click()
    _message(mads, "Din kommentar er gemt.")
    expect(mads.get_by_test_id("comments")).to_contain_text(comment)
    expect(mads.get_by_test_id("comments")).to_contain_text("Mads Lund")
    axe(mads, name="consultation-16-commented")
    mads.context.close()

    # The tovholder reads the comment and writes version 2.
    sune.reload()
    expect(sune.get_by_test_id("comments")).to_contain_text(comment)
    sune.get_by_label("Udkast til høringssvar").fill(f"{VERSION_1}\n\n{ADDED}")
    sune.get_by_label("Hvad har du ændret?").fill("Afsnit om akutpladser")
    sune.get_by_role("button", name="Gem udkastet").click()
    _message(sune, "Udkastet er gemt som version 2.")
    versions = sune.get_by_test_id("versions")
    expect(versions.locator("tbody tr")).to_have_count(2)
    expect(versions.locator("tbody tr").nth(0)).to_contain_text("Version 2")
    expect(versions.locator("tbody tr").nth(0)).to_contain_text("Afsnit om akutpladser")
    expect(versions.locator("tbody tr").nth(1)).to_contain_text("Version 1")
    expect(versions.locator("tbody tr").nth(1)).to_contain_text("Første udkast")
    axe(sune, name="consultation-17-draft-v2")
    sune.get_by_role("link", name="Version 2").click()
    expect(sune.locator("body")).to_contain_text(ADDED)
    expect(sune.get_by_test_id("version-meta")).to_contain_text(
        "Ændring: “Afsnit om akutpladser”. Det er den nuværende version.")
    axe(sune, name="consultation-18-version-2")
    sune.context.close()

    # --- The chair and the vice-chair approve between meetings -----------------------------------
    for n, (name, done) in enumerate((("Jytte Holm", "Din godkendelse af version 2 er registreret."),
                                      ("Nanna Berg", "Høringssvaret er godkendt af formandskabet og kan sendes."))):
        approver = _new_page(browser, live_server)
        login(approver, world.user(name))
        approver.goto(consultation_url)
        axe(approver, name=f"consultation-19-approve-{n}")
        approver.get_by_role("button", name="Godkend version 2 af udkastet").click()
        _message(approver, done)
        axe(approver, name=f"consultation-20-approved-{n}")
        approver.context.close()

    # --- The secretariat sends the response ----------------------------------------------------------
    page.goto(consultation_url)
    expect(page.get_by_test_id("approved")).to_contain_text("Godkendt af formandskabet")
    page.get_by_role("link", name="Send høringssvaret").click()
    expect(page.get_by_test_id("response-text")).to_contain_text(ADDED)
    axe(page, name="consultation-21-send")
    page.get_by_role("button", name="Send høringssvaret nu").click()
    _message(page, f"Høringssvaret er sendt til {RECIPIENT}.")
    expect(page.get_by_test_id("sent")).to_contain_text(RECIPIENT)
    axe(page, name="consultation-22-sent")

    counts = outbox_send_pending()
    assert counts.get("sent", 0) == 1, counts
    mail = smtp_server.wait_for(1)
    assert len(mail) == 1, [m.get("To") for m in mail]
    message = mail[0]
    assert RECIPIENT in message["To"]
    assert TITLE in message["Subject"]
    attachments = [part for part in message.iter_attachments() if part.get_content_type() == "application/pdf"]
    assert len(attachments) == 1
    text = _pdf_text(attachments[0].get_content())
    for expected in (TITLE, SENTENCE, ADDED, world.council.name, world.partner.name):
        assert expected in text, (expected, text[:2000])

    # The outcome, later.
    page.locator("#outcome").get_by_label("Hvad førte svaret til?").fill(OUTCOME)
    page.get_by_role("button", name="Gem resultatet").click()
    _message(page, "Resultatet er gemt.")
    expect(page.get_by_test_id("outcome")).to_have_text(OUTCOME)
    expect(page.get_by_test_id("steps").locator("[aria-current=step]")).to_contain_text("Resultat registreret")
    axe(page, name="consultation-23-outcome")

    # --- A citizen finds the response on the public pages --------------------------------------
    anon = _new_page(browser, live_server)
    anon.goto(f"/{slug}/")
    axe(anon, name="consultation-24-public-home")
    anon.get_by_role("navigation", name="Rådets sider").get_by_role("link", name="Høringssvar").click()
    expect(anon.get_by_role("heading", level=1)).to_have_text("Høringssvar og kommentarer")
    entry = anon.get_by_test_id("public-responses").locator("li", has_text=TITLE)
    expect(entry.get_by_test_id("outcome")).to_contain_text(OUTCOME)
    expect(entry).to_contain_text("Social- og Sundhedsforvaltningen")
    axe(anon, name="consultation-25-public-list")
    entry.get_by_role("link", name=TITLE, exact=True).click()
    expect(anon.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(anon.get_by_test_id("outcome")).to_contain_text(OUTCOME)
    expect(anon.get_by_test_id("response-text")).to_contain_text(SENTENCE)
    expect(anon.locator("body")).not_to_contain_text(comment)  # comments on the draft stay internal
    axe(anon, name="consultation-26-public-response")
    href = anon.get_by_role("link", name="Hent høringssvaret som PDF").get_attribute("href")
    pdf = anon.request.get(href)
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    public_text = _pdf_text(pdf.body())
    for expected in (TITLE, SENTENCE, ADDED, world.council.name):
        assert expected in public_text, (expected, public_text[:2000])

    # The joint response is on the partner council's public page too.
    anon.goto(f"/{world.partner.slug}/hoeringssvar/")
    expect(anon.get_by_test_id("public-responses")).to_contain_text(TITLE)
    axe(anon, name="consultation-27-partner-public-list")
    anon.context.close()


def test_consultation_approved_at_a_council_meeting(page, login, axe, world):
    """The response goes on a council meeting's agenda from the consultation page; the meeting's
    decision in the minutes approves it."""
    from hearings.models import Consultation

    consultation = make_consultation(world, title="Høring om Budgetkatalog 2020")
    drafted(world, consultation)
    meeting = upcoming_meeting(world)
    slug = world.council.slug
    decision = "Rådet godkender udkastet til høringssvar med en tilføjelse om boliger."

    login(page, world.secretary)
    page.goto(f"/{slug}/intern/hoeringer/")
    page.get_by_role("link", name="Høring om Budgetkatalog 2020").click()
    consultation_url = page.url.split("#")[0]
    axe(page, name="consultation-meeting-01-detail")
    approval = page.locator("#approval")
    approval.get_by_label("Rådsmøde").select_option(index=1)
    approval.get_by_role("button", name="Sæt på dagsordenen").click()
    _message(page, "Høringssvaret er sat på dagsordenen som punkt")
    expect(page.get_by_test_id("agenda-item")).to_contain_text("Svaret er på dagsordenen til")
    axe(page, name="consultation-meeting-02-on-agenda")
    consultation.refresh_from_db()
    item = consultation.agenda_item
    assert item is not None and item.meeting_id == meeting.pk

    # The meeting's agenda links back to the consultation.
    page.get_by_test_id("agenda-item").get_by_role("link", name="Se mødet").click()
    axe(page, name="consultation-meeting-03-meeting")
    page.get_by_role("link", name="Dagsorden", exact=True).first.click()
    agenda_item = page.get_by_test_id("agenda-item").filter(has_text="Høringssvar: Høring om Budgetkatalog 2020")
    expect(agenda_item.get_by_test_id("consultation-link")).to_have_count(1)
    expect(agenda_item.get_by_test_id("consultation-link")).to_contain_text("Se høringen")
    axe(page, name="consultation-meeting-04-agenda")

    # The decision in the minutes editor.
    page.goto(f"/{slug}/intern/moeder/{meeting.pk}/")
    page.get_by_role("link", name="Referat", exact=True).click()
    section = page.locator(f"#item-{item.pk}")
    expect(section.get_by_test_id("consultation-link")).to_have_count(1)
    section.get_by_label(re.compile(r"^Beslutning")).fill(decision)
    section.get_by_role("button", name=re.compile(r"^Gem beslutning i punkt")).click()
    expect(page.locator(f"#item-{item.pk}").get_by_label(re.compile(r"^Beslutning"))).to_have_value(decision)
    axe(page, name="consultation-meeting-05-minutes")

    # Back to the consultation through the minutes' link, and "godkendt på mødet".
    page.locator(f"#item-{item.pk}").get_by_test_id("consultation-link").click()
    expect(page.get_by_test_id("decision")).to_have_text(decision)
    page.get_by_role("button", name="Registrér: godkendt på mødet").click()
    _message(page, "Høringssvaret er registreret som godkendt på mødet og kan sendes.")
    expect(page.get_by_test_id("approved")).to_contain_text("Godkendt på et rådsmøde")
    expect(page.get_by_test_id("approved")).to_contain_text(decision)
    expect(page.get_by_role("link", name="Send høringssvaret")).to_be_visible()
    axe(page, name="consultation-meeting-06-approved")
    assert page.url.split("#")[0] == consultation_url
    consultation = Consultation.objects.get(pk=consultation.pk)
    assert consultation.status == "approved" and consultation.approval_route == "meeting"
