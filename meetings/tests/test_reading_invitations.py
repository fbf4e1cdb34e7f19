"""Every invitation carries the personal reading link: the e-mail (the internal agenda page only
as a second line for someone with a login), the SMS (short: at most two SMS, "Svar AFBUD" only
when replies are on) and the letter (the short address to type, and the member's copy of the
agenda to merge into the letter batch). The texts are plain: LIX ≤ 30 (core.readability),
measured on the rendered messages without their links (a link is not prose)."""

import io
import json
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from core.readability import analyse
from meetings.selectors import reading
from meetings.services import agenda as agenda_services
from meetings.services import attendance as services
from meetings.tests.attendance_builders import attendance_of
from notifications import attachments as attachment_builders

pytestmark = pytest.mark.attendance_rules

#: The GSM 03.38 basic character set (one septet each) and its extension table (two septets each).
GSM7 = ("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
        "¿abcdefghijklmnopqrstuvwxyzäöñüà")
GSM7_EXTENDED = "^{}\\[~]|€"


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def sms_segments(text: str) -> int:
    """How many SMS a text takes: 160 / 153 septets in GSM-7, 70 / 67 characters in UCS-2."""
    if all(ch in GSM7 or ch in GSM7_EXTENDED for ch in text):
        septets = sum(2 if ch in GSM7_EXTENDED else 1 for ch in text)
        return 1 if septets <= 160 else -(-septets // 153)
    return 1 if len(text) <= 70 else -(-len(text) // 67)


def reading_link(body: str):
    """The attendance of the reading link in a message (a token carries its second: compare people)."""
    token = re.search(r"https://stemme\.nordby\.dk/l/([^/\s]+)/", body).group(1)
    return reading.attendance_from_reading_token(token)


def prose(body: str) -> str:
    return re.sub(r"https?://\S+|\{stemme-site\}\S*", "", body)


@pytest.fixture
def sent(council, meeting, secretary):
    council.phone = "43 66 00 00"
    council.save()
    messages = services.invitations_send(meeting=meeting, actor=secretary, base_url="https://stemme.nordby.dk")
    return {m.person.name: m for m in messages}


def test_the_email_leads_with_the_reading_link_and_logs_in_only_as_a_second_way(meeting, sent):
    anna, finn = sent["Anna Andersen"].body, sent["Finn Frost"].body

    assert "Læs dagsordenen, og svar, om du kommer:\nhttps://stemme.nordby.dk/l/" in anna
    assert reading_link(anna) == attendance_of(meeting, "Anna Andersen")
    assert anna.index("/l/") < anna.index("/intern/moeder/")  # Anna has a login: the internal page second
    assert "/intern/" not in finn and "logge ind og læse" not in finn  # Finn has none
    assert "Du skal ikke logge ind." in finn


def test_the_sms_is_short_with_one_link_to_read_and_answer(meeting, sent):
    carl = sent["Carl Christensen"].body.strip()

    assert carl.startswith("Udsatterådet Nordby: Møde ") and ", Rådhuset, mødelokale 2." in carl
    assert re.search(r"Læs og svar: https://stemme\.nordby\.dk/l/[^/\s]+/$", carl)
    assert reading_link(carl) == attendance_of(meeting, "Carl Christensen")
    assert "AFBUD" not in carl  # no replies without an inbound gateway
    assert sms_segments(carl) <= 2


def test_the_sms_says_svar_afbud_only_when_replies_are_on(council, meeting, secretary, monkeypatch):
    from notifications import sms

    monkeypatch.setattr(sms, "replies_enabled", lambda: True, raising=False)
    messages = services.invitations_send(meeting=meeting, actor=secretary, base_url="https://stemme.nordby.dk")

    carl = next(m for m in messages if m.channel == "sms").body.strip()
    assert carl.endswith("Eller svar AFBUD på denne SMS.")
    assert sms_segments(carl) <= 2


def test_the_letter_has_the_short_address_and_carries_the_members_agenda(meeting, sent):
    eva = sent["Eva Eskildsen"]
    attendance = attendance_of(meeting, "Eva Eskildsen")

    assert f"Skriv denne adresse:\nhttps://stemme.nordby.dk/k/{attendance.short_code}/\n" in eva.body
    assert "/l/" not in eva.body and "Ring på 43 66 00 00." in eva.body
    assert eva.attachments == [{"builder": "meetings.agenda_pdf", "meeting_id": meeting.pk, "public": False,
                                "name": eva.attachments[0]["name"], "content_type": "application/pdf"}]
    assert reading.short_url(attendance) == f"{{stemme-site}}{reverse('reading_short', args=[attendance.short_code])}"


def test_the_invitation_texts_are_plain(sent):
    """LIX ≤ 30 for each channel (the agenda's own titles included): the figures go in the report."""
    figures = {channel: analyse(prose(sent[name].body)).lix
               for channel, name in (("email", "Finn Frost"), ("email_login", "Anna Andersen"),
                                     ("sms", "Carl Christensen"), ("letter", "Eva Eskildsen"))}
    print("LIX", figures)
    assert all(value <= 30 for value in figures.values()), figures


def test_the_supplementary_agenda_carries_the_reading_link(meeting, sent, secretary):
    item = agenda_services.item_create(meeting=meeting, title="Nyt punkt om bænke")
    item.number = "8a"

    messages = {m.person.name: m for m in services.supplement_enqueue(meeting=meeting, items=[item], actor=secretary,
                                                                      base_url="https://stemme.nordby.dk")}

    for name in ("Anna Andersen", "Carl Christensen", "Finn Frost"):
        assert reading_link(messages[name].body) == attendance_of(meeting, name), name
    eva_code = attendance_of(meeting, "Eva Eskildsen").short_code
    assert f"https://stemme.nordby.dk/k/{eva_code}/" in messages["Eva Eskildsen"].body
    assert sms_segments(messages["Carl Christensen"].body.strip()) <= 2
    assert analyse(prose(messages["Finn Frost"].body)).lix <= 30


def test_the_agenda_copy_names_what_it_holds_so_a_batch_renders_it_once(meeting, sent):
    """Every entitled person's descriptor is the same, so the outbox (and the letter batch) builds
    the agenda once, not once per person; someone not entitled gets the public agenda."""
    agendas = [a for m in sent.values() for a in m.attachments if a["builder"] == "meetings.agenda_pdf"]
    assert len(agendas) >= 2 and all("person_id" not in a for a in agendas)
    assert {json.dumps(a, sort_keys=True) for a in agendas} == {json.dumps(agendas[0], sort_keys=True)}
    assert agendas[0]["public"] is False

    closed = "Henvendelse om en konkret bolig"
    assert closed in pdf_text(attachment_builders.build(agendas[0]).content)
    assert closed not in pdf_text(attachment_builders.build(agendas[0] | {"public": True}).content)
