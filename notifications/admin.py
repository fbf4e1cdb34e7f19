"""The platform admin's view of received SMS: texts from numbers no council knows have no
council, so no secretariat sees them; the platform's administrators can (read only)."""

from django.contrib import admin
from django.http import HttpRequest

from notifications.models import InboundSms


@admin.register(InboundSms)
class InboundSmsAdmin(admin.ModelAdmin):
    list_display = ["received_at", "from_number", "council", "outcome", "handled_at"]
    list_filter = ["outcome", ("council", admin.EmptyFieldListFilter)]
    search_fields = ["from_number", "provider_ref"]
    readonly_fields = [f.name for f in InboundSms._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: InboundSms | None = None) -> bool:
        return False
