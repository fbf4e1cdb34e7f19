"""Template tags of the hearings app.

``{% consultation_for_item item as c %}`` – the consultation put on a council meeting's agenda
as ``item`` (or None), for the "Se høringen" link on the agenda and in the minutes. The first
call for a meeting loads the consultations of all its items in one query and keeps them on the
request, so a page with many items costs one query, not one per item."""

from django import template

from hearings.models import LetterStatus
from hearings.selectors.consultations import consultations_by_item

register = template.Library()

_CACHE = "_hearings_consultations_by_meeting"


@register.simple_tag(takes_context=True)
def consultation_for_item(context, item):
    meeting_id = getattr(item, "meeting_id", None)
    if meeting_id is None:
        return None
    request = context.get("request")
    if request is not None:
        cache = request.__dict__.setdefault(_CACHE, {})
    else:  # rendering without a request (e.g. a document): cache for this render only
        if _CACHE not in context.render_context:
            context.render_context[_CACHE] = {}
        cache = context.render_context[_CACHE]
    key = (item.council_id, meeting_id)
    if key not in cache:
        cache[key] = consultations_by_item(council_id=item.council_id, meeting_id=meeting_id)
    return cache[key].get(item.pk)


@register.simple_tag
def letter_statuses():
    """``{% letter_statuses as statuses %}`` – LetterStatus, for a template that has only a
    letter's status value (``{% if status == statuses.SENT %}``), never a raw string."""
    return LetterStatus
