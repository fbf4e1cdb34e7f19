"""The committees pages: the municipality's committees (followed first), a committee with its
meetings, following a committee (working group, recipient, deadline), committee meetings and
agenda items entered by hand, and the committee meeting page where the working group marks
items as relevant and drafts the council's comments.

Thin: ``council_view`` decides the role, selectors read (404 for another municipality's
committee objects), the object rule ``can_comment_on_committee`` decides who comments, one
service call writes. On an ``ApplicationError`` the form is shown again as the user filled it,
with the Danish message at the field."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import ApplicationError, EditConflict
from core.forms import form_status
from core.permissions import can_comment_on_committee
from core.tenancy import council_view
from hearings.forms.committees import (
    CommitteeForm,
    CommitteeItemForm,
    CommitteeMeetingForm,
    FollowForm,
    ItemCommentForm,
)
from hearings.models import LetterStatus
from hearings.selectors import committees as selectors
from hearings.selectors.letters import letter_get
from hearings.services import committees as services


def _import_url(council) -> str:
    """The import page (helper A's part) when it exists."""
    try:
        return reverse("hearings:import", args=[council.slug])
    except NoReverseMatch:
        return ""


def _meeting_url(meeting, anchor: str = "", *, council) -> str:
    url = reverse("hearings:committee_meeting", args=[council.slug, meeting.pk])
    return f"{url}#{anchor}" if anchor else url


def may_comment(access, follow) -> bool:
    return can_comment_on_committee(access, follow if follow is not None else selectors.NO_WORKING_GROUP)


# --- Committees ---------------------------------------------------------------------------------

@council_view("committees.view")
def committees(request):
    council = request.council
    can_manage = request.access.can("committees.manage")
    return render(request, "hearings/committees/list.html", {
        "nav": "committees", "overview": selectors.committee_overview(council=council), "can_manage": can_manage,
        "import_url": _import_url(council) if can_manage else ""})


@council_view("committees.manage")
def committee_create(request):
    council = request.council
    form = CommitteeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            committee = services.committee_create(council=council, name=form.cleaned_data["name"],
                                                  abbreviation=form.cleaned_data["abbreviation"],
                                                  actor=request.user)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Udvalget %(name)s er oprettet. Vælg “Følg udvalget” for at sætte en "
                                        "arbejdsgruppe på.") % {"name": committee.name})
            return redirect("hearings:committee", council.slug, committee.pk)
    return render(request, "hearings/committees/committee_form.html", {
        "nav": "committees", "form": form, "title": _("Nyt udvalg"), "submit": _("Opret udvalget")},
        status=form_status(form))


@council_view("committees.view")
def committee(request, pk):
    council = request.council
    committee = selectors.committee_get(council=council, pk=pk)
    follow = selectors.follow_get(council=council, committee=committee)
    return render(request, "hearings/committees/committee.html", {
        "nav": "committees", "committee": committee, "follow": follow,
        "meetings": selectors.committee_meetings(council=council, committee=committee),
        "can_manage": request.access.can("committees.manage"),
        "in_group": selectors.is_in_working_group(access=request.access, follow=follow)})


@council_view("committees.manage")
def committee_edit(request, pk):
    council = request.council
    committee = selectors.committee_get(council=council, pk=pk)
    form = CommitteeForm(request.POST or None, editing=True, initial={
        "name": committee.name, "abbreviation": committee.abbreviation, "is_active": committee.is_active})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.committee_update(council=council, committee=committee, name=data["name"],
                                      abbreviation=data["abbreviation"], is_active=data["is_active"],
                                      actor=request.user)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Udvalget er gemt."))
            return redirect("hearings:committee", council.slug, committee.pk)
    return render(request, "hearings/committees/committee_form.html", {
        "nav": "committees", "form": form, "committee": committee, "title": _("Ret udvalget"), "submit": _("Gem")},
        status=form_status(form))


