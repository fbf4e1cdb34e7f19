"""The permission policy: the one place that decides who may do what in a council.

Roles are derived from data, never stored as flags:

* platform admin  – ``user.is_superuser``
* secretariat     – a ``CouncilSecretary`` row for the council
* chair / vice-chair – a ``Position`` running today for the user's person
* member / substitute / guest – a ``Membership`` running today for the user's person
* public          – everyone, logged in or not

Views ask through ``tenancy.council_view(permission)``, templates through the ``can``
filter (``{% if access|can:"roster.manage" %}``) and services through ``require``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone

from core import roster


class Role(StrEnum):
    PLATFORM_ADMIN = "platform_admin"
    SECRETARIAT = "secretariat"
    CHAIR = "chair"
    VICE_CHAIR = "vice_chair"
    MEMBER = "member"
    SUBSTITUTE = "substitute"
    GUEST = "guest"
    PUBLIC = "public"


R = Role
_COUNCIL_PEOPLE = {R.SECRETARIAT, R.CHAIR, R.VICE_CHAIR, R.MEMBER, R.SUBSTITUTE, R.GUEST, R.PLATFORM_ADMIN}
_SECRETARIAT = {R.SECRETARIAT, R.PLATFORM_ADMIN}
_FORMANDSKAB = {R.SECRETARIAT, R.PLATFORM_ADMIN, R.CHAIR, R.VICE_CHAIR}

# permission -> roles that hold it
POLICY: dict[str, frozenset[Role]] = {
    "council.view_public": frozenset(Role),
    "council.view_internal": frozenset(_COUNCIL_PEOPLE),
    "directory.view": frozenset(_COUNCIL_PEOPLE),
    "roster.view": frozenset(_FORMANDSKAB),
    "roster.manage": frozenset(_SECRETARIAT),
    # Lived-experience status is GDPR art. 9 data: the secretariat only, not even the admin
    # browsing a council's pages.
    "roster.view_sensitive": frozenset({R.SECRETARIAT}),
    "composition.view": frozenset(_SECRETARIAT),
    "rules.view": frozenset(_COUNCIL_PEOPLE),
    "rules.manage": frozenset(_SECRETARIAT),
    "recruitment.manage": frozenset(_SECRETARIAT),
    "audit.view": frozenset(_SECRETARIAT),
    # The history of minutes, consultations and people (who changed what, when): formandskab
    "history.view": frozenset(_FORMANDSKAB),
    "audit.platform": frozenset({R.PLATFORM_ADMIN}),        # the log of logins, which belong to no council
    # The meeting cycle
    "meetings.view": frozenset(_COUNCIL_PEOPLE),             # internal meeting pages and papers
    "meetings.plan": frozenset(_SECRETARIAT),                # year plan, meetings
    "agenda.edit": frozenset(_FORMANDSKAB),                  # build, reorder, accept/decline proposals
    "agenda.publish": frozenset(_SECRETARIAT),               # publishing sends the invitations
    "agenda.propose": frozenset(_COUNCIL_PEOPLE),            # members propose items
    "attendance.manage": frozenset(_SECRETARIAT),            # expected attendance, call substitutes
    "minutes.edit": frozenset(_FORMANDSKAB),                 # write the minutes at/after the meeting
    "minutes.approve": frozenset({R.MEMBER, R.CHAIR, R.VICE_CHAIR}),  # written approval by members
    "minutes.publish": frozenset(_SECRETARIAT),
    "outbox.manage": frozenset(_SECRETARIAT),                # the SMS/print list, failed sends
    # Committees followed and consultations (hearings app)
    "committees.view": frozenset(_COUNCIL_PEOPLE),           # committees, their agendas, the council's comments
    "committees.manage": frozenset(_SECRETARIAT),            # committees, follows, working groups, imports
    "committees.comment": frozenset(_COUNCIL_PEOPLE),        # + working group check: can_comment_on_committee
    "letters.approve": frozenset(_FORMANDSKAB),              # approve a comment letter
    "letters.send": frozenset(_SECRETARIAT),                 # send a comment letter
    "consultations.view": frozenset(_COUNCIL_PEOPLE),
    "consultations.manage": frozenset(_SECRETARIAT),         # intake, material, status, sending, outcome, partners
    "consultations.comment": frozenset(_COUNCIL_PEOPLE),     # members comment on drafts
    "consultations.draft": frozenset(_COUNCIL_PEOPLE),       # + owner check: can_edit_draft
    "consultations.approve": frozenset({R.CHAIR, R.VICE_CHAIR}),  # between meetings, when the rules allow it
    "deadlines.view": frozenset(_FORMANDSKAB),               # the deadlines overview
    # The council's year (activities, finance, library apps)
    "ideas.view": frozenset(_COUNCIL_PEOPLE),                # the idea catalogue, themes, priorities
    "ideas.propose": frozenset(_COUNCIL_PEOPLE),             # add an idea (also the brainstorm at a meeting)
    "ideas.vote": frozenset({R.MEMBER, R.SUBSTITUTE, R.CHAIR, R.VICE_CHAIR}),  # dot-vote / rank: members' own
    "themes.manage": frozenset(_FORMANDSKAB),                # choose themes, owners, postpone, status
    "groups.view": frozenset(_COUNCIL_PEOPLE),
    "groups.manage": frozenset(_SECRETARIAT),                # create groups, choose members
    "groups.work": frozenset(_COUNCIL_PEOPLE),               # + membership check: can_work_in_group
    "events.view": frozenset(_COUNCIL_PEOPLE),
    "events.manage": frozenset(_SECRETARIAT),                # create events, record attendance
    "events.signup": frozenset(_COUNCIL_PEOPLE),             # sign oneself up, report back
    "events.citizens": frozenset(_SECRETARIAT),              # citizens' sign-ups: names, phones (personal data)
    "budget.view": frozenset(_COUNCIL_PEOPLE),               # budget status (also on every agenda)
    "budget.manage": frozenset(_SECRETARIAT),                # budget, expenses, receipts
    "perdiem.manage": frozenset(_SECRETARIAT),               # payout lists (CSV/XLSX), opt-outs
    "library.view": frozenset(_COUNCIL_PEOPLE),
    "library.manage": frozenset(_SECRETARIAT),
    # The annual report (reports app)
    "reports.view": frozenset(_COUNCIL_PEOPLE),              # the reports, their sections, the year in figures
    "reports.edit": frozenset(_COUNCIL_PEOPLE),              # + working group check: can_edit_report
    "reports.manage": frozenset(_SECRETARIAT),               # create, order, leave out, agenda, general paragraph
    "reports.approve": frozenset(_FORMANDSKAB),              # record the approval at the meeting
    "reports.publish": frozenset(_SECRETARIAT),              # send to the politicians and publish
    # The readability meter and the council's plain words (core.readability)
    "readability.check": frozenset(_COUNCIL_PEOPLE),         # the LIX meter under every text they write
    "plain_words.view": frozenset(_COUNCIL_PEOPLE),          # the council's list of plain words
    "plain_words.manage": frozenset(_SECRETARIAT),           # add, change and remove the council's own words
    # Citizens' messages, "Skriv til rådet" (public app)
    "messages.view": frozenset(_FORMANDSKAB),                # read the messages and what came of them
    "messages.manage": frozenset(_SECRETARIAT),              # turn into an idea or an item, reply, archive
    # Personal data (privacy app): the record of processing (GDPR art. 30) is the platform's, shown to
    # its admin; the access export (art. 15) holds lived experience, so the secretariat only.
    "privacy.record": frozenset({R.PLATFORM_ADMIN}),
    "privacy.export": frozenset({R.SECRETARIAT}),
    # Erasure (art. 17) and the retention rules' preview: the secretariat only.
    "privacy.manage": frozenset({R.SECRETARIAT}),
}


@dataclass
class CouncilAccess:
    """A user's roles in one council, computed once per request."""

    user: object
    council: object
    roles: frozenset[Role] = field(default_factory=frozenset)
    person_ids: tuple[int, ...] = ()

    def can(self, permission: str) -> bool:
        try:
            allowed = POLICY[permission]
        except KeyError:  # an unknown permission is a programming error, not a "no"
            raise LookupError(f"Unknown permission {permission!r}") from None
        return bool(self.roles & allowed)

    def require(self, permission: str) -> None:
        if not self.can(permission):
            raise PermissionDenied(permission)

    @property
    def is_council_person(self) -> bool:
        return bool(self.roles & _COUNCIL_PEOPLE)


