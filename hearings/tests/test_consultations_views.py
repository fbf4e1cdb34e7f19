"""Consultation pages through the Django test client: content, permissions, tenancy (another
council's ids are a 404), joint responses seen by the partner, Danish errors with nothing
lost (the draft conflict, CPR, disguised uploads), downloads, the link from the council
meeting's agenda, and constant query counts."""

import datetime as dt
import re

import pytest

from hearings.models import Consultation, ConsultationMaterial, DraftComment, DraftVersion
from hearings.services import consultations as services
from hearings.tests.consultations_builders import (
    DRAFT,
    approve_by_formandskab,
    docx_text,
    drafted,
    make_consultation,
    pdf_bytes,
    pdf_text,
    today,
    upcoming_meeting,
    upload,
)
from meetings.services import minutes as minutes_services
from notifications.models import OutboxMessage

pytestmark = [pytest.mark.django_db, pytest.mark.world("consultation")]

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" + b"\x00" * 200


@pytest.fixture
def sec(world):
    """The lead council's secretary in a browser of her own (``client`` is someone else)."""
    from django.test import Client

    browser = Client()
    browser.force_login(world.secretary)
    return browser


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def html(response) -> str:
    return response.content.decode()


# --- The list -----------------------------------------------------------------------------------

def test_list_open_by_deadline_overdue_tagged_finished_below(sec, world):
    late = make_consultation(world, title="Budgetkatalog 2020", received_on=today() - dt.timedelta(days=40),
                             deadline=today() - dt.timedelta(days=2))
    make_consultation(world, title="Ungestrategi 2019", deadline=today() + dt.timedelta(days=5))
    done = make_consultation(world, title="Sundhedspolitik 2018")
    drafted(world, done)
    approve_by_formandskab(world, done)
    services.consultation_send(consultation=done, actor=world.secretary)
    response = sec.get(world.url())
    assert response.status_code == 200
    page = html(response)
    open_part = page[page.index('data-testid="open-consultations"'):page.index('id="finished-heading"')]
    assert open_part.index("Budgetkatalog 2020") < open_part.index("Ungestrategi 2019")
    assert "Sundhedspolitik 2018" not in open_part
    row = open_part[:open_part.index("Ungestrategi 2019")]
    assert 'class="badge badge-error" data-testid="overdue">Fristen er overskredet</span>' in row
    assert "2 dage over fristen" in row
    assert "5 dage tilbage" in open_part
    finished_part = page[page.index('id="finished-heading"'):]
    assert "Sundhedspolitik 2018" in finished_part
    assert f'href="/{world.council.slug}/intern/hoeringer/{late.pk}/"' in page
    assert f'href="/{world.council.slug}/intern/hoeringer/ny/"' in page


def test_list_filters_by_status(sec, world):
    a = make_consultation(world, title="Modtaget høring")
    b = make_consultation(world, title="Fordelt høring")
    services.consultation_assign(consultation=b, owners=[world.seed["Sune Dahl"]])
    page = html(sec.get(world.url(), {"status": "assigned"}))
    assert "Fordelt høring" in page and "Modtaget høring" not in page
    page = html(sec.get(world.url(), {"status": "bogus"}))  # unknown status: everything, no crash
    assert "Fordelt høring" in page and "Modtaget høring" in page
    assert a.status == "received"


def test_members_read_the_list_but_do_not_register(client, world):
    client.force_login(world.user("Mads Lund"))
    make_consultation(world)
    page = html(client.get(world.url()))
    assert "Høring om Ungestrategi 2019" in page and "Registrér en høring" not in page
    assert client.get(world.url(suffix="ny/")).status_code == 403
    client.logout()
    response = client.get(world.url())
    assert response.status_code == 302 and "/konto/log-ind/" in response["Location"]