@council_view("committees.manage")
def committee_follow(request, pk):
    """Follow the committee, or change its working group, recipient and comment deadline."""
    council = request.council
    committee = selectors.committee_get(council=council, pk=pk)
    follow = selectors.follow_get(council=council, committee=committee)
    people = selectors.working_group_choices(council=council, follow=follow)
    initial = {"comment_days_before": 2}
    if follow is not None:
        initial = {"members": follow.member_ids, "recipient_name": follow.recipient_name,
                   "recipient_email": follow.recipient_email, "comment_days_before": follow.comment_days_before}
    form = FollowForm(request.POST or None, people=people, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        by_pk = {p.pk: p for p in people}
        try:
            services.committee_follow_save(
                council=council, committee=committee, members=[by_pk[pk] for pk in data["members"]],
                recipient_name=data["recipient_name"], recipient_email=data["recipient_email"],
                comment_days_before=data["comment_days_before"], actor=request.user)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Rådet følger %(name)s. Arbejdsgruppen og modtageren er gemt.")
                             % {"name": committee.name} if follow is None else _("Ændringerne er gemt."))
            return redirect("hearings:committee", council.slug, committee.pk)
    return render(request, "hearings/committees/follow_form.html", {
        "nav": "committees", "committee": committee, "follow": follow, "form": form},
        status=form_status(form))


@require_POST
@council_view("committees.manage")
def committee_unfollow(request, pk):
    council = request.council
    committee = selectors.committee_get(council=council, pk=pk)
    try:
        services.committee_unfollow(council=council, committee=committee, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Rådet følger ikke længere %(name)s. Rådets kommentarer og breve er bevaret.")
                         % {"name": committee.name})
    return redirect("hearings:committee", council.slug, committee.pk)


# --- Committee meetings -----------------------------------------------------------------------------

def _meeting_form_page(request, form, *, committee, meeting=None, status=200):
    return render(request, "hearings/committees/meeting_form.html", {
        "nav": "committees", "form": form, "committee": committee, "meeting": meeting,
        "title": _("Ret udvalgsmødet") if meeting else _("Nyt møde i %(name)s") % {"name": committee.name},
        "submit": _("Gem") if meeting else _("Opret mødet")}, status=status)


@council_view("committees.manage")
def committee_meeting_create(request, pk):
    council = request.council
    committee = selectors.committee_get(council=council, pk=pk)
    form = CommitteeMeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.committee_meeting_create(council=council, committee=committee, actor=request.user,
                                                        **form.service_kwargs())
        except ApplicationError as error:
            error.field = CommitteeMeetingForm.SERVICE_FIELDS.get(error.field, error.field)
            error.add_to_form(form)
        else:
            messages.success(request, _("Udvalgsmødet er oprettet. Tilføj dagsordenens punkter herunder."))
            return redirect("hearings:committee_meeting", council.slug, meeting.pk)
    return _meeting_form_page(request, form, committee=committee, status=form_status(form))


@council_view("committees.manage")
def committee_meeting_edit(request, pk):
    council = request.council
    meeting = selectors.committee_meeting_get(council=council, pk=pk)
    form = CommitteeMeetingForm(request.POST or None, initial=CommitteeMeetingForm.initial_for(meeting))
    if request.method == "POST" and form.is_valid():
        try:
            services.committee_meeting_update(council=council, meeting=meeting, actor=request.user,
                                              **form.service_kwargs())
        except ApplicationError as error:
            error.field = CommitteeMeetingForm.SERVICE_FIELDS.get(error.field, error.field)
            error.add_to_form(form)
        else:
            messages.success(request, _("Udvalgsmødet er gemt."))
            return redirect("hearings:committee_meeting", council.slug, meeting.pk)
    return _meeting_form_page(request, form, committee=meeting.committee, meeting=meeting,
                              status=form_status(form))


def _meeting_context(request, meeting, *, bound=None, conflict=None) -> dict:
    """The committee meeting page in a constant number of queries whatever the number of items.
    ``bound`` maps an item id to a bound comment form to show instead of a fresh one;
    ``conflict`` is an EditConflict to show at its item with both texts."""
    council, bound = request.council, bound or {}
    follow = selectors.follow_get(council=council, committee=meeting.committee)
    letter = letter_get(council, meeting.pk)
    locked = letter is not None and letter.status == LetterStatus.SENT
    can_comment = may_comment(request.access, follow) and not locked
    items = selectors.committee_meeting_items(council=council, meeting=meeting)
    for item in items:
        comment = item.council_comment
        initial = {"relevant": comment.relevant if comment else False, "text": comment.text if comment else "",
                   "version": comment.version if comment else 0}
        item.conflict = None
        if conflict is not None and conflict.obj.pk == item.pk:
            item.conflict = conflict
            initial = {**conflict.submitted, "version": conflict.stored_version}
        # A form sent back with an error is shown even when commenting has just closed: the typed text stays.
        item.comment_form = bound.get(item.pk) or (ItemCommentForm(initial=initial, prefix=f"c{item.pk}")
                                                   if can_comment else None)
    return {"nav": "committees", "meeting": meeting, "committee": meeting.committee, "follow": follow,
            "items": items, "letter": letter, "locked": locked, "can_comment": can_comment,
            "can_manage": request.access.can("committees.manage"), "conflict": conflict,
            "relevant_count": sum(1 for i in items if i.council_comment and i.council_comment.relevant)}


