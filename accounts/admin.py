from django.contrib import admin

from accounts.models import Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "balance_concerns", "preferred_time", "safety_acknowledged_at")
    search_fields = ("user__username",)
    readonly_fields = ("created_at", "updated_at")
