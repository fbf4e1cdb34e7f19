"""What the log pages read: a council's events filtered, one object's history, and the objects'
names in one query per kind of object (so a page's query count does not grow with its events).

Built on ``core.auditlog`` (labels, masking, which events); this module adds what only the top
layer knows: the apps' models, to name objects and to find a person's memberships and a
meeting's items."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.paginator import Page, Paginator
from django.db.models import Model, Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import auditlog
from core.models import AuditEvent
from councils.models import Council, CouncilSecretary, Membership, Person
from hearings.models import Consultation
from meetings.models import AgendaItem, Meeting

PER_PAGE = 25


# --- Naming the objects --------------------------------------------------------------------------

def _date(value: dt.datetime | dt.date | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value)
    return formats.date_format(value, "DATE_FORMAT")


def _meeting(meeting: Meeting | None) -> str:
    if meeting is None:
        return ""
    return _("mødet %(title)s %(date)s") % {"title": meeting.display_title, "date": _date(meeting.starts_at)}


def meeting_name(meeting: Meeting) -> str:
    """ "Ordinært møde 3. marts 2026": the meeting as its pages name it."""
    return f"{meeting.display_title} {_date(meeting.starts_at)}"


def _on_meeting(text: str, meeting: Meeting | None) -> str:
    return _("%(text)s på %(meeting)s") % {"text": text, "meeting": _meeting(meeting)} if meeting else text


#: object_type -> (select_related, how to name one object)
_NAMERS: dict[str, tuple[tuple[str, ...], Callable[[Any], str]]] = {
    "meetings.meeting": ((), lambda m: meeting_name(m)),
    "meetings.agendaitem": (("meeting",), lambda i: _on_meeting(f"“{i.title}”", i.meeting)),
    "meetings.attendance": (("person", "meeting"), lambda a: _on_meeting(a.person.name, a.meeting)),
    "meetings.vote": (("item__meeting",), lambda v: _on_meeting(f"“{v.item.title}”", v.item.meeting)),
    "meetings.conflictofinterest": (("item__meeting", "person"),
                                    lambda c: f"{c.person.name}: " + _on_meeting(f"“{c.item.title}”", c.item.meeting)),
    "meetings.actionitem": (("meeting",), lambda a: _on_meeting(f"“{a.title}”", a.meeting)),
    "meetings.minutesapproval": (("person", "meeting"), lambda a: _on_meeting(a.person.name, a.meeting)),
    "councils.membership": (("person",), lambda m: f"{m.person.name} ({m.get_role_display()})"),
    "councils.position": (("person",), lambda p: f"{p.get_kind_display()}: {p.person.name}"),
    "accounts.user": ((), lambda u: u.name or u.email or u.phone or ""),
    "councils.councilsecretary": (("user",), lambda s: s.user.name or s.user.email or ""),
}


def _from_values(event: AuditEvent) -> str:
    for values in (event.after, event.before):
        if isinstance(values, dict):
            for key in ("title", "name", "subject"):
                if values.get(key):
                    return str(values[key])
    return ""


def describe(events: list[AuditEvent]) -> dict[int, str]:
    """event id -> the name of its object, one query per kind of object on the page. An object
    deleted since is named from the values the event recorded, marked "(slettet)"."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for event in events:
        if event.object_type and event.object_id:
            wanted[event.object_type].add(event.object_id)
    found: dict[tuple[str, str], str] = {}
    for object_type, ids in wanted.items():
        try:
            model: type[Model] = apps.get_model(object_type)
        except (LookupError, ValueError):
            continue
        related, name = _NAMERS.get(object_type, (None, str))
        queryset = model._default_manager.filter(pk__in=[i for i in ids if i.isdigit()])
        queryset = queryset.select_related(*related) if related is not None else queryset.select_related()
        for obj in queryset:
            found[(object_type, str(obj.pk))] = str(name(obj))
    result = {}
    for event in events:
        text = found.get((event.object_type, event.object_id))
        if text is None and event.object_type:
            recorded = _from_values(event)
            text = _("%(name)s (slettet)") % {"name": recorded} if recorded else ""
        if event.action in ("accounts.login_failed", "accounts.locked_out") and isinstance(event.after, dict):
            tried = _("adresse: %(address)s") % {"address": event.after.get("address", "***")}
            text = f"{text} · {tried}" if text else tried
        elif event.action == "accounts.login" and isinstance(event.after, dict):
            method = str(LOGIN_METHODS.get(event.after.get("method", ""), ""))
            text = f"{text} · {method}" if method else text
        result[event.pk] = text or ""
    return result


LOGIN_METHODS = {"password": gettext_lazy("med adgangskode"), "code": gettext_lazy("med engangskode"),
                 "link": gettext_lazy("med link fra e-mail"), "oidc": gettext_lazy("med kommunens login"),
                 "totp": gettext_lazy("med kode fra app")}


# --- The council's log ---------------------------------------------------------------------------

def council_user_ids(*, council: Council) -> list[int]:
    """The users of the council's people and secretariat (whose logins its log shows)."""
    people = Person.objects.filter(council=council, user__isnull=False).values_list("user_id", flat=True)
    secretaries = CouncilSecretary.objects.filter(council=council).values_list("user_id", flat=True)
    return sorted(set(people) | set(secretaries))


