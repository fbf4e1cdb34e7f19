"""Writes of the login without a password: a one-time code by e-mail or SMS, and the login
link in the same e-mail.

Who may log in by code: a person with a running membership (member, substitute or guest) whose
e-mail or mobile number is the address typed (``accounts.codelogin``: the directory the apps
above register). The answer to "send me a code" is the same whether or not the address is
known (the view says "if the address is known to us, we have sent a code"); only a known
address gets a code. The user is made when a code is first used: with the address as its
e-mail or phone, and every current person with that address and no user yet is linked to it.
A person who has a user already keeps it (never moved to another user).

The link in the e-mail is a django-sesame token (``SESAME_ONE_TIME``, ``SESAME_MAX_AGE``):
it names a user, so an e-mail code to a member without a user makes the user when the code is
sent (linked to no one until the code or link is used – using it proves the address)."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from sesame.utils import get_token

from accounts import codelogin, staff
from accounts.codelogin import LoginAddress
from accounts.models import LoginCode, User
from accounts.selectors import LINK_SCOPE, login_link_user
from core import links
from core.audit import audit
from core.errors import ApplicationError

logger = logging.getLogger("stemme.accounts")



class LoginCodeRefused(ApplicationError):
    """A code that does not log in. ``code``: "wrong" (wrong, used, expired, or no code for the
    address – one message for all, so the page tells nothing about the address), "spent" (too
    many wrong tries: ask for a new code) or "wait" (a wrong try a moment ago: wait a little)."""


def valid_seconds() -> int:
    return int(getattr(settings, "STEMME_LOGIN_CODE_VALID_SECONDS", 600))


def valid_minutes() -> int:
    return max(1, valid_seconds() // 60)


def _wrong() -> LoginCodeRefused:
    return LoginCodeRefused(_("Koden passer ikke, eller den er for gammel. Se efter, om du har skrevet den rigtigt, "
                              "eller bed om en ny kode."), field="code", code="wrong")


def spent_error() -> LoginCodeRefused:
    return LoginCodeRefused(_("Koden er skrevet forkert for mange gange og virker ikke længere. Bed om en ny kode."),
                            field="code", code="spent")


def _user_for(address: LoginAddress, people: list[Any]) -> tuple[User | None, bool]:
    """The user the people at ``address`` log in as: the one user they (or the address itself)
    already have, or None for none yet. ``(None, True)`` when they have several users: the code
    then cannot know whom to log in, and nothing is sent (logged for the secretariat's support)."""
    user_ids = {p.user_id for p in people if p.user_id}
    lookup = {"email": address.value} if address.is_email else {"phone": address.value}
    own = User.objects.filter(**lookup).values_list("pk", flat=True).first()
    if own is not None:
        user_ids.add(own)
    if len(user_ids) > 1:
        logger.warning("Login code: the people at one address have %d different users; no code sent", len(user_ids))
        return None, True
    if not user_ids:
        return None, False
    user = User.objects.get(pk=user_ids.pop())
    if user.pk != own and _is_staff(user):
        # Reached only through a person's address, which the secretariat can change: staff (who
        # may hold other councils' secretariat or the platform) log in only at their own address.
        logger.warning("Login code: staff user %s reached through a person's address only; no code sent", user.pk)
        return None, True
    return user, False


def _is_staff(user: User) -> bool:
    return user.is_superuser or user.is_staff or bool(staff.staff_roles(user))


def _user_create(address: LoginAddress, people: list[Any]) -> User:
    name = people[0].name if people else ""
    if address.is_email:
        user = get_user_model().objects.create_user(email=address.value, name=name)
    else:
        user = get_user_model().objects.create_user(phone=address.value, name=name)
    audit(action="accounts.user.created", council=people[0].council if people else None, obj=user,
          after={"by": "login_code", "channel": address.kind})
    return user


def login_link_path(user: User) -> str:
    """The path of a one-time login link for ``user`` (valid ``SESAME_MAX_AGE`` seconds)."""
    return reverse("accounts:code_link", args=[get_token(user, scope=LINK_SCOPE)])


@transaction.atomic
def login_code_request(*, address: LoginAddress, base_url: str | None = None,
                       today: dt.date | None = None) -> LoginCode | None:
    """Send a new code to ``address`` when a person with a running membership has it; None (and
    nothing sent) otherwise – the caller answers the same either way. A new code replaces the
    previous one. By e-mail the message also carries a login link; by SMS only the code, and
    only when an SMS gateway sends by itself."""
    directory = codelogin.directory()
    if not address.is_email and not directory.sms_available():
        return None
    today = today or timezone.localdate()
    people = directory.members_at(address=address, on=today)
    if not people:
        return None
    user, ambiguous = _user_for(address, people)
    if ambiguous or (user is not None and not user.is_active):
        return None
    if user is None and address.is_email:
        user = _user_create(address, people)  # the link names a user
    device = LoginCode.objects.select_for_update().filter(address=address.value).first()
    if device is None:
        device = LoginCode(address=address.value, channel=address.kind, name="login code")
    device.user = user
    device.channel = address.kind
    code = device.issue(valid_seconds=valid_seconds())
    link_url = links.message_url(login_link_path(user), base_url) if user is not None and address.is_email else None
    person = people[0]
    directory.send(person=person, address=address, code=code, link_url=link_url, valid_minutes=valid_minutes())
    audit(action="accounts.login_code.sent", council=person.council, obj=device,
          after={"channel": address.kind, "person": person.pk, "user": user.pk if user else None})
    return device


def login_code_verify(*, address: LoginAddress, code: str, today: dt.date | None = None) -> User:
    """The user that ``code`` logs in at ``address``, or LoginCodeRefused. Right code: it is used
    up; the user is made now if there is none (named after the person, with the address), and
    the people at the address without a user are linked to it. The person must still have a
    running membership. A wrong try is stored (the refusal is raised after the commit, so the
    count of wrong tries is never rolled back with it)."""
    with transaction.atomic():
        user, refusal = _verify(address=address, code=code, today=today or timezone.localdate())
    if refusal is not None:
        raise refusal
    assert user is not None  # nosec B101  # _verify returns a user or a refusal (for mypy)
    return user


def _verify(*, address: LoginAddress, code: str, today: dt.date) -> tuple[User | None, LoginCodeRefused | None]:
    device = LoginCode.objects.select_for_update().filter(address=address.value).first()
    if device is None:
        return None, _wrong()
    allowed, info = device.verify_is_allowed()
    if not allowed:
        return None, spent_error() if (info or {}).get("spent") else LoginCodeRefused(
            _("Vent et øjeblik, og prøv så igen."), field="code", code="wait")
    if not device.verify_token(code):
        return None, spent_error() if device.throttling_failure_count >= LoginCode.max_failures() else _wrong()
    directory = codelogin.directory()
    people = directory.members_at(address=address, on=today)
    if not people:
        return None, _wrong()
    user, ambiguous = _user_for(address, people)
    if ambiguous:
        return None, _wrong()
    if user is None:
        user = device.user or _user_create(address, people)
    if not user.is_active:
        return None, _wrong()
    _remember_address(user, address)
    linked = directory.link(user=user, address=address, on=today)
    device.user = user
    device.save(update_fields=["user"])
    audit(action="accounts.login_code.used", actor=user, council=people[0].council, obj=device,
          after={"channel": address.kind, "user": user.pk, "linked": linked})
    return user, None


def _remember_address(user: User, address: LoginAddress) -> None:
    """The user now also has the proven address (when it has none of that kind and nobody else has it)."""
    field = "email" if address.is_email else "phone"
    if getattr(user, field):
        return
    if User.objects.filter(**{field: address.value}).exclude(pk=user.pk).exists():
        return
    setattr(user, field, address.value)
    user.save(update_fields=[field])


@transaction.atomic
def login_link_use(*, token: str, today: dt.date | None = None) -> User | None:
    """The user a login link (``login_link_path``) logs in, or None when it is altered, used,
    too old, or the person no longer has a running membership. Using it spends it (the user's
    last login changes, which django-sesame's one-time tokens depend on) and spends the code sent
    in the same e-mail; the people at the user's e-mail without a user are linked to it."""
    named = login_link_user(token)
    if named is None or not named.email:
        return None
    user = User.objects.select_for_update().get(pk=named.pk)
    if login_link_user(token) is None:  # used by a request that got the lock first
        return None
    address = LoginAddress(codelogin.EMAIL, named.email)
    directory = codelogin.directory()
    today = today or timezone.localdate()
    people = directory.members_at(address=address, on=today)
    if not people:
        return None
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    LoginCode.objects.filter(address=address.value).update(token=None, valid_until=timezone.now())
    linked = directory.link(user=user, address=address, on=today)
    audit(action="accounts.login_link.used", actor=user, council=people[0].council, obj=user,
          after={"user": user.pk, "linked": linked})
    return user


