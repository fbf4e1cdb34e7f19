"""``{{ amount|kr }}`` -> ``25.000,00 kr.``"""

from django import template

from finance import formats

register = template.Library()


@register.filter
def kr(amount) -> str:
    return formats.kr(amount)
