"""The personal reading link (no login): /l/<token>/ shows one meeting's agenda with the
attachments and the person's own answer ("Jeg kommer" / "Meld afbud" / "Fortryd"), and
/k/<code>/ is the letter's short code for the same page. Every address the page links to is
under /l/<token>/ and checks the token itself; the link opens nothing else.

Thin: selector → service; ApplicationError → a message on the page. Tapping "Meld afbud"
records the afbud at once (the note is optional, behind "Skriv en besked"); "Fortryd" takes
it back until the meeting starts."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from core import fragments, ratelimit
from core.errors import ApplicationError
from core.files import serve_stored_file
from core.forms import form_status
from core.links import site_root
from meetings.forms.attendance import AfbudForm
from meetings.models import AnswerChannel
from meetings.selectors import reading as selectors
from meetings.services import attendance as services

SHORT_CODE_SCOPE = "meetings.short_code"


def _private(response):
    """A personal page: never cached, never indexed, and its address never sent to another site
    as Referer ("same-origin": the page's own forms still carry the Origin that CSRF checks;
    "no-referrer" would make it "null")."""
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "same-origin"
    return response


def _refused(request, error: Exception):
    """The page that says why a link does not work: altered or unknown (404), closed by the
    secretariat or expired (410) – with the secretariat's phone when we know the council."""
    if isinstance(error, selectors.ReadingLinkUnusable):
        attendance = error.attendance
        reason = "revoked" if isinstance(error, selectors.ReadingLinkRevoked) else "expired"
        context = {"reason": reason, "meeting": attendance.meeting, "council": attendance.meeting.council}
        return _private(render(request, "meetings/reading_invalid.html", context, status=410))
    return _private(render(request, "meetings/reading_invalid.html", {"reason": "invalid"}, status=404))


def _attendance(request, token):
    """``(attendance, None)`` for a working link, else ``(None, the refusal page)``."""
    try:
        return selectors.attendance_from_reading_token(token), None
    except (selectors.ReadingLinkInvalid, selectors.ReadingLinkUnusable) as error:
        return None, _refused(request, error)


def _page(request, token, attendance, *, form=None, status=200):
    page = selectors.reading_page(attendance, agenda=False)
    # The agenda is a cached fragment (core.fragments) of the council, per link (its addresses carry
    # the token): read only when it is not cached.
    return _private(render(request, "meetings/reading.html", {
        "page": page, "meeting": page.meeting, "council": page.meeting.council, "mine": attendance,
        "token": token, "form": form or AfbudForm(), "nav": None,
        "reading_agenda": fragments.Deferred(lambda: {"agenda": selectors.reading_agenda(attendance)})},
        status=status))


@never_cache
@require_GET
def reading(request, token):
    attendance, refused = _attendance(request, token)
    if refused is not None:
        return refused
    return _page(request, token, attendance)


@require_POST
def reading_coming(request, token):
    """ "Jeg kommer" – one tap."""
    attendance, refused = _attendance(request, token)
    if refused is not None:
        return refused
    try:
        services.attendance_confirm(attendance=attendance, via=AnswerChannel.LINK)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Tak. Vi har noteret, at du kommer."))
    return redirect("reading", token)


@require_POST
def reading_afbud(request, token):
    """ "Meld afbud" – one tap; the note is optional. Rate-limited like the afbud link."""
    attendance, refused = _attendance(request, token)
    if refused is not None:
        return refused
    form = AfbudForm(request.POST, request=request)
    if form.is_valid():
        try:
            services.afbud_register(attendance=attendance, note=form.cleaned_data["note"],
                                    base_url=site_root(request), via=AnswerChannel.LINK)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Dit afbud er registreret. Tak fordi du gav besked."))
            return redirect("reading", token)
    return _page(request, token, attendance, form=form, status=form_status(form))


@require_POST
def reading_withdraw(request, token):
    """ "Fortryd afbud" behind the same link, until the meeting starts."""
    attendance, refused = _attendance(request, token)
    if refused is not None:
        return refused
    try:
        services.afbud_withdraw(attendance=attendance, base_url=site_root(request))
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Dit afbud er fortrudt. Du er indkaldt til mødet igen."))
    return redirect("reading", token)


@require_GET
def reading_attachment(request, token, pk):
    """An attachment through the reader's own link: only of their meeting's agenda, and only
    what they may read (closed items as the permission policy says). Never cached."""
    attendance, refused = _attendance(request, token)
    if refused is not None:
        return refused
    attachment = selectors.reading_attachment(attendance, pk)
    if attachment is None:
        raise Http404
    return _private(serve_stored_file(attachment, cache_control="private, no-store"))


@never_cache
@require_GET
def reading_short(request, code):
    """The letter's short code (/k/7H3K9Q/): the same page as the link. Rate-limited per
    address, since a short code could otherwise be guessed."""
    try:
        ratelimit.hit(request, SHORT_CODE_SCOPE)
    except ratelimit.RateLimited as limited:
        response = render(request, "meetings/reading_invalid.html", {"reason": "rate_limited",
                                                                     "message": limited.message}, status=429)
        response["Retry-After"] = str(limited.retry_after)
        return _private(response)
    try:
        attendance = selectors.attendance_from_short_code(code)
    except (selectors.ReadingLinkInvalid, selectors.ReadingLinkUnusable) as error:
        return _refused(request, error)
    return _private(redirect("reading", selectors.reading_token(attendance)))
