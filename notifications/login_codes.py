"""The login code's way out: notifications tells accounts who may log in at an address and
sends the code through the outbox (``accounts.codelogin``, registered in
``NotificationsConfig.ready``). notifications may read and write the roster (councils) and owns
the outbox; accounts, below both, only sees the :class:`accounts.codelogin.CodeLoginDirectory`."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.codelogin import CodeLoginDirectory, LoginAddress
from councils import selectors as council_selectors
from councils import services as council_services
from notifications.models import OutboxChannel, OutboxMessage
from notifications.services import outbox_enqueue
from notifications.sms import get_gateway

#: The outbox kind of a login code (sent even in the SMS quiet hours: the member is waiting for it).
KIND = "accounts.login_code"


def members_at(*, address: LoginAddress, on: dt.date) -> list:
    if address.is_email:
        return council_selectors.people_for_login(on=on, email=address.value)
    return council_selectors.people_for_login(on=on, phone=address.value)


def link(*, user, address: LoginAddress, on: dt.date) -> int:
    return council_services.people_link_user(people=members_at(address=address, on=on), user=user)


def send(*, person, address: LoginAddress, code: str, link_url: str | None, valid_minutes: int) -> OutboxMessage:
    """Queue the code to ``address`` (the one typed, which is the person's) in the person's council:
    by e-mail with the login link, by SMS the code alone. Written in the site's language."""
    context = {"code": code, "link_url": link_url, "minutes": valid_minutes, "site_name": settings.STEMME_SITE_NAME,
               "council": person.council, "person": person}
    with translation.override(settings.LANGUAGE_CODE):
        if address.is_email:
            channel = OutboxChannel.EMAIL
            subject = _("Din kode til %(site)s: %(code)s") % {"site": settings.STEMME_SITE_NAME, "code": code}
            body = render_to_string("accounts/login_code_email.txt", context)
        else:
            channel = OutboxChannel.SMS
            subject = _("Kode til %(site)s") % {"site": settings.STEMME_SITE_NAME}
            body = render_to_string("accounts/login_code_sms.txt", context).strip()
    return outbox_enqueue(council=person.council, channel=channel, person=person, to_address=address.value,
                          subject=subject, body=body, kind=KIND, asked_now=True)


def sms_available() -> bool:
    return bool(get_gateway().automatic)


DIRECTORY = CodeLoginDirectory(members_at=members_at, link=link, send=send, sms_available=sms_available)
