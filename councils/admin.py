"""The Django admin is for the platform admin only; the secretariat works in Stemme's own pages."""

from django.contrib import admin

from councils import models


@admin.register(models.Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "code"]
    filter_horizontal = ["staff"]
    prepopulated_fields = {"slug": ["name"]}


class SecretaryInline(admin.TabularInline):
    model = models.CouncilSecretary
    extra = 0
    raw_id_fields = ["user"]


@admin.register(models.Council)
class CouncilAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "kind", "slug", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "slug"]
    inlines = [SecretaryInline]


@admin.register(models.Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "council", "preferred_channel", "publish_name"]
    list_filter = ["council"]
    search_fields = ["name", "email"]
    # Lived-experience status is for the council's secretariat, not the platform admin.
    exclude = ["lived_experience", "notes"]
    raw_id_fields = ["user", "organisation"]


@admin.register(models.Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["person", "council", "role", "status", "start", "end"]
    list_filter = ["council", "role", "status"]
    raw_id_fields = ["person", "substitute_for", "seat_category", "term", "nominated_by"]
