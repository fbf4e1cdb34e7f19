"""Builders for the consultation tests (the fixtures are in conftest.py): the seed udsatteråd from the minutes tests
(chair Jytte Holm, vice-chair Nanna Berg, secretary Carina), the municipality's Social- og
Sundhedsudvalget (SUS), a handicapråd in the same municipality that can join a joint response,
and a third council in another municipality that must never see any of it. Built through the
real services. The builders are imported by name."""

import datetime as dt
import io
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from councils import services as council_services
from hearings.models import Committee, Consultation
from hearings.services import consultations as services
from hearings.tests.factories import CommitteeFactory
from meetings.services import plan as plan_services
from meetings.tests.seed import OnTheSeed, SeedCouncil, user_for

CPH = ZoneInfo("Europe/Copenhagen")
DRAFT = ("Udsatterådet takker for muligheden for at afgive høringssvar om Ungestrategi 2019.\n\n"
         "Rådet foreslår et mål om, at ingen unge under 25 år skal sove på gaden.")


def today() -> dt.date:
    return timezone.localdate()


def at(day: dt.date, hour: int = 16) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=CPH)


def pdf_bytes() -> bytes:
    from meetings.tests.agenda_builders import pdf_bytes as make

    return make()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@dataclass
class World(OnTheSeed):
    seed: SeedCouncil
    committee: Committee
    partner: object          # the handicapråd in the same municipality
    partner_secretary: object
    partner_chair: object    # user of the partner's chair
    partner_member: object   # user of a partner member
    third: object            # a council in another municipality
    third_secretary: object
    users: dict[str, object] = field(default_factory=dict)

    def url(self, consultation=None, suffix: str = "", council=None) -> str:
        slug = (council or self.council).slug
        base = f"/{slug}/intern/hoeringer/"
        return f"{base}{consultation.pk}/{suffix}" if consultation is not None else f"{base}{suffix}"


def build_world(seed, make_user, make_council, add_member) -> World:
    """The consultation tests' world (the ``world`` fixture of hearings/tests and tests/browser)."""
    council = seed.council
    committee = CommitteeFactory(municipality=council.municipality)  # Social- og Sundhedsudvalget (SUS)
    partner_secretary = make_user(f"handicap.sek.{council.pk}@kommune.dk", name="Hanne Sekretær")
    partner = council_services.council_create_from_preset(
        municipality=council.municipality, preset_key="albertslund2018", name="Handicaprådet i Albertslund",
        slug=f"handicapraadet{council.pk}", term_start=dt.date(2026, 1, 1), term_end=dt.date(2029, 12, 31))
    council_services.council_secretary_add(council=partner, user=partner_secretary)
    partner_chair = make_user(f"handicap.formand.{council.pk}@example.org", name="Per Partner")
    chair = add_member(partner, "Per Partner", user=partner_chair, email=f"per.{council.pk}@example.org")
    council_services.position_assign(council=partner, person=chair.person, kind="chair", start=dt.date(2026, 2, 1))
    partner_member = make_user(f"handicap.medlem.{council.pk}@example.org", name="Pia Medlem")
    add_member(partner, "Pia Medlem", user=partner_member, email=f"pia.{council.pk}@example.org")
    third_secretary = make_user(f"tredje.sek.{council.pk}@kommune.dk", name="Tove Tredje")
    third = make_council(f"tredjeraad{council.pk}", secretary=third_secretary, name="Udsatterådet i Tredjeby")
    w = World(seed=seed, committee=committee, partner=partner, partner_secretary=partner_secretary,
              partner_chair=partner_chair, partner_member=partner_member, third=third,
              third_secretary=third_secretary)
    for name in ("Jytte Holm", "Nanna Berg", "Mads Lund", "Sune Dahl"):
        w.users[name] = user_for(seed, name, make_user)
    return w


def make_consultation(world: World, *, title="Høring om Ungestrategi 2019", deadline=None, received_on=None,
                      recipient_email="sus@kommune.dk", **fields) -> Consultation:
    return services.consultation_create(
        council=world.council, title=title, committee=fields.pop("committee", world.committee),
        summary=fields.pop("summary", "Kommunen har sendt et udkast til en ny ungestrategi i høring."),
        received_on=received_on or today() - dt.timedelta(days=10),
        deadline=deadline or today() + dt.timedelta(days=20),
        recipient_name="Social- og Sundhedsforvaltningen", recipient_email=recipient_email,
        actor=world.secretary, **fields)


def drafted(world: World, consultation: Consultation, text: str = DRAFT) -> Consultation:
    """Assign Sune Dahl as tovholder and save a first draft (status drafting, version 1)."""
    services.consultation_assign(consultation=consultation, owners=[world.seed["Sune Dahl"]],
                                 actor=world.secretary)
    return services.draft_save(consultation=consultation, text=text, expected_version=consultation.draft_version,
                               actor=world.user("Sune Dahl"))


def approve_by_formandskab(world: World, consultation: Consultation) -> Consultation:
    for name in ("Jytte Holm", "Nanna Berg"):
        services.formandskab_approve(consultation=consultation, actor=world.user(name),
                                     expected_version=consultation.draft_version)
    consultation.refresh_from_db()
    return consultation


def upcoming_meeting(world: World, days: int = 14):
    day = today() + dt.timedelta(days=days)
    return plan_services.meeting_create(council=world.council, kind="ordinary", starts_at=at(day, 16),
                                        ends_at=at(day, 18), location="Rådhuset", actor=world.secretary)


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)


def docx_text(content: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)
