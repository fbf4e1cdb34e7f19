"""Agenda pages: the builder (secretariat and formandskab), members' proposals, the members'
read page, attachments and publishing. Thin: ``council_view`` decides access, selectors read
(404 for another council's objects), one service call writes."""

from __future__ import annotations

from django.contrib import messages
from django.forms.models import model_to_dict
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import fragments
from core.diff import text_diff
from core.errors import ApplicationError
from core.files import serve_stored_file
from core.forms import FORM_REFUSED_STATUS, form_status
from core.links import url_maker
from core.tenancy import council_view
from councils.models import Person
from meetings.forms.agenda import (
    ITEM_FIELDS,
    AttachmentForm,
    DeclineForm,
    ItemForm,
    MoveForm,
    ProposalForm,
    PublishForm,
    StandardRefreshForm,
    TermDecisionForm,
)
from meetings.models import MeetingStatus, ProposalStatus
from meetings.selectors import agenda as selectors
from meetings.selectors.common import item_get, meeting_get, next_meeting
from meetings.services import agenda as services


def _optional_url(name: str, *args) -> str | None:
    """A link to a page another part of the meeting cycle provides, if it exists yet."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _agenda_url(meeting, item=None) -> str:
    url = reverse("meetings:agenda", args=[meeting.council.slug, meeting.pk])
    return f"{url}#item-{item.pk}" if item is not None else url


def _redirect_agenda(meeting, item=None):
    return redirect(_agenda_url(meeting, item))


def _meeting_context(request, meeting) -> dict:
    slug = request.council.slug
    return {
        "nav": "meetings", "meeting": meeting,
        "editable": meeting.status in selectors.EDITABLE_STATUSES,
        "meeting_url": _optional_url("meetings:meeting", slug, meeting.pk),
        "plan_url": _optional_url("meetings:plan", slug),
    }


def _items_context(request, meeting, *, moved=None, moved_dir=None) -> dict:
    items = selectors.items_for_meeting(meeting=meeting)
    # Each item's buttons (move, edit, postpone, delete): one reverse per kind, not per item.
    args = (request.council.slug, meeting.pk)
    makers = {name: url_maker(f"meetings:{view}", *args) for name, view in (
        ("move_url", "item_move"), ("edit_url", "item_edit"), ("postpone_url", "proposal_postpone"),
        ("delete_url", "item_delete"))}
    for item in items:
        for name, make in makers.items():
            setattr(item, name, make(item.pk))
    return {"meeting": meeting, "items": items, "moved": moved, "moved_dir": moved_dir,
            "editable": meeting.status in selectors.EDITABLE_STATUSES, "sent": selectors.agenda_sent(meeting),
            "order_changed": selectors.order_changed(items)}


def _after_adding(request, meeting, item, message: str):
    """After an item joins the agenda: once the agenda is sent, the item is supplementary –
    say so and take the secretariat to sending the supplementary agenda."""
    if item.supplementary and selectors.supplement_open(meeting):
        messages.success(request, message + " " + _("Punktet er tilføjet efter udsendelsen og får nummer %(n)s, så "
                                                     "de andre numre ikke ændrer sig. Send det til medlemmerne med en "
                                                     "supplerende dagsorden.") % {"n": item.number_label})
        if request.access.can("agenda.publish"):
            return redirect("meetings:supplement_send", request.council.slug, meeting.pk)
    else:
        messages.success(request, message)
    return _redirect_agenda(meeting, item)


def _post_only(request, meeting):
    """Buttons that change something are POST forms; a GET (a bookmarked URL) goes to the agenda."""
    return None if request.method == "POST" else _redirect_agenda(meeting)


# --- The agenda builder ----------------------------------------------------------------------

@council_view("agenda.edit")
def agenda(request, pk):
    meeting = meeting_get(council=request.council, pk=pk)
    moved = request.GET.get("flyttet", "")
    moved = int(moved) if moved.isdigit() else None
    moved_dir = "down" if request.GET.get("retning") == "down" else "up"
    editable = meeting.status in selectors.EDITABLE_STATUSES
    supplement_open = selectors.supplement_open(meeting)

    def builder() -> dict:
        """What the page shows below its header: computed only when its fragment is not cached."""
        proposals = selectors.proposals_for_meeting(meeting=meeting)
        deadlines = selectors.agenda_deadlines(meeting=meeting)
        term = selectors.meeting_term(meeting=meeting)
        context = _items_context(request, meeting, moved=moved, moved_dir=moved_dir) | {
            "pending": [p for p in proposals if p.proposal_status == ProposalStatus.PROPOSED],
            "declined": [p for p in proposals if p.proposal_status == ProposalStatus.DECLINED],
            "backlog": selectors.backlog(council=request.council, term=term),
            "ended_term_count": selectors.ended_term_count(meeting=meeting, term=term) if editable else 0,
            "deadline": deadlines.proposals,
            "send_by": deadlines.send_by,
        }
        if supplement_open:
            context["supplement"] = selectors.supplement_pending(items=context["items"])
        return context

    # The fragment changes with any audited write of the council (its content generation), the
    # user's roles, the day (the standard texts of an unsent agenda are today's) and the meeting's start.
    return render(request, "meetings/agenda.html", _meeting_context(request, meeting) | {
        "editable": editable, "moved": moved, "moved_dir": moved_dir,
        "can_publish": request.access.can("agenda.publish") and meeting.status == MeetingStatus.PLANNED,
        "fragment_vary": (meeting.pk, moved, moved_dir, fragments.access_key(request.access),
                          timezone.localdate(), supplement_open),
        "builder": fragments.Deferred(builder)})


@council_view("agenda.edit")
def item_move(request, pk, item_pk):
    """Move an item up or down. Without JavaScript: a normal POST and a redirect back to the
    item. With htmx: the list is swapped and htmx puts focus back on the pressed button (same id)."""
    meeting = meeting_get(council=request.council, pk=pk)
    item = item_get(council=request.council, meeting=meeting, pk=item_pk)
    if (response := _post_only(request, meeting)) is not None:
        return response
    form = MoveForm(request.POST)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    direction = data.get("direction") or None
    error = status = None
    try:
        services.item_move(item=item, direction=direction, position=data.get("position"),
                           actor=request.user)
    except ApplicationError as exc:
        error = exc.message
    else:
        number = item.position
        if not item.moved:
            status = _("“%(title)s” er allerede nummer %(n)d.") % {"title": item.title, "n": number}
        elif item.sent_number:
            status = (_("“%(title)s” er flyttet til plads %(place)d i rækkefølgen og beholder nummer %(n)s fra den "
                        "udsendte dagsorden.") % {"title": item.title, "place": number, "n": item.sent_number})
        else:
            status = _("“%(title)s” er flyttet til nummer %(n)d.") % {"title": item.title, "n": number}
    if request.htmx:
        context = _items_context(request, meeting, moved=item.pk, moved_dir=direction) | {
            "status_message": error or status, "oob_status": True}
        return render(request, "meetings/agenda_items.html", context, status=FORM_REFUSED_STATUS if error else 200)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, status)
    url = reverse("meetings:agenda", args=[request.council.slug, meeting.pk])
    return redirect(f"{url}?flyttet={item.pk}&retning={direction or 'up'}#item-{item.pk}")


@council_view("agenda.edit")
def item_create(request, pk):
    meeting = meeting_get(council=request.council, pk=pk)
    form = ItemForm(request.POST or None, council=request.council)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.item_create(meeting=meeting, actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            message = _("Punktet “%(title)s” er tilføjet som nummer %(n)s.") % {"title": item.title,
                                                                                 "n": item.number_label}
            if request.POST.get("next") == "attachments":
                messages.success(request, message)
                return redirect(reverse("meetings:item_edit", args=[request.council.slug, meeting.pk, item.pk])
                                + "#bilag")
            return _after_adding(request, meeting, item, message)
    return render(request, "meetings/item_form.html", _meeting_context(request, meeting) | {
        "form": form, "title": _("Nyt punkt")}, status=form_status(form))


def _item_edit_page(request, meeting, item, form, attachment_form):
    return render(request, "meetings/item_form.html", _meeting_context(request, meeting) | {
        "form": form, "item": item, "attachment_form": attachment_form,
        "attachments": list(item.attachments.all()),
        "title": _("Ret punkt: %(title)s") % {"title": item.title}}, status=form_status(form, attachment_form))


@council_view("agenda.edit")
def item_edit(request, pk, item_pk):
    meeting = meeting_get(council=request.council, pk=pk)
    item = item_get(council=request.council, meeting=meeting, pk=item_pk)
    form = ItemForm(request.POST or None, council=request.council, initial=model_to_dict(item, fields=ITEM_FIELDS))
    if request.method == "POST" and form.is_valid():
        try:
            services.item_update(item=item, actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Punktet er gemt."))
            return _redirect_agenda(meeting, item)
    return _item_edit_page(request, meeting, item, form, AttachmentForm(prefix="bilag"))


@council_view("agenda.edit")
def item_delete(request, pk, item_pk):
    meeting = meeting_get(council=request.council, pk=pk)
    item = item_get(council=request.council, meeting=meeting, pk=item_pk)
    if request.method == "POST":
        try:
            services.item_delete(item=item, actor=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
            return _redirect_agenda(meeting, item)
        messages.success(request, _("Punktet “%(title)s” er slettet.") % {"title": item.title})
        return _redirect_agenda(meeting)
    return render(request, "meetings/item_delete.html", _meeting_context(request, meeting) | {"item": item})


@council_view("agenda.edit")
def standard_items(request, pk):
    meeting = meeting_get(council=request.council, pk=pk)
    if (response := _post_only(request, meeting)) is not None:
        return response
    try:
        created = services.standard_items_create(meeting=meeting, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        if created:
            messages.success(request, _("Standardpunkterne er tilføjet: %(titles)s.")
                             % {"titles": ", ".join(i.title for i in created)})
        else:
            messages.success(request, _("Dagsordenen har allerede alle standardpunkter."))
    return _redirect_agenda(meeting)


@council_view("agenda.edit")
def standard_items_refresh(request, pk):
    """Compute the standard items' texts again: the page shows what would change (a diff per
    item) and asks to confirm. Before the agenda is sent this is a plain update; afterwards it
    changes the text the members have, so it says so, and the change is audited."""
    meeting = meeting_get(council=request.council, pk=pk)
    record = meeting.status in selectors.RECORD_STATUSES or meeting.status == MeetingStatus.CANCELLED
    proposal = None if record else services.standard_items_changes(meeting=meeting)
    form = StandardRefreshForm(request.POST if request.method == "POST" else None,
                               changes=proposal.changed if proposal else [])
    if request.method == "POST" and not record and form.is_valid():
        try:
            updated = services.standard_items_refresh(
                meeting=meeting, actor=request.user, kinds=form.chosen_kinds(), confirmed=proposal.sent,
                expected=form.expected())
        except ApplicationError as error:
            if error.code != "changed":
                messages.error(request, error.message)
                return _redirect_agenda(meeting)
            messages.error(request, error.message)
            return redirect("meetings:standard_items_refresh", request.council.slug, meeting.pk)
        messages.success(request, ngettext("Teksten i %(titles)s er beregnet igen.",
                                           "Teksterne i %(titles)s er beregnet igen.", len(updated))
                         % {"titles": ", ".join(f"“{i.title}”" for i in updated)})
        return _redirect_agenda(meeting)
    numbers = {i.pk: i.number for i in selectors.items_for_meeting(meeting=meeting)} if proposal else {}
    rows = [{"change": change, "apply": apply, "digest": digest, "diff": text_diff(change.old, change.new),
             "number": numbers.get(change.item.pk)} for change, apply, digest in form.rows]
    return render(request, "meetings/standard_refresh.html", _meeting_context(request, meeting) | {
        "record": record, "proposal": proposal, "form": form, "rows": rows,
        "unchanged": [c.item for c in proposal.changes if not c.changed] if proposal else []},
        status=form_status(form))


# --- Proposals and the backlog ----------------------------------------------------------------

def _proposal(request, pk, item_pk):
    meeting = meeting_get(council=request.council, pk=pk)
    return meeting, item_get(council=request.council, meeting=meeting, pk=item_pk)


@council_view("agenda.edit")
def proposal_accept(request, pk, item_pk):
    meeting, item = _proposal(request, pk, item_pk)
    if (response := _post_only(request, meeting)) is not None:
        return response
    try:
        services.proposal_accept(item=item, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
        return _redirect_agenda(meeting)
    return _after_adding(request, meeting, item, _("“%(title)s” er sat på dagsordenen som nummer %(n)s.")
                         % {"title": item.title, "n": item.number_label})


@council_view("agenda.edit")
def proposal_decline(request, pk, item_pk):
    meeting, item = _proposal(request, pk, item_pk)
    form = DeclineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_decline(item=item, reason=form.cleaned_data["reason"], actor=request.user)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Forslaget “%(title)s” er afvist.") % {"title": item.title})
            return _redirect_agenda(meeting)
    return render(request, "meetings/item_decline.html", _meeting_context(request, meeting) | {
        "item": item, "form": form}, status=form_status(form))


@council_view("agenda.edit")
def proposal_postpone(request, pk, item_pk):
    meeting, item = _proposal(request, pk, item_pk)
    if (response := _post_only(request, meeting)) is not None:
        return response
    try:
        services.proposal_postpone(item=item, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("“%(title)s” venter nu på et senere møde (Punkter til næste møde).")
                         % {"title": item.title})
    return _redirect_agenda(meeting)


@council_view("agenda.edit")
def backlog_schedule(request, pk, item_pk):
    meeting = meeting_get(council=request.council, pk=pk)
    item = item_get(council=request.council, meeting=None, pk=item_pk)
    if (response := _post_only(request, meeting)) is not None:
        return response
    try:
        services.backlog_schedule(item=item, meeting=meeting, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
        return _redirect_agenda(meeting)
    return _after_adding(request, meeting, item, _("“%(title)s” er sat på dagsordenen som nummer %(n)s.")
                         % {"title": item.title, "n": item.number_label})


# --- Attachments --------------------------------------------------------------------------------

@council_view("agenda.edit")
def attachment_add(request, pk, item_pk):
    meeting = meeting_get(council=request.council, pk=pk)
    item = item_get(council=request.council, meeting=meeting, pk=item_pk)
    edit_url = reverse("meetings:item_edit", args=[request.council.slug, meeting.pk, item.pk])
    if request.method != "POST":
        return redirect(edit_url)
    form = AttachmentForm(request.POST, request.FILES, prefix="bilag")
    if form.is_valid():
        try:
            attachment = services.attachment_add(item=item, file=form.cleaned_data["file"],
                                                 name=form.cleaned_data["name"], actor=request.user)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Bilaget “%(name)s” er tilføjet.") % {"name": attachment.name})
            return redirect(edit_url + "#bilag")
    item_form = ItemForm(council=request.council, initial=model_to_dict(item, fields=ITEM_FIELDS))
    return _item_edit_page(request, meeting, item, item_form, form)


@council_view("agenda.edit")
def attachment_delete(request, pk, attachment_pk):
    meeting = meeting_get(council=request.council, pk=pk)
    attachment = selectors.attachment_get(council=request.council, meeting=meeting, pk=attachment_pk)
    edit_url = reverse("meetings:item_edit", args=[request.council.slug, meeting.pk, attachment.item_id])
    if request.method == "POST":
        try:
            services.attachment_delete(attachment=attachment, actor=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Bilaget “%(name)s” er slettet.") % {"name": attachment.name})
    return redirect(edit_url + "#bilag")


def _serve(att):
    """A closed item's attachment is never kept in a cache."""
    return serve_stored_file(att, cache_control="private, no-store" if att.item.closed else "private, max-age=300")


