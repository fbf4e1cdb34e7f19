"""Template access to the disclosure policy (``core/disclosure.py``): public templates show people
and free text only through these filters, never ``person.name`` or a raw text field.

    {% load disclosure %}
    {{ item.decision|public_text:disclosure }}     free text, names replaced by role labels
    {{ person|public_name:disclosure }}            "Anne Holm" or "et medlem"
    {{ persons|public_people:disclosure }}         "Anne Holm, formanden og 3 medlemmer"
    {{ item|public_title:disclosure }}             the title of a public item ("" otherwise)
"""

from collections.abc import Iterable
from typing import Any

from django import template

from core.disclosure import Disclosure

register = template.Library()


@register.filter
def public_text(value: str | None, disclosure: Disclosure) -> str:
    return disclosure.text(value or "")


@register.filter
def public_name(person: Any, disclosure: Disclosure) -> str:
    return disclosure.person(person)


@register.filter
def public_people(persons: Iterable[Any], disclosure: Disclosure) -> str:
    if hasattr(persons, "all"):
        persons = persons.all()
    return disclosure.people(list(persons))


@register.filter
def public_title(item: Any, disclosure: Disclosure) -> str:
    return disclosure.item_title(item)
