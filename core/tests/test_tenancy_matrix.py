"""The tenancy matrix: every council URL × role × council.

URLs are enumerated from the URL resolver, so a new page under ``<slug>/intern/`` or a new
public council page is covered without touching this file (an id parameter after a path
segment not yet in ``SEGMENT_OBJECTS`` makes a test fail until it is added). The expected outcome comes
from ``core.permissions.POLICY`` and the ``council_permission`` attribute that
``core.tenancy.council_view`` puts on every council view.

Two councils, Nordby and Sydby, each with a secretary, a chair, a member and that member's
personal substitute. Actors are the people of Nordby, anonymous, a platform admin and the
secretary and a member of Sydby ("another council"). Each actor requests every URL of
Nordby (for Nordby's people: their own council) and of Sydby (their other council).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from core.permissions import POLICY, Role

# --- URL enumeration -----------------------------------------------------------------------

PARAM_RE = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


@dataclass(frozen=True)
class CouncilUrl:
    route: str  # e.g. "<slug:council_slug>/intern/personer/<int:pk>/"
    name: str  # "councils:person"
    callback: object

    @property
    def params(self) -> list[str]:
        return [m.group("name") for m in PARAM_RE.finditer(self.route) if m.group("name") != "council_slug"]

    @property
    def internal(self) -> bool:
        return "/intern/" in self.route

    @property
    def permission(self) -> str | None:
        return getattr(self.callback, "council_permission", None)

    def path(self, slug: str, values: dict[str, int | str]) -> str:
        def fill(match):
            name = match.group("name")
            return slug if name == "council_slug" else str(values[name])

        return "/" + PARAM_RE.sub(fill, self.route)

    def __str__(self):
        return self.name


def _walk(patterns, prefix="", namespace=None):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern), p.namespace or namespace)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), f"{namespace}:{p.name}" if namespace else p.name, p.callback


def council_urls() -> list[CouncilUrl]:
    """Every URL whose path starts with a council slug: the internal pages and the public council pages."""
    return [CouncilUrl(route, name, callback) for route, name, callback in _walk(get_resolver().url_patterns)
            if route.startswith("<slug:council_slug>/")]


COUNCIL_URLS = council_urls()
INTERNAL_URLS = [u for u in COUNCIL_URLS if u.internal]
PUBLIC_URLS = [u for u in COUNCIL_URLS if not u.internal]

# The kind of object whose id fills a parameter, from the path segment just before it
# ("personer/<int:pk>/" is a person). New URLs under these segments need no change here.
SEGMENT_OBJECTS: dict[str, str] = {
    "personer": "person",
    "indsigt": "person",  # privacy:export, the access export of a person (GDPR art. 15)
    "medlemskaber": "membership",
    "valgperioder": "term",
    "pladser": "seat_category",
    "rekruttering": "call",
    "kandidater": "candidacy",
    "opslag": "call",
    "moeder": "meeting",
    "fremmoede": "attendance",
    "punkter": "item",
    "forslag": "proposal",
    "senere": "backlog_item",
    "bilag": "attachment",
    "afstemning": "vote",
    "inhabilitet": "conflict",
    "opgaver": "action_item",
    "udsendelser": "outbox_message",
    "udvalg": "committee",
    "udvalgsmoeder": "committee_meeting",
    "udvalgspunkter": "committee_item",
    "hoeringer": "consultation",
    "materiale": "material",
    "versioner": "draft_version",
    "hoeringssvar": "consultation",
    "kommentarbreve": "comment_letter",
    "idekatalog": "idea",
    "temaer": "theme",
    "arbejdsgrupper": "working_group",
    "gruppeopgaver": "group_task",
    "arrangementer": "event",
    "udgifter": "expense",
    "kvitteringer": "receipt",
    "bibliotek": "document",
    "aarsberetning": "report",
    "afsnit": "section",
    "ord": "plain_word",
    "aarsberetninger": "published_report_year",
    "henvendelser": "citizen_message",
    "anonymisering": "person",
}
# Overrides for a parameter the segment rule gets wrong: (url name, parameter) -> kind.
OBJECT_PARAMS: dict[tuple[str, str], str] = {("public:personal_calendar", "token"): "calendar_token",
                                             ("public:meeting_minutes_pdf", "pk"): "published_meeting",
                                             ("public:subscribe_confirm", "token"): "subscription_confirm_token",
                                             ("public:unsubscribe", "token"): "unsubscribe_token",
                                             ("public:event_thanks", "token"): "citizen_signup_token",
                                             ("public:event_cancel", "token"): "citizen_signup_token",
                                             ("public:meeting_easy", "pk"): "published_meeting",
                                             ("public:meeting_easy_poster", "pk"): "published_meeting",
                                             ("public:meeting_easy_handout", "pk"): "published_meeting"}


def object_kind(url: CouncilUrl, param: str) -> str:
    if (url.name, param) in OBJECT_PARAMS:
        return OBJECT_PARAMS[(url.name, param)]
    segments = url.route.split("/")
    index = [(m := PARAM_RE.fullmatch(seg)) and m["name"] for seg in segments].index(param)
    kind = SEGMENT_OBJECTS.get(segments[index - 1])
    if kind is None:
        raise LookupError(f"{url.name}: no object kind for <{param}> after {segments[index - 1]!r}; "
                          f"add it to SEGMENT_OBJECTS or OBJECT_PARAMS in {__file__}")
    return kind


# --- The world -------------------------------------------------------------------------------

NORDBY, SYDBY = "nordby", "sydby"
# Every person of Sydby carries this word in their name: it must never show on a Nordby page.
SYDBY_MARKER = "Sydbosen"
NORDBY_MARKER = "Nordbosen"


@dataclass(frozen=True)
class Actor:
    key: str
    home: str | None  # the council where the actor holds a role
    roles: frozenset[Role]  # roles in ``home`` (besides PUBLIC)

    def roles_in(self, council: str) -> frozenset[Role]:
        if self.key == "platform_admin":
            return frozenset({Role.PUBLIC, Role.PLATFORM_ADMIN})
        return frozenset({Role.PUBLIC} | (self.roles if council == self.home else set()))


ACTORS = [
    Actor("anonymous", None, frozenset()),
    Actor("platform_admin", None, frozenset({Role.PLATFORM_ADMIN})),
    Actor("secretariat", NORDBY, frozenset({Role.SECRETARIAT})),
    Actor("chair", NORDBY, frozenset({Role.CHAIR, Role.MEMBER})),
    Actor("member", NORDBY, frozenset({Role.MEMBER})),
    Actor("substitute", NORDBY, frozenset({Role.SUBSTITUTE})),
    Actor("other_secretariat", SYDBY, frozenset({Role.SECRETARIAT})),
    Actor("other_member", SYDBY, frozenset({Role.MEMBER})),
]


@dataclass
class World:
    councils: dict  # key -> Council
    users: dict  # (council key, role) / "platform_admin" -> User
    objects: dict  # council key -> {kind: id}

    def user_for(self, actor: Actor):
        if actor.key == "anonymous":
            return None
        if actor.key == "platform_admin":
            return self.users["platform_admin"]
        role = actor.key.removeprefix("other_")
        return self.users[(actor.home, role)]


@pytest.fixture
def world(make_user, make_council, add_member):
    from councils import services
    from councils.models import SeatCategory, Term

    users = {"platform_admin": make_user("admin@example.org", name="Platform Admin", superuser=True)}
    councils, objects = {}, {}
    for key, marker in ((NORDBY, NORDBY_MARKER), (SYDBY, SYDBY_MARKER)):
        for role in ("secretariat", "chair", "member", "substitute"):
            users[(key, role)] = make_user(f"{role}-{key}@example.org", name=f"{role.title()} {key}")
        council = make_council(key, name=f"Udsatterådet {key.title()}", secretary=users[(key, "secretariat")])
        chair = add_member(council, f"Anna {marker}", user=users[(key, "chair")], seat="Sagkyndige")
        services.position_assign(council=council, person=chair.person, kind="chair", start=dt.date(2026, 3, 1))
        member = add_member(council, f"Bent {marker}", user=users[(key, "member")], seat="Sagkyndige")
        add_member(council, f"Carl {marker}", role="substitute", substitute_for=member,
                   user=users[(key, "substitute")])
        term = Term.objects.get(council=council)
        call = services.call_save(council=council, term=term, title=f"Bliv medlem {marker}",
                                  text="Vi søger nye medlemmer.", deadline=timezone.now() + dt.timedelta(days=30),
                                  published=True)
        candidacy = services.candidacy_submit(call=call, name=f"Dorte {marker}", email="dorte@example.org",
                                              motivation="Jeg vil gerne være med.")
        councils[key] = council
        objects[key] = {"term": term.pk, "seat_category": SeatCategory.objects.filter(term=term).first().pk,
                        "person": member.person_id, "membership": member.pk, "call": call.pk,
                        "candidacy": candidacy.pk, **_meeting_objects(council, member),
                        "plain_word": services.plain_word_add(council=council, word="visitation", plain="vurdering").pk,
                        **_hearing_objects(council, member), **_year_objects(council, member),
                        **_report_objects(council), **_message_objects(council),
                        **_subscription_objects(council)}
    return World(councils, users, objects)


def _meeting_objects(council, member) -> dict:
    """A published public meeting with an item (with an attachment, a vote, a conflict and an
    action item), a pending proposal, a backlog item, an outbox message, the member's attendance
    and a calendar token."""
    from django.core.files.base import ContentFile

    from meetings.models import (
        ActionItem,
        AgendaItem,
        Attachment,
        Attendance,
        ConflictOfInterest,
        EasyReadMinutes,
        Meeting,
        MeetingStatus,
        ProposalStatus,
        Vote,
    )
    from meetings.selectors.plan import calendar_token
    from meetings.services import plan
    from notifications.models import OutboxMessage

    starts = timezone.make_aware(dt.datetime(2026, 12, 14, 16, 0))
    meeting = plan.meeting_create(council=council, kind="ordinary", starts_at=starts,
                                  ends_at=starts + dt.timedelta(hours=2), location="Rådhuset")
    meeting.status = MeetingStatus.AGENDA_PUBLISHED
    meeting.agenda_published_at = timezone.now()
    meeting.save()
    item = AgendaItem.objects.create(council=council, meeting=meeting, position=1, title="Socialt frikort")
    proposal = AgendaItem.objects.create(council=council, meeting=meeting, position=2, title="Forslag",
                                         proposal_status=ProposalStatus.PROPOSED, proposed_by=member.person)
    backlog = AgendaItem.objects.create(council=council, meeting=None, title="Tandpleje",
                                        proposal_status=ProposalStatus.BACKLOG)
    attachment = Attachment(council=council, item=item, name="bilag.pdf", content_type="application/pdf",
                            size=20)
    attachment.file.save("bilag.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    vote = Vote.objects.create(council=council, item=item, question="Skal vi?", yes=1)
    conflict = ConflictOfInterest.objects.create(council=council, item=item, person=member.person)
    action = ActionItem.objects.create(council=council, meeting=meeting, item=item, title="Skriv til SUS")
    action.owners.add(member.person)
    # The public minutes (and their PDF) exist only once published: an earlier meeting that far.
    published = plan.meeting_create(council=council, kind="ordinary", starts_at=starts - dt.timedelta(days=60),
                                    ends_at=starts - dt.timedelta(days=60, hours=-2), location="Rådhuset")
    Meeting.objects.filter(pk=published.pk).update(status=MeetingStatus.MINUTES_PUBLISHED,
                                                   minutes_published_at=timezone.now())
    EasyReadMinutes.objects.create(council=council, meeting=published, body="# Rådet mødtes\n\nRådet sagde ja.",
                                   status="published", published_at=timezone.now())
    message = OutboxMessage.objects.create(council=council, channel="sms", person=member.person,
                                           to_address="20304050", subject="Indkaldelse", body="Møde",
                                           kind="meetings.invitation", meeting=meeting, status="manual")
    attendance = Attendance.objects.create(council=council, meeting=meeting, person=member.person,
                                           invited_at=timezone.now())
    return {"meeting": meeting.pk, "published_meeting": published.pk, "item": item.pk, "proposal": proposal.pk,
            "backlog_item": backlog.pk, "attendance": attendance.pk,
            "attachment": attachment.pk, "vote": vote.pk, "conflict": conflict.pk, "action_item": action.pk,
            "outbox_message": message.pk, "calendar_token": calendar_token(member.person_id)}


def _hearing_objects(council, member) -> dict:
    """A followed committee (the member in its working group) with a meeting, an item, the
    council's comment and a sent comment letter; a sent, published consultation with material
    and a draft version."""
    from django.core.files.base import ContentFile

    from hearings.models import (
        CommentLetter,
        Committee,
        CommitteeAgendaItem,
        CommitteeFollow,
        CommitteeMeeting,
        Consultation,
        ConsultationMaterial,
        ConsultationStatus,
        DraftVersion,
        ItemComment,
        LetterStatus,
    )

    muni = council.municipality
    committee = Committee.objects.create(municipality=muni, name="Social- og Sundhedsudvalget", abbreviation="SUS")
    follow = CommitteeFollow.objects.create(council=council, committee=committee, recipient_email="sus@example.org")
    follow.members.add(member.person)
    starts = timezone.make_aware(dt.datetime(2026, 12, 10, 17, 0))
    cmeeting = CommitteeMeeting.objects.create(municipality=muni, committee=committee, starts_at=starts)
    citem = CommitteeAgendaItem.objects.create(municipality=muni, meeting=cmeeting, number=3, case_code="SUS/ØU/KB",
                                               title="Ny sundhedspolitik")
    ItemComment.objects.create(council=council, item=citem, text="Husk de hjemløse.")
    letter = CommentLetter.objects.create(council=council, committee_meeting=cmeeting, status=LetterStatus.SENT,
                                          recipient_email="sus@example.org", sent_at=timezone.now(),
                                          sent_sections=[{"heading": "Punkt 3. SUS/ØU/KB – Ny sundhedspolitik",
                                                          "text": "Husk de hjemløse."}])
    consultation = Consultation.objects.create(
        council=council, title="Ungestrategi", committee=committee, received_on=dt.date(2026, 9, 1),
        deadline=dt.date(2026, 10, 1), status=ConsultationStatus.SENT, draft="Vi støtter strategien.",
        draft_version=1, sent_text="Vi støtter strategien.", sent_at=timezone.now(), recipient_email="bsv@example.org")
    consultation.owners.add(member.person)
    material = ConsultationMaterial(council=council, consultation=consultation, name="strategi.pdf",
                                    content_type="application/pdf", size=20)
    material.file.save("strategi.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    version = DraftVersion.objects.create(council=council, consultation=consultation, number=1,
                                          text="Vi støtter strategien.")
    return {"committee": committee.pk, "committee_meeting": cmeeting.pk, "committee_item": citem.pk,
            "comment_letter": letter.pk, "consultation": consultation.pk, "material": material.pk,
            "draft_version": version.pk}


def _year_objects(council, member) -> dict:
    """The council's year: an idea with a vote, a theme, a working group (the member in it) with
    a task, an event the member signed up for, an expense with a receipt, a library document."""
    from django.core.files.base import ContentFile

    from activities.models import CitizenSignup, Event, EventSignup, GroupTask, Idea, IdeaVote, Theme, WorkingGroup
    from finance.models import Budget, Expense, Receipt
    from library.models import Document, Tag

    idea = Idea.objects.create(council=council, year=2026, title="Tandpleje for hjemløse")
    IdeaVote.objects.create(council=council, idea=idea, person=member.person, dots=2)
    theme = Theme.objects.create(council=council, year=2026, priority=1, title="Tandpleje", idea=idea,
                                 owner=member.person)
    group = WorkingGroup.objects.create(council=council, name="Årsberetningen")
    group.members.add(member.person)
    task = GroupTask.objects.create(council=council, group=group, title="Skriv udkast")
    task.owners.add(member.person)
    event = Event.objects.create(council=council, title="Netværksmøde for udsatteråd", own=True, is_public=True,
                                 starts_at=timezone.make_aware(dt.datetime(2026, 12, 2, 10, 0)))
    EventSignup.objects.create(council=council, event=event, person=member.person)
    citizen = CitizenSignup.objects.create(council=council, event=event, name="Kis", cancel_token=f"t-{council.slug}")
    Budget.objects.create(council=council, year=2026, amount=25000)
    expense = Expense.objects.create(council=council, date=dt.date(2026, 11, 2), category="catering", amount=450,
                                     description="Sandwich til mødet")
    receipt = Receipt(council=council, expense=expense, name="kvittering.pdf", content_type="application/pdf",
                      size=20)
    receipt.file.save("kvittering.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    document = Document.objects.create(council=council, title="Rapport om bisidderordninger", year=2018)
    document.tags.add(Tag.objects.create(council=council, name="bisidder"))
    document.file.save("rapport.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    return {"idea": idea.pk, "theme": theme.pk, "working_group": group.pk, "group_task": task.pk, "event": event.pk,
            "expense": expense.pk, "receipt": receipt.pk, "document": document.pk,
            "citizen_signup_token": citizen.cancel_token}


def _report_objects(council) -> dict:
    """An annual report, approved and published (its public page is addressed by year: each
    council's in a year of its own, so Sydby's year under Nordby's slug is a 404), with a section."""
    from reports.models import AnnualReport, EasyReadReport, ReportSection, ReportStatus, ReportVersion

    year = 2025 if council.slug == NORDBY else 2024
    report = AnnualReport.objects.create(
        council=council, year=year, period_start=dt.date(year, 1, 1), period_end=dt.date(year, 12, 31),
        title=f"Årsberetning {year}", status=ReportStatus.PUBLISHED, published_at=timezone.now(),
        approved_at=timezone.now())
    section = ReportSection.objects.create(council=council, report=report, kind="introduction", title="Indledning",
                                           body="<p>Rådet blev nedsat i 2018.</p>")
    ReportVersion.objects.create(council=council, report=report, number=1, sha256="0" * 64,
                                 sections=[{"kind": "introduction", "title": "Indledning",
                                            "body": "<p>Rådet blev nedsat i 2018.</p>", "chart": ""}],
                                 approved_at=timezone.now())
    EasyReadReport.objects.create(council=council, report=report, body="Rådet holdt fire møder.",
                                  status="published", published_at=timezone.now())
    return {"report": report.pk, "section": section.pk, "published_report_year": year}


def _message_objects(council) -> dict:
    """A citizen's message ("Skriv til rådet") with a contact."""
    from public.services.messages import message_submit

    message = message_submit(council=council, kind="concern", text="Koldt i værestedet.",
                             contact="borger@example.org")
    return {"citizen_message": message.pk}


def _subscription_objects(council) -> dict:
    """A citizen's e-mail alerts, not yet confirmed: the confirmation link's token and the
    unsubscribe token."""
    from notifications.models import OutboxMessage
    from notifications.services import CONFIRM_KIND, subscription_request

    subscription = subscription_request(council=council, email="borger@example.org", topics=["minutes"])
    body = OutboxMessage.objects.filter(council=council, kind=CONFIRM_KIND).latest("pk").body
    token = re.search(r"/abonner/bekraeft/([^/\s]+)/", body).group(1)
    return {"subscription_confirm_token": token, "unsubscribe_token": subscription.unsubscribe_token}


def _values(url: CouncilUrl, objects: dict) -> dict[str, int]:
    return {param: objects[object_kind(url, param)] for param in url.params}


def _text(response) -> str:
    """The page's text; for files (PDF, Word, calendars) the content type and name, since a
    binary body cannot be searched for names."""
    if not response.get("Content-Type", "").startswith("text/html"):
        return f"{response.get('Content-Type')} {response.get('Content-Disposition', '')}"
    return response.content.decode()


def _is_page(response) -> bool:
    """A whole page (not a file, not an htmx fragment of one)."""
    return response.get("Content-Type", "").startswith("text/html") and b"<html" in response.content


# --- The matrix ---------------------------------------------------------------------------------

def test_resolver_finds_the_council_urls():
    names = {u.name for u in COUNCIL_URLS}
    assert {"councils:dashboard", "councils:roster", "councils:membership_end", "councils:candidacy_review",
            "public:council_home", "public:members", "public:call"} <= names
    assert len(INTERNAL_URLS) >= 24
    assert {"public:council_home", "public:members", "public:call", "public:call_thanks"} <= {
        u.name for u in PUBLIC_URLS}
    assert all(u.name.startswith("public:") for u in PUBLIC_URLS)
    by_name = {u.name: u for u in COUNCIL_URLS}
    assert by_name["councils:seat_category_edit"].params == ["term_pk", "pk"]
    assert [object_kind(by_name["councils:seat_category_edit"], p) for p in ("term_pk", "pk")] == [
        "term", "seat_category"]
    assert [object_kind(by_name["councils:candidacy_review"], p) for p in ("call_pk", "pk")] == ["call", "candidacy"]
    assert object_kind(by_name["councils:membership_end"], "pk") == "membership"
    assert object_kind(by_name["public:call_thanks"], "pk") == "call"


@pytest.mark.parametrize("url", COUNCIL_URLS, ids=str)
def test_every_council_view_declares_a_known_permission(url):
    """Every page under a council slug goes through ``council_view`` with a permission in the policy."""
    assert url.permission in POLICY, f"{url.name} is not wrapped in core.tenancy.council_view"
    if url.internal:
        assert url.permission != "council.view_public", f"{url.name} is internal but public"
        assert Role.PUBLIC not in POLICY[url.permission]
    for param in url.params:
        assert object_kind(url, param)


@pytest.mark.parametrize("url", COUNCIL_URLS, ids=str)
def test_matrix_roles_by_council(url, world, client):
    """GET every URL as every actor in both councils; collect every mismatch and report them together."""
    failures = []
    allowed_roles = POLICY[url.permission]
    for actor in ACTORS:
        user = world.user_for(actor)
        client.logout()
        if user is not None:
            client.force_login(user)
        for target in (NORDBY, SYDBY):
            council = world.councils[target]
            path = url.path(council.slug, _values(url, world.objects[target]))
            response = client.get(path)
            if response.status_code == 405 and response.get("Allow") == "POST":
                # A POST-only action (require_POST outside council_view): GET reveals nothing
                # to anyone; who may POST is proven by test_matrix_denied_posts_change_nothing.
                continue
            expected_roles = actor.roles_in(target)
            allowed = bool(expected_roles & allowed_roles)
            where = f"{actor.key} GET {path}"
            if allowed and response.status_code == 302 and response["Location"].startswith(f"/{council.slug}/"):
                # A POST-only action sends a GET on to a page of the same council: follow it.
                where += f" -> {response['Location']}"
                response = client.get(response["Location"])
            body = _text(response)
            if allowed:
                if response.status_code != 200:
                    failures.append(f"{where}: expected 200, got {response.status_code}")
                    continue
                if _is_page(response) and council.name not in body:
                    failures.append(f"{where}: page does not name the council {council.name!r}")
                roles = response.wsgi_request.access.roles
                if roles != expected_roles:
                    failures.append(f"{where}: roles {sorted(roles)} != expected {sorted(expected_roles)}")
                other_marker = SYDBY_MARKER if target == NORDBY else NORDBY_MARKER
                if other_marker in body:
                    failures.append(f"{where}: shows data of the other council ({other_marker})")
            elif user is None:
                login = f"/konto/log-ind/?next={path}"
                if response.status_code != 302 or response["Location"] != login:
                    failures.append(f"{where}: expected redirect to {login}, got {response.status_code} "
                                    f"{response.get('Location')}")
            else:
                if response.status_code != 403:
                    failures.append(f"{where}: expected 403, got {response.status_code}")
                elif "Ingen adgang" not in body:
                    failures.append(f"{where}: 403 without the Danish 'Ingen adgang' page")
                own_marker = NORDBY_MARKER if target == NORDBY else SYDBY_MARKER
                if own_marker in body:
                    failures.append(f"{where}: the 403 page leaks the council's people")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("url", INTERNAL_URLS, ids=str)
def test_matrix_denied_posts_change_nothing(url, world, client):
    """A POST from someone the policy refuses is refused like the GET, and writes nothing."""
    from core.models import AuditEvent

    denied = [a for a in ACTORS if not (a.roles_in(NORDBY) & POLICY[url.permission])]
    council = world.councils[NORDBY]
    path = url.path(council.slug, _values(url, world.objects[NORDBY]))
    before = AuditEvent.objects.count()
    failures = []
    for actor in denied:
        client.logout()
        user = world.user_for(actor)
        if user is not None:
            client.force_login(user)
        response = client.post(path, {"name": "Indtrængende", "end": "2026-06-01", "reason": "withdrew"})
        expected = 302 if user is None else 403
        if response.status_code == 405 and "POST" not in response.get("Allow", ""):
            continue  # a read-only page (require_GET): POST is refused to everyone
        if response.status_code != expected:
            failures.append(f"{actor.key} POST {path}: expected {expected}, got {response.status_code}")
    assert not failures, "\n".join(failures)
    assert AuditEvent.objects.count() == before


OBJECT_URLS = [u for u in COUNCIL_URLS if u.params]


@pytest.mark.parametrize("url", OBJECT_URLS, ids=str)
@pytest.mark.parametrize("actor_key", ["secretariat", "platform_admin"])
def test_other_councils_object_under_own_slug_is_404(url, actor_key, world, client):
    """Swap each object id in the URL, one at a time, for Sydby's object of the same kind, while
    keeping Nordby's slug: the page is not found, even for those who may see everything in Nordby."""
    actor = next(a for a in ACTORS if a.key == actor_key)
    if not actor.roles_in(NORDBY) & POLICY[url.permission]:
        # A permission of the members' own (approving minutes; the formandskab's approval of a
        # response): ask as the first Nordby person who holds it.
        actor = next(a for a in ACTORS if a.home == NORDBY and a.roles_in(NORDBY) & POLICY[url.permission])
    client.force_login(world.user_for(actor))
    own, other = world.objects[NORDBY], world.objects[SYDBY]
    slug = world.councils[NORDBY].slug

    sanity = client.get(url.path(slug, _values(url, own)), follow=True)
    if sanity.status_code == 405:  # POST-only: check the POST with the other council's ids below
        sanity = client.post(url.path(slug, _values(url, own)), {}, follow=True)
        assert sanity.status_code in (200, 400), "the URL with Nordby's own objects must work"
    else:
        assert sanity.status_code == 200, "the URL with Nordby's own objects must work"
    assert world.councils[NORDBY].name in _text(sanity) or not _is_page(sanity)

    for param in url.params:
        values = _values(url, own)
        values[param] = other[object_kind(url, param)]
        path = url.path(slug, values)
        response = client.get(path)
        if response.status_code != 405:
            assert response.status_code == 404, f"GET {path}"
            assert "Siden findes ikke" in _text(response)
            assert SYDBY_MARKER not in _text(response)
        response = client.post(path, {})
        if response.status_code == 405 and "POST" not in response.get("Allow", ""):
            continue  # read-only page
        assert response.status_code == 404, f"POST {path}"


def test_unknown_council_slug_is_404_for_everyone(world, client):
    client.force_login(world.users["platform_admin"])
    for url in COUNCIL_URLS:
        path = url.path("findes-ikke", _values(url, world.objects[NORDBY]))
        response = _request_allowed_method(client, path)
        assert response.status_code == 404, path
        assert "Siden findes ikke" in _text(response)


def _request_allowed_method(client, path):
    """GET, or POST for a POST-only action."""
    response = client.get(path)
    if response.status_code == 405 and response.get("Allow") == "POST":
        response = client.post(path, {})
    return response


def test_inactive_council_is_404_even_for_its_secretary(world, client):
    council = world.councils[NORDBY]
    council.is_active = False
    council.save(update_fields=["is_active"])
    client.force_login(world.users[(NORDBY, "secretariat")])
    for url in COUNCIL_URLS:
        response = _request_allowed_method(client, url.path(council.slug, _values(url, world.objects[NORDBY])))
        assert response.status_code == 404, url.name
        assert NORDBY_MARKER not in _text(response)


def test_secretary_cannot_end_another_councils_membership_through_own_slug(world, client):
    from councils.models import Membership

    client.force_login(world.users[(NORDBY, "secretariat")])
    victim_pk = world.objects[SYDBY]["membership"]
    path = f"/{world.councils[NORDBY].slug}/intern/medlemskaber/{victim_pk}/afslut/"

    response = client.post(path, {"end": "2026-06-01", "reason": "withdrew", "note": "Forsøg på tværs af råd"})

    assert response.status_code == 404
    victim = Membership.objects.get(pk=victim_pk)
    assert victim.end is None
    assert victim.end_reason == ""
    assert victim.end_note == ""
    assert not Membership.objects.filter(end__isnull=False).exists()


def test_secretary_cannot_end_another_councils_membership_through_its_slug(world, client):
    from councils.models import Membership

    client.force_login(world.users[(NORDBY, "secretariat")])
    victim_pk = world.objects[SYDBY]["membership"]
    path = f"/{world.councils[SYDBY].slug}/intern/medlemskaber/{victim_pk}/afslut/"

    response = client.post(path, {"end": "2026-06-01", "reason": "withdrew"})

    assert response.status_code == 403
    assert Membership.objects.get(pk=victim_pk).end is None


# --- Another council's ids in a form ----------------------------------------------------------

def _foreign_ids(world):
    from councils import services
    from councils.models import Membership, SeatCategory

    sydby = world.councils[SYDBY]
    org = services.organisation_save(council=sydby, name=f"Forening {SYDBY_MARKER}")
    return {
        "seat": SeatCategory.objects.filter(council=sydby).first().pk,
        "member": Membership.objects.filter(council=sydby, role="member").first().pk,
        "org": org.pk,
        "term": world.objects[SYDBY]["term"],
        "person": world.objects[SYDBY]["person"],
        "candidacy": world.objects[SYDBY]["candidacy"],
    }


FORM_CASES = {
    # url name -> (field, foreign id key, the rest of a valid POST)
    "member_add/seat": ("councils:member_add", "membership-seat_category", "seat", {
        "person-name": "Ny Person", "person-email": "ny@example.org", "person-preferred_channel": "email",
        "membership-role": "member", "membership-status": "appointed", "membership-start": "2026-03-01"}),
    "member_add/substitute_for": ("councils:member_add", "membership-substitute_for", "member", {
        "person-name": "Ny Person", "person-email": "ny@example.org", "person-preferred_channel": "email",
        "membership-role": "substitute", "membership-status": "appointed", "membership-start": "2026-03-01"}),
    "member_add/organisation": ("councils:member_add", "person-organisation", "org", {
        "person-name": "Ny Person", "person-email": "ny@example.org", "person-preferred_channel": "email",
        "membership-role": "guest", "membership-status": "appointed", "membership-start": "2026-03-01"}),
    "member_add/nominated_by": ("councils:member_add", "membership-nominated_by", "org", {
        "person-name": "Ny Person", "person-email": "ny@example.org", "person-preferred_channel": "email",
        "membership-role": "guest", "membership-status": "appointed", "membership-start": "2026-03-01"}),
    "position_assign/person": ("councils:position_assign", "person", "person", {
        "kind": "vice_chair", "start": "2026-11-01"}),
    "call_create/term": ("councils:call_create", "term", "term", {
        "title": "Nyt opslag", "text": "Tekst", "deadline": "2026-12-31T12:00"}),
    "candidacy_review/decision_seat_category": ("councils:candidacy_review", "decision_seat_category", "seat", {
        "status": "selected", "decision_role": "member"}),
    "candidacy_review/decision_substitute_for": ("councils:candidacy_review", "decision_substitute_for",
                                                 "candidacy", {"status": "selected", "decision_role": "substitute"}),
}


@pytest.mark.parametrize("case", FORM_CASES, ids=str)
def test_another_councils_id_in_a_form_is_refused(case, world, client):
    """Choice fields only offer the council's own objects: a forged id from Sydby is an invalid
    choice, the form comes back with the error, and nothing is written."""
    from core.models import AuditEvent

    name, field, kind, data = FORM_CASES[case]
    url = next(u for u in COUNCIL_URLS if u.name == name)
    foreign = _foreign_ids(world)
    client.force_login(world.users[(NORDBY, "secretariat")])
    path = url.path(world.councils[NORDBY].slug, _values(url, world.objects[NORDBY]))
    audit_before = AuditEvent.objects.count()

    response = client.post(path, {**data, field: str(foreign[kind])})

    assert response.status_code == 400
    body = _text(response)
    assert "Marker en gyldig valgmulighed" in body
    assert SYDBY_MARKER not in body
    for typed in ("Ny Person", "Nyt opslag"):
        if typed in data.values():
            assert f'value="{typed}"' in body
    assert AuditEvent.objects.count() == audit_before  # nothing was written
