"""Status flags for templates.

A template that compares a status with a raw string (``meeting.status == "cancelled"``) breaks
silently when the value is renamed. Models instead expose one flag per status a template asks
about, next to their status field::

    is_cancelled = status_is(MeetingStatus.CANCELLED)

and templates ask ``{% if meeting.is_cancelled %}``.
"""

from typing import Any


def status_is(*values: object, field: str = "status") -> property:
    """A read-only property: is the instance's ``field`` one of ``values``?"""
    wanted = frozenset(values)

    def flag(self: Any) -> bool:
        return getattr(self, field) in wanted

    flag.__doc__ = f"{field} is {' or '.join(str(v) for v in values)}."
    return property(flag)