def test_list_query_count_is_constant(client, world, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.secretary)

    def grow(n):
        for i in range(n):
            c = make_consultation(world, title=f"Høring {Consultation.objects.count()}-{i}",
                                  deadline=today() + dt.timedelta(days=i - 2))
            services.consultation_assign(consultation=c, owners=[world.seed["Sune Dahl"], world.seed["Mads Lund"]])
            services.partner_add(consultation=c, partner=world.partner)
            if i % 2:
                drafted(world, c)
                approve_by_formandskab(world, c)
                services.consultation_send(consultation=c, actor=world.secretary)

    grow(2)
    client.get(world.url())  # warm caches (sessions, content types)
    with CaptureQueriesContext(connection) as small:
        assert client.get(world.url()).status_code == 200
    budget = len(small.captured_queries)  # (read now: the next request resets the query log)
    assert budget <= 16, "\n".join(q["sql"] for q in small.captured_queries)
    grow(12)
    with django_assert_max_num_queries(budget):
        response = client.get(world.url())
    assert response.status_code == 200
    assert html(response).count('data-testid="consultation-row"') == 14
    # The partner's list costs the same.
    client.force_login(world.partner_secretary)
    client.get(world.url(council=world.partner))
    with django_assert_max_num_queries(budget):
        assert client.get(world.url(council=world.partner)).status_code == 200


# --- Intake -------------------------------------------------------------------------------------

def test_create_with_danish_errors_and_nothing_lost(sec, world):
    response = sec.post(world.url(suffix="ny/"), {"title": "Høring om budgetkatalog", "summary": "Vigtig høring.",
                                                  "received_on": "2026-03-01", "deadline": "2026-02-01",
                                                  "recipient_email": "ikke-en-adresse"})
    assert response.status_code == 400
    page = html(response)
    assert "Høringsfristen kan ikke ligge før den dato, høringen blev modtaget." in page
    assert "Vælg det udvalg, høringen kommer fra, eller skriv forvaltningen eller afdelingen." in page
    assert "Skriv en gyldig e-mailadresse" in page
    assert 'value="Høring om budgetkatalog"' in page and "Vigtig høring.</textarea>" in page
    assert not Consultation.objects.exists()
    response = sec.post(world.url(suffix="ny/"), {
        "title": "Høring om budgetkatalog", "committee": world.committee.pk, "summary": "Vigtig høring.",
        "received_on": "2026-03-01", "deadline": "2026-04-01", "recipient_name": "Økonomiudvalget",
        "recipient_email": "oeu@kommune.dk", "published": "on"})
    c = Consultation.objects.get()
    assert response.status_code == 302 and response["Location"] == world.url(c)
    assert (c.committee, c.deadline, c.status, c.published) == (world.committee, dt.date(2026, 4, 1), "received", True)


def test_create_offers_only_the_municipalitys_committees(sec, world):
    from hearings.models import Committee

    foreign = Committee.objects.create(municipality=world.third.municipality, name="Fremmed udvalg", abbreviation="FU")
    page = html(sec.get(world.url(suffix="ny/")))
    assert "Social- og Sundhedsudvalget" in page and "Fremmed udvalg" not in page
    response = sec.post(world.url(suffix="ny/"), {"title": "X", "committee": foreign.pk, "received_on": "2026-03-01",
                                                  "deadline": "2026-04-01"})
    assert response.status_code == 400 and "Vælg et af kommunens udvalg." in html(response)


def test_edit_and_assign_owners(sec, world):
    c = make_consultation(world)
    response = sec.post(world.url(c, "rediger/"), {
        "title": "Høring om Ungestrategi 2019 (ny frist)", "committee": world.committee.pk, "summary": "",
        "received_on": c.received_on.isoformat(), "deadline": (today() + dt.timedelta(days=40)).isoformat(),
        "recipient_name": "SUS", "recipient_email": "sus@kommune.dk"})
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.title.endswith("(ny frist)") and c.published is False
    page = html(sec.get(world.url(c, "status/")))
    assert "Sune Dahl" in page and "Tove Ravn" in page  # members and substitutes
    response = sec.post(world.url(c, "status/"), {})
    assert response.status_code == 400 and "Vælg mindst én tovholder." in html(response)
    response = sec.post(world.url(c, "status/"), {"owners": [world.seed["Sune Dahl"].pk, world.seed["Mads Lund"].pk]})
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.status == "assigned" and sorted(c.owner_ids) == sorted([world.seed["Sune Dahl"].pk,
                                                                     world.seed["Mads Lund"].pk])
    page = html(sec.get(world.url(c)))
    assert 'data-status="assigned">Fordelt</span>' in page


# --- The consultation page ----------------------------------------------------------------------

