"""The agenda (*dagsorden*) and minutes (*referat*) as documents: PDF/A with WeasyPrint from
the HTML templates in ``meetings/templates/meetings/pdf/``, and Word with python-docx.

Both formats carry the same content: letterhead (council and municipality), title, date,
time and place, attendance (minutes), numbered items grouped as A. Beslutningspunkter,
B. Orienteringspunkter … with case text, recommendation, decision, dissent, conflicts of
interest, votes and action items. Closed items are marked "Lukket punkt". With
``public=True`` (the public PDFs) everything goes through the disclosure policy
(``core.disclosure``): closed items by their switches, people named only with consent and
otherwise by their role on the meeting's day, and every free text with those names replaced.

Documents are municipal records, so they are always written in Danish whatever the
language of the person who downloads them. The PDF is PDF/A-3b with title, author (the
council), subject, keywords and creation date in its metadata, for the municipality's
records system (ESDH)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone, translation
from docx.shared import RGBColor

from core.disclosure import Disclosure, capitalise
from core.documents import DOCUMENT_LANGUAGE, DocxBuilder, html_to_pdf, store_after_commit, stored_document
from core.formats import long_date, short_date, time_text, weekday_date_prose
from core.models import GeneratedDocument
from meetings.models import Meeting, MeetingStatus
from meetings.selectors.agenda import order_changed
from meetings.selectors.minutes import Minutes, attendance_summary, minutes_for_meeting


@dataclass
class DocumentInfo:
    kind: str          # "agenda" | "minutes"
    label: str         # "Dagsorden" | "Referat"
    title: str         # "Referat – Udsatterådet – 3. april 2019"
    date_text: str     # "onsdag den 3. april 2019"
    time_text: str     # "kl. 16.00–18.00"
    is_draft: bool
    status_text: str
    public: bool
    generated_at: dt.datetime
    # The meeting's own free text as the document prints it (through the disclosure policy when public).
    meeting_title: str = ""
    location: str = ""
    joint_with: str = ""
    intro: str = ""
    # The PDF's metadata (components/pdf_meta.html).
    description: str = ""
    keywords: str = ""


def _info(meeting: Meeting, kind: str, *, disclosure: Disclosure | None) -> DocumentInfo:
    _ = translation.gettext
    text = disclosure.text if disclosure is not None else (lambda value: value)
    start, end = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
    label = _("Dagsorden") if kind == "agenda" else _("Referat")
    date_long = long_date(start)
    is_draft = kind == "minutes" and meeting.status not in (MeetingStatus.MINUTES_APPROVED,
                                                             MeetingStatus.MINUTES_PUBLISHED)
    if kind == "agenda":
        status = ""
    elif meeting.status == MeetingStatus.MINUTES_PUBLISHED or meeting.status == MeetingStatus.MINUTES_APPROVED:
        approved = long_date(meeting.minutes_approved_at)
        how = (_("skriftligt af medlemmerne") if meeting.minutes_approved_how == "in_writing"
               else _("på det følgende møde"))
        status = _("Referatet er godkendt %(how)s den %(date)s.") % {"how": how, "date": approved}
    else:
        status = _("Udkast – referatet er endnu ikke godkendt.")
    return DocumentInfo(
        kind=kind, label=label,
        title=f"{label} – {meeting.council.name} – {date_long}",
        date_text=weekday_date_prose(start),
        time_text=_("kl. %(start)s–%(end)s") % {"start": time_text(start), "end": time_text(end)},
        is_draft=is_draft, status_text=status, public=disclosure is not None, generated_at=timezone.localtime(),
        meeting_title=text(meeting.display_title), location=text(meeting.location),
        joint_with=text(meeting.joint_with), intro=text(meeting.minutes_intro),
        description=f"{label} – {text(meeting.display_title)}, {meeting.council.name}, {weekday_date_prose(start)}",
        keywords=f"{label}, {meeting.council.name}, {meeting.council.municipality.name} Kommune")


def _names(rows, *, with_for: bool = False) -> str:
    """The internal attendance list: every name, with positions and stand-ins."""
    _ = translation.gettext
    out = []
    for row in rows:
        name = row.person.name
        if with_for and row.stands_in_for is not None:
            name = _("%(name)s for %(member)s") % {"name": name, "member": row.stands_in_for.name}
        elif row.positions:
            name = f"{name} ({', '.join(p.lower() for p in row.positions)})"
        out.append(name)
    return ", ".join(out)


def attendance_lines(summary, *, kind: str, disclosure: Disclosure | None = None) -> list[tuple[str, str]]:
    """(label, people) for the attendance block; empty optional groups are left out. With a
    ``disclosure`` (public pages and documents) people are named through the policy and the
    others counted by role: "Til stede: Anne Holm, formanden, 5 medlemmer og 2 suppleanter"."""
    _ = translation.gettext

    def names(rows, *, with_for: bool = False, role: str | None = None) -> str:
        if disclosure is None:
            return _names(rows, with_for=with_for)
        return disclosure.people([row.person for row in rows], role=role, with_positions=True)

    if kind == "agenda":
        lines = [(_("Indkaldt"), names(summary.present + summary.unregistered + summary.stand_ins, with_for=True))]
        if summary.afbud:
            lines.append((_("Afbud"), names(summary.afbud)))
        return [(label, text) for label, text in lines if text]
    lines = [(_("Til stede"), names(summary.present) or "–")]
    if summary.stand_ins:
        lines.append((_("Suppleanter, der mødte for et medlem"), names(summary.stand_ins, with_for=True)))
    lines.append((_("Afbud"), names(summary.afbud) or "–"))
    if summary.absent:
        lines.append((_("Fraværende uden afbud"), names(summary.absent)))
    if summary.guests:
        lines.append((_("Gæster"), names(summary.guests, role="guest")))
    return lines


def decorate(items, actions, *, disclosure: Disclosure | None = None, minutes: bool = True) -> None:
    """Display strings the templates and the Word builder print as they are. With a
    ``disclosure`` every person and every free text goes through the policy; the items (fresh
    from the selector, never saved) get their texts replaced in place. ``minutes=False`` for an
    agenda read without the minutes' prefetches (votes and conflicts are left alone)."""
    _ = translation.gettext
    public = disclosure is not None

    def name(person) -> str:
        return disclosure.person(person) if public else (person.name if person else "")

    def owners(action) -> str:
        people = list(action.owners.all())
        return disclosure.people(people) if public else ", ".join(p.name for p in people)

    def action_texts(action) -> None:
        action.owner_names = owners(action)
        if public:
            action.title = disclosure.text(action.title)
            action.status_note = disclosure.text(action.status_note)

    for action in actions:
        action_texts(action)
    for item in items:
        if public:
            for field in ("title", "case_text", "recommendation", "decision", "dissent"):
                setattr(item, field, disclosure.text(getattr(item, field)))
        item.responsible_name = name(item.responsible)
        for attachment in item.attachments.all():
            attachment.display_name = disclosure.text(attachment.name) if public else attachment.name
        for action in item.action_items.all():
            action_texts(action)
        if not minutes:
            continue
        for vote in item.votes.all():
            vote.summary_text = _vote_text(vote, public=public)
        for conflict in item.conflicts.all():
            note = disclosure.text(conflict.note) if public else conflict.note
            conflict.summary_text = (capitalise(_("%(name)s erklærede sig inhabil og deltog ikke i behandlingen af "
                                                 "punktet.") % {"name": name(conflict.person)})
                                     + (f" {note}" if note else ""))


