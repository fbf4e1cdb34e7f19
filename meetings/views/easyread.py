"""The easy-read minutes' editor (*letlæst referat*): opened from the minutes, started from
Stemme's starting point, saved with a version check and published after the full minutes.
A LIX above the target is a warning on save and publish, never a refusal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import ApplicationError, EditConflict
from core.forms import form_status
from core.tenancy import council_view
from meetings.easyread import PICTOGRAMS
from meetings.forms.easyread import EasyReadForm
from meetings.selectors.common import meeting_get
from meetings.selectors.easyread import LIX_TARGET, STARTABLE_STATUSES, easy_read_get, starting_text
from meetings.services import easyread as services


def _url(meeting) -> str:
    return reverse("meetings:easy_read", args=[meeting.council.slug, meeting.pk])


def _page(request, meeting, easy, form, *, conflict=None, status=200):
    slug = meeting.council.slug
    return render(request, "meetings/easyread.html", {
        "nav": "meetings", "meeting": meeting, "easy": easy, "form": form, "conflict": conflict,
        "lix_target": LIX_TARGET, "pictograms": editor_pictograms(), "save_url": _url(meeting),
        "public_url": reverse("public:meeting_easy", args=[slug, meeting.pk]),
        "can_publish": request.access.can("minutes.publish"),
        "publish_url": reverse("meetings:easy_read_publish", args=[slug, meeting.pk]),
        "publish_ready": meeting.is_minutes_published,
        "not_ready_text": _("Den letlæste udgave kan offentliggøres, når hele referatet er offentliggjort."),
        "back_url": reverse("meetings:minutes", args=[slug, meeting.pk]), "back_text": _("Tilbage til referatet")},
        status=status)


def editor_pictograms() -> list[tuple[str, str]]:
    """The pictograms' names and meanings for the editor's list."""
    return [(name, str(meaning)) for name, (_file, meaning) in PICTOGRAMS.items()]


def easy_read_editor(request, *, easy, starting_point: Callable[[], str], start: Callable[[], Any],
                     save: Callable[..., Any], page: Callable[..., HttpResponse], done_url: str) -> HttpResponse:
    """The editor of an easy-read text (the minutes' or the annual report's): GET shows the stored
    text, or before the first save Stemme's starting point; POST starts the version on the first
    save (``start``) and saves with the version check (``save(easy, body, expected_version)``). A
    collision answers 409 with both texts; a LIX above the target is a warning after the save."""
    if request.method != "POST":
        initial = ({"body": easy.body, "version": easy.version} if easy is not None
                   else {"body": starting_point(), "version": 0})
        return page(easy, EasyReadForm(initial=initial))
    form = EasyReadForm(request.POST)
    if form.is_valid():
        try:
            if easy is None:
                easy = start()
            result = save(easy, form.cleaned_data["body"], form.cleaned_data["version"])
        except EditConflict as conflict:
            form = EasyReadForm(initial={"body": conflict.submitted["body"], "version": conflict.stored_version})
            return page(conflict.obj, form, conflict=conflict, status=409)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Den letlæste tekst er gemt."))
            if result.warning:
                messages.warning(request, result.warning)
            return redirect(done_url)
    return page(easy, form, status=form_status(form))


def easy_read_publish(request, *, easy, publish: Callable[[Any], Any], done_url: str) -> HttpResponse:
    """Publish an easy-read text (``publish(easy)``) and go back to its editor with the outcome."""
    if easy is None:
        messages.error(request, _("Skriv den letlæste tekst, før den offentliggøres."))
        return redirect(done_url)
    try:
        result = publish(easy)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Den letlæste udgave er offentliggjort."))
        if result.warning:
            messages.warning(request, result.warning)
    return redirect(done_url)


@council_view("minutes.edit")
def edit(request, pk):
    """The editor. Opening it writes nothing: before the first save the form holds Stemme's
    starting point; the first save starts the version and saves the text."""
    meeting = meeting_get(council=request.council, pk=pk)
    if meeting.status not in STARTABLE_STATUSES:
        messages.error(request, _("Den letlæste udgave skrives, når mødet er holdt og beslutningerne står i "
                                  "referatet."))
        return redirect(reverse("meetings:minutes", args=[meeting.council.slug, meeting.pk]))
    return easy_read_editor(
        request, easy=easy_read_get(meeting=meeting), starting_point=lambda: starting_text(meeting=meeting),
        start=lambda: services.easy_read_minutes_start(meeting=meeting, actor=request.user),
        save=lambda easy, body, version: services.easy_read_minutes_save(
            easy=easy, body=body, expected_version=version, actor=request.user),
        page=lambda easy, form, **kwargs: _page(request, meeting, easy, form, **kwargs), done_url=_url(meeting))


@require_POST
@council_view("minutes.publish")
def publish(request, pk):
    meeting = meeting_get(council=request.council, pk=pk)
    return easy_read_publish(request, easy=easy_read_get(meeting=meeting), done_url=_url(meeting),
                             publish=lambda easy: services.easy_read_minutes_publish(easy=easy, actor=request.user))
