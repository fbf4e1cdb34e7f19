"""Links in invitations are right where the message leaves, and a letter works on paper.

A message written outside a request (the demo seed, the worker's reminders) stores its links
relative to the site; they become absolute for the address the message leaves from: the
outbox page's own address when the secretariat copies an SMS or prints a letter, and
``STEMME_BASE_URL`` when the worker sends. So ``make run PORT=8080`` after a seed on port 8000
still shows working links. A printed letter asks no one to type a long personal link: it tells
them to ring or write to the secretariat."""

import re

import pytest
from django.core import mail
from django.test import Client

from core import links
from meetings.services import attendance as services
from notifications import selectors as outbox_selectors
from notifications.models import OutboxMessage
from notifications.services import outbox_send_pending

pytestmark = [pytest.mark.django_db, pytest.mark.attendance_rules]


class RecordingGateway:
    """An automatic SMS gateway that keeps what it was asked to send."""
    automatic = True
    sent: list[tuple[str, str]] = []

    def send(self, to: str, text: str) -> None:
        RecordingGateway.sent.append((to, text))


@pytest.fixture
def sent_without_a_request(meeting, secretary, settings):
    """Invitations written as the demo writes them: no request, so no address to build links from."""
    settings.STEMME_BASE_URL = "http://127.0.0.1:8000"  # what the seed run happened to have
    messages = services.invitations_send(meeting=meeting, actor=secretary)
    return {m.person.name: m for m in messages}


def test_links_are_stored_relative_to_the_site(sent_without_a_request):
    for message in sent_without_a_request.values():
        assert "127.0.0.1:8000" not in message.body and "http" not in message.body
    assert f"{links.SITE}/l/" in sent_without_a_request["Carl Christensen"].body  # SMS: the reading link
    assert f"{links.SITE}/afbud/" in sent_without_a_request["Anna Andersen"].body  # e-mail


def test_the_outbox_page_shows_links_for_the_address_it_is_served_on(sent_without_a_request, council, secretary):
    client = Client(HTTP_HOST="127.0.0.1:8080")
    client.force_login(secretary)
    page = client.get(f"/{council.slug}/intern/udsendelser/").content.decode()
    sms = re.search(r'<textarea[^>]*id="sms-text-\d+"[^>]*>([^<]*)</textarea>', page).group(1)
    afbud = re.search(r"Læs og svar: (\S+)", sms).group(1)
    assert afbud.startswith("http://127.0.0.1:8080/l/") and links.SITE not in page
    # The link works on that server.
    response = Client(HTTP_HOST="127.0.0.1:8080").get(afbud.removeprefix("http://127.0.0.1:8080"))
    assert response.status_code == 200 and "Carl Christensen" in response.content.decode()


def test_the_worker_sends_absolute_links_for_the_configured_site(sent_without_a_request, settings):
    settings.STEMME_BASE_URL = "https://stemme.nordby.dk"
    settings.STEMME_SMS_GATEWAY = f"{__name__}.RecordingGateway"
    RecordingGateway.sent = []
    OutboxMessage.objects.filter(channel="sms").update(status="pending")
    outbox_send_pending()
    email = next(m for m in mail.outbox if m.to == ["anna@example.org"])
    assert "https://stemme.nordby.dk/afbud/" in email.body and links.SITE not in email.body
    ((to, text),) = RecordingGateway.sent
    assert to == "+45 20 11 22 33" and "Læs og svar: https://stemme.nordby.dk/l/" in text


def test_a_letter_tells_how_to_reach_the_secretariat_instead_of_a_long_link(council, meeting, secretary):
    council.phone = "43 68 68 68"
    council.save()
    messages = services.invitations_send(meeting=meeting, actor=secretary)
    eva = next(m for m in messages if m.person.name == "Eva Eskildsen")
    assert eva.channel == "letter" and "/afbud/" not in eva.body
    assert ("Kan du ikke komme? Så giv sekretariatet besked, før mødet begynder.\nRing på 43 68 68 68.\n"
            "Du kan også skrive til raadet@nordby.dk.") in eva.body
    printed = {m.person.name: m for m in outbox_selectors.letters_to_print(council=council,
                                                                          base_url="http://127.0.0.1:8080/")}
    assert links.SITE not in printed["Eva Eskildsen"].text
    # The short address to type, not a long link (the letter batch adds the QR code to the reading link).
    code = eva.person.attendances.get(meeting=meeting).short_code
    assert f"http://127.0.0.1:8080/k/{code}/" in printed["Eva Eskildsen"].text