def _meeting_page(request, meeting, *, bound=None, conflict=None, status=200):
    return render(request, "hearings/committees/meeting.html",
                  _meeting_context(request, meeting, bound=bound, conflict=conflict), status=status)


@council_view("committees.view")
def committee_meeting(request, pk):
    meeting = selectors.committee_meeting_get(council=request.council, pk=pk)
    return _meeting_page(request, meeting)


# --- Agenda items -----------------------------------------------------------------------------------

def _item_kwargs(form) -> dict:
    data = form.cleaned_data
    return {key: data[key] for key in ("number", "case_code", "title", "url", "case_text", "closed")}


def _item_form_page(request, form, *, meeting, item=None, status=200):
    return render(request, "hearings/committees/item_form.html", {
        "nav": "committees", "form": form, "meeting": meeting, "committee": meeting.committee, "item": item,
        "title": _("Ret punktet") if item else _("Nyt punkt på dagsordenen"),
        "submit": _("Gem") if item else _("Tilføj punktet")}, status=status)


@council_view("committees.manage")
def committee_item_create(request, pk):
    council = request.council
    meeting = selectors.committee_meeting_get(council=council, pk=pk)
    form = CommitteeItemForm(request.POST or None, initial={"number": selectors.next_item_number(meeting=meeting)})
    if request.method == "POST" and form.is_valid():
        try:
            item = services.committee_item_create(council=council, meeting=meeting, actor=request.user,
                                                  **_item_kwargs(form))
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Punkt %(number)d er tilføjet.") % {"number": item.number})
            if request.POST.get("next") == "another":
                return redirect("hearings:committee_item_create", council.slug, meeting.pk)
            return redirect(_meeting_url(meeting, f"item-{item.pk}", council=council))
    return _item_form_page(request, form, meeting=meeting, status=form_status(form))


@council_view("committees.manage")
def committee_item_edit(request, pk):
    council = request.council
    item = selectors.committee_item_get(council=council, pk=pk)
    form = CommitteeItemForm(request.POST or None, initial={
        "number": item.number, "case_code": item.case_code, "title": item.title, "url": item.url,
        "case_text": item.case_text, "closed": item.closed})
    if request.method == "POST" and form.is_valid():
        try:
            services.committee_item_update(council=council, item=item, actor=request.user, **_item_kwargs(form))
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Punkt %(number)d er gemt.") % {"number": item.number})
            return redirect(_meeting_url(item.meeting, f"item-{item.pk}", council=council))
    return _item_form_page(request, form, meeting=item.meeting, item=item, status=form_status(form))


# --- The council's comment on an item ---------------------------------------------------------------

@require_POST
@council_view("committees.comment")
def item_comment(request, pk):
    """Mark an item as relevant and save the council's comment (working group, formandskab and
    secretariat). A stale version is a conflict (409): the page shows both texts, nothing is lost."""
    council = request.council
    item = selectors.committee_item_get(council=council, pk=pk)
    meeting = item.meeting
    follow = selectors.follow_get(council=council, committee=meeting.committee)
    if not may_comment(request.access, follow):
        raise PermissionDenied("committees.comment")
    form = ItemCommentForm(request.POST, prefix=f"c{item.pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.item_comment_save(council=council, item=item, relevant=data["relevant"], text=data["text"],
                                       expected_version=data["version"], actor=request.user)
        except EditConflict as conflict:
            return _meeting_page(request, meeting, conflict=conflict, status=409)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Rådets kommentar til punkt %(number)d er gemt.") % {"number": item.number})
            return redirect(_meeting_url(meeting, f"item-{item.pk}", council=council))
    return _meeting_page(request, meeting, bound={item.pk: form}, status=form_status(form))
