"""Access export (GDPR art. 15): everything Stemme holds about one person of a council, as a ZIP
with a readable PDF (WeasyPrint, core.documents) and the same data as JSON.

``collect`` reads it, one query per kind of data, so the number of queries does not grow with
the data; ``person_export`` builds the ZIP and audits the export (``privacy.export``: who, whose,
how many rows per kind; never the content). Tenancy: the person is looked up in the council.

Each section is a list of rows; a row is an ordered mapping of Danish column label to a value
already turned into text (dates ISO, yes/no in Danish, choices by their label), so the JSON and
the PDF show the same thing.
"""

from __future__ import annotations

import datetime as dt
import decimal
import io
import json
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model, Q
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from activities.models import Event, EventSignup, GroupNote, GroupTask, Idea, IdeaVote, Theme, WorkingGroup
from core.audit import audit
from core.documents import html_to_pdf
from councils.models import Candidacy, Consent, Council, Membership, Person, Position
from finance.models import Expense, PerDiemOptOut
from hearings.models import (
    CommitteeFollow,
    Consultation,
    DraftComment,
    DraftVersion,
    FormandskabApproval,
    ItemComment,
)
from meetings.models import ActionItem, AgendaItem, Attendance, Ballot, ConflictOfInterest, MinutesApproval
from notifications.models import InboundSms, OutboxMessage

Row = dict[str, str]


@dataclass
class Section:
    key: str
    title: str
    rows: list[Row] = field(default_factory=list)


@dataclass
class Export:
    council: Council
    person: Person
    created_at: dt.datetime
    sections: list[Section]

    def as_json(self) -> dict[str, Any]:
        return {"council": self.council.name, "person_id": self.person.pk,
                "created_at": self.created_at.isoformat(),
                "sections": {s.key: {"title": s.title, "rows": s.rows} for s in self.sections}}

    @property
    def counts(self) -> dict[str, int]:
        return {s.key: len(s.rows) for s in self.sections}


def text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return f"{value:.2f}"
    return str(value)


def _resolve(obj: Any, path: str) -> Any:
    """``"meeting.title"``; a choices field gives its label."""
    *parents, last = path.split(".")
    for part in parents:
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    if isinstance(obj, Model):
        try:
            model_field = obj._meta.get_field(last)
        except Exception:  # a property, not a field
            model_field = None
        if model_field is not None and getattr(model_field, "choices", None):
            return getattr(obj, f"get_{last}_display")()
    return getattr(obj, last, None)


Columns = list[tuple[str, str | Callable[[Any], Any]]]


def _rows(objects: Iterable[Any], columns: Columns) -> list[Row]:
    return [{label: text(get(obj) if callable(get) else _resolve(obj, get)) for label, get in columns}
            for obj in objects]


