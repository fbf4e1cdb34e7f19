"""Template filters of the annual report's pages: a section's rich text and its chart, cleaned
again on the way out (they are sanitised when saved; this keeps a row written any other way
harmless too)."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from core.richtext import sanitise, sanitise_svg
from finance.formats import kr_short
from reports.documents import shift_headings

register = template.Library()


@register.filter
def richtext(value: str) -> SafeString:
    return mark_safe(sanitise(value))  # nosec B308 B703  # noqa: S308 – sanitised with core.richtext just here


@register.filter
def richtext_under(value: str, level: int = 2) -> SafeString:
    """The rich text with its headings moved below a heading of ``level`` (a section's title)."""
    return mark_safe(shift_headings(sanitise(value), top=int(level) + 1))  # nosec B308 B703  # noqa: S308 – sanitised just here


@register.filter
def chart(value: str) -> SafeString:
    return mark_safe(sanitise_svg(value))  # nosec B308 B703  # noqa: S308 – sanitised with core.richtext just here


@register.filter
def kroner(amount: object) -> str:
    """"29.036 kr." – whole kroner without øre, for the tables and charts of several years."""
    return kr_short(amount)
