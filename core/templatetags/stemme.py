from django import template

register = template.Library()


@register.filter
def can(access, permission: str) -> bool:
    """``{% if access|can:"roster.manage" %}`` – asks the permission policy."""
    return bool(access) and access.can(permission)
