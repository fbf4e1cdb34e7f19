"""Attachments are stored as descriptors and built when the message is sent.

A descriptor is a small dict on ``OutboxMessage.attachments``::

    {"builder": "meetings.agenda_pdf", "meeting_id": 12, "name": "dagsorden.pdf",
     "content_type": "application/pdf"}

``builder`` names a function registered in :data:`BUILDERS` that takes the descriptor and returns the
file's bytes. Building at send time keeps the outbox small and sends the agenda as it is
when the mail leaves (an item added after publishing is in it). A builder that fails makes
the message fail: it is retried like a failed SMTP delivery, and the error is shown to the
secretariat."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

Builder = Callable[[dict], bytes]


#: Builders by name. Each app registers its own in its ``AppConfig.ready`` (``register``):
#: ``meetings.agenda_pdf`` and ``meetings.ics`` (meetings), ``hearings.response_pdf`` and
#: ``hearings.comment_letter_pdf`` (hearings). notifications imports none of them.
BUILDERS: dict[str, Builder] = {}


class AttachmentError(Exception):
    """An attachment could not be built; the message fails and is retried."""


@dataclass
class BuiltAttachment:
    name: str
    content: bytes
    content_type: str


def register(name: str, builder: Builder) -> Builder | None:
    """Register (or replace) a builder; returns the one it replaced."""
    previous = BUILDERS.get(name)
    BUILDERS[name] = builder
    return previous


def build(descriptor: dict) -> BuiltAttachment:
    name = descriptor.get("builder", "")
    try:
        builder = BUILDERS[name]
    except KeyError:
        raise AttachmentError(f"Ukendt type bilag: {name!r}") from None
    try:
        content = builder(descriptor)
    except Exception as error:  # any failure of a builder fails the message, with the reason
        raise AttachmentError(f"Bilaget {descriptor.get('name', name)!r} kunne ikke dannes: "
                              f"{type(error).__name__}: {error}") from error
    if isinstance(content, str):
        content = content.encode()
    return BuiltAttachment(descriptor.get("name") or "bilag", content,
                           descriptor.get("content_type") or "application/octet-stream")