def collect(*, council: Council, person: Person) -> Export:
    """Every kind of data about ``person`` (who must belong to ``council``)."""
    p, c = person, council
    user = p.user
    sections: list[Section] = []

    def add(key: str, title: str, objects: Iterable[Any], columns: Columns) -> None:
        sections.append(Section(key, title, _rows(objects, columns)))

    add("person", "Personoplysninger", [p], [
        ("Navn", "name"), ("E-mail", "email"), ("Mobilnummer", "phone"), ("Postadresse", "address"),
        ("Foretrukken kanal", "preferred_channel"), ("Vil have påmindelser", "wants_reminders"),
        ("Titel eller baggrund (offentlig)", "public_title"), ("Organisation", "organisation.name"),
        ("Erfaring som socialt udsat", "lived_experience"), ("Noter (sekretariatet)", "notes"),
        ("Navn må vises offentligt", "publish_name"), ("Kontaktoplysninger må ses af medlemmer", "share_contact"),
        ("Billeder må bruges offentligt", "photo_consent"),
        ("Logger ind som", lambda o: o.user.login_address if o.user else ""),
        ("Sidste log-ind", "user.last_login"), ("Oprettet", "created_at")])
    add("consents", "Samtykker (historik)",
        Consent.objects.filter(council=c, person=p).select_related("recorded_by"), [
            ("Tidspunkt", "recorded_at"), ("Samtykke", "kind"), ("Givet", "given"), ("Hvordan", "method"),
            ("Registreret af", lambda o: o.recorded_by.get_full_name() if o.recorded_by else "")])
    add("memberships", "Medlemskaber",
        Membership.objects.filter(council=c, person=p).select_related("term", "seat_category", "nominated_by",
                                                                       "substitute_for__person").order_by("start"), [
            ("Valgperiode", "term.name"), ("Rolle", "role"), ("Status", "status"), ("Plads", "seat_category.name"),
            ("Suppleant for", "substitute_for.person.name"), ("Indstillet af", "nominated_by.name"),
            ("Indstillet den", "nominated_on"), ("Udpeget den", "appointment_date"),
            ("Beslutningsreference", "appointment_reference"), ("Fra", "start"), ("Til", "end"),
            ("Årsag til ophør", "end_reason"), ("Bemærkning til ophør", "end_note")])
    add("positions", "Poster", Position.objects.filter(council=c, person=p).order_by("start"), [
        ("Post", "kind"), ("Fra", "start"), ("Til", "end")])
    candidacy_match = Q(person=p) | (Q(email__iexact=p.email) if p.email else Q(pk__in=[]))
    add("candidacies", "Kandidaturer", Candidacy.objects.filter(candidacy_match, council=c).select_related(
        "call", "seat_category", "nominated_by").order_by("submitted_at"), [
        ("Opslag", "call.title"), ("Indsendt", "submitted_at"), ("Type", "kind"), ("Navn", "name"),
        ("E-mail", "email"), ("Telefon", "phone"), ("Postadresse", "address"), ("Organisation", "organisation_name"),
        ("Ønsker at være", "wish"), ("Ønsket plads", "seat_category.name"), ("Hvorfor vil du være med?", "motivation"),
        ("Erfaring som socialt udsat", "lived_experience"), ("Navn må vises, hvis valgt", "publish_name"),
        ("Status", "status"), ("Begrundelse", "review_note")])
    add("attendance", "Mødedeltagelse og afbud",
        Attendance.objects.filter(council=c, person=p).select_related("meeting").order_by("meeting__starts_at"), [
            ("Møde", "meeting.title"), ("Tidspunkt", "meeting.starts_at"), ("Status", "status"),
            ("Gæst", "is_guest"), ("Indkaldt", "invited_at"), ("Afbud meldt", "afbud_at"),
            ("Bemærkning til afbud", "afbud_note"), ("Svar via", "answered_via")])
    add("votes", "Afstemninger ved navn",
        Ballot.objects.filter(council=c, person=p).select_related("vote__item__meeting")
        .order_by("vote__item__meeting__starts_at", "vote_id"), [
            ("Møde", "vote.item.meeting.title"), ("Dato", "vote.item.meeting.starts_at"),
            ("Punkt", "vote.item.title"), ("Der stemmes om", "vote.question"), ("Stemme", "choice")])
    add("conflicts", "Inhabilitet", ConflictOfInterest.objects.filter(council=c, person=p)
        .select_related("item__meeting").order_by("item__meeting__starts_at"), [
            ("Møde", "item.meeting.title"), ("Punkt", "item.title"), ("Bemærkning", "note")])
    add("minutes_approvals", "Godkendelse af referater", MinutesApproval.objects.filter(council=c, person=p)
        .select_related("meeting").order_by("approved_at"), [("Møde", "meeting.title"), ("Godkendt", "approved_at")])
    add("agenda_items", "Dagsordenpunkter, personen har foreslået eller er ansvarlig for",
        AgendaItem.objects.filter(Q(proposed_by=p) | Q(responsible=p), council=c).select_related("meeting")
        .order_by("meeting__starts_at", "position"), [
            ("Møde", "meeting.title"), ("Punkt", "title"),
            ("Foreslået af personen", lambda o: o.proposed_by_id == p.pk),
            ("Ansvarlig", lambda o: o.responsible_id == p.pk), ("Forslagets status", "proposal_status"),
            ("Begrundelse for afvisning", "decline_reason")])
    add("action_items", "Opfølgningspunkter", ActionItem.objects.filter(council=c, owners=p)
        .select_related("meeting").order_by("due", "id"), [
            ("Opgave", "title"), ("Møde", "meeting.title"), ("Frist", "due"), ("Status", "status"),
            ("Bemærkning", "status_note"), ("Afsluttet", "closed_on")])
    add("working_groups", "Arbejdsgrupper", WorkingGroup.objects.filter(council=c, members=p).order_by("name"), [
        ("Gruppe", "name"), ("Formål", "purpose"), ("Aktiv", "is_active")])
    add("tasks", "Opgaver i arbejdsgrupper", GroupTask.objects.filter(council=c, owners=p).select_related("group")
        .order_by("due", "id"), [("Opgave", "title"), ("Gruppe", "group.name"), ("Frist", "due"), ("Løst", "done_at")])
    add("committees", "Udvalg, personen følger", CommitteeFollow.objects.filter(council=c, members=p)
        .select_related("committee"), [("Udvalg", "committee.name"), ("Siden", "since")])
    add("consultations", "Høringer, personen er tovholder på", Consultation.objects.filter(council=c, owners=p)
        .order_by("received_on"), [("Høring", "title"), ("Frist", "deadline"), ("Status", "status")])
    add("approvals", "Godkendelser af høringssvar", FormandskabApproval.objects.filter(council=c, person=p)
        .select_related("consultation").order_by("approved_at"), [
            ("Høring", "consultation.title"), ("Som", "position"), ("Godkendt", "approved_at")])
    add("ideas", "Idéer, personen har foreslået", Idea.objects.filter(council=c, proposed_by=p)
        .order_by("created_at"), [
        ("Idé", "title"), ("Beskrivelse", "description"), ("År", "year"), ("Status", "status"),
        ("Oprettet", "created_at")])
    add("idea_votes", "Prioritering af idéer", IdeaVote.objects.filter(council=c, person=p).select_related("idea")
        .order_by("idea__year", "idea__title"), [("Idé", "idea.title"), ("Prikker", "dots"), ("Rang", "rank")])
    add("themes", "Temaer, personen er ansvarlig for", Theme.objects.filter(council=c, owner=p).order_by("year"), [
        ("Tema", "title"), ("År", "year"), ("Status", "status")])
    add("signups", "Tilmeldinger til arrangementer", EventSignup.objects.filter(council=c, person=p)
        .select_related("event").order_by("event__starts_at"), [
            ("Arrangement", "event.title"), ("Tidspunkt", "event.starts_at"), ("Status", "status"),
            ("Tilmeldt", "signed_up_at")])
    add("event_reports", "Tilbagemeldinger fra arrangementer", Event.objects.filter(council=c, reported_by=p)
        .order_by("starts_at"), [("Arrangement", "title"), ("Tilbagemelding", "report"), ("Skrevet", "reported_at")])
    add("expenses", "Diæter og udlæg", Expense.objects.filter(council=c, person=p).select_related("meeting", "event")
        .order_by("date", "id"), [
            ("Dato", "date"), ("Kategori", "category"), ("Status", "status"), ("Beløb (kr.)", "amount"),
            ("Tekst", "description"), ("Møde", "meeting.title"), ("Arrangement", "event.title")])
    add("per_diem_opt_outs", "Fravalg af diæter", PerDiemOptOut.objects.filter(council=c, person=p)
        .order_by("since"), [("Fra", "since"), ("Til", "until"), ("Bemærkning", "note")])
    add("outbox", "Beskeder sendt til personen", OutboxMessage.objects.filter(council=c, person=p)
        .order_by("created_at", "id"), [
            ("Oprettet", "created_at"), ("Kanal", "channel"), ("Til", "to_address"), ("Emne", "subject"),
            ("Tekst", "body"), ("Status", "status"), ("Sendt", "sent_at")])
    add("inbound_sms", "SMS fra personen", InboundSms.objects.filter(council=c, person=p).order_by("received_at"), [
        ("Modtaget", "received_at"), ("Fra", "from_number"), ("Tekst", "text"), ("Udfald", "outcome")])
    authored: list[Any] = []
    if user is not None:
        authored += [("Kommentar til høringssvar", o.consultation.title, o.text, o.created_at)
                     for o in DraftComment.objects.filter(council=c, author=user).select_related("consultation")]
        authored += [("Udkast til høringssvar", o.consultation.title, o.note, o.created_at)
                     for o in DraftVersion.objects.filter(council=c, author=user).select_related("consultation")]
        authored += [("Note i arbejdsgruppe", o.group.name, o.text, o.created_at)
                     for o in GroupNote.objects.filter(council=c, author=user).select_related("group")]
        authored += [("Kommentar til et udvalgs dagsordenpunkt", o.item.title, o.text, o.updated_at)
                     for o in ItemComment.objects.filter(council=c, updated_by=user).select_related("item")]
    authored.sort(key=lambda row: row[3])
    add("authored", "Kommentarer og noter, personen har skrevet", authored, [
        ("Type", lambda r: r[0]), ("Om", lambda r: r[1]), ("Tekst", lambda r: r[2]), ("Skrevet", lambda r: r[3])])
    return Export(council=c, person=p, created_at=timezone.now(), sections=sections)