@council_view("meetings.view")
def attachment(request, pk, attachment_pk):
    """An attachment for the council's people (closed items included) – served through this
    view, never straight from MEDIA_URL. Another council's or meeting's attachment is a 404."""
    meeting = meeting_get(council=request.council, pk=pk)
    return _serve(selectors.attachment_get(council=request.council, meeting=meeting, pk=attachment_pk))


@council_view("council.view_public")
def public_attachment(request, pk, attachment_pk):
    """An attachment on a public page: only open items of a published agenda of a meeting in
    the public plan; anything else is a 404. (Routed by the public site, not under /intern/.)"""
    meeting = meeting_get(council=request.council, pk=pk)
    att = selectors.attachment_get(council=request.council, meeting=meeting, pk=attachment_pk)
    if not selectors.attachment_visible_to_public(att, meeting):
        raise Http404
    return _serve(att)


# --- Publishing ---------------------------------------------------------------------------------

@council_view("agenda.publish")
def agenda_publish(request, pk):
    """Confirm sending the agenda: what is on it and who is called. When it goes out later
    than the rules' notice, the page warns and asks for a reason."""
    meeting = meeting_get(council=request.council, pk=pk)
    late = meeting.status == MeetingStatus.PLANNED and selectors.agenda_is_late(meeting=meeting)
    form = PublishForm(request.POST if request.method == "POST" else None, late=late)
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_publish(meeting=meeting, actor=request.user,
                                    late_reason=form.cleaned_data["late_reason"])
        except ApplicationError as error:
            if error.field != "late_reason":
                messages.error(request, error.message)
                return _redirect_agenda(meeting)
            error.add_to_form(form)
        else:
            messages.success(request, _("Dagsordenen er udsendt. Indkaldelserne er lagt i udbakken og sendes nu."))
            return _redirect_agenda(meeting)
    items = selectors.items_for_meeting(meeting=meeting)
    return render(request, "meetings/agenda_publish.html", _meeting_context(request, meeting) | {
        "items": items, "pending_count": selectors.pending_proposal_count(meeting=meeting),
        "preview": selectors.invitation_preview(meeting=meeting), "form": form,
        "notice_deadline": selectors.agenda_notice_deadline(meeting=meeting), "late": late},
        status=form_status(form))


