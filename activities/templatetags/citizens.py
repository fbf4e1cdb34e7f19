"""Template filters of the citizens' sign-up pages."""

from django import template

from core.phone import format_danish_phone

register = template.Library()


@register.filter
def danish_phone(value: str) -> str:
    """"+45 12 34 56 78" for a stored number, "–" for none."""
    return format_danish_phone(value) if value else "–"
