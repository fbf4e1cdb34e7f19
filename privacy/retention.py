"""Retention rules (GDPR art. 5(1)(e)): personal data is deleted when the council no longer needs
it, by the settings in the rules of procedure in force (``RulesOfProcedure.retention_*``):

* rejected candidacies — candidacies of a call that did not lead to an appointment, N months
  after the municipal board's decision (the call's last ``Appointment``);
* contact data of former members — e-mail, phone and address of a person without a running
  membership or position, N months after the end of their last term;
* citizens' sign-ups for an event — N days after the event;
* citizens' messages ("Skriv til rådet") — N months after they came in;
* outbox message bodies — the text (and attachment list) of a message that was sent or given up,
  N days after it was stored; its headers (recipient, subject, kind, times) are kept.

``retention_plan`` is the dry run the secretariat sees (what the next run deletes, per rule, with
counts and dates); ``retention_run`` deletes through the very same querysets, and audits each
rule's deletion with counts, never content. The outbox worker runs ``retention_job`` among its
periodic jobs (registered in ``PrivacyConfig.ready``)."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.db.models import Max, Min, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import audit
from councils.models import (
    RETENTION_FIELDS,
    Candidacy,
    CandidacyStatus,
    Council,
    Membership,
    MembershipStatus,
    Person,
    Position,
    RulesOfProcedure,
)


def months_before(day: dt.date, months: int) -> dt.date:
    """The last date that is ``months`` calendar months or more before ``day``: the latest ``d``
    with ``d`` + ``months`` months on or before ``day`` (adding a month to the 31st gives the next
    month's last day, so from the last day of a month the answer is the last day of that month)."""
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    month_end = day.day == calendar.monthrange(day.year, day.month)[1]
    return dt.date(year, month + 1, last if month_end else min(day.day, last))


def start_of(day: dt.date) -> dt.datetime:
    """The first moment of ``day`` in the site's time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def settings_for(*, council: Council, today: dt.date) -> dict[str, int]:
    """The retention settings of the rules in force on ``today`` (the model's defaults when the
    council has none yet)."""
    rules = (RulesOfProcedure.objects.filter(council=council, valid_from__lte=today).order_by("-valid_from", "-version")
             .values(*RETENTION_FIELDS).first())
    if rules is None:
        rules = {f.name: f.get_default() for f in RulesOfProcedure._meta.concrete_fields if f.name in RETENTION_FIELDS}
    return rules


# --- The selectors: one per rule, shared by the preview and the run -----------------------------

def rejected_candidacies(council: Council, today: dt.date, months: int) -> tuple[models.QuerySet, dt.date]:
    cutoff = months_before(today, months)
    qs = (Candidacy.objects.filter(council=council).exclude(status=CandidacyStatus.APPOINTED)
          .annotate(retention_date=Max("call__appointments__decision_date"))
          .filter(retention_date__isnull=False, retention_date__lte=cutoff))
    return qs, cutoff


def former_members_contact(council: Council, today: dt.date, months: int) -> tuple[models.QuerySet, dt.date]:
    cutoff = months_before(today, months)
    running = Membership.objects.filter(council=council, term__end__gte=today).filter(
        Q(end__isnull=True) | Q(end__gte=today)).values("person_id")
    positions = Position.objects.filter(council=council).filter(Q(end__isnull=True) | Q(end__gte=today)).values(
        "person_id")
    qs = (Person.objects.filter(council=council).filter(~Q(email="") | ~Q(phone="") | ~Q(address=""))
          .exclude(pk__in=running).exclude(pk__in=positions)
          .annotate(retention_date=Max("memberships__term__end",
                                       filter=Q(memberships__status=MembershipStatus.APPOINTED)))
          .filter(retention_date__isnull=False, retention_date__lte=cutoff))
    return qs, cutoff


def citizen_signups(council: Council, today: dt.date, days: int) -> tuple[models.QuerySet, dt.date]:
    from activities.models import CitizenSignup

    cutoff = today - dt.timedelta(days=days)
    # After the event: it ended (or, without an end, began) before the cutoff day.
    qs = (CitizenSignup.objects.filter(council=council)
          .annotate(retention_date=Coalesce("event__ends_at", "event__starts_at"))
          .filter(retention_date__lt=start_of(cutoff)))
    return qs, cutoff


def citizen_messages(council: Council, today: dt.date, months: int) -> tuple[models.QuerySet, dt.date]:
    # public sits beside privacy in the top layer (neither imports the other): its model by name.
    CitizenMessage = apps.get_model("public", "CitizenMessage")  # noqa: N806 - a model class

    cutoff = months_before(today, months)
    qs = CitizenMessage.objects.filter(council=council, created_at__lt=start_of(cutoff)).annotate(
        retention_date=models.F("created_at"))
    return qs, cutoff


def outbox_bodies(council: Council, today: dt.date, days: int) -> tuple[models.QuerySet, dt.date]:
    from notifications.models import OutboxMessage, OutboxStatus

    cutoff = today - dt.timedelta(days=days)
    finished = [OutboxStatus.SENT, OutboxStatus.GAVE_UP, OutboxStatus.DONE_MANUALLY]
    qs = (OutboxMessage.objects.filter(council=council, status__in=finished, created_at__lt=start_of(cutoff))
          .filter(~Q(body="") | ~Q(attachments=[])).annotate(retention_date=models.F("created_at")))
    return qs, cutoff


def _delete(qs: models.QuerySet) -> int:
    return qs.model._default_manager.filter(pk__in=list(qs.values_list("pk", flat=True))).delete()[0]


def _delete_signups(qs: models.QuerySet) -> int:
    # activities' own deletion: it keeps how many signed up on the event (the annual report counts them).
    from activities.services.citizens import citizen_signups_delete

    return citizen_signups_delete(qs)


def _clear_contact(qs: models.QuerySet) -> int:
    return Person.objects.filter(pk__in=list(qs.values_list("pk", flat=True))).update(email="", phone="",
                                                                                      address="")


def _clear_bodies(qs: models.QuerySet) -> int:
    from notifications.models import OutboxMessage

    return OutboxMessage.objects.filter(pk__in=list(qs.values_list("pk", flat=True))).update(body="", attachments=[])


@dataclass(frozen=True)
class Rule:
    key: str
    setting: str             # the RulesOfProcedure field
    unit: str                # "months" | "days"
    title: Any               # what is deleted (Danish)
    after: Any               # after what (Danish)
    what: Any                # what happens to each row (Danish)
    select: Callable[[Council, dt.date, int], tuple[models.QuerySet, dt.date]]
    apply: Callable[[models.QuerySet], int]


RULES = (
    Rule("candidacies", "retention_candidacy_months", "months", _("Afviste kandidaturer"),
         _("efter kommunalbestyrelsens udpegning"), _("Kandidaturet slettes helt."), rejected_candidacies, _delete),
    Rule("former_members", "retention_former_member_months", "months", _("Tidligere medlemmers kontaktoplysninger"),
         _("efter deres sidste valgperiode"), _("E-mail, telefon og adresse slettes; navnet bevares i referaterne."),
         former_members_contact, _clear_contact),
    Rule("citizen_signups", "retention_citizen_signup_days", "days", _("Borgeres tilmeldinger til arrangementer"),
         _("efter arrangementet"), _("Tilmeldingen (navn og telefon) slettes; antallet står på arrangementet."),
         citizen_signups, _delete_signups),
    Rule("citizen_messages", "retention_citizen_message_months", "months", _("Henvendelser fra borgere"),
         _("efter modtagelsen"), _("Henvendelsen og svaret slettes; idéer og punkter, den blev til, bevares."),
         citizen_messages, _delete),
    Rule("outbox_bodies", "retention_outbox_body_days", "days", _("Indholdet af sendte beskeder"),
         _("efter afsendelsen"), _("Teksten slettes; modtager, emne og tidspunkt bevares."), outbox_bodies,
         _clear_bodies),
)


@dataclass
class RulePlan:
    """One rule's dry run: what the next run deletes."""

    rule: Rule
    value: int               # the council's setting (months or days)
    cutoff: dt.date          # rows dated before (or on, for dates) this day go
    queryset: models.QuerySet
    count: int
    oldest: Any
    newest: Any

    @property
    def key(self) -> str:
        return self.rule.key


def retention_plan(*, council: Council, today: dt.date | None = None) -> list[RulePlan]:
    """What the next run deletes, per rule (two queries a rule, one for the settings)."""
    today = today or timezone.localdate()
    values = settings_for(council=council, today=today)
    plans = []
    for rule in RULES:
        qs, cutoff = rule.select(council, today, values[rule.setting])
        summary = qs.aggregate(oldest=Min("retention_date"), newest=Max("retention_date"))
        count = qs.count() if summary["oldest"] is not None else 0
        plans.append(RulePlan(rule, values[rule.setting], cutoff, qs, count, summary["oldest"], summary["newest"]))
    return plans


@transaction.atomic
def retention_run(*, council: Council, today: dt.date | None = None, actor: Any = None) -> dict[str, int]:
    """Delete what ``retention_plan`` lists, rule by rule; each rule that deleted something is
    audited (``privacy.retention.<rule>``) with the count, the cutoff and the setting. Returns
    {rule key: rows}."""
    today = today or timezone.localdate()
    done: dict[str, int] = {}
    for plan in retention_plan(council=council, today=today):
        if not plan.count:
            continue
        rows = plan.rule.apply(plan.queryset)
        done[plan.key] = rows
        if rows:
            # Nothing the rules delete is on a public page (past sign-ups, messages, contact data, bodies).
            audit(action=f"privacy.retention.{plan.key}", actor=actor, council=council,
                  after={"rows": rows, "cutoff": plan.cutoff.isoformat(), plan.rule.unit: plan.value})
    return done


def retention_job(today: dt.date | None = None) -> int:
    """The outbox worker's periodic job: every active council's rules; returns the rows handled."""
    total = 0
    for council in Council.objects.filter(is_active=True).order_by("pk"):
        total += sum(retention_run(council=council, today=today).values())
    return total