def person_get(*, council: Council, pk: Any) -> Person:
    """The council's person (another council's → 404)."""
    return get_object_or_404(Person.objects.select_related("organisation", "user"), council=council, pk=pk)


def render_pdf(export: Export) -> bytes:
    html = render_to_string("privacy/pdf/export.html", {"export": export})
    return html_to_pdf(html, title=f"Indsigt: {export.person.name}", authors=[export.council.name],
                       subject="Indsigt efter databeskyttelsesforordningens artikel 15", created=export.created_at)


def filename(export: Export) -> str:
    return f"indsigt-{slugify(export.person.name) or export.person.pk}-{export.created_at:%Y-%m-%d}.zip"


def person_export(*, council: Council, person: Person, actor: Any) -> tuple[str, bytes]:
    """The ZIP (file name, bytes): indsigt.pdf, indsigt.json and a short README. Audited as
    ``privacy.export`` with the row counts per kind, no personal content."""
    export = collect(council=council, person=person)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("indsigt.json", json.dumps(export.as_json(), ensure_ascii=False, indent=2))
        archive.writestr("indsigt.pdf", render_pdf(export))
        archive.writestr("LÆS MIG.txt", render_to_string("privacy/export_readme.txt", {"export": export}))
    audit(action="privacy.export", actor=actor, council=council, obj=person,
          after={"person": person.pk, "rows": export.counts})
    return filename(export), buffer.getvalue()