def test_detail_page_shows_facts_steps_and_approval_state(client, world):
    c = make_consultation(world)
    drafted(world, c)
    services.formandskab_approve(consultation=c, actor=world.user("Jytte Holm"), expected_version=1)
    client.force_login(world.user("Nanna Berg"))
    page = html(client.get(world.url(c)))
    assert "Social- og Sundhedsudvalget (SUS)" in page and "sus@kommune.dk" in page
    start = page.index('data-testid="steps"')
    steps = re.sub(r"\s+", " ", page[start:page.index("</ol>", start)])
    assert 'aria-current="step"> <span class="sr-only">Nu: </span>Udkast skrives' in steps
    assert '<span class="sr-only">Udført: </span>Fordelt' in steps and steps.count('aria-current="step"') == 1
    approvers = page[page.index('data-testid="approvers"'):]
    approvers = approvers[:approvers.index("</ul>")]
    assert "Formand Jytte Holm" in approvers and "Har godkendt version 1" in approvers
    assert "Næstformand Nanna Berg" in approvers and "Mangler" in approvers
    assert "Godkend version 1 af udkastet" in page  # the vice-chair's button
    assert "ingen unge under 25 år" in page


def test_detail_for_a_member_has_no_management_buttons(client, world):
    c = make_consultation(world)
    client.force_login(world.user("Mads Lund"))
    page = html(client.get(world.url(c)))
    assert "Ret høringen" not in page and "Tilføj materiale" not in page and "Sæt på dagsordenen" not in page
    assert "Gem kommentaren" in page
    assert client.get(world.url(c, "rediger/")).status_code == 403
    assert client.post(world.url(c, "send/")).status_code == 403


def test_rules_forbid_formandskab_shown_and_refused(client, world):
    from councils import services as council_services

    council_services.rules_update(council=world.council, actor=world.secretary, valid_from=dt.date(2026, 3, 1),
                                  formandskab_approves_responses=False)
    c = make_consultation(world)
    drafted(world, c)
    client.force_login(world.user("Jytte Holm"))
    page = html(client.get(world.url(c)))
    assert 'data-testid="formandskab-not-allowed"' in page and "Godkend version" not in page
    response = client.post(world.url(c, "godkend/"), {"version": "1"}, follow=True)
    assert "godkendes høringssvar på et rådsmøde, ikke af formandskabet" in html(response)
    c.refresh_from_db()
    assert c.status == "drafting"


def test_formandskab_approves_through_the_page(client, world):
    c = make_consultation(world)
    drafted(world, c)
    client.force_login(world.user("Jytte Holm"))
    response = client.post(world.url(c, "godkend/"), {"version": "1"}, follow=True)
    assert "Din godkendelse af version 1 er registreret." in html(response)
    client.force_login(world.user("Nanna Berg"))
    response = client.post(world.url(c, "godkend/"), {"version": "1"}, follow=True)
    assert "godkendt af formandskabet og kan sendes" in html(response)
    c.refresh_from_db()
    assert c.status == "approved"
    client.force_login(world.user("Mads Lund"))  # a member cannot approve
    assert client.post(world.url(c, "godkend/"), {"version": "1"}).status_code == 403


# --- Material -----------------------------------------------------------------------------------

def test_material_upload_download_link_and_delete(sec, world, media_root, client):
    c = make_consultation(world)
    response = sec.post(world.url(c, "materiale/"), {"name": "Høringsmateriale", "file": upload("x.pdf", pdf_bytes())})
    assert response.status_code == 302
    material = ConsultationMaterial.objects.get()
    assert material.name == "Høringsmateriale.pdf" and material.content_type == "application/pdf"
    assert not material.file.name.endswith("x.pdf")  # never the uploaded name on disk
    response = sec.post(world.url(c, "materiale/"), {"url": "https://albertslund.dk/hoering", "name": ""})
    assert response.status_code == 302
    link = ConsultationMaterial.objects.get(url__startswith="https")
    page = html(sec.get(world.url(c)))
    assert "Høringsmateriale.pdf" in page and 'href="https://albertslund.dk/hoering"' in page
    download = sec.get(world.url(c, f"materiale/{material.pk}/"))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    # A partner's people download the material too.
    services.partner_add(consultation=c, partner=world.partner)
    client.force_login(world.partner_member)
    assert client.get(world.url(c, f"materiale/{material.pk}/", council=world.partner)).status_code == 200
    # Delete (confirm page, then POST).
    assert sec.get(world.url(c, f"materiale/{link.pk}/slet/")).status_code == 200
    assert sec.post(world.url(c, f"materiale/{link.pk}/slet/")).status_code == 302
    assert list(ConsultationMaterial.objects.all()) == [material]


