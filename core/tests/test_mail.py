"""The Subject header of every mail Stemme sends starts on the "Subject:" line (no empty folded
first line) and reads back as the subject that was written, whatever its length and letters."""

import email
from email import policy

import pytest
from django.core import mail
from hypothesis import given, settings
from hypothesis import strategies as st

from core.mail import EmailMessage, EmailMultiAlternatives, clean_subject

LONG_DANISH = "Mødeindkaldelse: Udsatterådet i Albertslund, ordinært møde tirsdag 15. december 2026 kl. 16.00"


def subject_lines(message) -> list[str]:
    """The raw Subject header lines of a rendered message, as a mail server receives them."""
    raw = message.message().as_bytes().decode("utf-8")
    head = raw.split("\n\n", 1)[0].splitlines()
    start = next(i for i, line in enumerate(head) if line.startswith("Subject:"))
    lines = [head[start]]
    for line in head[start + 1:]:
        if not line[:1].isspace():
            break
        lines.append(line)
    return lines


def read_back(message) -> str:
    return str(email.message_from_bytes(message.message().as_bytes(), policy=policy.default)["Subject"])


def assert_well_formed(message, subject):
    lines = subject_lines(message)
    assert lines[0].strip() != "Subject:", lines  # the header's text starts on its own line
    assert all(len(line) <= 78 for line in lines), lines
    assert read_back(message) == clean_subject(subject)


@pytest.mark.parametrize("cls", [EmailMessage, EmailMultiAlternatives])
@pytest.mark.parametrize("subject", [LONG_DANISH, "Din adgang til Udsatterådet i Albertslund", "Kort", "A plain "
                                     "ASCII subject that is long enough to need folding across two lines, surely"])
def test_subject_starts_on_the_subject_line(cls, subject):
    assert_well_formed(cls(subject=subject, body="Tekst", to=["a@example.org"]), subject)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from("abcæøåÆØÅ éèü–—:.,0123456789\u00a0\t"), min_size=1, max_size=250)
       .filter(lambda s: s.strip()))
def test_any_subject_is_well_formed(subject):
    assert_well_formed(EmailMessage(subject=subject, body="Tekst", to=["a@example.org"]), subject)


def test_line_breaks_from_a_subject_template_become_spaces():
    message = EmailMessage(subject="Referat\nfra mødet\r\n", body="x", to=["a@example.org"])

    assert read_back(message) == "Referat fra mødet"


def test_outbox_mail_has_a_well_formed_subject(make_council, make_user):
    from councils import services as council_services
    from notifications import services

    council = make_council("nordby", name="Udsatterådet i Albertslund – et meget langt navn på et råd")
    person = council_services.person_save(council=council, name="Erik Eriksen", email="erik@example.org")
    services.outbox_enqueue(council=council, channel="email", person=person, to_address="erik@example.org",
                            subject=LONG_DANISH, body="Du er indkaldt.", kind="test")

    services.outbox_send_pending()

    [sent] = mail.outbox
    assert_well_formed(sent, LONG_DANISH)


@pytest.mark.django_db(transaction=True)
def test_welcome_mail_has_a_well_formed_subject(make_council, add_member):
    from councils import services as council_services

    council = make_council("adgang", name="Udsatterådet i Høje-Taastrup Kommune for socialt udsatte borgere")
    membership = add_member(council, "Mona Madsen", email="mona@example.org")

    council_services.person_grant_access(person=membership.person, actor=None, domain="stemme.test")

    [sent] = mail.outbox
    assert_well_formed(sent, f"Din adgang til {council.name}")


def test_password_reset_mail_has_a_well_formed_subject(client, make_user):
    make_user("glemsom@example.org")

    client.post("/konto/glemt-adgangskode/", {"email": "glemsom@example.org"})

    [sent] = mail.outbox
    assert isinstance(sent, EmailMultiAlternatives)
    assert_well_formed(sent, sent.subject)
