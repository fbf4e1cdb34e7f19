"""Forms of the attendance pages: afbud (by link or on the member's own page), calling a
substitute in, and the whole meeting's attendance in one form. Choices come from data the
view has loaded already (the overview, the sheet), so building a form costs no queries."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.forms.boundfield import BoundField
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import PublicFormMixin, StemmeForm
from core.validators import validate_no_cpr
from councils.models import MembershipRole
from meetings.models import AttendanceStatus
from meetings.selectors.attendance import substitute_call_choices
from meetings.services.minutes import AttendanceEntry


class AfbudForm(PublicFormMixin, StemmeForm):
    """Afbud with an optional note. Through the personal link (no login) it is rate-limited
    (``request=request``); it has no honeypot: the link is personal, not a public form."""

    rate_limit_scope = "meetings.afbud"
    honeypot_field = None

    note = forms.CharField(
        label=gettext_lazy("Besked til sekretariatet"), required=False, max_length=300,
        validators=[validate_no_cpr], widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Fx “Jeg er syg” eller “Jeg kan komme til sidste halvdel”. "
                               "Du behøver ikke skrive noget."),
        error_messages={"max_length": gettext_lazy("Skriv højst 300 tegn.")})


class SubstituteCallForm(StemmeForm):
    """Call a substitute in for a member with afbud. Choices come from the overview, as the
    rules allow (``meetings.selectors.attendance.substitute_call_choices``)."""

    absent = forms.TypedChoiceField(label=gettext_lazy("Medlem med afbud"), coerce=int,
                                    error_messages={"required": gettext_lazy("Vælg medlemmet, der har meldt afbud.")})
    substitute = forms.TypedChoiceField(label=gettext_lazy("Suppleant"), coerce=int,
                                        error_messages={"required": gettext_lazy("Vælg en suppleant.")})

    def __init__(self, *args, overview, **kwargs):
        super().__init__(*args, **kwargs)
        choices = substitute_call_choices(overview=overview)
        self.absent_rows, self.substitute_rows = choices.absent, choices.substitutes
        self.fields["absent"].choices = [("", _("Vælg"))] + [(pk, a.person.name) for pk, a in self.absent_rows.items()]
        self.fields["substitute"].choices = [("", _("Vælg"))] + [
            (pk, self._substitute_label(a)) for pk, a in self.substitute_rows.items()]

    @staticmethod
    def _substitute_label(attendance) -> str:
        membership = attendance.membership
        if not membership.substitute_for_id:
            return attendance.person.name
        return _("%(sub)s (personlig suppleant for %(name)s)") % {
            "sub": attendance.person.name, "name": membership.substitute_for.person.name}

    @property
    def available(self) -> bool:
        return bool(self.absent_rows) and bool(self.substitute_rows)


SHEET_STATUSES = [(AttendanceStatus.PRESENT, gettext_lazy("Til stede")),
                  (AttendanceStatus.AFBUD, gettext_lazy("Afbud")),
                  (AttendanceStatus.ABSENT, gettext_lazy("Fraværende uden afbud"))]
RECORDED = {value for value, _label in SHEET_STATUSES}


@dataclass
class SheetLine:
    """One person on the whole-meeting attendance form."""

    row: object                        # selectors.minutes.AttendanceRow
    status: BoundField
    stands_in_for: BoundField | None   # substitutes only


class AttendanceSheetForm(StemmeForm):
    """Everyone expected at the meeting with present / afbud / absent, and for each substitute
    whom they stand in for. Fields ``status-<person id>`` and ``for-<person id>``. On the
    meeting's day everyone invited who has not answered starts as present."""

    def __init__(self, *args, sheet, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines: list[SheetLine] = []
        for row in sheet.rows:
            pid = row.person.pk
            recorded = row.status in RECORDED
            expected = sheet.on_the_day and row.status == AttendanceStatus.INVITED
            self.fields[f"status-{pid}"] = forms.ChoiceField(
                label=row.person.name, required=False, widget=forms.RadioSelect,
                choices=SHEET_STATUSES if recorded else [("", _("Ikke registreret")), *SHEET_STATUSES],
                initial=row.status if recorded else (AttendanceStatus.PRESENT if expected else ""))
            if row.role == MembershipRole.SUBSTITUTE:
                self.fields[f"for-{pid}"] = forms.TypedChoiceField(
                    label=_("%(name)s møder for") % {"name": row.person.name}, coerce=int, required=False,
                    empty_value=None, initial=row.stands_in_for.pk if row.stands_in_for else "",
                    choices=[("", _("Ingen – møder ikke for et medlem"))]
                    + [(p.pk, p.name) for p in sheet.stand_in_choices(row)])
            self.lines.append(SheetLine(row, self[f"status-{pid}"],
                                        self[f"for-{pid}"] if f"for-{pid}" in self.fields else None))

    def groups(self, sheet) -> list[tuple[str, str, list[SheetLine]]]:
        """The lines under the sheet's headings: ``(key, heading, lines)``."""
        by_person = {line.row.person.pk: line for line in self.lines}
        return [(key, heading, [by_person[r.person.pk] for r in rows]) for key, heading, rows in sheet.groups()]

    def entries(self) -> dict:
        return {line.row.person.pk: AttendanceEntry(
            status=self.cleaned_data.get(f"status-{line.row.person.pk}") or "",
            stands_in_for=self.cleaned_data.get(f"for-{line.row.person.pk}")) for line in self.lines}

    def add_sheet_errors(self, error) -> None:
        """Put each of the service's errors at its person's line (``AttendanceSheetInvalid``)."""
        for (pid, field), message in error.errors.items():
            name = f"status-{pid}" if field == "status" else f"for-{pid}"
            self.add_error(name if name in self.fields else None, message)