def test_upload_disguised_as_pdf_is_refused_in_danish(sec, world, media_root):
    c = make_consultation(world)
    response = sec.post(world.url(c, "materiale/"), {"name": "", "file": upload("hoering.pdf", EXE)})
    assert response.status_code == 400
    page = html(response)
    assert ("Filen “hoering.pdf” kan ikke bruges som høringsmateriale: indholdet er ikke en af de tilladte "
            "filtyper") in page
    assert not ConsultationMaterial.objects.exists()


def test_oversized_upload_and_empty_material_are_refused(sec, world, media_root, settings):
    settings.STEMME_MAX_UPLOAD_BYTES = 100
    c = make_consultation(world)
    response = sec.post(world.url(c, "materiale/"), {"file": upload("stor.pdf", pdf_bytes() + b"0" * 200)})
    assert response.status_code == 400 and "er for stor" in html(response)
    response = sec.post(world.url(c, "materiale/"), {"name": "Intet"})
    assert response.status_code == 400 and "Vælg en fil, eller skriv et link til materialet." in html(response)
    assert not ConsultationMaterial.objects.exists()


# --- The draft ---------------------------------------------------------------------------------

def test_owner_writes_the_draft_and_history_and_version_diff(client, world):
    c = make_consultation(world)
    services.consultation_assign(consultation=c, owners=[world.seed["Sune Dahl"]])
    client.force_login(world.user("Sune Dahl"))
    draft_url = world.url(c, "udkast/")
    response = client.post(draft_url, {"draft": "Rådet mener noget.", "note": "Første udkast", "version": "0"})
    assert response.status_code == 302
    response = client.post(draft_url, {"draft": "Rådet mener noget helt andet.", "note": "Skærpet", "version": "1"},
                           follow=True)
    assert "Udkastet er gemt som version 2." in html(response)
    c.refresh_from_db()
    assert (c.status, c.draft_version, c.draft) == ("drafting", 2, "Rådet mener noget helt andet.")
    page = html(client.get(draft_url))
    versions = page[page.index('data-testid="versions"'):]
    assert "Version 2" in versions and "Skærpet" in versions and "Første udkast" in versions
    v2 = DraftVersion.objects.get(consultation=c, number=2)
    page = html(client.get(world.url(c, f"udkast/versioner/{v2.pk}/")))
    assert "Ændringer siden version 1" in page
    assert '<del><span class="sr-only">Fjernet: </span>noget.</del>' in page
    assert '<ins><span class="sr-only">Tilføjet: </span>noget helt andet.</ins>' in page


def test_draft_conflict_keeps_both_texts(client, world):
    c = make_consultation(world)
    drafted(world, c)
    client.force_login(world.user("Jytte Holm"))
    draft_url = world.url(c, "udkast/")
    assert client.post(draft_url, {"draft": "Formandens tekst.", "version": "1"}).status_code == 302
    client.force_login(world.user("Sune Dahl"))
    response = client.post(draft_url, {"draft": "Tovholderens tekst.", "note": "Min rettelse", "version": "1"})
    assert response.status_code == 409
    page = html(response)
    assert "To har skrevet i udkastet samtidig – begge tekster er bevaret" in page
    assert 'data-testid="stored-draft">Formandens tekst.</div>' in page
    assert 'data-testid="submitted-draft">Tovholderens tekst.</div>' in page
    assert "Tovholderens tekst.</textarea>" in page and 'name="version" value="2"' in page
    c.refresh_from_db()
    assert c.draft == "Formandens tekst." and c.draft_version == 2
    # Merge and save on the stored version: accepted.
    merged = "Formandens tekst.\n\nTovholderens tekst."
    assert client.post(draft_url, {"draft": merged, "version": "2"}).status_code == 302
    c.refresh_from_db()
    assert c.draft_version == 3


def test_cpr_in_the_draft_is_refused_with_the_text_kept(client, world):
    c = make_consultation(world)
    drafted(world, c)
    client.force_login(world.user("Sune Dahl"))
    text = "Borgeren med cpr 010190-1234 har klaget over boligen."
    response = client.post(world.url(c, "udkast/"), {"draft": text, "version": "1"})
    assert response.status_code == 400
    page = html(response)
    assert "ser ud til at indeholde et CPR-nummer" in page and f"{text}</textarea>" in page
    c.refresh_from_db()
    assert c.draft == DRAFT