def elected_name(position, *, disclosure: Disclosure | None = None) -> str:
    """Who was elected, for the minutes: on public documents the name only with consent."""
    _ = translation.gettext
    if disclosure is None:
        return position.person.name
    return disclosure.person(position.person) if disclosure.can_name(position.person) else _(
        "navnet offentliggøres ikke")


def meeting_disclosure(meeting: Meeting) -> Disclosure:
    """The disclosure policy for a meeting's public documents: the council on the meeting's day."""
    return Disclosure.for_council(meeting.council, on=timezone.localdate(meeting.starts_at))


def _context(meeting: Meeting, kind: str, *, public: bool, disclosure: Disclosure | None = None) -> dict:
    if public and disclosure is None:
        disclosure = meeting_disclosure(meeting)
    if not public:
        disclosure = None
    minutes: Minutes = minutes_for_meeting(meeting=meeting, public=public)
    decorate(minutes.items, minutes.loose_action_items, disclosure=disclosure)
    for position in minutes.elected:
        position.display_name = elected_name(position, disclosure=disclosure)
    summary = minutes.attendance if kind == "minutes" else attendance_summary(minutes.rows)
    added = [i for i in minutes.items if i.supplementary]
    supplement_note = ""
    if added:
        supplement_note = translation.ngettext(
            "Punkt %(numbers)s er kommet på dagsordenen, efter den blev udsendt (supplerende punkt).",
            "Punkterne %(numbers)s er kommet på dagsordenen, efter den blev udsendt (supplerende punkter).",
            len(added)) % {"numbers": ", ".join(str(i.number) for i in added)}
    return {
        "supplement_note": supplement_note, "order_changed": order_changed(minutes.items),
        "meeting": meeting, "council": meeting.council, "municipality": meeting.council.municipality,
        "doc": _info(meeting, kind, disclosure=disclosure), "minutes": minutes,
        "attendance_lines": attendance_lines(summary, kind=kind, disclosure=disclosure),
        "public": public, "is_minutes": kind == "minutes",
    }


