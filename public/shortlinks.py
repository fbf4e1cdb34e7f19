"""Short links for posters and handouts: ``/s/<code>/``, easy to type from paper. No table:
the code is the kind's letter, the object's id in base 36 and one check character, so a
mistyped code is a 404 rather than another meeting. A code resolves to the public page only
while that page is public (else 404), decided by the same selectors as the page itself."""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404
from django.urls import NoReverseMatch, reverse

from activities.models import Event
from meetings.models import Meeting, MeetingStatus
from meetings.selectors.easyread import has_public_easy_read
from reports.models import AnnualReport
from reports.selectors.easyread import public_easy_report_exists

_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"
KINDS = {"meeting": "m", "event": "e", "easy_minutes": "l", "easy_report": "a"}
_KIND_OF = {letter: kind for kind, letter in KINDS.items()}


def _base36(number: int) -> str:
    digits = ""
    while True:
        number, rest = divmod(number, 36)
        digits = _ALPHABET[rest] + digits
        if not number:
            return digits


def _check(body: str) -> str:
    # Weighted sum: a swapped pair or one wrong character changes the check character.
    return _ALPHABET[sum((i + 1) * _ALPHABET.index(c) for i, c in enumerate(body)) % 36]


def short_code(kind: str, pk: int) -> str:
    if kind not in KINDS:
        raise ValueError(f"unknown short link kind {kind!r}")
    if pk < 1:
        raise ValueError("pk must be positive")
    body = KINDS[kind] + _base36(pk)
    return body + _check(body)


def short_path(kind: str, pk: int) -> str:
    """The short path of object ``pk`` of ``kind`` ("meeting", "event", "easy_minutes",
    "easy_report"), e.g. "/s/m1bx/"."""
    return reverse("public:short", args=[short_code(kind, pk)])


def decode(code: str) -> tuple[str, int]:
    """(kind, pk) of a code; Http404 for anything that is not a valid code."""
    code = (code or "").strip().lower()
    if len(code) < 3 or any(c not in _ALPHABET for c in code) or code[0] not in _KIND_OF:
        raise Http404
    body, check = code[:-1], code[-1]
    if _check(body) != check:
        raise Http404
    pk = int(body[1:], 36)
    if pk < 1:
        raise Http404
    return _KIND_OF[body[0]], pk


def _public_meeting(pk: int) -> Meeting:
    meeting = (Meeting.objects.filter(pk=pk, public=True, council__is_active=True)
               .exclude(status=MeetingStatus.CANCELLED).select_related("council").first())
    if meeting is None:
        raise Http404
    return meeting


def _meeting(pk: int) -> str:
    meeting = _public_meeting(pk)
    return reverse("public:meeting", args=[meeting.council.slug, meeting.pk])


def _easy_minutes(pk: int) -> str:
    meeting = _public_meeting(pk)
    if not has_public_easy_read(meeting=meeting):
        raise Http404
    return reverse("public:meeting_easy", args=[meeting.council.slug, meeting.pk])


def _easy_report(pk: int) -> str:
    report = AnnualReport.objects.filter(pk=pk, council__is_active=True).select_related("council").first()
    if report is None or not public_easy_report_exists(report=report):
        raise Http404
    return reverse("public:report_easy", args=[report.council.slug, report.year])


def _event(pk: int) -> str:
    event = Event.objects.filter(pk=pk, council__is_active=True).select_related("council").first()
    # is_public arrives with the public events; until then no event has a public page.
    if event is None or not getattr(event, "is_public", False):
        raise Http404
    try:
        return reverse("public:event", args=[event.council.slug, event.pk])
    except NoReverseMatch:
        raise Http404 from None


_RESOLVERS: dict[str, Callable[[int], str]] = {
    "meeting": _meeting, "event": _event, "easy_minutes": _easy_minutes, "easy_report": _easy_report}


def resolve(code: str) -> str:
    """The public path a code stands for, or Http404 when it is no code or the page is not public."""
    kind, pk = decode(code)
    return _RESOLVERS[kind](pk)