def roles_for(user: Any, council: Any, *, on: dt.date | None = None) -> CouncilAccess:
    """Derive the roles of ``user`` in ``council`` on a date (default today), from the roster that
    ``councils`` provides (``core.roster``). At most three queries."""
    roles: set[Role] = {R.PUBLIC}
    person_ids: tuple[int, ...] = ()
    if user is not None and user.is_authenticated:
        on = on or timezone.localdate()
        if user.is_superuser:
            roles.add(R.PLATFORM_ADMIN)
        source = roster.source()
        roles |= source.roles_from_roster(user=user, council=council, on=on)
        person_ids = source.person_ids_for_user(user=user, council=council)
    return CouncilAccess(user=user, council=council, roles=frozenset(roles), person_ids=person_ids)


def access_for_request(request: HttpRequest, council: Any) -> CouncilAccess:
    cache = request.__dict__.setdefault("_council_access", {})
    if council.pk not in cache:
        cache[council.pk] = roles_for(request.user, council)
    return cache[council.pk]


def require(access: CouncilAccess, permission: str) -> None:
    access.require(permission)


# --- Object-level rules (data decides, on top of the role) ---------------------------------------

def can_comment_on_committee(access: CouncilAccess, follow: Any) -> bool:
    """The secretariat and the formandskab always; otherwise members of the committee's working group."""
    if not access.can("committees.comment"):
        return False
    if access.roles & _FORMANDSKAB:
        return True
    return any(pk in access.person_ids for pk in follow.member_ids)


def can_work_in_group(access: CouncilAccess, group: Any) -> bool:
    """Notes and tasks of a working group: the secretariat and the formandskab always; otherwise
    the group's members."""
    if not access.can("groups.work"):
        return False
    if access.roles & _FORMANDSKAB:
        return True
    return any(pk in access.person_ids for pk in group.member_ids)


def can_edit_draft(access: CouncilAccess, consultation: Any) -> bool:
    """The secretariat and the formandskab (of the lead or a partner council) always; otherwise the
    consultation's owners (tovholdere)."""
    if not access.can("consultations.draft"):
        return False
    if access.roles & _FORMANDSKAB:
        return True
    return any(pk in access.person_ids for pk in consultation.owner_ids)


def can_edit_report(access: CouncilAccess, report: Any) -> bool:
    """Who writes the sections of an annual report: the secretariat and the formandskab always;
    otherwise the members of the report's working group (e.g. "Årsberetning 2026"). Whether the
    report can still change (an approved one is frozen) is the services' rule, not a permission."""
    if not access.can("reports.edit"):
        return False
    if access.roles & _FORMANDSKAB:
        return True
    group = report.working_group
    return group is not None and any(pk in access.person_ids for pk in group.member_ids)


def can_create_council(user: Any, municipality: Any) -> bool:
    """Platform admins everywhere; a municipality's staff in their municipality."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return municipality.staff.filter(pk=user.pk).exists()
