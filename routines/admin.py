from django.contrib import admin

from routines.models import Exercise, Target


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "sort_order")


@admin.register(Exercise)
class ExerciseAdmin(admin.ModelAdmin):
    list_display = ("name", "category", "position", "balance_demand", "dose_kind", "sort_order")
    list_filter = ("category", "position", "balance_demand", "targets")
    search_fields = ("name", "summary", "steps")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("targets",)
    autocomplete_fields = ("seated_alternative",)
    fieldsets = (
        (None, {"fields": ("name", "slug", "category", "summary", "sort_order")}),
        ("How to do it", {"fields": ("steps", "position", "equipment", "balance_demand")}),
        ("Symptoms and safety", {"fields": ("targets", "safety_notes", "seated_alternative")}),
        (
            "Default dose",
            {
                "fields": (
                    "dose_kind",
                    ("reps", "rep_unit", "ways", "seconds_per_rep"),
                    ("sets", "hold_seconds", "duration_seconds"),
                    "per_side",
                    "is_warm_up",
                )
            },
        ),
    )
