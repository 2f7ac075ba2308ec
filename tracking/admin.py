from django.contrib import admin

from tracking.models import SymptomLog
from tracking.timeofday import time_of_day_for


@admin.register(SymptomLog)
class SymptomLogAdmin(admin.ModelAdmin):
    list_display = ("owner", "recorded_at", "time_of_day", "foot", "context")
    list_filter = ("time_of_day", "foot", "context")
    search_fields = ("owner__username",)
    date_hierarchy = "recorded_at"
    list_select_related = ("owner",)
    raw_id_fields = ("owner", "session")
    readonly_fields = ("time_of_day", "idempotency_key", "created_at", "updated_at")

    def save_model(self, request, obj, form, change):
        # time_of_day is derived, as in tracking.services.
        obj.time_of_day = time_of_day_for(obj.recorded_at)
        super().save_model(request, obj, form, change)