def test_only_owners_formandskab_and_secretariat_write_the_draft(client, world):
    c = make_consultation(world)
    drafted(world, c)
    client.force_login(world.user("Mads Lund"))  # a member, not a tovholder
    page = html(client.get(world.url(c, "udkast/")))
    assert "Gem udkastet" not in page and "ingen unge under 25 år" in page
    assert client.post(world.url(c, "udkast/"), {"draft": "Hack", "version": "1"}).status_code == 403
    c.refresh_from_db()
    assert c.draft == DRAFT


def test_comments_shown_with_author_and_version(client, world):
    c = make_consultation(world)
    drafted(world, c)
    client.force_login(world.user("Mads Lund"))
    response = client.post(world.url(c, "kommentarer/"), {"text": "Husk de unge hjemløse.", "tilbage": "udkast"})
    assert response.status_code == 302 and response["Location"].endswith("/udkast/#comments")
    response = client.post(world.url(c, "kommentarer/"), {"text": ""})
    assert response.status_code == 400 and "Skriv din kommentar." in html(response)
    response = client.post(world.url(c, "kommentarer/"), {"text": "Se 010190-1234"})
    assert response.status_code == 400 and "CPR-nummer" in html(response)
    assert "Se 010190-1234</textarea>" in html(response)
    page = html(client.get(world.url(c)))
    comments = page[page.index('data-testid="comments"'):]
    assert "Mads Lund" in comments and "om version 1" in comments and "Husk de unge hjemløse." in comments
    assert DraftComment.objects.count() == 1


# --- Approval at a council meeting, and the link from the meeting -------------------------------

def test_meeting_approval_through_the_pages_and_the_link_from_the_agenda(sec, world):
    c = make_consultation(world)
    drafted(world, c)
    meeting = upcoming_meeting(world)
    page = html(sec.get(world.url(c)))
    assert f'<option value="{meeting.pk}">' in page
    response = sec.post(world.url(c, "dagsorden/"), {"meeting": meeting.pk}, follow=True)
    assert "Høringssvaret er sat på dagsordenen som punkt 1" in html(response)
    c.refresh_from_db()
    item = c.agenda_item
    assert item.meeting == meeting and item.title == "Høringssvar: Høring om Ungestrategi 2019"
    # The agenda builder and the minutes link back to the consultation.
    consultation_url = world.url(c)
    agenda = html(sec.get(f"/{world.council.slug}/intern/moeder/{meeting.pk}/dagsorden/"))
    assert f'href="{consultation_url}" data-testid="consultation-link">Se høringen' in agenda
    minutes = html(sec.get(f"/{world.council.slug}/intern/moeder/{meeting.pk}/referat/"))
    assert f'href="{consultation_url}" data-testid="consultation-link">Se høringen' in minutes
    # Before a decision: refused with the reason.
    response = sec.post(world.url(c, "godkendt-paa-moedet/"), follow=True)
    assert "Der er endnu ikke skrevet en beslutning i referatet" in html(response)
    minutes_services.item_minutes_save(item=item, decision="Godkendt.", dissent="", expected_version=0)
    response = sec.post(world.url(c, "godkendt-paa-moedet/"), follow=True)
    assert "registreret som godkendt på mødet" in html(response)
    c.refresh_from_db()
    assert c.status == "approved" and "Godkendt." in c.approval_note


def test_agenda_choice_must_be_an_upcoming_meeting_of_the_council(sec, world):
    c = make_consultation(world)
    drafted(world, c)
    response = sec.post(world.url(c, "dagsorden/"), {"meeting": ""})
    assert response.status_code == 400 and "Vælg det møde, hvor rådet skal godkende svaret." in html(response)
    from hearings.tests.consultations_builders import at
    from meetings.services import plan as plan_services

    day = today() + dt.timedelta(days=5)
    foreign = plan_services.meeting_create(council=world.third, kind="ordinary", starts_at=at(day), ends_at=at(day, 18))
    response = sec.post(world.url(c, "dagsorden/"), {"meeting": foreign.pk})
    assert response.status_code == 400 and "Vælg et af rådets kommende møder." in html(response)


