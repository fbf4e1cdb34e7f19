"""Who may stand in for whom is decided in one place (``meetings.rules.may_substitute``): the
form that calls a substitute in offers exactly what the service accepts, with personal
substitutes and with a pool. The council: Bent is Anna's personal substitute, Dorte Carl's;
Finn has none."""

import pytest
from django.db import transaction

from core.errors import ApplicationError
from meetings.forms.attendance import SubstituteCallForm
from meetings.models import Attendance, AttendanceStatus
from meetings.selectors import attendance as selectors
from meetings.services import attendance as services
from meetings.tests.attendance_builders import attendance_of, set_rules

pytestmark = [pytest.mark.django_db, pytest.mark.attendance_rules]

AWAY = ["Anna Andersen", "Carl Christensen", "Finn Frost"]
SUBSTITUTES = ["Bent Berg", "Dorte Dahl"]


class _Undo(Exception):
    pass


def service_accepts(meeting, member: str, substitute: str, secretary) -> bool:
    """Whether the service calls ``substitute`` in for ``member`` (and then undoes it)."""
    try:
        with transaction.atomic():
            services.substitute_call(absent=attendance_of(meeting, member),
                                     substitute=attendance_of(meeting, substitute).membership, actor=secretary)
            raise _Undo
    except _Undo:
        return True
    except ApplicationError:
        return False


@pytest.mark.parametrize("mode, offered_members, accepted", [
    ("personal", ["Anna Andersen", "Carl Christensen"], {("Anna Andersen", "Bent Berg"),
                                                         ("Carl Christensen", "Dorte Dahl")}),
    ("pool", AWAY, {(m, s) for m in AWAY for s in SUBSTITUTES}),
])
def test_the_form_offers_what_the_service_accepts(council, meeting, invited, secretary, mode, offered_members,
                                                  accepted):
    set_rules(council, substitute_mode=mode)
    # Afbud written past the service, so that no personal substitute is called in automatically.
    Attendance.objects.filter(meeting=meeting, person__name__in=AWAY).update(status=AttendanceStatus.AFBUD)

    form = SubstituteCallForm(overview=selectors.attendance_overview(meeting=meeting))
    members = {a.person.name for a in form.absent_rows.values()}
    substitutes = {a.person.name for a in form.substitute_rows.values()}
    by_service = {(m, s) for m in AWAY for s in SUBSTITUTES if service_accepts(meeting, m, s, secretary)}

    assert by_service == accepted
    assert members == set(offered_members) == {m for m, _s in by_service}
    assert substitutes == set(SUBSTITUTES) == {s for _m, s in by_service}
