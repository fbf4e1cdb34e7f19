"""Writes for the easy-read minutes (*letlæst referat*): start from Stemme's starting point,
save with a version check, publish once the full minutes are published. A text above the LIX
target is saved and published with a warning, never refused: the person decides."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import publiccache
from core.audit import audit, snapshot
from core.errors import ApplicationError, EditConflict, full_clean_or_raise, update_versioned, validate_field
from core.readability import analyse
from core.search import schedule_reindex
from meetings.easyread import plain_text
from meetings.models import EasyReadMinutes, EasyReadStatus, EasyReadText, Meeting, MeetingStatus
from meetings.selectors.easyread import LIX_TARGET, STARTABLE_STATUSES, easy_read_get, starting_text

if TYPE_CHECKING:
    from accounts.models import User
    from councils.models import Council

EASY_READ_FIELDS = ["body", "status", "published_at", "published_by", "lix", "version"]


@dataclass(frozen=True)
class EasyReadResult:
    easy: Any  # EasyReadMinutes, or the annual report's EasyReadReport (reports uses this result too)
    lix: int
    warning: str  # "" when the text is at or below the LIX target


def lix_warning(lix: int) -> str:
    """The warning shown on save and publish when ``lix`` is above the target (not a refusal)."""
    if lix <= LIX_TARGET:
        return ""
    return _("Teksten har LIX %(lix)s. En letlæst tekst bør have LIX %(target)s eller derunder: "
             "brug kortere sætninger og kortere ord.") % {"lix": lix, "target": LIX_TARGET}


def text_lix(body: str) -> int:
    return analyse(plain_text(body)).lix


@transaction.atomic
def easy_read_minutes_start(*, meeting: Meeting, actor: User | None = None) -> EasyReadMinutes:
    """The meeting's easy-read minutes, created from the starting point the first time."""
    existing = easy_read_get(meeting=meeting)
    if existing is not None:
        return existing
    if meeting.status not in STARTABLE_STATUSES:
        raise ApplicationError(_("Den letlæste udgave skrives, når mødet er holdt og beslutningerne står i "
                                 "referatet."), code="not_held")
    easy = EasyReadMinutes(council_id=meeting.council_id, meeting=meeting, body=starting_text(meeting=meeting),
                           updated_by=actor)
    full_clean_or_raise(easy)
    easy.save()
    audit(action="meetings.easy_read.started", actor=actor, council=meeting.council, obj=easy,
          after=snapshot(easy, EASY_READ_FIELDS))
    return easy


def easy_read_save(*, easy: EasyReadText, body: str, expected_version: int, council: Council, action: str,
                   actor: User | None) -> EasyReadResult:
    """Save an easy-read text (minutes or annual report) if nobody saved it since
    ``expected_version`` (else ``EditConflict`` with both texts). A published version stays
    published with the new text and its new LIX. Audited as ``<action>.saved``. The caller holds
    the transaction."""
    model = type(easy)
    rows = model._default_manager  # the concrete model's (the abstract base declares none)
    body = validate_field(model, "body", body.strip())
    if not body:
        raise ApplicationError(_("Skriv den letlæste tekst."), field="body", code="required")
    before = snapshot(easy, EASY_READ_FIELDS)
    lix = text_lix(body)
    values: dict[str, Any] = {"body": body, "updated_by": actor, "updated_at": timezone.now()}
    if easy.is_published:
        values["lix"] = lix
    if not update_versioned(rows.filter(pk=easy.pk), version_field="version",
                            expected_version=expected_version, **values):
        stored = rows.select_related("updated_by").get(pk=easy.pk)
        raise EditConflict(_("Nogen har gemt den letlæste tekst, mens du skrev. Begge udgaver står herunder."),
                           obj=stored, stored={"body": stored.body}, submitted={"body": body},
                           stored_version=stored.version, stored_by=stored.updated_by, field="body")
    easy.refresh_from_db()
    audit(action=f"{action}.saved", actor=actor, council=council, obj=easy, before=before,
          after=snapshot(easy, EASY_READ_FIELDS))
    publiccache.bump(council)  # renews cached public pages on commit
    return EasyReadResult(easy, lix, lix_warning(lix))


def easy_read_mark_published(*, easy: EasyReadText, council: Council, action: str, search_kind: str,
                             actor: User | None) -> EasyReadResult:
    """Publish a locked easy-read text with the LIX of its text, audited as ``<action>.published``
    and indexed for search under ``search_kind``. The caller checks that the full text is public."""
    if easy.is_published:
        raise ApplicationError(_("Den letlæste udgave er allerede offentliggjort."), code="published")
    before = snapshot(easy, EASY_READ_FIELDS)
    lix = text_lix(easy.body)
    easy.status, easy.published_at, easy.published_by, easy.lix = (
        EasyReadStatus.PUBLISHED, timezone.now(), actor, lix)
    easy.save(update_fields=["status", "published_at", "published_by", "lix", "updated_at"])
    audit(action=f"{action}.published", actor=actor, council=council, obj=easy, before=before,
          after=snapshot(easy, EASY_READ_FIELDS))
    schedule_reindex(council, [search_kind])  # public now (core.search)
    return EasyReadResult(easy, lix, lix_warning(lix))


@transaction.atomic
def easy_read_minutes_save(*, easy: EasyReadMinutes, body: str, expected_version: int,
                           actor: User | None = None) -> EasyReadResult:
    """Save the easy-read minutes (``easy_read_save``)."""
    return easy_read_save(easy=easy, body=body, expected_version=expected_version, council=easy.meeting.council,
                          action="meetings.easy_read", actor=actor)


@transaction.atomic
def easy_read_minutes_publish(*, easy: EasyReadMinutes, actor: User | None = None) -> EasyReadResult:
    """Publish the easy-read minutes, keeping the text's LIX. Refused before the full minutes
    are published (the easy-read version never tells more, or earlier, than the minutes)."""
    easy = EasyReadMinutes.objects.select_for_update().select_related("meeting__council").get(pk=easy.pk)
    if easy.meeting.status != MeetingStatus.MINUTES_PUBLISHED:
        raise ApplicationError(_("Den letlæste udgave kan først offentliggøres, når hele referatet er "
                                 "offentliggjort."), code="minutes_not_published")
    return easy_read_mark_published(easy=easy, council=easy.meeting.council, action="meetings.easy_read",
                                    search_kind="easy_minutes", actor=actor)