@council_view("agenda.publish")
def supplement_send(request, pk):
    """Confirm and send the supplementary agenda: the items added since the agenda was sent,
    to everyone invited."""
    meeting = meeting_get(council=request.council, pk=pk)
    if request.method == "POST":
        try:
            sent = services.supplement_send(meeting=meeting, actor=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, ngettext(
                "Den supplerende dagsorden er lagt i udbakken til %(n)d person.",
                "Den supplerende dagsorden er lagt i udbakken til %(n)d personer.", len(sent)) % {"n": len(sent)})
        return _redirect_agenda(meeting)
    items = selectors.items_for_meeting(meeting=meeting)
    return render(request, "meetings/agenda_supplement.html", _meeting_context(request, meeting) | {
        "items": items, "new_items": selectors.supplement_pending(items=items),
        "open": selectors.supplement_open(meeting),
        "recipients": selectors.supplement_recipients(meeting=meeting)})


# --- A new term ---------------------------------------------------------------------------------

@council_view("agenda.edit")
def ended_term_decide(request, pk):
    """Carry over or close the ended term's open action items and backlog items, one at a time
    or all at once (the section on the meeting page)."""
    meeting = meeting_get(council=request.council, pk=pk)
    back = reverse("meetings:meeting", args=[request.council.slug, meeting.pk]) + "#ended-term-heading"
    if request.method != "POST":
        return redirect(back)
    form = TermDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vælg, om opgaven skal føres med eller lukkes."))
        return redirect(back)
    data = form.cleaned_data
    pending = selectors.ended_term_items(meeting=meeting)
    if data["all"] and pending:
        action_ids, backlog_ids = [a.pk for a in pending.actions], [i.pk for i in pending.backlog]
    else:
        action_ids = [data["action"]] if data["action"] else []
        backlog_ids = [data["backlog"]] if data["backlog"] else []
    try:
        count = services.ended_term_items_decide(meeting=meeting, decision=data["decision"], action_ids=action_ids,
                                                 backlog_ids=backlog_ids, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        if data["decision"] == services.CARRY:
            text = ngettext("%(n)d opgave eller punkt er ført med til valgperioden %(term)s.",
                            "%(n)d opgaver og punkter er ført med til valgperioden %(term)s.", count)
        else:
            text = ngettext("%(n)d opgave eller punkt fra sidste valgperiode er lukket.",
                            "%(n)d opgaver og punkter fra sidste valgperiode er lukket.", count)
        messages.success(request, text % {"n": count, "term": pending.term.name})
    return redirect(back)


# --- Members ------------------------------------------------------------------------------------

@council_view("agenda.propose")
def propose(request, pk):
    """A member proposes an item for the meeting before the deadline of the rules."""
    council = request.council
    meeting = meeting_get(council=council, pk=pk)
    deadline = selectors.proposal_deadline(meeting=meeting)
    now = timezone.now()
    is_open = (meeting.status in (MeetingStatus.PLANNED, MeetingStatus.AGENDA_PUBLISHED)
               and now <= deadline and now < meeting.starts_at)
    person = Person.objects.filter(council=council, pk__in=request.access.person_ids).order_by("pk").first()
    # Bound on every POST, even an empty one (``request.POST or None`` would leave it unbound, and
    # add_error below needs a cleaned form).
    form = ProposalForm(request.POST if request.method == "POST" else None)
    following = None if is_open else next_meeting(meeting=meeting)
    if request.method == "POST":
        if person is None:
            form.is_valid()
            form.add_error(None, _("Din brugerkonto er ikke knyttet til en person i rådet, så du kan ikke foreslå "
                                   "punkter her. Sekretariatet kan sætte punktet direkte på dagsordenen."))
        elif form.is_valid():
            try:
                services.item_propose(council=council, meeting=meeting, proposed_by=person, now=now,
                                      **form.cleaned_data)
            except ApplicationError as error:
                error.add_to_form(form)
            else:
                messages.success(request, _("Tak for dit forslag. Formandskabet og sekretariatet ser på det, og du "
                                            "kan følge det her."))
                return redirect("meetings:propose", council.slug, meeting.pk)
    return render(request, "meetings/agenda_propose.html", _meeting_context(request, meeting) | {
        "form": form, "deadline": deadline, "is_open": is_open, "person": person,
        "next_meeting": following,
        "my_proposals": selectors.proposals_by_people(council=council, person_ids=request.access.person_ids)},
                  status=form_status(form))


@council_view("meetings.view")
def agenda_read(request, pk):
    meeting = meeting_get(council=request.council, pk=pk)
    deadline = selectors.proposal_deadline(meeting=meeting)
    items = selectors.items_for_meeting(meeting=meeting)
    return render(request, "meetings/agenda_read.html", _meeting_context(request, meeting) | {
        "items": items, "order_changed": selectors.order_changed(items), "deadline": deadline,
        "can_propose": (request.access.can("agenda.propose") and timezone.now() <= deadline
                        and meeting.status in (MeetingStatus.PLANNED, MeetingStatus.AGENDA_PUBLISHED)),
        "published": meeting.status in selectors.PUBLISHED_STATUSES})