# --- PDF --------------------------------------------------------------------------------------------

def _pdf(template: str, context: dict) -> bytes:
    return html_to_pdf(render_to_string(template, context))


def agenda_pdf(meeting: Meeting, *, public: bool = False) -> bytes:
    """The agenda as PDF/A (the invitation's attachment)."""
    with translation.override(DOCUMENT_LANGUAGE):
        return _pdf("meetings/pdf/agenda.html", _context(meeting, "agenda", public=public))


def minutes_pdf(meeting: Meeting, *, public: bool = False) -> bytes:
    with translation.override(DOCUMENT_LANGUAGE):
        return _pdf("meetings/pdf/minutes.html", _context(meeting, "minutes", public=public))


def public_pdf_document(meeting: Meeting, kind: str) -> GeneratedDocument | bytes:
    """The public agenda or minutes as PDF, kept as a file (``core.documents.stored_document``)
    under the hash of the document's HTML: the same text gives the same stored file, and any
    change (an edit, a withdrawn consent) a new one. WeasyPrint is the slow part; rendering the
    HTML to find the hash is cheap. Before the document is published it is rendered live (bytes)."""
    with translation.override(DOCUMENT_LANGUAGE):
        context = _context(meeting, kind, public=True)
        stamp = meeting.minutes_published_at if kind == "minutes" else meeting.agenda_published_at
        context["doc"].generated_at = timezone.localtime(stamp) if stamp else timezone.localtime()
        html = render_to_string(f"meetings/pdf/{kind}.html", context)
    if stamp is None:
        return html_to_pdf(html)
    return stored_document(council=meeting.council, kind=f"meetings.{kind}.public", key=meeting.pk, source=html,
                           render=lambda: html_to_pdf(html), name=pdf_filename(meeting, kind))


def public_pdf(meeting: Meeting, kind: str) -> bytes:
    """``public_pdf_document``'s bytes."""
    document = public_pdf_document(meeting, kind)
    return document if isinstance(document, bytes) else document.read()


def keep_public_pdf(meeting: Meeting, kind: str) -> None:
    """After the agenda is sent or the minutes are published: render the public PDF once the
    transaction commits and keep it, so downloads are served from the file."""
    pk = meeting.pk

    def store():
        public_pdf(Meeting.objects.select_related("council", "council__municipality").get(pk=pk), kind)

    store_after_commit(store)


def document_html(meeting: Meeting, kind: str, *, public: bool = False) -> str:
    """The HTML the PDF is rendered from (for benchmarks and debugging)."""
    with translation.override(DOCUMENT_LANGUAGE):
        return render_to_string(f"meetings/pdf/{kind}.html", _context(meeting, kind, public=public))


def pdf_filename(meeting: Meeting, kind: str, ext: str = "pdf") -> str:
    stem = "dagsorden" if kind == "agenda" else "referat"
    return f"{stem}-{meeting.council.slug}-{timezone.localtime(meeting.starts_at):%Y-%m-%d}.{ext}"


# --- Word -------------------------------------------------------------------------------------------

