"""The council's money: a yearly budget, expenses by category (linked to a meeting or an
event, with receipts), per diem (diæter) with personal opt-out, and transport reimbursement
recorded separately."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.fields import FreeCharField, FreeTextField
from core.models import CouncilOwnedModel, StoredFile


class Budget(CouncilOwnedModel):
    year = models.PositiveSmallIntegerField(_("år"))
    amount = models.DecimalField(_("budget (kr.)"), max_digits=10, decimal_places=2)
    note = FreeTextField(_("bemærkning"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["council", "year"], name="unique_budget_year"),
                       models.CheckConstraint(condition=Q(amount__gte=0), name="budget_not_negative")]
        verbose_name = _("budget")
        verbose_name_plural = _("budgetter")


class Category(models.TextChoices):
    CATERING = "catering", _("Forplejning")
    PER_DIEM = "per_diem", _("Diæter")
    TRANSPORT = "transport", _("Transport")
    EVENTS = "events", _("Arrangementer")
    OTHER = "other", _("Andet")


class ExpenseStatus(models.TextChoices):
    COMMITTED = "committed", _("Disponeret")
    SPENT = "spent", _("Afholdt")


class Expense(CouncilOwnedModel):
    date = models.DateField(_("dato"))
    category = models.CharField(_("kategori"), max_length=10, choices=Category.choices)
    status = models.CharField(_("status"), max_length=10, choices=ExpenseStatus.choices, default=ExpenseStatus.SPENT)
    amount = models.DecimalField(_("beløb (kr.)"), max_digits=10, decimal_places=2)
    description = FreeCharField(_("tekst"), max_length=250)
    meeting = models.ForeignKey("meetings.Meeting", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+", verbose_name=_("møde"))
    event = models.ForeignKey("activities.Event", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="expenses", verbose_name=_("arrangement"))
    # Per diem and transport are paid to a person.
    person = models.ForeignKey("councils.Person", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+", verbose_name=_("modtager"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["council", "date"])]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="expense_positive"),
            models.CheckConstraint(condition=Q(category__in=Category.values), name="expense_category_valid"),
            models.CheckConstraint(condition=Q(status__in=ExpenseStatus.values), name="expense_status_valid"),
            models.CheckConstraint(condition=Q(meeting__isnull=True) | Q(event__isnull=True),
                                   name="expense_meeting_or_event"),
        ]
        verbose_name = _("udgift")
        verbose_name_plural = _("udgifter")


class Receipt(StoredFile):
    upload_folder = "receipts/%Y/%m/"

    expense = models.ForeignKey(Expense, on_delete=models.CASCADE, related_name="receipts")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]


class PerDiemOptOut(CouncilOwnedModel):
    """A member's choice not to receive per diem (it can reduce social benefits), from a date."""

    person = models.ForeignKey("councils.Person", on_delete=models.CASCADE, related_name="per_diem_opt_outs")
    since = models.DateField(_("fra"))
    until = models.DateField(_("til"), null=True, blank=True)
    note = FreeCharField(_("bemærkning"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-since"]
        constraints = [models.CheckConstraint(condition=Q(until__isnull=True) | Q(until__gte=F("since")),
                                              name="per_diem_opt_out_until_after_since")]
