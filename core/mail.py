"""Outgoing e-mail. Every mail Stemme sends (the outbox, the welcome mail, password reset) is
built with these classes, so its headers are right in every mail client.

Django encodes a non-ASCII subject with ``email.header.Header`` without telling it the header's
name, so the first encoded line is folded as if "Subject: " were not in front of it; the
generator then breaks the line right after "Subject:" and the header starts with an empty
folded line, which some clients show as an empty subject. Here the subject is set as a
``Header`` that knows its name, whitespace (including line breaks from a template) collapsed
to single spaces."""

from email.header import Header
from email.message import Message
from typing import TYPE_CHECKING

from django.core import mail

if TYPE_CHECKING:
    _EmailMessage = mail.EmailMessage
else:
    _EmailMessage = object


def clean_subject(subject: object) -> str:
    return " ".join(str(subject).split())


class _SubjectHeaderMixin(_EmailMessage):
    def message(self) -> Message:
        self.subject = subject = clean_subject(self.subject)
        message = super().message()
        charset = "us-ascii" if subject.isascii() else self.encoding or "utf-8"
        # The email package's own __setitem__: Django's would re-encode the Header as a string.
        message.replace_header("Subject", Header(subject, charset, header_name="Subject"))
        return message


class EmailMessage(_SubjectHeaderMixin, mail.EmailMessage):
    pass


class EmailMultiAlternatives(_SubjectHeaderMixin, mail.EmailMultiAlternatives):
    pass


def send_mail(subject: str, body: str, recipients: list[str], *, from_email: str | None = None) -> int:
    """One plain-text mail through Django's configured backend."""
    return EmailMessage(subject=clean_subject(subject), body=body, from_email=from_email, to=recipients).send()