def _docx(context: dict) -> bytes:
    _ = translation.gettext
    council = context["council"]
    doc_info: DocumentInfo = context["doc"]
    minutes: Minutes = context["minutes"]
    is_minutes = context["is_minutes"]

    word = DocxBuilder()
    word.properties(title=doc_info.title, author=council.name, subject=f"{doc_info.label} {doc_info.date_text}",
                    keywords=", ".join([doc_info.label, council.name, council.municipality.name]))
    word.header(f"{council.name} · {council.municipality.name} Kommune")
    word.letterhead(council.name, [f"{council.municipality.name} Kommune"], size=14)
    word.heading(f"{doc_info.label}", level=0)
    facts = [(_("Møde"), doc_info.meeting_title), (_("Dato"), doc_info.date_text),
             (_("Tidspunkt"), doc_info.time_text)]
    if doc_info.location:
        facts.append((_("Sted"), doc_info.location))
    if doc_info.joint_with:
        facts.append((_("Fællesmøde med"), doc_info.joint_with))
    word.table(facts, cols=2, bold_first_column=True)
    if doc_info.status_text:
        status = word.paragraph(doc_info.status_text, italic=True)
        if doc_info.is_draft:
            status.runs[0].font.color.rgb = RGBColor(0xA0, 0x00, 0x00)

    if context["attendance_lines"]:
        if is_minutes:
            word.heading(_("Deltagere"), level=1)
        word.table(context["attendance_lines"], cols=2, style="Table Grid", bold_first_column=True)
    for note in (context["supplement_note"], context["order_changed"] and _(
            "Rækkefølgen er ændret, efter dagsordenen blev udsendt. Punkterne står i den rækkefølge, de behandles, og "
            "har beholdt numrene fra den udsendte dagsorden.")):
        if note:
            word.paragraph(note, italic=True)
    if is_minutes and doc_info.intro:
        word.paragraph(doc_info.intro)
    if is_minutes and minutes.elected:
        word.heading(_("Valg af formand og næstformand"), level=1)
        for position in minutes.elected:
            word.paragraph(f"{position.get_kind_display()}: {position.display_name}", style="List Bullet")

    def action_table(actions):
        rows = [(a.title, a.owner_names, short_date(a.due) if a.due else "–",
                 a.get_status_display() + (f" – {a.status_note}" if a.status_note else "")) for a in actions]
        if rows:
            word.table(rows, cols=4, style="Table Grid",
                       header=(_("Opgave"), _("Tovholder"), _("Frist"), _("Status")))

    for group in minutes.groups:
        word.heading(f"{group.letter}. {group.label}", level=1)
        for item in group.items:
            title = f"{item.number}. {item.title}"
            if item.closed:
                title += f" ({_('Lukket punkt')})"
            if item.supplementary:
                title += f" ({_('Supplerende punkt')})"
            word.heading(title, level=2)
            if item.public_redacted:
                word.paragraph(_("Lukket punkt. Sagen offentliggøres ikke."))
            word.labelled(_("Sagsfremstilling"), item.case_text)
            word.labelled(_("Indstilling"), item.recommendation)
            if not is_minutes:
                attachments = list(item.attachments.all())
                if attachments:
                    word.labelled(_("Bilag"), "\n\n".join(a.display_name for a in attachments))
                continue
            word.labelled(_("Beslutning"), item.decision)
            if item.public_redacted and not item.decision:
                word.paragraph(_("Beslutningen offentliggøres ikke."))
            word.labelled(_("Mindretalsudtalelse"), item.dissent)
            conflicts = list(item.conflicts.all())
            if conflicts:
                word.labelled(_("Inhabilitet"), "\n\n".join(c.summary_text for c in conflicts))
            for vote in item.votes.all():
                word.labelled(_("Afstemning"), vote.summary_text)
            actions = list(item.action_items.all())
            if actions:
                word.labelled(_("Opgaver"), " ")
                action_table(actions)
    if is_minutes and minutes.loose_action_items:
        word.heading(_("Øvrige opgaver fra mødet"), level=1)
        action_table(minutes.loose_action_items)

    word.footer(f"{doc_info.title}")
    return word.to_bytes()


def _vote_text(vote, *, public: bool) -> str:
    _ = translation.gettext
    question = vote.question.strip()
    end = "" if question[-1:] in (".", "?", "!") else "."
    text = _("Der blev stemt om: „%(question)s“%(end)s %(yes)d stemte for, %(no)d imod, og %(abstain)d undlod at "
             "stemme.") % {"question": question, "end": end, "yes": vote.yes, "no": vote.no,
                           "abstain": vote.abstain}
    if vote.carried:
        text += " " + _("Forslaget blev vedtaget.")
    else:
        text += " " + _("Forslaget blev ikke vedtaget.")
    if vote.tie_broken_by_chair:
        text += " " + _("Stemmerne stod lige, og formandens stemme var afgørende.")
    elif vote.yes == vote.no and not vote.carried:
        text += " " + _("Stemmerne stod lige, og forslaget faldt.")
    if not public:
        by_choice: dict[str, list[str]] = {}
        for ballot in vote.ballots.all():
            by_choice.setdefault(ballot.get_choice_display(), []).append(ballot.person.name)
        if by_choice:
            text += " " + "; ".join(f"{label}: {', '.join(names)}" for label, names in by_choice.items()) + "."
    return text


def agenda_docx(meeting: Meeting, *, public: bool = False) -> bytes:
    with translation.override(DOCUMENT_LANGUAGE):
        return _docx(_context(meeting, "agenda", public=public))


def minutes_docx(meeting: Meeting, *, public: bool = False) -> bytes:
    with translation.override(DOCUMENT_LANGUAGE):
        return _docx(_context(meeting, "minutes", public=public))