def test_agenda_link_costs_one_query_for_many_items(sec, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    meeting = upcoming_meeting(world)
    address = f"/{world.council.slug}/intern/moeder/{meeting.pk}/dagsorden/"

    def add(n):
        for _i in range(n):
            c = make_consultation(world, title=f"Høring {Consultation.objects.count()}")
            drafted(world, c)
            services.agenda_item_create(consultation=c, meeting=meeting)

    add(1)
    sec.get(address)
    with CaptureQueriesContext(connection) as small:
        sec.get(address)
    add(4)
    with CaptureQueriesContext(connection) as large:
        page = html(sec.get(address))
    assert page.count('data-testid="consultation-link"') == 5
    assert len(large.captured_queries) == len(small.captured_queries)


# --- Sending, the letter, the outcome ------------------------------------------------------------

def test_send_page_then_one_email_with_the_builder(sec, world):
    c = make_consultation(world)
    drafted(world, c)
    page = html(sec.get(world.url(c, "send/")))
    assert "skal godkendes" in page and "Send høringssvaret nu" not in page
    response = sec.post(world.url(c, "send/"), follow=True)
    assert "skal godkendes" in html(response) and not OutboxMessage.objects.exists()
    approve_by_formandskab(world, c)
    page = html(sec.get(world.url(c, "send/")))
    assert "Send høringssvaret nu" in page and "sus@kommune.dk" in page
    response = sec.post(world.url(c, "send/"), follow=True)
    assert "Høringssvaret er sendt til sus@kommune.dk" in html(response)
    message = OutboxMessage.objects.get()
    assert message.kind == "hearings.response" and message.attachments[0]["builder"] == "hearings.response_pdf"
    response = sec.post(world.url(c, "send/"))
    assert response.status_code == 400 and "allerede sendt" in html(response)
    assert OutboxMessage.objects.count() == 1  # a second click sends nothing more


def test_response_pdf_and_word_downloads(client, world):
    c = make_consultation(world)
    drafted(world, c)
    client.force_login(world.user("Mads Lund"))
    response = client.get(world.url(c, "svar/pdf/"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert 'filename="hoeringssvar-vedroerende-hoering-om-ungestrategi-2019-' in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "Høring om Ungestrategi 2019" in text and "ingen unge under 25 år skal sove på gaden" in text
    response = client.get(world.url(c, "svar/word/"))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    assert "ingen unge under 25 år skal sove på gaden" in docx_text(response.content)


def test_outcome_through_the_page(sec, world):
    c = make_consultation(world)
    drafted(world, c)
    approve_by_formandskab(world, c)
    response = sec.post(world.url(c, "resultat/"), {"outcome": "Et ekstra mål."})
    assert response.status_code == 400 and "først registreres, når svaret er sendt" in html(response)
    services.consultation_send(consultation=c, actor=world.secretary)
    response = sec.post(world.url(c, "resultat/"), {"outcome": ""})
    assert response.status_code == 400 and "Skriv, hvad høringssvaret førte til." in html(response)
    response = sec.post(world.url(c, "resultat/"), {"outcome": "Svaret førte til et ekstra mål i strategien."},
                        follow=True)
    assert 'data-testid="outcome">Svaret førte til et ekstra mål i strategien.</p>' in html(response)
    c.refresh_from_db()
    assert c.status == "outcome"


# --- Joint responses --------------------------------------------------------------------------

def test_partner_sees_comments_and_edits_but_does_not_manage(client, sec, world):
    c = make_consultation(world)
    page = html(sec.get(world.url(c, "partnere/")))
    assert "Handicaprådet i Albertslund" in page and "Udsatterådet i Tredjeby" in page
    assert page.index("Handicaprådet i Albertslund") < page.index("Udsatterådet i Tredjeby")  # own municipality first
    response = sec.post(world.url(c, "partnere/"), {"council": world.partner.pk})
    assert response.status_code == 302
    response = sec.post(world.url(c, "partnere/"), {"council": world.council.pk})
    assert response.status_code == 400 and "Vælg et råd fra listen." in html(response)
    drafted(world, c)
    # The partner's list marks the joint response; its members see and comment.
    client.force_login(world.partner_member)
    page = html(client.get(world.url(council=world.partner)))
    assert "Høring om Ungestrategi 2019" in page and "Fælles høringssvar med Udsatterådet i Albertslund" in page
    page = html(client.get(world.url(c, council=world.partner)))
    assert "Fælles høringssvar med" in page and "Ret høringen" not in page
    response = client.post(world.url(c, "kommentarer/", council=world.partner), {"text": "Husk kørestolsbrugerne."})
    assert response.status_code == 302
    assert DraftComment.objects.get().council == world.partner
    response = client.post(world.url(c, "udkast/", council=world.partner), {"draft": "x", "version": "1"})
    assert response.status_code == 403
    # The partner's chair edits the draft but does not manage, approve or send.
    client.force_login(world.partner_chair)
    assert client.post(world.url(c, "udkast/", council=world.partner),
                       {"draft": DRAFT + "\n\nOgså handicaprådet mener noget.", "version": "1"}).status_code == 302
    c.refresh_from_db()
    assert c.draft_version == 2
    for suffix in ("rediger/", "send/", "partnere/", "status/"):
        assert client.get(world.url(c, suffix, council=world.partner)).status_code == 403, suffix
    response = client.post(world.url(c, "godkend/", council=world.partner), {"version": "2"}, follow=True)
    assert "Kun formanden og næstformanden for Udsatterådet i Albertslund" in html(response)
    # Removing the partner ends its access.
    sec.post(world.url(c, "partnere/"), {"fjern": world.partner.pk})
    assert client.get(world.url(c, council=world.partner)).status_code == 404


# --- Tenancy -------------------------------------------------------------------------------------

ROUTES = ["", "rediger/", "status/", "udkast/", "send/", "svar/pdf/", "svar/word/", "partnere/"]
POST_ROUTES = ["materiale/", "kommentarer/", "godkend/", "dagsorden/", "godkendt-paa-moedet/", "send/",
               "resultat/", "partnere/", "udkast/", "status/", "rediger/"]


def test_another_councils_ids_are_404(client, world, media_root):
    c = make_consultation(world)
    drafted(world, c)
    material = services.material_add(consultation=c, file=upload("m.pdf", pdf_bytes()))
    version = DraftVersion.objects.get(consultation=c)
    client.force_login(world.third_secretary)
    for suffix in ROUTES + [f"materiale/{material.pk}/", f"materiale/{material.pk}/slet/",
                            f"udkast/versioner/{version.pk}/"]:
        assert client.get(world.url(c, suffix, council=world.third)).status_code == 404, suffix
    for suffix in POST_ROUTES + [f"materiale/{material.pk}/slet/"]:
        # The secretary holds no chair role: the approval button is refused before any lookup.
        expected = 403 if suffix == "godkend/" else 404
        assert client.post(world.url(c, suffix, council=world.third), {"text": "x", "version": "1"}).status_code == \
            expected, suffix
    # Under the lead council's address the third council's secretary has no role at all.
    assert client.get(world.url(c)).status_code == 403
    # A material or version of another consultation under this consultation's address: not found.
    other = make_consultation(world, title="Anden høring")
    client.force_login(world.secretary)
    assert client.get(world.url(other, f"materiale/{material.pk}/")).status_code == 404
    assert client.get(world.url(other, f"udkast/versioner/{version.pk}/")).status_code == 404
    assert ConsultationMaterial.objects.count() == 1 and DraftComment.objects.count() == 0


def test_detail_and_draft_pages_query_count_is_constant(client, world, media_root, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = make_consultation(world)
    services.partner_add(consultation=c, partner=world.partner)
    c = Consultation.objects.get(pk=c.pk)
    drafted(world, c)
    upcoming_meeting(world)

    def grow(n):
        for i in range(n):
            services.draft_save(consultation=c, text=f"{DRAFT}\n\nÆndring {c.draft_version}.",
                                expected_version=c.draft_version, actor=world.user("Sune Dahl"))
            services.comment_add(consultation=c, council=world.council, text=f"Kommentar {i}",
                                 actor=world.user("Mads Lund"))
            services.comment_add(consultation=c, council=world.partner, text=f"Partner {i}",
                                 actor=world.partner_member)
            services.material_add(consultation=c, file=upload(f"m{i}.pdf", pdf_bytes()))
            services.formandskab_approve(consultation=c, actor=world.user("Jytte Holm"),
                                         expected_version=c.draft_version)

    client.force_login(world.secretary)
    grow(1)
    budgets = {}
    for suffix in ("", "udkast/"):
        client.get(world.url(c, suffix))
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(world.url(c, suffix)).status_code == 200
        budgets[suffix] = len(ctx.captured_queries)
    grow(8)
    for suffix in ("", "udkast/"):
        with django_assert_max_num_queries(budgets[suffix]):
            assert client.get(world.url(c, suffix)).status_code == 200
    assert budgets[""] <= 25, budgets