def secretariat_ids(*, council: Council) -> list[int]:
    return list(CouncilSecretary.objects.filter(council=council).values_list("user_id", flat=True))


@dataclass
class PersonChoice:
    value: str  # "p12" for a person, "u7" for a user of the secretariat with no person
    label: str
    person_id: int | None
    user_id: int | None


def person_choices(*, council: Council) -> list[PersonChoice]:
    choices = [PersonChoice(f"p{p.pk}", p.name, p.pk, p.user_id)
               for p in Person.objects.filter(council=council).order_by("name", "pk").only("pk", "name", "user_id")]
    people_users = {c.user_id for c in choices if c.user_id}
    for secretary in CouncilSecretary.objects.filter(council=council).select_related("user").order_by("user__name"):
        if secretary.user_id not in people_users:
            user = secretary.user
            label = _("%(name)s (sekretariatet)") % {"name": user.name or user.email}
            choices.append(PersonChoice(f"u{user.pk}", label, None, user.pk))
    return choices


def object_type_choices(*, events: QuerySet[AuditEvent]) -> list[tuple[str, str]]:
    types = events.order_by().values_list("object_type", flat=True).distinct()
    labelled = [(t, auditlog.object_type_label(t, plural=True).capitalize() or t) for t in types if t]
    return sorted(labelled, key=lambda pair: pair[1])


@dataclass
class LogPage:
    page: Page
    entries: list[auditlog.Entry]


def log_page(*, events: QuerySet[AuditEvent], page: Any, secretaries: list[int], per_page: int = PER_PAGE) -> LogPage:
    current = Paginator(events, per_page).get_page(page)
    return LogPage(page=current, entries=auditlog.entries(current.object_list, describe=describe,
                                                          secretariat_ids=secretaries))


def council_log(*, council: Council, person: PersonChoice | None = None, object_type: str = "",
                date_from: dt.date | None = None, date_to: dt.date | None = None) -> QuerySet[AuditEvent]:
    events = auditlog.council_events(council=council, user_ids=council_user_ids(council=council))
    q = auditlog.person_q(person_id=person.person_id, user_id=person.user_id) if person is not None else None
    return auditlog.filter_events(events, person_q=q, object_type=object_type, date_from=date_from, date_to=date_to)


# --- One object's history ------------------------------------------------------------------------

_MINUTES_ACTIONS = ("meetings.minutes.", "meetings.meeting.held", "meetings.attendance.recorded",
                    "meetings.attendance.guest_added", "meetings.vote.", "meetings.conflict.",
                    "meetings.action_item.", "meetings.constituting.")


def _starts_with_any(prefixes: tuple[str, ...]) -> Q:
    q = Q(pk__in=[])
    for prefix in prefixes:
        q |= Q(action__startswith=prefix) if prefix.endswith(".") else Q(action=prefix)
    return q


def _history(council: Council, about: Q, actions: Q | None = None,
             hidden: tuple[str, ...] = ()) -> list[auditlog.Entry]:
    events = AuditEvent.objects.filter(about, council=council)
    if actions is not None:
        events = events.filter(actions)
    events = events.select_related("actor").order_by("-created_at", "-id")
    return auditlog.entries(events, describe=describe, secretariat_ids=secretariat_ids(council=council), hidden=hidden)


def minutes_history(*, meeting: Meeting) -> list[auditlog.Entry]:
    """Who wrote, approved and published the minutes of ``meeting``, recorded attendance, votes,
    conflicts and tasks: events on the meeting or on something recorded as belonging to it."""
    item_ids = list(AgendaItem.objects.filter(meeting=meeting).values_list("pk", flat=True))
    about = (auditlog.about(object_type="meetings.meeting", object_ids=[meeting.pk],
                            related={"meeting_id": [meeting.pk], "item_id": item_ids})
             | auditlog.about(object_type="meetings.agendaitem", object_ids=item_ids))
    return _history(meeting.council, about, _starts_with_any(_MINUTES_ACTIONS))


def consultation_history(*, council: Council, consultation: Consultation) -> list[auditlog.Entry]:
    """Everything done to ``consultation`` in ``council``: its facts, drafts, comments, material, approvals."""
    about = auditlog.about(object_type="hearings.consultation", object_ids=[consultation.pk],
                           related={"consultation_id": [consultation.pk]})
    return _history(council, about)


#: A person's fields only the secretariat reads (roster.manage): masked in the history for the others.
SECRETARIAT_ONLY = ("notes",)


def person_history(*, person: Person, secretariat: bool = False) -> list[auditlog.Entry]:
    """Changes to ``person`` and their memberships, positions and consents (the councils app's
    events, and erasures and exports); the secretariat's own notes masked unless ``secretariat``."""
    membership_ids = list(Membership.objects.filter(person=person).values_list("pk", flat=True))
    about = (auditlog.about(object_type="councils.person", object_ids=[person.pk], related={"person_id": [person.pk]})
             | auditlog.about(object_type="councils.membership", object_ids=membership_ids))
    return _history(person.council, about, Q(action__startswith="councils.") | Q(action__startswith="privacy."),
                    hidden=() if secretariat else SECRETARIAT_ONLY)
